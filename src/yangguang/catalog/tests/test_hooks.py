"""The catalog's hooks: panels registered by the apps above it, once per kind of panel."""

from django.apps import apps

from yangguang.catalog import hooks


class Figures:
    template = "figures.html"

    def context(self, **objects):
        return {"power": objects.get("power")}


class Other(Figures):
    template = "other.html"


def test_a_panel_of_a_kind_already_registered_is_not_added_again(monkeypatch):
    monkeypatch.setattr(hooks, "_panels", {hooks.HOME: [], hooks.GUIDE: [], hooks.GUIDE_ACTIONS: []})
    hooks.register_panel(hooks.GUIDE, Figures())
    hooks.register_panel(hooks.GUIDE, Figures())  # a new instance, as a second ready() makes
    hooks.register_panel(hooks.GUIDE, Other())  # another kind (a subclass counts as its own kind)
    assert [type(panel) for panel in hooks._panels[hooks.GUIDE]] == [Figures, Other]
    assert hooks.panels(hooks.GUIDE, power="p") == [("figures.html", {"power": "p"}), ("other.html", {"power": "p"})]
    assert hooks._panels[hooks.HOME] == []


def test_running_the_apps_ready_again_registers_nothing_more(monkeypatch):
    from yangguang.cases import hooks as case_hooks

    before = {page: [type(panel) for panel in found] for page, found in hooks._panels.items()}
    assert before[hooks.HOME] and before[hooks.GUIDE] and before[hooks.GUIDE_ACTIONS]
    observers = [type(observer) for observer in case_hooks.case_observers()]
    monkeypatch.setattr(hooks, "_panels", {page: list(found) for page, found in hooks._panels.items()})
    monkeypatch.setattr(case_hooks, "_observers", list(case_hooks._observers))
    for label in ("portal", "discretion"):
        apps.get_app_config(label).ready()
    assert {page: [type(panel) for panel in found] for page, found in hooks._panels.items()} == before
    assert [type(observer) for observer in case_hooks.case_observers()] == observers  # nor a second notifier

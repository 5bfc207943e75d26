"""The hall's panels on the catalog's public pages (registered with
``catalog.hooks.register_panel`` in ``PortalConfig.ready()``): the hall's entries above the
list of powers, a power's live figures this year on its guide page, and "apply online" under
its title when the power takes online applications."""

from yangguang.cases.services import application_refusal

from .selectors import power_figures


class ApplyOnline:
    """Apply online (网上申请): shown exactly when ``case_apply`` would take an online application."""

    template = "portal/hall/apply_panel.html"

    def context(self, *, power, version) -> dict | None:
        return None if application_refusal(power) is not None else {"power": power}


class LiveFigures:
    template = "portal/hall/figures_panel.html"

    def context(self, *, power, version) -> dict:
        return {"figures": power_figures(power)}


class Entries:
    template = "portal/hall/entries_panel.html"

    def context(self) -> dict:
        return {}

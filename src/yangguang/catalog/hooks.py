"""The hook through which the flows app acts inside catalog transactions.

The catalog sits below flows, so it cannot import them; flows registers one
``FlowchartHooks`` implementation in its ``AppConfig.ready()``.
"""

from typing import Protocol


class FlowchartHooks(Protocol):
    def check_for_submit(self, version) -> list[dict]:
        """Errors ({field, rule, detail}) that stop ``version`` from going to review."""

    def copy(self, source_version, new_version) -> None:
        """Copy the flowchart of ``source_version`` onto a new revision."""

    def validate_payload(self, payload, *, department, committed_limit: int, committed_unit: str,
                         penalty: bool = False) -> list[dict]:
        """Errors in a flowchart given as interchange data (import, API); a ``penalty``'s needs a
        legal review step (法制审核)."""

    def write_many(self, pairs) -> None:
        """Create flowcharts for (version, payload) pairs in bulk; payloads are valid."""

    def read_many(self, versions) -> dict:
        """Interchange payloads of the versions' flowcharts, by version id."""


_registered: FlowchartHooks | None = None


def register_flowcharts(hooks: FlowchartHooks) -> None:
    global _registered
    _registered = hooks


def flowcharts() -> FlowchartHooks:
    if _registered is None:
        raise RuntimeError("the flows app is not installed: no flowchart hooks registered")
    return _registered


class Panel(Protocol):
    """A panel that an app above the catalog adds to one of its public pages — the home list
    (``HOME``), a power's guide page (``GUIDE``, 办事指南) or the actions under the guide's title
    (``GUIDE_ACTIONS``), such as the hall's entries, the live figures of a power's cases or
    "apply online"; registered in that app's ``AppConfig.ready()``."""

    template: str

    def context(self, **objects) -> dict | None:
        """What the panel's template shows (``power`` and ``version`` on a guide page); None
        leaves the panel out."""


HOME, GUIDE, GUIDE_ACTIONS = "home", "guide", "guide_actions"
_panels: dict[str, list[Panel]] = {HOME: [], GUIDE: [], GUIDE_ACTIONS: []}


def register_panel(page: str, panel: Panel) -> None:
    """Add ``panel`` to ``page``; a panel of a type already there is not added again (``ready()``
    may run more than once, each time with a new instance)."""
    if not any(type(registered) is type(panel) for registered in _panels[page]):
        _panels[page].append(panel)


def panels(page: str, **objects) -> list[tuple[str, dict]]:
    """(template, context) of every panel registered for ``page`` that has something to show."""
    found = []
    for panel in _panels[page]:
        context = panel.context(**objects)
        if context is not None:
            found.append((panel.template, context))
    return found

"""The hall's panels on the catalog's public pages (registered with
``catalog.hooks.register_panel`` in ``PortalConfig.ready()``): the hall's entries above the
list of powers, and a power's live figures this year on its guide page."""

from .selectors import power_figures


class LiveFigures:
    template = "portal/hall/figures_panel.html"

    def context(self, *, power, version) -> dict:
        return {"figures": power_figures(power)}


class Entries:
    template = "portal/hall/entries_panel.html"

    def context(self) -> dict:
        return {}

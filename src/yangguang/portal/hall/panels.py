"""The hall's panel on a power's guide page: its live figures this year (registered with
``catalog.hooks.register_guide_panel`` in ``PortalConfig.ready()``)."""

from .selectors import power_figures


class LiveFigures:
    template = "portal/hall/figures_panel.html"

    def context(self, power, version) -> dict:
        return {"figures": power_figures(power)}

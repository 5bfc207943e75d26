from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    """Flowcharts of powers (权力运行流程图)."""

    name = "yangguang.flows"
    verbose_name = _("Flowcharts")

    def ready(self):
        from . import hooks

        hooks.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscretionConfig(AppConfig):
    """Penalty discretion benchmarks (行政处罚裁量基准): tiers, ranges and the check of decisions."""

    name = "yangguang.discretion"
    verbose_name = _("Discretion benchmarks")

    def ready(self):
        from yangguang.catalog.hooks import GUIDE, register_panel

        from .panels import BenchmarkPanel

        register_panel(GUIDE, BenchmarkPanel())  # a penalty power's guide page shows its benchmarks

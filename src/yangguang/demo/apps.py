from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data, synthetic province-scale data and benchmarks; sits on top of every other app."""

    name = "yangguang.demo"
    verbose_name = _("Demo and benchmarks")

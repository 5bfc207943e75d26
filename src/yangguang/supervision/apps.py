from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Electronic supervision (电子监察)."""

    name = "yangguang.supervision"
    verbose_name = _("Electronic supervision")

    def ready(self):
        from yangguang.cases.hooks import register_case_observer

        from .services import CaseObserver

        register_case_observer(CaseObserver())

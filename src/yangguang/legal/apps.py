from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """Government legal-affairs supervision (政府法制监督)."""

    name = "yangguang.legal"
    verbose_name = _("Legal-affairs supervision")

    def ready(self):
        from yangguang.cases.hooks import register_case_observer

        from .services import CaseObserver

        register_case_observer(CaseObserver())  # selects major penalties inside the deciding transaction

        from yangguang.supervision.hooks import register_performance_line

        from .panels import OverturnLine

        register_performance_line(OverturnLine())  # the overturn rate on a department's performance page

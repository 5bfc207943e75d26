from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Online case handling (网上办件) and its hash-chained event log."""

    name = "yangguang.cases"
    verbose_name = _("Cases")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Pieces every app shares: domain errors, API tokens, the page layout."""

    name = "yangguang.core"
    verbose_name = _("Platform")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    """The official working-day calendar (工作日历) and deadline arithmetic."""

    name = "yangguang.worktime"
    verbose_name = _("Working-day calendar")

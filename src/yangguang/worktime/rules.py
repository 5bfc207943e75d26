"""Who may edit the calendar: the administrator (superusers pass)."""

from yangguang.org.models import Role
from yangguang.org.rules import has_role


def may_edit_calendar(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)

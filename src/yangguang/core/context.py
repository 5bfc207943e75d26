"""Template context shared by every page: the site title and which navigation links to show."""

import re
from functools import cached_property

from django.conf import settings

CJK = re.compile(r"[\u3400-\u9fff]")


def person_name(user) -> str:
    """A user's name as people write it: family name first and no space for a Chinese name."""
    if user is None:
        return ""
    family, given = user.last_name.strip(), user.first_name.strip()
    if CJK.search(family + given):
        return family + given
    return user.get_full_name() or user.get_username()


class Navigation:
    """The links a user may follow; worked out only when a template asks.

    Roles live in ``org``, above ``core``, so they are imported when first needed.
    """

    def __init__(self, user):
        self.user = user

    @cached_property
    def workbench(self) -> bool:
        """Staff: officers and anyone holding a role other than applicant."""
        from yangguang.org.models import Role
        from yangguang.org.rules import scope_of

        if not self.user.is_authenticated:
            return False
        scope = scope_of(self.user)
        return scope.superuser or scope.officer_department_id is not None or bool(scope.roles - {Role.APPLICANT})

    @cached_property
    def user_name(self) -> str:
        return person_name(self.user) if self.user.is_authenticated else ""

    @cached_property
    def review(self) -> bool:
        from yangguang.org.models import Role
        from yangguang.org.rules import has_role

        return self.user.is_authenticated and has_role(self.user, Role.LEGAL_OFFICE)

    @cached_property
    def supervision(self) -> bool:
        """Supervisors and administrators of a region: the supervision dashboard (电子监察)."""
        from yangguang.org.models import Role
        from yangguang.org.rules import scope_of

        if not self.user.is_authenticated:
            return False
        scope = scope_of(self.user)
        return scope.superuser or Role.SUPERVISOR in scope.roles or Role.ADMINISTRATOR in scope.roles

    @cached_property
    def applicant(self) -> bool:
        """The public with an account: applicants, and any account that is not staff ("my cases")."""
        from yangguang.org.models import Role
        from yangguang.org.rules import scope_of

        if not self.user.is_authenticated:
            return False
        return Role.APPLICANT in scope_of(self.user).roles or not self.workbench

    @cached_property
    def admin(self) -> bool:
        return self.user.is_authenticated and self.user.is_staff


def navigation(request):
    user = getattr(request, "user", None)
    context = {"site_title": settings.SITE_TITLE}
    if user is not None:
        context["nav"] = Navigation(user)
    return context

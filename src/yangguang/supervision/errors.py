"""Supervision refusals with stable codes; the API turns them into problem+json."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import Forbidden, InvalidInput


class InvalidRule(InvalidInput):
    """A rule's parameters break their bounds."""

    code = "invalid-rule"
    title = _("The alert rule is not valid")


class NotSupervisor(Forbidden):
    """Only supervisors (and administrators) change alert rules."""

    code = "not-supervisor"

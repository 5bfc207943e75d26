"""Supervision refusals with stable codes; the API turns them into problem+json."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class InvalidRule(InvalidInput):
    """A rule's parameters break their bounds."""

    code = "invalid-rule"
    title = _("The alert rule is not valid")


class NotSupervisor(Forbidden):
    """Only supervisors (and administrators) change alert rules."""

    code = "not-supervisor"


class AlertNotFound(NotFound):
    code = "alert-not-found"


class OrderNotFound(NotFound):
    code = "supervision-order-not-found"


class NotResponsible(Forbidden):
    """The user is not on the side of the alert or order that takes this action."""

    code = "not-responsible"


class WrongStatus(Conflict):
    """The action does not apply in the alert's or order's current status."""

    code = "wrong-status"


class NotificationNotFound(NotFound):
    code = "notification-not-found"


class ComplaintNotFound(NotFound):
    code = "complaint-not-found"


class RuleNotFound(NotFound):
    code = "rule-not-found"

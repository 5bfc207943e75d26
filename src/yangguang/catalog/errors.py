"""Catalog refusals with stable codes."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


class PowerNotFound(NotFound):
    code = "power-not-found"


class NotCatalogClerk(Forbidden):
    code = "not-catalog-clerk"


class NotLegalOffice(Forbidden):
    code = "not-legal-office"


class TransitionRefused(Conflict):
    """The action is not allowed in the version's current state."""

    code = "transition-refused"
    title = _("Not allowed in this state")


class VersionInProgress(Conflict):
    code = "version-in-progress"


class PowerRevoked(Conflict):
    code = "power-revoked"


class InvalidPower(InvalidInput):
    code = "invalid-power"


__all__ = [
    "DomainError", "InvalidPower", "NotCatalogClerk", "NotLegalOffice", "PowerNotFound",
    "PowerRevoked", "TransitionRefused", "VersionInProgress",
]

"""Reading the fields of a form or a JSON body into values, collecting every error with the field
and the rule it breaks (the services raise them together)."""

from datetime import date, datetime

from django.utils.translation import gettext as _

from .errors import InvalidInput


def text(value, field: str, errors: list, *, required: bool = True, max_length: int = 2000) -> str:
    """The stripped text; an error when required and empty, or longer than ``max_length``."""
    out = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not out:
        errors.append({"field": field, "rule": "required", "detail": _("%(field)s is required.") % {"field": field}})
    elif len(out) > max_length:
        errors.append({"field": field, "rule": "max-length",
                       "detail": _("%(field)s is longer than %(max)s characters.") % {"field": field, "max": max_length}})
    return out


def day(value, field: str, errors: list) -> date | None:
    """A date, given as one or as ISO text (2026-03-01)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors.append({"field": field, "rule": "date", "detail": _("%(field)s must be a date such as 2026-03-01.")
                       % {"field": field}})
        return None


def raise_errors(errors: list) -> None:
    """Raise every error collected, naming the first."""
    if errors:
        raise InvalidInput(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)

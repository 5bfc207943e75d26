"""Reading the fields of a form or a JSON body into values, collecting every error with the field
and the rule it breaks (the services raise them together)."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

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


FEN = Decimal("0.01")
MONEY_MAX = Decimal("999999999999.99")  # the most a NUMERIC(14, 2) column holds: 12 digits of yuan


def money(value, field: str, errors: list, *, required: bool = False, exact: bool = False,
          maximum: Decimal = MONEY_MAX) -> Decimal | None:
    """An amount of yuan to the fen (分), given as text or a number: finite, at least 0 and at most
    ``maximum``. More than two decimals are rounded half to even, or refused when ``exact``.
    None and "" are no amount: None, an error when ``required``."""
    if value is None or value == "":
        if not required:
            return None
        amount = None
    elif isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        amount = None
    else:
        try:
            amount = Decimal(str(value).strip())
            if not amount.is_finite() or (exact and amount != amount.quantize(FEN)):
                amount = None
            else:
                amount = amount.quantize(FEN)
        except InvalidOperation:  # not a number, or too many digits to round to the fen
            amount = None
    if amount is None or amount < 0 or amount > maximum:
        errors.append({"field": field, "rule": "amount", "detail": (
            _("Give the amount in yuan, at least 0 and with at most two decimals, e.g. 10.00.") if exact
            else _("Give the amount in yuan, e.g. 5000.00."))})
        return None
    return amount.copy_abs() if amount.is_zero() else amount  # never -0.00


def raise_errors(errors: list, cls: type[InvalidInput] = InvalidInput) -> None:
    """Raise every error collected as ``cls`` (an ``InvalidInput``), naming the first."""
    if errors:
        raise cls(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)

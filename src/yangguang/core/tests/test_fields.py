"""The readers of input fields; ``money`` is the one parser of an amount of yuan (a penalty, a fee,
a major-penalty threshold)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from yangguang.core.fields import MONEY_MAX, money

REFUSED = "refused"

# (value given, what money() returns, rounding to the fen: the penalty and thresholds read so)
ROUNDED = [
    (None, None),  # no amount, not an error unless required
    ("", None),
    ("5000", D("5000.00")),
    (" 5000.5 ", D("5000.50")),  # spaces around are fine
    (5000, D("5000.00")),  # a JSON number
    (12.5, D("12.50")),
    (D("0.1"), D("0.10")),
    ("1e3", D("1000.00")),
    ("0", D("0.00")),
    ("-0", D("0.00")),  # never -0.00
    ("10.005", D("10.00")),  # more decimals: half to even
    ("10.015", D("10.02")),
    ("999999999999.99", D("999999999999.99")),  # the most NUMERIC(14, 2) holds
    ("999999999999.995", REFUSED),  # rounds up to 10^12
    ("1000000000000", REFUSED),  # 10^12 overflows NUMERIC(14, 2)
    ("1e30", REFUSED),  # too many digits to round
    ("-1", REFUSED),
    ("-0.001", D("0.00")),  # rounds to zero, not below it
    ("NaN", REFUSED),
    ("sNaN", REFUSED),
    ("Infinity", REFUSED),
    ("-inf", REFUSED),
    ("5千", REFUSED),
    ("1,000", REFUSED),
    ("  ", REFUSED),  # blank is not empty: only None and "" are no amount
    (True, REFUSED),  # a bool is not a number here
    ([5], REFUSED),
    ({"yuan": 5}, REFUSED),
]


@pytest.mark.parametrize(("value", "expected"), ROUNDED)
def test_an_amount_is_rounded_to_the_fen(value, expected):
    errors = []
    out = money(value, "penalty_amount", errors)
    if expected is REFUSED:
        assert out is None
        assert [(e["field"], e["rule"]) for e in errors] == [("penalty_amount", "amount")]
    else:
        assert errors == []
        assert out == expected and (out is None or (str(out) == str(expected) and not out.is_signed()))


# (value given, what money(..., exact=True) returns: fees are refused beyond the fen, not rounded)
EXACT = [
    ("10", D("10.00")),
    ("10.5", D("10.50")),
    ("10.000", D("10.00")),  # trailing zeros change nothing
    ("10.005", REFUSED),
    (0.1, D("0.10")),
    (10.005, REFUSED),
    ("1e-3", REFUSED),
    ("NaN", REFUSED),
    ("-5", REFUSED),
]


@pytest.mark.parametrize(("value", "expected"), EXACT)
def test_an_exact_amount_has_at_most_two_decimals(value, expected):
    errors = []
    out = money(value, "fees[0].amount", errors, exact=True)
    if expected is REFUSED:
        assert out is None and [(e["field"], e["rule"]) for e in errors] == [("fees[0].amount", "amount")]
    else:
        assert errors == [] and str(out) == str(expected)


@pytest.mark.parametrize(("value", "required", "expected", "refused"), [
    (None, False, None, False),
    ("", False, None, False),
    (None, True, None, True),  # a fee without its amount
    ("", True, None, True),
    ("0", True, D("0.00"), False),
])
def test_an_empty_amount_is_none_or_an_error_when_required(value, required, expected, refused):
    errors = []
    assert money(value, "amount", errors, required=required) == expected
    assert bool(errors) == refused


@pytest.mark.parametrize(("value", "maximum", "refused"), [
    ("9999999999.99", D("9999999999.99"), False),  # a fee's ceiling
    ("10000000000", D("9999999999.99"), True),
    (MONEY_MAX, MONEY_MAX, False),
])
def test_a_lower_ceiling_may_be_set(value, maximum, refused):
    errors = []
    money(value, "amount", errors, maximum=maximum)
    assert bool(errors) == refused


def test_errors_are_collected_not_raised():
    errors = [{"field": "name", "rule": "required", "detail": "…"}]
    money("x", "fine_person", errors)
    money("-1", "fine_organisation", errors)
    assert [e["field"] for e in errors] == ["name", "fine_person", "fine_organisation"]


@pytest.mark.parametrize(("exact", "english", "chinese"), [
    (False, "Give the amount in yuan, e.g. 5000.00.", "请以元为单位填写金额，如 5000.00。"),
    (True, "Give the amount in yuan, at least 0 and with at most two decimals, e.g. 10.00.",
     "请以元为单位填写金额，不得小于 0，最多保留两位小数，如 10.00。"),
])
def test_the_message_says_how_to_write_it_in_either_language(exact, english, chinese):
    for language, detail in (("en", english), ("zh-hans", chinese)):
        errors = []
        with translation.override(language):
            money("abc", "amount", errors, exact=exact)
        assert str(errors[0]["detail"]) == detail

"""Pure discretion rules (行政处罚裁量基准): the factor vocabulary, the content of a benchmark and
its validation, the choice of a tier from the facts, the range of the penalty, the circumstances
and the configurable strategy that moves the range, the check of a decided penalty, and the
review state machine. No ORM: everything is a function of its arguments.

A benchmark's content, as JSON::

    {"strategy": {"name": "three_tiers", "params": {}},
     "circumstances": [{"code", "name", "effect", "mandatory", "basis"}],
     "violations": [{"code", "name", "description", "violated": {law, article, text},
                     "punished": {law, article, text}, "statutory": STANDARD,
                     "tiers": [{"level", "description", "conditions": [[PREDICATE, …], …],
                                "standard": STANDARD}]}]}

A tier's ``conditions`` is a list of alternatives, each a list of predicates that must all hold;
an empty list means "otherwise". A predicate names a factor and its bounds with explicit
inclusiveness: ``{"factor": "illegal_income", "gte": "10000", "lt": "50000"}`` or
``{"factor": "first_offence", "is": true}``. A STANDARD is
``{"warning", "fine": {"min", "max"}, "multiple": {"base", "min", "max"}, "confiscate": [...],
"licence": [...], "detention_days": {"min", "max"}, "measures"}``, each part optional.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MONEY_MAX = Decimal("999999999999.99")
MULTIPLE_PLACES = Decimal("0.0001")
CODE_MAX = 40

# --- the vocabulary -------------------------------------------------------------------------

BOOL, MONEY, NUMBER, COUNT, LEVEL = "bool", "money", "number", "count", "level"
HARM_LEVELS = ("none", "slight", "general", "serious")
HARM_LABELS = {"none": _("no harm"), "slight": _("slight harm"), "general": _("some harm"),
               "serious": _("serious harm")}


@dataclass(frozen=True)
class Factor:
    """One kind of fact a tier's conditions may test (裁量因素)."""

    name: str
    kind: str
    label: object
    unit: object = ""
    # For a yes/no factor: True when "yes" is the lighter answer (first offence, corrected).
    lighter_when_true: bool = False


FACTORS = {factor.name: factor for factor in (
    Factor("first_offence", BOOL, _("first offence"), lighter_when_true=True),
    Factor("corrected", BOOL, _("corrected before the investigation"), lighter_when_true=True),
    Factor("illegal_income", MONEY, _("illegal income"), _("yuan")),
    Factor("goods_value", MONEY, _("value of the goods"), _("yuan")),
    Factor("project_amount", MONEY, _("contract amount or construction cost"), _("yuan")),
    Factor("harm", LEVEL, _("harm")),
    Factor("duration_days", COUNT, _("duration"), _("days")),
    Factor("repeat_count", COUNT, _("earlier penalties for the same violation")),
    Factor("area", NUMBER, _("area"), _("m²")),
    Factor("persons", COUNT, _("persons affected")),
)}
# The facts a multiple may be taken of (倍数的基数); the multiple of "persons" or "area" is yuan
# per person or per square metre.
BASES = ("illegal_income", "goods_value", "project_amount", "persons", "area")

EXEMPT, MINOR, GENERAL, SERIOUS, SEVERE = "exempt", "minor", "general", "serious", "severe"
LEVELS = (EXEMPT, MINOR, GENERAL, SERIOUS, SEVERE)
LEVEL_LABELS = {EXEMPT: _("No penalty"), MINOR: _("Minor"), GENERAL: _("General"), SERIOUS: _("Serious"),
                SEVERE: _("Severe")}
MIN_TIERS = 3

LIGHTER, MITIGATE, HEAVIER = "lighter", "mitigate", "heavier"
EFFECTS = (EXEMPT, MITIGATE, LIGHTER, HEAVIER)
EFFECT_LABELS = {EXEMPT: _("no penalty (不予处罚)"), MITIGATE: _("mitigation below the minimum (减轻)"),
                 LIGHTER: _("lighter (从轻)"), HEAVIER: _("heavier (从重)")}

CONFISCATIONS = ("illegal_income", "illegal_goods")
CONFISCATION_LABELS = {"illegal_income": _("confiscation of illegal income"),
                       "illegal_goods": _("confiscation of illegal goods")}
LICENCE_MEASURES = ("suspend", "revoke")
LICENCE_LABELS = {"suspend": _("suspension of the licence or of business"), "revoke": _("revocation of the licence")}

GRANTED, DENIED = "granted", "denied"  # a penalty's decision: impose (准予) or not (不予)


def _error(field_name: str, rule: str, detail) -> dict:
    return {"field": field_name, "rule": rule, "detail": detail}


def money_text(value: Decimal) -> str:
    return f"{value:.2f}"


def number_text(value) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


# --- reading values ---------------------------------------------------------------------------


class _Bad(Exception):
    pass


def _decimal(value, *, places: Decimal = CENT, maximum: Decimal = MONEY_MAX) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise _Bad
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise _Bad from exc
    if not number.is_finite() or number < 0 or number > maximum or number != number.quantize(places):
        raise _Bad
    return number.quantize(places)


def _count(value) -> int:
    if isinstance(value, bool):
        raise _Bad
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0 or value > 10**9:
        raise _Bad
    return value


YES = {"true", "on", "1", "yes", "是", "y"}
NO = {"false", "off", "0", "no", "否", "n"}


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES:
        return True
    if isinstance(value, str) and value.strip().lower() in NO:
        return False
    raise _Bad


def factor_value(factor: Factor, value):
    """A fact's value in its factor's type; ``_Bad`` if it has another."""
    if factor.kind == BOOL:
        return _bool(value)
    if factor.kind == MONEY:
        return _decimal(value)
    if factor.kind == NUMBER:
        return _decimal(value)
    if factor.kind == COUNT:
        return _count(value)
    if value not in HARM_LEVELS:
        raise _Bad
    return HARM_LEVELS.index(value)


def _factor_hint(factor: Factor):
    return {
        BOOL: _("Answer yes or no (true or false)."),
        MONEY: _("Give an amount in yuan, at least 0 with at most two decimals."),
        NUMBER: _("Give a number, at least 0 with at most two decimals."),
        COUNT: _("Give a whole number, at least 0."),
        LEVEL: _("One of: %(levels)s.") % {"levels": ", ".join(HARM_LEVELS)},
    }[factor.kind]


# --- predicates and conditions ----------------------------------------------------------------

LOWER_OPS, UPPER_OPS = ("gt", "gte"), ("lt", "lte")
OP_SYMBOLS = {"gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


@dataclass(frozen=True)
class Predicate:
    """A bound on one factor (裁量因素的条件); ``low``/``high`` are None when open."""

    factor: str
    value: bool | None = None  # for a yes/no factor
    low: object = None
    low_inclusive: bool = True
    high: object = None
    high_inclusive: bool = False

    def holds(self, values: dict) -> bool | None:
        """Whether the facts meet the bound; None when the fact is not given."""
        fact = values.get(self.factor)
        if fact is None:
            return None
        if self.value is not None:
            return fact is self.value
        if self.low is not None and (fact < self.low or (fact == self.low and not self.low_inclusive)):
            return False
        return self.high is None or fact < self.high or (fact == self.high and self.high_inclusive)

    def payload(self) -> dict:
        out = {"factor": self.factor}
        if self.value is not None:
            out["is"] = self.value
            return out
        if self.low is not None:
            out["gte" if self.low_inclusive else "gt"] = _bound_payload(self.factor, self.low)
        if self.high is not None:
            out["lte" if self.high_inclusive else "lt"] = _bound_payload(self.factor, self.high)
        return out

    def describe(self) -> str:
        factor = FACTORS[self.factor]
        if self.value is not None:
            answer = _("yes") if self.value else _("no")
            return f"{factor.label}：{answer}"
        parts = []
        if self.low is not None:
            parts.append(f"{OP_SYMBOLS['gte' if self.low_inclusive else 'gt']} {_bound_text(factor, self.low)}")
        if self.high is not None:
            parts.append(f"{OP_SYMBOLS['lte' if self.high_inclusive else 'lt']} {_bound_text(factor, self.high)}")
        return f"{factor.label} " + str(_(" and ")).join(parts)


def _bound_payload(name: str, bound):
    factor = FACTORS[name]
    if factor.kind == LEVEL:
        return HARM_LEVELS[bound]
    if factor.kind in (MONEY, NUMBER):
        return money_text(bound) if factor.kind == MONEY else number_text(bound)
    return bound


def _bound_text(factor: Factor, bound) -> str:
    if factor.kind == LEVEL:
        return str(HARM_LABELS[HARM_LEVELS[bound]])
    text = money_text(bound) if factor.kind == MONEY else number_text(bound)
    return f"{text}{factor.unit}" if factor.unit else text


def _clean_predicate(raw, where: str, errors: list) -> Predicate | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A condition is an object naming a factor and its bounds.")))
        return None
    name = raw.get("factor")
    factor = FACTORS.get(name) if isinstance(name, str) else None
    if factor is None:
        errors.append(_error(f"{where}.factor", "factor", _("Not a known factor; one of: %(names)s.")
                             % {"names": ", ".join(FACTORS)}))
        return None
    unknown = sorted(set(raw) - {"factor", "is", *LOWER_OPS, *UPPER_OPS})
    if unknown:
        errors.append(_error(f"{where}.{unknown[0]}", "unknown-field",
                             _("Not a part of a condition: use is, gt, gte, lt or lte.")))
        return None
    if factor.kind == BOOL:
        if set(raw) != {"factor", "is"} or not isinstance(raw["is"], bool):
            errors.append(_error(f"{where}.is", "bool-condition",
                                 _("A yes/no factor is tested with \"is\": true or false.")))
            return None
        return Predicate(factor.name, value=raw["is"])
    if "is" in raw:
        errors.append(_error(f"{where}.is", "bound-condition", _("This factor is tested with bounds (gt, gte, lt, lte).")))
        return None
    lows = [op for op in LOWER_OPS if op in raw]
    highs = [op for op in UPPER_OPS if op in raw]
    if len(lows) > 1 or len(highs) > 1 or not (lows or highs):
        errors.append(_error(where, "bounds", _("Give at most one lower bound (gt or gte) and one upper bound "
                                                "(lt or lte), and at least one of them.")))
        return None
    bounds = {}
    for op in lows + highs:
        try:
            bounds[op] = factor_value(factor, raw[op])
        except _Bad:
            errors.append(_error(f"{where}.{op}", "bound-value", _factor_hint(factor)))
            return None
    low_op, high_op = (lows or [None])[0], (highs or [None])[0]
    predicate = Predicate(
        factor.name, low=bounds.get(low_op), low_inclusive=low_op != "gt",
        high=bounds.get(high_op), high_inclusive=high_op == "lte",
    )
    if predicate.low is not None and predicate.high is not None and (
            predicate.low > predicate.high
            or (predicate.low == predicate.high and not (predicate.low_inclusive and predicate.high_inclusive))):
        errors.append(_error(where, "empty-bounds", _("The bounds leave no value between them.")))
        return None
    return predicate


def describe_clause(clause: tuple) -> str:
    return "，".join(predicate.describe() for predicate in clause)


# --- penalty standards ----------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """An amount range in yuan, both ends included."""

    low: Decimal
    high: Decimal

    def contains(self, amount: Decimal) -> bool:
        return self.low <= amount <= self.high

    def text(self) -> str:
        if self.low == self.high:
            return _("%(amount)s yuan") % {"amount": money_text(self.low)}
        return _("%(low)s–%(high)s yuan") % {"low": money_text(self.low), "high": money_text(self.high)}

    def payload(self) -> list[str]:
        return [money_text(self.low), money_text(self.high)]


@dataclass(frozen=True)
class Multiple:
    """A fine as a multiple of a fact (违法所得、货值金额… 的若干倍), both ends included."""

    base: str
    low: Decimal
    high: Decimal

    def resolve(self, base_value) -> Range:
        return Range(_cents(self.low * Decimal(base_value)), _cents(self.high * Decimal(base_value)))

    def text(self) -> str:
        factor = FACTORS[self.base]
        if self.base in ("persons", "area"):
            return _("%(low)s–%(high)s yuan per unit of %(base)s") % {
                "low": number_text(self.low), "high": number_text(self.high), "base": factor.label}
        return _("%(low)s–%(high)s times the %(base)s") % {
            "low": number_text(self.low), "high": number_text(self.high), "base": factor.label}


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Standard:
    """A penalty standard (处罚标准): the kinds of penalty and their ranges."""

    warning: bool = False
    fine: Range | None = None
    multiple: Multiple | None = None
    confiscate: tuple = ()
    licence: tuple = ()
    detention: tuple | None = None  # (min, max) days of administrative detention (行政拘留)
    measures: str = ""  # orders that are not penalties (责令改正、限期拆除…), as text

    @property
    def punishes(self) -> bool:
        return bool(self.warning or self.fine or self.multiple or self.confiscate or self.licence or self.detention)

    @property
    def has_fine(self) -> bool:
        return self.fine is not None or self.multiple is not None

    def payload(self) -> dict:
        out = {}
        if self.warning:
            out["warning"] = True
        if self.fine is not None:
            out["fine"] = {"min": money_text(self.fine.low), "max": money_text(self.fine.high)}
        if self.multiple is not None:
            out["multiple"] = {"base": self.multiple.base, "min": number_text(self.multiple.low),
                               "max": number_text(self.multiple.high)}
        if self.confiscate:
            out["confiscate"] = list(self.confiscate)
        if self.licence:
            out["licence"] = list(self.licence)
        if self.detention is not None:
            out["detention_days"] = {"min": self.detention[0], "max": self.detention[1]}
        if self.measures:
            out["measures"] = self.measures
        return out

    def parts(self) -> list[str]:
        """The standard in words, one part per kind of penalty."""
        parts = []
        if self.warning:
            parts.append(str(_("warning")))
        if self.multiple is not None and self.fine is not None:
            parts.append(_("a fine of %(multiple)s (without it: %(range)s)") % {
                "multiple": self.multiple.text(), "range": self.fine.text()})
        elif self.multiple is not None:
            parts.append(_("a fine of %(multiple)s") % {"multiple": self.multiple.text()})
        elif self.fine is not None:
            parts.append(_("a fine of %(range)s") % {"range": self.fine.text()})
        parts += [str(CONFISCATION_LABELS[c]) for c in self.confiscate]
        parts += [str(LICENCE_LABELS[m]) for m in self.licence]
        if self.detention is not None:
            parts.append(_("detention of %(low)s–%(high)s days") % {"low": self.detention[0], "high": self.detention[1]})
        if self.measures:
            parts.append(self.measures)
        return parts

    def text(self) -> str:
        return "；".join(self.parts()) or str(_("no penalty"))


STANDARD_FIELDS = {"warning", "fine", "multiple", "confiscate", "licence", "detention_days", "measures"}


def _clean_range(raw, where: str, errors: list, *, places=CENT, value=_decimal) -> tuple | None:
    if not isinstance(raw, dict) or set(raw) - {"min", "max"} or "max" not in raw:
        errors.append(_error(where, "range", _("A range is an object {min, max}; max is required.")))
        return None
    try:
        high = value(raw["max"]) if value is _count else value(raw["max"], places=places)
    except _Bad:
        errors.append(_error(f"{where}.max", "range-value", _("Not a valid number for this range.")))
        return None
    try:
        low = (value(raw.get("min", 0)) if value is _count else value(raw.get("min", 0), places=places))
    except _Bad:
        errors.append(_error(f"{where}.min", "range-value", _("Not a valid number for this range.")))
        return None
    if low > high:
        errors.append(_error(where, "range-order", _("The minimum is above the maximum.")))
        return None
    return low, high


def _clean_standard(raw, where: str, errors: list) -> Standard | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A penalty standard is an object.")))
        return None
    before = len(errors)
    unknown = sorted(set(raw) - STANDARD_FIELDS)
    if unknown:
        errors.append(_error(f"{where}.{unknown[0]}", "unknown-field",
                             _("Not a part of a penalty standard: %(names)s.") % {"names": ", ".join(sorted(STANDARD_FIELDS))}))
    warning = raw.get("warning", False)
    if not isinstance(warning, bool):
        errors.append(_error(f"{where}.warning", "bool", _("true or false.")))
    fine = multiple = detention = None
    if raw.get("fine") is not None:
        bounds = _clean_range(raw["fine"], f"{where}.fine", errors)
        fine = Range(*bounds) if bounds else None
    if raw.get("multiple") is not None:
        spec = raw["multiple"]
        if not isinstance(spec, dict) or spec.get("base") not in BASES:
            errors.append(_error(f"{where}.multiple.base", "base", _("The base of a multiple is one of: %(names)s.")
                                 % {"names": ", ".join(BASES)}))
        else:
            bounds = _clean_range({k: v for k, v in spec.items() if k != "base"}, f"{where}.multiple", errors,
                                  places=MULTIPLE_PLACES)
            multiple = Multiple(spec["base"], *bounds) if bounds else None
    if raw.get("detention_days") is not None:
        detention = _clean_range(raw["detention_days"], f"{where}.detention_days", errors, value=_count)
    confiscate, licence = raw.get("confiscate", []), raw.get("licence", [])
    if not isinstance(confiscate, list) or not all(item in CONFISCATIONS for item in confiscate):
        errors.append(_error(f"{where}.confiscate", "choice", _("A list of: %(names)s.") % {"names": ", ".join(CONFISCATIONS)}))
        confiscate = []
    if not isinstance(licence, list) or not all(item in LICENCE_MEASURES for item in licence):
        errors.append(_error(f"{where}.licence", "choice", _("A list of: %(names)s.") % {"names": ", ".join(LICENCE_MEASURES)}))
        licence = []
    measures = raw.get("measures", "")
    if not isinstance(measures, str) or len(measures) > 500:
        errors.append(_error(f"{where}.measures", "text", _("Text of at most %(n)s characters.") % {"n": 500}))
        measures = ""
    if len(errors) > before:
        return None
    return Standard(warning=warning, fine=fine, multiple=multiple,
                    confiscate=tuple(c for c in CONFISCATIONS if c in confiscate),
                    licence=tuple(m for m in LICENCE_MEASURES if m in licence), detention=detention,
                    measures=measures.strip())


def _within(tier: Standard, law: Standard, where: str, errors: list) -> None:
    """A tier's standard stays inside the law's (法定裁量幅度)."""
    if tier.warning and not law.warning:
        errors.append(_error(f"{where}.warning", "within-statutory", _("The law provides no warning for this violation.")))
    if tier.fine is not None:
        if law.fine is None:
            errors.append(_error(f"{where}.fine", "within-statutory", _("The law sets no fine in yuan for this violation.")))
        elif tier.fine.low < law.fine.low or tier.fine.high > law.fine.high:
            errors.append(_error(f"{where}.fine", "within-statutory", _("The fine leaves the statutory range %(range)s.")
                                 % {"range": law.fine.text()}))
    if tier.multiple is not None:
        if law.multiple is None or law.multiple.base != tier.multiple.base:
            errors.append(_error(f"{where}.multiple", "within-statutory",
                                 _("The law sets no multiple of this base for this violation.")))
        elif tier.multiple.low < law.multiple.low or tier.multiple.high > law.multiple.high:
            errors.append(_error(f"{where}.multiple", "within-statutory",
                                 _("The multiple leaves the statutory range %(range)s.") % {"range": law.multiple.text()}))
    if set(tier.confiscate) - set(law.confiscate):
        errors.append(_error(f"{where}.confiscate", "within-statutory", _("The law provides no such confiscation.")))
    if set(tier.licence) - set(law.licence):
        errors.append(_error(f"{where}.licence", "within-statutory", _("The law provides no such licence measure.")))
    if tier.detention is not None and (
            law.detention is None or tier.detention[0] < law.detention[0] or tier.detention[1] > law.detention[1]):
        errors.append(_error(f"{where}.detention_days", "within-statutory",
                             _("Detention only where the law allows it, within its days.")))


# --- circumstances, tiers, violations -------------------------------------------------------


@dataclass(frozen=True)
class Provision:
    """An article of a law (法律依据)."""

    law: str
    article: str
    text: str = ""

    def payload(self) -> dict:
        return {"law": self.law, "article": self.article, "text": self.text}

    def cite(self) -> str:
        return f"{self.law}{self.article}"


@dataclass(frozen=True)
class Circumstance:
    """A circumstance (情节) that exempts, mitigates, lightens or aggravates."""

    code: str
    name: str
    effect: str
    mandatory: bool = False  # 应当 (True) or 可以 (False)
    basis: str = ""  # its legal reason, required to exempt or mitigate

    def payload(self) -> dict:
        return {"code": self.code, "name": self.name, "effect": self.effect, "mandatory": self.mandatory,
                "basis": self.basis}


@dataclass(frozen=True)
class Tier:
    """A discretion tier (裁量阶次) with its conditions and penalty standard."""

    level: str
    conditions: tuple  # of clauses, each a tuple of predicates; () = otherwise
    standard: Standard
    description: str = ""

    @property
    def label(self):
        return LEVEL_LABELS[self.level]

    @property
    def rank(self) -> int:
        return LEVELS.index(self.level)

    def matching_clause(self, values: dict) -> tuple | None:
        """The first alternative whose predicates all hold; ``()`` for a tier without conditions."""
        if not self.conditions:
            return ()
        for clause in self.conditions:
            if all(predicate.holds(values) for predicate in clause):
                return clause
        return None

    def payload(self) -> dict:
        return {"level": self.level, "description": self.description,
                "conditions": [[p.payload() for p in clause] for clause in self.conditions],
                "standard": self.standard.payload()}

    def condition_text(self) -> str:
        if not self.conditions:
            return str(_("otherwise"))
        return str(_(" or ")).join(describe_clause(clause) for clause in self.conditions)


@dataclass(frozen=True)
class Violation:
    """A violation (违法行为) a penalty power covers, its legal basis and its tiers."""

    code: str
    name: str
    violated: Provision
    punished: Provision
    statutory: Standard
    tiers: tuple  # ordered by level
    description: str = ""

    def payload(self) -> dict:
        return {"code": self.code, "name": self.name, "description": self.description,
                "violated": self.violated.payload(), "punished": self.punished.payload(),
                "statutory": self.statutory.payload(), "tiers": [tier.payload() for tier in self.tiers]}

    def factors(self) -> set[str]:
        """The factors its tiers test and its multiples are taken of."""
        names = {p.factor for tier in self.tiers for clause in tier.conditions for p in clause}
        names |= {s.multiple.base for s in (self.statutory, *(t.standard for t in self.tiers)) if s.multiple}
        return names


def _text_field(raw: dict, name: str, where: str, errors: list, *, required: bool, max_length: int) -> str:
    value = raw.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(_error(f"{where}.{name}", "text", _("Must be text.")))
        return ""
    value = value.strip()
    if required and not value:
        errors.append(_error(f"{where}.{name}", "required", _("This field is required.")))
    elif len(value) > max_length:
        errors.append(_error(f"{where}.{name}", "max-length", _("At most %(n)s characters.") % {"n": max_length}))
    return value


def _code(raw: dict, where: str, errors: list, seen: set) -> str:
    code = _text_field(raw, "code", where, errors, required=True, max_length=CODE_MAX)
    if code and not all(ch.isalnum() or ch in "-_." for ch in code):
        errors.append(_error(f"{where}.code", "code", _("Letters, digits, - _ and . only.")))
    elif code in seen:
        errors.append(_error(f"{where}.code", "unique", _("Code %(code)s is used twice.") % {"code": code}))
    seen.add(code)
    return code


def _provision(raw, where: str, errors: list) -> Provision | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A provision is an object {law, article, text}.")))
        return None
    before = len(errors)
    law = _text_field(raw, "law", where, errors, required=True, max_length=200)
    article = _text_field(raw, "article", where, errors, required=True, max_length=100)
    text = _text_field(raw, "text", where, errors, required=False, max_length=2000)
    return Provision(law, article, text) if len(errors) == before else None


def _clean_circumstance(raw, where: str, errors: list, seen: set) -> Circumstance | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A circumstance is an object.")))
        return None
    before = len(errors)
    code = _code(raw, where, errors, seen)
    name = _text_field(raw, "name", where, errors, required=True, max_length=200)
    effect = raw.get("effect")
    if effect not in EFFECTS:
        errors.append(_error(f"{where}.effect", "choice", _("One of: %(names)s.") % {"names": ", ".join(EFFECTS)}))
    mandatory = raw.get("mandatory", False)
    if not isinstance(mandatory, bool):
        errors.append(_error(f"{where}.mandatory", "bool", _("true or false.")))
    basis = _text_field(raw, "basis", where, errors, required=effect in (EXEMPT, MITIGATE), max_length=500)
    if effect in (EXEMPT, MITIGATE) and not basis:
        errors[-1] = _error(f"{where}.basis", "legal-reason",
                            _("No penalty or mitigation below the minimum needs its legal reason (法定情形)."))
    return Circumstance(code, name, effect, mandatory, basis) if len(errors) == before else None


def _clean_conditions(raw, where: str, errors: list) -> tuple:
    if raw in (None, []):
        return ()
    if not isinstance(raw, list) or not all(isinstance(clause, list) and clause for clause in raw):
        errors.append(_error(where, "conditions", _("Conditions are a list of alternatives, each a non-empty list "
                                                    "of conditions that must all hold.")))
        return ()
    clauses = []
    for a, clause in enumerate(raw):
        predicates = [_clean_predicate(item, f"{where}[{a}][{p}]", errors) for p, item in enumerate(clause)]
        clauses.append(tuple(p for p in predicates if p is not None))
    return tuple(clauses)


def _clean_tier(raw, where: str, errors: list, statutory: Standard | None) -> Tier | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A tier is an object.")))
        return None
    before = len(errors)
    level = raw.get("level")
    if level not in LEVELS:
        errors.append(_error(f"{where}.level", "choice", _("One of: %(names)s.") % {"names": ", ".join(LEVELS)}))
    description = _text_field(raw, "description", where, errors, required=False, max_length=1000)
    conditions = _clean_conditions(raw.get("conditions"), f"{where}.conditions", errors)
    standard = _clean_standard(raw.get("standard", {}), f"{where}.standard", errors)
    if standard is not None and level == EXEMPT and standard.punishes:
        errors.append(_error(f"{where}.standard", "exempt-no-penalty",
                             _("The no-penalty tier imposes no penalty; name only the measures (e.g. 责令改正).")))
    if standard is not None and level in LEVELS and level != EXEMPT and not standard.punishes:
        errors.append(_error(f"{where}.standard", "penalty-required", _("The tier must impose a penalty.")))
    if level == EXEMPT and not conditions and len(errors) == before:
        errors.append(_error(f"{where}.conditions", "exempt-conditions",
                             _("The no-penalty tier needs conditions (e.g. first offence, slight harm, corrected).")))
    if standard is not None and statutory is not None:
        _within(standard, statutory, f"{where}.standard", errors)
    if len(errors) > before:
        return None
    return Tier(level, conditions, standard, description)


def _tier_order_errors(tiers: list[Tier], where: str) -> list[dict]:
    """Heavier tiers never allow less: fine and multiple bounds do not fall with the level."""
    errors = []
    ranked = [tier for tier in tiers if tier.level != EXEMPT]
    for lower, upper in pairwise(ranked):
        pairs = []
        if lower.standard.fine and upper.standard.fine:
            pairs.append((lower.standard.fine, upper.standard.fine))
        if (lower.standard.multiple and upper.standard.multiple
                and lower.standard.multiple.base == upper.standard.multiple.base):
            pairs.append((lower.standard.multiple, upper.standard.multiple))
        if any(b.low < a.low or b.high < a.high for a, b in pairs):
            errors.append(_error(f"{where}.tiers", "tiers-ordered",
                                 _("Tier %(upper)s allows less than tier %(lower)s.")
                                 % {"upper": upper.label, "lower": lower.label}))
    return errors


def _clean_violation(raw, where: str, errors: list, seen: set) -> Violation | None:
    if not isinstance(raw, dict):
        errors.append(_error(where, "object", _("A violation is an object.")))
        return None
    before = len(errors)
    code = _code(raw, where, errors, seen)
    name = _text_field(raw, "name", where, errors, required=True, max_length=300)
    description = _text_field(raw, "description", where, errors, required=False, max_length=2000)
    violated = _provision(raw.get("violated"), f"{where}.violated", errors)
    punished = _provision(raw.get("punished"), f"{where}.punished", errors)
    statutory = _clean_standard(raw.get("statutory"), f"{where}.statutory", errors)
    if statutory is not None and not statutory.punishes:
        errors.append(_error(f"{where}.statutory", "penalty-required", _("The law's standard must name a penalty.")))
    tiers_raw = raw.get("tiers")
    if not isinstance(tiers_raw, list) or len(tiers_raw) < MIN_TIERS:
        errors.append(_error(f"{where}.tiers", "min-tiers", _("At least %(n)s tiers (较低、中间、较高限度).") % {"n": MIN_TIERS}))
        tiers_raw = tiers_raw if isinstance(tiers_raw, list) else []
    tiers = [_clean_tier(item, f"{where}.tiers[{index}]", errors, statutory) for index, item in enumerate(tiers_raw)]
    tiers = [tier for tier in tiers if tier is not None]
    levels = [tier.level for tier in tiers]
    if len(set(levels)) != len(levels):
        errors.append(_error(f"{where}.tiers", "unique-level", _("Each level appears once.")))
    tiers.sort(key=lambda tier: tier.rank)
    errors += _tier_order_errors(tiers, where)
    ranked = [tier for tier in tiers if tier.level != EXEMPT]
    if any(not tier.conditions for tier in ranked[1:]):
        errors.append(_error(f"{where}.tiers", "otherwise-lightest", _(
            "The heaviest tier whose conditions hold applies, so only the lightest tier may go without conditions "
            "(otherwise).")))
    if len(errors) > before:
        return None
    return Violation(code, name, violated, punished, statutory, tuple(tiers), description)


# --- strategies: how circumstances move a range -----------------------------------------------

LOWER, MIDDLE, UPPER = -1, 0, 1


class Strategy(ABC):
    """A rule that moves a tier's range by the balance of circumstances (裁量规则); subclasses
    are registered in ``STRATEGIES`` by ``name``. ``band`` gives the share (from, to) of the range
    for a direction (-1 lighter, 0 neither, +1 heavier), or None for no fine (a lighter kind)."""

    name = ""
    label = ""
    source = ""

    def __init__(self, params: dict | None = None):
        self.params = dict(params or {})

    @classmethod
    def clean_params(cls, params: dict, where: str) -> tuple[dict, list[dict]]:
        if params:
            return {}, [_error(f"{where}.params", "no-params", _("This rule takes no parameters."))]
        return {}, []

    @abstractmethod
    def band(self, direction: int, has_floor: bool) -> tuple[Fraction, Fraction] | None:
        """The share (from, to) of the range for ``direction``; None: no fine (a lighter kind)."""

    def payload(self) -> dict:
        return {"name": self.name, "params": self.params}

    def __eq__(self, other):
        return isinstance(other, Strategy) and self.payload() == other.payload()

    def __hash__(self):
        return hash(self.name)


class ThreeTiers(Strategy):
    """较低、中间、较高限度 (S75): 从轻 the lower third, 从重 the upper third, neither the middle."""

    name = "three_tiers"
    label = _("three bands: lower, middle, upper third")
    BANDS = {LOWER: (Fraction(0), Fraction(1, 3)), MIDDLE: (Fraction(1, 3), Fraction(2, 3)),
             UPPER: (Fraction(2, 3), Fraction(1))}

    def band(self, direction, has_floor):
        return self.BANDS[direction]


class PercentSplit(Strategy):
    """Guangzhou (S76): the range split at a share of its width; 一般 below the split, 从重 above;
    从轻 like 一般 (three grades) or without a fine (two grades, ``lighter`` = ``no_fine``)."""

    name = "percent_split"
    label = _("split at a share of the range")

    @classmethod
    def clean_params(cls, params, where):
        errors = []
        unknown = sorted(set(params) - {"split", "lighter"})
        if unknown:
            errors.append(_error(f"{where}.params.{unknown[0]}", "unknown-field", _("Parameters: split, lighter.")))
        try:
            split = _decimal(params.get("split", "0.6"), places=CENT, maximum=Decimal(1))
            if not 0 < split < 1:
                raise _Bad
        except _Bad:
            errors.append(_error(f"{where}.params.split", "share", _("A share between 0 and 1, e.g. 0.6.")))
            split = Decimal("0.6")
        lighter = params.get("lighter", "general")
        if lighter not in ("general", "no_fine"):
            errors.append(_error(f"{where}.params.lighter", "choice", _("general or no_fine.")))
        return {"split": money_text(split), "lighter": lighter}, errors

    def band(self, direction, has_floor):
        split = Fraction(Decimal(self.params.get("split", "0.6")))
        if direction == UPPER:
            return split, Fraction(1)
        if direction == LOWER and self.params.get("lighter") == "no_fine":
            return None
        return Fraction(0), split


class Multiples(Strategy):
    """倍数和幅度 (S77): 一般 the middle of three steps, 从轻 below it, 从重 from it upwards; a range
    with only a maximum: 一般 40–60 %, 从轻 up to 20 %, 从重 from 60 %."""

    name = "multiples"
    label = _("middle step; only a maximum: 40–60 %")
    FLOOR = {LOWER: (Fraction(0), Fraction(1, 3)), MIDDLE: (Fraction(1, 3), Fraction(2, 3)),
             UPPER: (Fraction(1, 3), Fraction(1))}
    NO_FLOOR = {LOWER: (Fraction(0), Fraction(1, 5)), MIDDLE: (Fraction(2, 5), Fraction(3, 5)),
                UPPER: (Fraction(3, 5), Fraction(1))}

    def band(self, direction, has_floor):
        return (self.FLOOR if has_floor else self.NO_FLOOR)[direction]


class Bands(Strategy):
    """Custom shares (from, to) of the range for 从轻, 一般 and 从重, set by the legal office;
    heavier never starts or ends below lighter."""

    name = "bands"
    label = _("shares set by the legal office")
    KEYS = {LOWER: "lighter", MIDDLE: "general", UPPER: "heavier"}

    @classmethod
    def clean_params(cls, params, where):
        errors, bands = [], {}
        for key in ("lighter", "general", "heavier"):
            pair = params.get(key)
            try:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _Bad
                low, high = (_decimal(v, places=CENT, maximum=Decimal(1)) for v in pair)
                if low > high:
                    raise _Bad
            except _Bad:
                errors.append(_error(f"{where}.params.{key}", "share-pair",
                                     _("Two shares [from, to] between 0 and 1, from ≤ to.")))
                continue
            bands[key] = (low, high)
        if not errors:
            order = [bands["lighter"], bands["general"], bands["heavier"]]
            if any(b[0] < a[0] or b[1] < a[1] for a, b in pairwise(order)):
                errors.append(_error(f"{where}.params", "bands-ordered",
                                     _("The heavier bands never start or end below the lighter ones.")))
        unknown = sorted(set(params) - {"lighter", "general", "heavier"})
        if unknown:
            errors.append(_error(f"{where}.params.{unknown[0]}", "unknown-field", _("Parameters: lighter, general, heavier.")))
        return {key: [money_text(v) for v in pair] for key, pair in bands.items()}, errors

    def band(self, direction, has_floor):
        low, high = self.params[self.KEYS[direction]]
        return Fraction(Decimal(low)), Fraction(Decimal(high))


STRATEGIES: dict[str, type[Strategy]] = {}


def register_strategy(cls: type[Strategy]) -> type[Strategy]:
    """Make a strategy available to benchmarks by its name (a pluggable rule)."""
    STRATEGIES[cls.name] = cls
    return cls


for _strategy in (ThreeTiers, PercentSplit, Multiples, Bands):
    register_strategy(_strategy)
DEFAULT_STRATEGY = ThreeTiers.name


def _clean_strategy(raw, where: str, errors: list) -> Strategy | None:
    if raw is None:
        return ThreeTiers()
    if not isinstance(raw, dict) or raw.get("name") not in STRATEGIES or set(raw) - {"name", "params"}:
        errors.append(_error(f"{where}.name", "strategy", _("One of: %(names)s.") % {"names": ", ".join(STRATEGIES)}))
        return None
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        errors.append(_error(f"{where}.params", "object", _("Parameters are an object.")))
        return None
    cls = STRATEGIES[raw["name"]]
    cleaned, found = cls.clean_params(params, where)
    if found:
        errors += found
        return None
    return cls(cleaned)


def band_range(base: Range, band: tuple[Fraction, Fraction]) -> Range:
    """The share ``band`` of ``base``, rounded to the cent (never outside ``base``)."""
    width = Fraction(base.high - base.low)
    low = Fraction(base.low) + width * band[0]
    high = Fraction(base.low) + width * band[1]
    low = _cents(Decimal(low.numerator) / Decimal(low.denominator))
    high = _cents(Decimal(high.numerator) / Decimal(high.denominator))
    return Range(max(base.low, min(low, base.high)), min(base.high, max(high, base.low)))


# --- the content of a benchmark -------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """What one benchmark version holds: its strategy, circumstances and violations."""

    strategy: Strategy
    circumstances: dict  # code -> Circumstance, in order
    violations: dict  # code -> Violation, in order

    def payload(self) -> dict:
        return {"strategy": self.strategy.payload(),
                "circumstances": [c.payload() for c in self.circumstances.values()],
                "violations": [v.payload() for v in self.violations.values()]}


def clean_content(payload) -> tuple[Content | None, list[dict]]:
    """The content and every error in it, each naming its field (e.g. ``violations[0].tiers[2].standard.fine``)."""
    if not isinstance(payload, dict):
        return None, [_error("content", "object", _("The benchmark is an object {strategy, circumstances, violations}."))]
    errors: list[dict] = []
    unknown = sorted(set(payload) - {"strategy", "circumstances", "violations"})
    if unknown:
        errors.append(_error(unknown[0], "unknown-field", _("Not a part of a benchmark.")))
    strategy = _clean_strategy(payload.get("strategy"), "strategy", errors)
    circumstances_raw = payload.get("circumstances") or []
    if not isinstance(circumstances_raw, list):
        errors.append(_error("circumstances", "list", _("Must be a list.")))
        circumstances_raw = []
    seen: set = set()
    circumstances = [_clean_circumstance(item, f"circumstances[{i}]", errors, seen)
                     for i, item in enumerate(circumstances_raw)]
    violations_raw = payload.get("violations")
    if not isinstance(violations_raw, list) or not violations_raw:
        errors.append(_error("violations", "required", _("At least one violation.")))
        violations_raw = violations_raw if isinstance(violations_raw, list) else []
    seen = set()
    violations = [_clean_violation(item, f"violations[{i}]", errors, seen) for i, item in enumerate(violations_raw)]
    if errors:
        return None, errors
    return Content(strategy, {c.code: c for c in circumstances}, {v.code: v for v in violations}), []


# --- facts and the calculation --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """The facts of a case as the benchmark reads them: factor values and circumstance codes."""

    values: dict = field(default_factory=dict)
    circumstances: frozenset = frozenset()

    def payload(self) -> dict:
        out = {}
        for name, value in self.values.items():
            factor = FACTORS[name]
            if factor.kind == LEVEL:
                out[name] = HARM_LEVELS[value]
            elif factor.kind == MONEY:
                out[name] = money_text(value)
            elif factor.kind == NUMBER:
                out[name] = number_text(value)
            else:
                out[name] = value
        if self.circumstances:
            out["circumstances"] = sorted(self.circumstances)
        return out


def clean_facts(payload, circumstances: dict | None = None) -> tuple[Facts, list[dict]]:
    """The facts and every error, named ``facts.<factor>``; empty values count as not given."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        return Facts(), [_error("facts", "object", _("The facts are an object of factor values."))]
    errors, values = [], {}
    for name, raw in payload.items():
        if name == "circumstances":
            continue
        factor = FACTORS.get(name)
        if factor is None:
            errors.append(_error(f"facts.{name}", "factor", _("Not a known factor; one of: %(names)s.")
                                 % {"names": ", ".join(FACTORS)}))
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            values[name] = factor_value(factor, raw.strip() if isinstance(raw, str) else raw)
        except _Bad:
            errors.append(_error(f"facts.{name}", "fact-value", _factor_hint(factor)))
    codes = payload.get("circumstances") or []
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        errors.append(_error("facts.circumstances", "list", _("A list of circumstance codes.")))
        codes = []
    if circumstances is not None:
        unknown = [code for code in codes if code not in circumstances]
        if unknown:
            errors.append(_error("facts.circumstances", "circumstance",
                                 _("Not a circumstance of this benchmark: %(codes)s.") % {"codes": ", ".join(unknown)}))
    return Facts(values, frozenset(codes)), errors


@dataclass(frozen=True)
class Outcome:
    """What the benchmark says for a violation and its facts."""

    violation: Violation
    facts: Facts
    strategy: Strategy
    tier: Tier | None = None
    clause: tuple = ()  # the alternative of the tier's conditions that held
    unknown: tuple = ()  # factors the tiers test that were not given
    standard: Standard | None = None  # the tier's, or the law's when no tier applies
    tier_range: Range | None = None  # before circumstances
    statutory_range: Range | None = None
    range: Range | None = None  # the final range of the fine in yuan
    multiple: Multiple | None = None  # the multiple the tier range came from
    missing_base: str = ""  # a multiple's base that the facts must give
    exempt_by: tuple = ()  # circumstances that exempt
    mitigated_by: tuple = ()
    lighter: tuple = ()
    heavier: tuple = ()
    direction: int = MIDDLE
    band: tuple | None = None
    no_fine: bool = False  # the rule turns 从轻 into a lighter kind of penalty

    @property
    def exempt(self) -> bool:
        return bool(self.exempt_by) or (self.tier is not None and self.tier.level == EXEMPT)

    @property
    def mitigated(self) -> bool:
        return bool(self.mitigated_by) and not self.exempt

    @property
    def level(self) -> str:
        if self.exempt:
            return EXEMPT
        return self.tier.level if self.tier is not None else ""

    @property
    def basis(self) -> list[Provision]:
        return [self.violation.violated, self.violation.punished]

    def payload(self) -> dict:
        """The outcome as plain data (API, event log); the words are in ``explanation``."""
        return {
            "violation": self.violation.code, "tier": self.level, "tier_name": str(LEVEL_LABELS[self.level]) if self.level else "",
            "conditions": describe_clause(self.clause) if self.clause else "",
            "range": self.range.payload() if self.range is not None else None,
            "tier_range": self.tier_range.payload() if self.tier_range is not None else None,
            "statutory_range": self.statutory_range.payload() if self.statutory_range is not None else None,
            "exempt": self.exempt, "mitigated": self.mitigated, "direction": self.direction,
            "circumstances": sorted(self.facts.circumstances), "missing_base": self.missing_base,
            "standard": self.standard.payload() if self.standard is not None else {},
            "basis": [p.payload() for p in self.basis],
        }


def resolve(standard: Standard, values: dict) -> tuple[Range | None, Multiple | None, str]:
    """A standard's fine range in yuan for the facts: (range, multiple used, missing base).

    A multiple is resolved when its base is given and above 0; otherwise the absolute range
    applies ("without illegal income: …"); a multiple without a base given and without an
    absolute range cannot be resolved. A standard without a fine has the range 0–0.
    """
    multiple = standard.multiple
    if multiple is not None:
        base = values.get(multiple.base)
        if base is not None and base > 0:
            return multiple.resolve(base), multiple, ""
        if standard.fine is None:
            if base is None:
                return None, multiple, multiple.base
            return Range(Decimal("0.00"), Decimal("0.00")), multiple, ""
    if standard.fine is not None:
        return standard.fine, None, ""
    return Range(Decimal("0.00"), Decimal("0.00")), None, ""


def statutory_bounds(standard: Standard, values: dict) -> Range | None:
    """The widest range the law allows for the facts: a multiple and an absolute range given
    together are alternatives ("2–10 times the illegal income; without it or under 20,000
    yuan, 20,000–100,000 yuan"), so the bounds span both."""
    if standard.multiple is not None and standard.fine is not None:
        base = values.get(standard.multiple.base)
        if base is not None and base > 0:
            multiple = standard.multiple.resolve(base)
            return Range(min(multiple.low, standard.fine.low), max(multiple.high, standard.fine.high))
    return resolve(standard, values)[0]


def choose_tier(violation: Violation, values: dict) -> tuple[Tier | None, tuple]:
    """The no-penalty tier if its conditions hold, else the heaviest tier whose conditions hold."""
    for tier in violation.tiers:
        if tier.level == EXEMPT and (clause := tier.matching_clause(values)) is not None:
            return tier, clause
    for tier in reversed(violation.tiers):
        if tier.level != EXEMPT and (clause := tier.matching_clause(values)) is not None:
            return tier, clause
    return None, ()


def calculate(content: Content, code: str, facts: Facts) -> Outcome:
    """Name the tier, the range and the legal basis for violation ``code`` and the facts."""
    violation = content.violations[code]
    values = facts.values
    tier, clause = choose_tier(violation, values)
    unknown = tuple(sorted(violation.factors() - set(values)))
    chosen = [content.circumstances[c] for c in content.circumstances if c in facts.circumstances]
    by_effect = {effect: tuple(c for c in chosen if c.effect == effect) for effect in EFFECTS}
    base = dict(violation=violation, facts=facts, strategy=content.strategy, tier=tier, clause=clause, unknown=unknown,
                exempt_by=by_effect[EXEMPT], mitigated_by=by_effect[MITIGATE], lighter=by_effect[LIGHTER],
                heavier=by_effect[HEAVIER])
    statutory_range = statutory_bounds(violation.statutory, values)
    if by_effect[EXEMPT] or (tier is not None and tier.level == EXEMPT):
        return Outcome(**base, standard=tier.standard if tier is not None else Standard(),
                       statutory_range=statutory_range, range=None)
    standard = tier.standard if tier is not None else violation.statutory
    tier_range, multiple, missing = resolve(standard, values)
    if missing:
        return Outcome(**base, standard=standard, statutory_range=statutory_range, multiple=multiple,
                       missing_base=missing)
    if by_effect[MITIGATE]:
        # 减轻: below the statutory minimum (or a lighter kind when the law has no minimum).
        floor = statutory_range.low if statutory_range is not None else tier_range.low
        return Outcome(**base, standard=standard, tier_range=tier_range, statutory_range=statutory_range,
                       multiple=multiple, range=Range(Decimal("0.00"), floor))
    direction = (len(by_effect[HEAVIER]) > len(by_effect[LIGHTER])) - (len(by_effect[HEAVIER]) < len(by_effect[LIGHTER]))
    band = content.strategy.band(direction, tier_range.low > 0)
    no_fine = band is None and violation.statutory.warning
    if band is None and not no_fine:  # the law has no lighter kind: 从轻 stays inside the fine
        band = content.strategy.band(MIDDLE, tier_range.low > 0)
    final = Range(Decimal("0.00"), Decimal("0.00")) if no_fine else band_range(tier_range, band)
    if statutory_range is not None and not no_fine:
        final = Range(max(final.low, statutory_range.low), min(final.high, statutory_range.high))
        if final.low > final.high:
            final = Range(statutory_range.low, statutory_range.low)
    return Outcome(**base, standard=standard, tier_range=tier_range, statutory_range=statutory_range, multiple=multiple,
                   range=final, direction=direction, band=band, no_fine=no_fine)


def evaluate(content: Content, violation, facts, *, unknown_violation) -> tuple[Outcome | None, list[dict]]:
    """What the benchmark says for ``violation`` and the raw ``facts``, as (outcome, errors):
    (None, [the violation's error]) for a violation not of the benchmark, told ``unknown_violation``;
    (None, every error of the facts); (outcome, [the base to give]) when the fine is a multiple of
    a base the facts do not give; (outcome, []) otherwise."""
    if not isinstance(violation, str) or violation not in content.violations:
        return None, [_error("violation", "choice", unknown_violation)]
    cleaned, errors = clean_facts(facts, content.circumstances)
    if errors:
        return None, errors
    outcome = calculate(content, violation, cleaned)
    if outcome.missing_base:
        return outcome, [_error(f"facts.{outcome.missing_base}", "base-required",
                                _("The fine is a multiple of the %(base)s: give it.")
                                % {"base": FACTORS[outcome.missing_base].label})]
    return outcome, []


def _share(value: Fraction) -> str:
    return f"{float(value) * 100:.0f}%"


def explanation(outcome: Outcome) -> list[str]:
    """Why: which conditions held, which circumstances moved the range, and how."""
    v = outcome.violation
    lines = [_("Violation %(code)s %(name)s: violates %(violated)s; punished under %(punished)s.") % {
        "code": v.code, "name": v.name, "violated": v.violated.cite(), "punished": v.punished.cite()}]
    if outcome.tier is not None:
        held = describe_clause(outcome.clause) if outcome.clause else _("no condition (the tier applies otherwise)")
        lines.append(_("Tier %(tier)s: %(held)s.") % {"tier": outcome.tier.label, "held": held})
        lines.append(_("Standard of the tier: %(standard)s.") % {"standard": outcome.tier.standard.text()})
    else:
        lines.append(_("No tier's conditions hold: the statutory standard applies (%(standard)s).")
                     % {"standard": v.statutory.text()})
    if outcome.unknown:
        lines.append(_("Facts not given: %(names)s.") % {"names": "、".join(str(FACTORS[n].label) for n in outcome.unknown)})
    if outcome.exempt_by:
        for c in outcome.exempt_by:
            lines.append(_("No penalty for %(name)s (%(basis)s); the party is educated.") % {"name": c.name, "basis": c.basis})
        return lines
    if outcome.exempt:
        lines.append(_("No penalty (不予处罚); the party is educated and told to correct."))
        return lines
    if outcome.missing_base:
        lines.append(_("The fine is a multiple of the %(base)s: give it to resolve the range.")
                     % {"base": FACTORS[outcome.missing_base].label})
        return lines
    if outcome.multiple is not None:
        lines.append(_("Range of the tier: %(multiple)s of %(value)s = %(range)s.") % {
            "multiple": outcome.multiple.text(), "value": _bound_text(FACTORS[outcome.multiple.base],
                                                                     outcome.facts.values[outcome.multiple.base]),
            "range": outcome.tier_range.text()})
    elif outcome.tier_range is not None:
        lines.append(_("Range of the tier: %(range)s.") % {"range": outcome.tier_range.text()})
    if outcome.mitigated:
        names = "、".join(f"{c.name}（{c.basis}）" for c in outcome.mitigated_by)
        lines.append(_("Mitigation (减轻) for %(names)s: below the statutory minimum, %(range)s; decided by the heads "
                       "collectively (集体讨论).") % {"names": names, "range": outcome.range.text()})
        return lines
    for group, label in ((outcome.lighter, _("Lightening circumstances")), (outcome.heavier, _("Aggravating circumstances"))):
        if group:
            lines.append(f"{label}：" + "、".join(
                f"{c.name}（{_mandatory(c)}）" for c in group))
    direction = {LOWER: _("lighter"), MIDDLE: _("neither lighter nor heavier"), UPPER: _("heavier")}[outcome.direction]
    if outcome.no_fine:
        lines.append(_("Rule %(rule)s: %(direction)s means a lighter kind of penalty without a fine.")
                     % {"rule": outcome.strategy.label, "direction": direction})
    else:
        lines.append(_("Rule %(rule)s: %(direction)s takes %(low)s–%(high)s of the tier's range: %(range)s.") % {
            "rule": outcome.strategy.label, "direction": direction, "low": _share(outcome.band[0]),
            "high": _share(outcome.band[1]), "range": outcome.range.text()})
    if outcome.statutory_range is not None:
        lines.append(_("Statutory range %(range)s; the range stays inside it.") % {"range": outcome.statutory_range.text()})
    return lines


# --- checking a decision --------------------------------------------------------------------


@dataclass(frozen=True)
class Deviation:
    """Where a decided penalty leaves the benchmark (裁量偏差)."""

    field: str
    rule: str
    detail: str


def check(outcome: Outcome, *, decision: str, penalty_kind: str = "", penalty_amount: Decimal | None = None) -> list[Deviation]:
    """Every way the decision leaves what the benchmark allows; [] when it keeps to it."""
    found = []
    tier = str(LEVEL_LABELS[outcome.level]) if outcome.level else str(_("statutory standard"))
    if outcome.exempt:
        if decision == GRANTED:
            found.append(Deviation("decision", "discretion-no-penalty", str(_(
                "The benchmark says no penalty (不予处罚) for these facts, but a penalty is imposed."))))
        return found
    if decision == DENIED:
        found.append(Deviation("decision", "discretion-penalty-required", _(
            "The benchmark calls for a penalty (tier %(tier)s), but none is imposed.") % {"tier": tier}))
        return found
    amount = penalty_amount if penalty_amount is not None else Decimal("0.00")
    final = outcome.range
    standard = outcome.standard or Standard()
    warning_alone = amount == 0 and standard.warning  # the tier allows a warning instead of a fine
    if final is not None and not final.contains(amount) and not warning_alone:
        if final.high == 0:
            detail = _("The fine of %(amount)s yuan is not allowed: tier %(tier)s imposes no fine here.")
        elif amount < final.low:
            detail = _("The fine of %(amount)s yuan is below the range of tier %(tier)s, %(range)s.")
        else:
            detail = _("The fine of %(amount)s yuan is above the range of tier %(tier)s, %(range)s.")
        found.append(Deviation("penalty_amount", "discretion-range",
                               detail % {"amount": money_text(amount), "tier": tier, "range": final.text()}))
    kind = penalty_kind or ""
    if "吊销" in kind and "revoke" not in standard.licence:
        found.append(Deviation("penalty_kind", "discretion-kind", _(
            "Revoking the licence is not a penalty of tier %(tier)s.") % {"tier": tier}))
    if any(word in kind for word in ("暂扣", "停产停业", "停业整顿")) and not standard.licence:
        found.append(Deviation("penalty_kind", "discretion-kind", _(
            "Suspending the licence or business is not a penalty of tier %(tier)s.") % {"tier": tier}))
    if "拘留" in kind and standard.detention is None:
        found.append(Deviation("penalty_kind", "discretion-kind", _(
            "Detention is not a penalty of tier %(tier)s.") % {"tier": tier}))
    return found


# --- the review state machine ---------------------------------------------------------------

DRAFT, SUBMITTED, PUBLISHED, SUPERSEDED = "draft", "submitted", "published", "superseded"
OPEN_STATES = (DRAFT, SUBMITTED)


@dataclass(frozen=True)
class Move:
    """One action of the review state machine: who may take it, from where to where."""

    sources: frozenset
    target: str
    role: str  # "drafter" (the department's catalog clerk or the legal office) or "legal"


# 起草 → 报送法制办审核 → 发布 → 被新版本替代, with the legal office returning a submission.
TRANSITIONS = {
    "submit": Move(frozenset({DRAFT}), SUBMITTED, "drafter"),
    "return": Move(frozenset({SUBMITTED}), DRAFT, "legal"),
    "publish": Move(frozenset({SUBMITTED}), PUBLISHED, "legal"),
    "supersede": Move(frozenset({PUBLISHED}), SUPERSEDED, "legal"),  # when the next version is published
}


def _mandatory(circumstance) -> str:
    return _("mandatory") if circumstance.mandatory else _("optional")

"""Pure catalog rules: content validation, the review state machine, codes and diffs."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Category, Disclosure, LimitUnit, ReviewAction, VersionState

CODE_PATTERN = re.compile(r"^(?P<region>[0-9]{6})-(?P<department>[0-9]{3})-(?P<category>[A-Z]{2})-(?P<sequence>[0-9]{4})$")
PHONE_PATTERN = re.compile(r"^[0-9+()\- ]{5,30}$")
HOURS = {LimitUnit.HOUR: 1, LimitUnit.DAY: 24, LimitUnit.WORKDAY: 24}

# The fields a version holds, in the order forms, exports and diffs show them.
CONTENT_FIELDS = (
    "name", "legal_bases", "conditions", "materials", "fees", "result_documents",
    "statutory_limit", "statutory_unit", "committed_limit", "committed_unit", "extension_limit",
    "consultation_phone", "supervision_phone", "handling_place", "online", "disclosure", "filed_reason",
)


def power_code(region_code: str, department_code: str, category: str, sequence: int) -> str:
    """The unified code (统一编码): region, department, category and a sequence."""
    return f"{region_code}-{department_code}-{category}-{sequence:04d}"


@dataclass(frozen=True)
class Move:
    """One action of the review state machine: who may take it, from where to where."""

    sources: frozenset
    target: str
    role: str  # "clerk" or "legal"
    record: str  # the ReviewAction written to the change log


# The review workflow (申请 → 法制办审核 → 回复确认 → 发布) as one table.
TRANSITIONS = {
    "submit": Move(frozenset({VersionState.DRAFT, VersionState.RETURNED}), VersionState.SUBMITTED, "clerk", ReviewAction.SUBMITTED),
    "withdraw": Move(frozenset({VersionState.SUBMITTED}), VersionState.DRAFT, "clerk", ReviewAction.WITHDRAWN),
    "discard": Move(frozenset({VersionState.DRAFT, VersionState.RETURNED}), VersionState.DISCARDED, "clerk", ReviewAction.DISCARDED),
    "return": Move(frozenset({VersionState.SUBMITTED}), VersionState.RETURNED, "legal", ReviewAction.RETURNED),
    "approve": Move(frozenset({VersionState.SUBMITTED}), VersionState.APPROVED, "legal", ReviewAction.APPROVED),
    "publish": Move(frozenset({VersionState.APPROVED}), VersionState.PUBLISHED, "legal", ReviewAction.PUBLISHED),
}


def _error(field: str, rule: str, detail) -> dict:
    return {"field": field, "rule": rule, "detail": detail}


def limits_errors(statutory_limit, statutory_unit, committed_limit, committed_unit) -> list[dict]:
    """Committed ≤ statutory, in units that can be compared for certain.

    A committed limit in working days may stretch over weekends, so it is only compared with
    a statutory limit that is also in working days.
    """
    if committed_unit == LimitUnit.WORKDAY and statutory_unit != LimitUnit.WORKDAY:
        return [_error("committed_unit", "committed-unit-comparable",
                       _("A committed limit in working days needs a statutory limit in working days."))]
    if committed_limit * HOURS[committed_unit] > statutory_limit * HOURS[statutory_unit]:
        return [_error("committed_limit", "committed-within-statutory",
                       _("The committed limit (%(c)s) exceeds the statutory limit (%(s)s).")
                       % {"c": f"{committed_limit} {LimitUnit(committed_unit).label}",
                          "s": f"{statutory_limit} {LimitUnit(statutory_unit).label}"})]
    return []


def _positive_int(data, field, errors, *, minimum=1):
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        errors.append(_error(field, "positive-integer" if minimum else "non-negative-integer",
                             _("Must be a whole number of at least %(n)s.") % {"n": minimum}))
        return None
    return value


def _text(data, field, errors, *, required=False, max_length=None):
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(_error(field, "text", _("Must be text.")))
        return ""
    value = value.strip()
    if required and not value:
        errors.append(_error(field, "required", _("This field is required.")))
    if max_length and len(value) > max_length:
        errors.append(_error(field, "max-length", _("At most %(n)s characters.") % {"n": max_length}))
    return value


def _list_of(data, field, errors, item_fields: dict, *, required=False) -> list:
    """A list of objects whose ``item_fields`` (name → required) are text."""
    items = data.get(field) or []
    if not isinstance(items, list):
        errors.append(_error(field, "list", _("Must be a list.")))
        return []
    if required and not items:
        errors.append(_error(field, "required", _("At least one entry is required.")))
    cleaned = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(_error(f"{field}[{index}]", "object", _("Must be an object.")))
            continue
        row = {}
        for name, needed in item_fields.items():
            value = item.get(name, "")
            if name == "required":
                row[name] = bool(value) if value != "" else True
                continue
            if name == "copies":
                row[name] = int(value) if str(value).isdigit() and int(value) > 0 else 1
                continue
            value = "" if value is None else str(value).strip()
            if needed and not value:
                errors.append(_error(f"{field}[{index}].{name}", "required", _("This field is required.")))
            row[name] = value
        cleaned.append(row)
    return cleaned


def clean_content(data: dict) -> tuple[dict, list[dict]]:
    """Check a version's content; return the cleaned content and every error found."""
    errors: list[dict] = []
    out = {
        "name": _text(data, "name", errors, required=True, max_length=200),
        "legal_bases": _list_of(data, "legal_bases", errors, {"law": True, "article": True, "text": False}, required=True),
        "conditions": _text(data, "conditions", errors),
        "materials": _list_of(data, "materials", errors, {"name": True, "required": False, "copies": False, "note": False}),
        "fees": _list_of(data, "fees", errors, {"name": True, "standard": True, "basis": True}),
        "consultation_phone": _text(data, "consultation_phone", errors, max_length=30),
        "supervision_phone": _text(data, "supervision_phone", errors, max_length=30),
        "handling_place": _text(data, "handling_place", errors, max_length=200),
        "online": bool(data.get("online", True)),
        "filed_reason": _text(data, "filed_reason", errors),
    }
    documents = data.get("result_documents") or []
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        errors.append(_error("result_documents", "list-of-text", _("Must be a list of document names.")))
        documents = []
    out["result_documents"] = [d.strip() for d in documents if d.strip()]
    for field in ("consultation_phone", "supervision_phone"):
        if out[field] and not PHONE_PATTERN.match(out[field]):
            errors.append(_error(field, "phone", _("Not a phone number.")))
    units_ok = True
    for field in ("statutory_unit", "committed_unit"):
        value = data.get(field, LimitUnit.WORKDAY)
        if value not in LimitUnit.values:
            errors.append(_error(field, "choice", _("Must be one of: %(choices)s.") % {"choices": ", ".join(LimitUnit.values)}))
            units_ok = False
        out[field] = value
    out["statutory_limit"] = _positive_int(data, "statutory_limit", errors)
    out["committed_limit"] = _positive_int(data, "committed_limit", errors)
    out["extension_limit"] = _positive_int({"extension_limit": data.get("extension_limit", 0)}, "extension_limit", errors, minimum=0)
    if units_ok and out["statutory_limit"] and out["committed_limit"]:
        errors += limits_errors(out["statutory_limit"], out["statutory_unit"], out["committed_limit"], out["committed_unit"])
    disclosure = data.get("disclosure", Disclosure.PUBLIC)
    if disclosure not in Disclosure.values:
        errors.append(_error("disclosure", "choice", _("Must be one of: %(choices)s.") % {"choices": ", ".join(Disclosure.values)}))
    elif disclosure == Disclosure.FILED_ONLY and not out["filed_reason"]:
        errors.append(_error("filed_reason", "filed-only-needs-reason", _("A filed-only power needs the reason it is not public.")))
    out["disclosure"] = disclosure
    if disclosure == Disclosure.PUBLIC:
        out["filed_reason"] = ""
    return out, errors


def category_errors(category) -> list[dict]:
    if category not in Category.values:
        return [_error("category", "choice", _("Must be one of the 11 category codes: %(codes)s.") % {"codes": ", ".join(Category.values)})]
    return []


def code_errors(code: str, region_code: str, department_code: str, category: str) -> list[dict]:
    """An explicit code must have the unified format and match its department and category."""
    match = CODE_PATTERN.match(code or "")
    if not match:
        return [_error("code", "code-format", _("A code looks like 320100-012-XK-0001 (region-department-category-sequence)."))]
    if (match["region"], match["department"], match["category"]) != (region_code, department_code, category):
        return [_error("code", "code-matches-department", _("The code does not match the department and category."))]
    return []


def diff(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """The content fields that differ between two versions: (field, old value, new value)."""
    return [(f, old.get(f), new.get(f)) for f in CONTENT_FIELDS if old.get(f) != new.get(f)]


def version_content(version) -> dict:
    return {field: getattr(version, field) for field in CONTENT_FIELDS}

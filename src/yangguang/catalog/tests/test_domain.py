import pytest

from yangguang.catalog import domain
from yangguang.catalog.models import VersionState


@pytest.mark.parametrize(
    "statutory, committed, ok",
    [
        ((20, "workday"), (15, "workday"), True),   # the usual licence: 15 of 20 working days
        ((20, "workday"), (20, "workday"), True),   # equal is allowed
        ((20, "workday"), (21, "workday"), False),  # one day over
        ((90, "day"), (60, "day"), True),           # penalty decided within 90 natural days
        ((2, "day"), (48, "hour"), True),           # 48 hours fit in 2 natural days
        ((2, "day"), (49, "hour"), False),
        ((20, "workday"), (20, "day"), True),       # 20 natural days end before 20 working days
        ((30, "day"), (10, "workday"), False),      # working days may stretch past natural days: not comparable
    ],
)
def test_committed_limit_within_statutory(statutory, committed, ok):
    errors = domain.limits_errors(statutory[0], statutory[1], committed[0], committed[1])
    assert (errors == []) is ok
    if not ok:
        assert errors[0]["field"] in ("committed_limit", "committed_unit")


def test_clean_content_reports_every_error_at_once(licence_content):
    bad = dict(licence_content, name="", committed_limit=30, legal_bases=[{"law": "", "article": "第一条"}],
               consultation_phone="call me", disclosure="filed", filed_reason="")
    _, errors = domain.clean_content(bad)
    rules = {(e["field"], e["rule"]) for e in errors}
    assert ("name", "required") in rules
    assert ("committed_limit", "committed-within-statutory") in rules
    assert ("legal_bases[0].law", "required") in rules
    assert ("consultation_phone", "phone") in rules
    assert ("filed_reason", "filed-only-needs-reason") in rules


def test_clean_content_accepts_good_content(licence_content):
    cleaned, errors = domain.clean_content(licence_content)
    assert errors == []
    assert cleaned["materials"][0] == {"name": "建设项目用地预审申请表", "required": True, "copies": 1, "note": ""}


def test_power_code_and_its_check():
    code = domain.power_code("320100", "012", "XK", 7)
    assert code == "320100-012-XK-0007"
    assert domain.code_errors(code, "320100", "012", "XK") == []
    assert domain.code_errors(code, "320100", "015", "XK")[0]["rule"] == "code-matches-department"
    assert domain.code_errors("XK-7", "320100", "012", "XK")[0]["rule"] == "code-format"


def test_review_state_machine_has_no_exit_from_final_states():
    finals = {VersionState.PUBLISHED, VersionState.SUPERSEDED, VersionState.DISCARDED}
    for move in domain.TRANSITIONS.values():
        assert not (move.sources & finals)


def test_diff_lists_changed_fields_only(licence_content):
    old, _ = domain.clean_content(licence_content)
    new = dict(old, committed_limit=10)
    assert domain.diff(old, new) == [("committed_limit", 15, 10)]

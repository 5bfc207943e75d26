"""Whole cases through the service layer, every due time checked against hand-computed values
on the official 2025–2026 calendar."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.cases import services
from yangguang.cases.errors import (
    ActionRefused, InvalidCase, NotApplicant, NotDepartmentHead, NotStepHolder, PowerNotOpen, StaleCase, StepNotActive,
)
from yangguang.cases.models import Case, Event, Suspension, Token, TokenState
from yangguang.catalog.models import Disclosure

from .conftest import PERSON, at, pdf

pytestmark = pytest.mark.django_db


def active_steps(case):
    steps = Token.objects.filter(case=case, state=TokenState.ACTIVE).values_list("step__key", flat=True)
    return sorted(steps)


def test_a_land_pre_review_from_application_to_delivery(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")  # Friday before the National Day holiday
    assert case.number.startswith("320100-20250926-")
    assert len(case.query_code) == 8
    assert case.state == "submitted" and active_steps(case) == ["accept"]
    # acceptance step limit 1 working day: Sat 09-27 is a rest day, Sun 09-28 a make-up workday
    assert Token.objects.get(case=case, step__key="accept").due_at == at("2025-09-29 00:00")

    case = act(case, "window", "accept", "2025-09-26 11:00")
    assert case.state == "in_progress" and case.clock_start == at("2025-09-26 11:00")
    # 15 working days from 09-27: 09-28 (make-up), 29, 30, [10-01..08 holiday], 10-09, 10, 11 (make-up),
    # 13, 14, 15, 16, 17, 20, 21, 22, 23 → due at 24:00 of 10-23
    assert case.committed_due == at("2025-10-24 00:00")
    # 20 working days: then 10-24, 27, 28, 29, 30 → 24:00 of 10-30
    assert case.statutory_due == at("2025-10-31 00:00")
    assert active_steps(case) == ["first-review"]

    case = act(case, "review", "complete", "2025-09-29 09:00", opinion="材料齐全")
    case = act(case, "review", "complete", "2025-09-30 15:00", opinion="已踏勘")
    assert active_steps(case) == ["examine", "planning"]  # parallel opinion of the planning bureau
    case = act(case, "review", "complete", "2025-10-09 10:00", step="examine")
    assert active_steps(case) == ["planning"]
    assert Token.objects.filter(case=case, state=TokenState.WAITING).count() == 1
    case = act(case, "planning", "complete", "2025-10-10 10:00", step="planning", opinion="符合规划")
    assert active_steps(case) == ["approve"]

    with pytest.raises(InvalidCase) as error:  # the exclusive gateway after 审批 needs its arm
        act(case, "approve", "complete", "2025-10-13 09:00")
    assert error.value.field == "branch"
    case = act(case, "approve", "decide", "2025-10-13 09:00", decision="granted", document_no="宁国土预〔2025〕88号")
    case = act(case, "approve", "complete", "2025-10-13 09:05", branch="准予")
    assert active_steps(case) == ["issue"]
    case = act(case, "window", "complete", "2025-10-14 10:00")
    assert case.state == "completed" and case.completed_at == at("2025-10-14 10:00")
    case = act(case, "window", "deliver", "2025-10-15 10:00", method="direct")
    assert case.delivered_at == at("2025-10-15 10:00")

    actions = list(Event.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["apply", "accept", "complete", "complete", "complete", "complete", "decide", "complete",
                       "complete", "complete_case", "deliver"]
    assert list(Event.objects.filter(case=case).values_list("seq", flat=True)) == list(range(1, 12))


def test_no_correction_notice_within_five_working_days_means_accepted_on_receipt(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")
    # five working days after 09-26: 09-28, 29, 30, 10-09, 10 → notice due by 24:00 of 10-10
    case = act(case, "window", "accept", "2025-10-11 09:00")
    assert case.clock_start == at("2025-09-26 10:00")
    assert case.committed_due == at("2025-10-24 00:00")


def test_after_a_correction_the_clock_starts_when_the_materials_are_complete(land_power, apply, act, officers):
    case = apply(land_power, "2026-04-30 16:00")  # Thursday before the Labour Day holiday (05-01..05)
    case = act(case, "window", "request_correction", "2026-04-30 17:00", items=["勘测定界图", "土地利用总体规划图"])
    assert case.state == "correcting"
    assert Token.objects.get(case=case, step__key="accept").due_at is None  # the applicant's time is not counted
    with pytest.raises(NotApplicant):
        act(case, "stranger", "supplement", "2026-05-06 09:00", materials=[("勘测定界图", pdf("图.pdf"))])
    case = services.case_act(actor=officers["applicant"], case=case, action="supplement", now=at("2026-05-06 09:00"),
                             materials=[("勘测定界图", pdf("图.pdf")), ("土地利用总体规划图", pdf("规划图.pdf"))])
    assert case.state == "submitted"
    # the acceptance step's one working day counts again from the complete materials: 24:00 of Thu 05-07
    assert Token.objects.get(case=case, step__key="accept").due_at == at("2026-05-08 00:00")
    case = act(case, "window", "accept", "2026-05-07 10:00")
    assert case.clock_start == at("2026-05-06 09:00")
    # 2026: 05-09 (Sat) is a make-up workday. 15 working days from 05-07: 07, 08, 09, 11, 12, 13, 14, 15,
    # 18, 19, 20, 21, 22, 25, 26 → 24:00 of 05-26
    assert case.committed_due == at("2026-05-27 00:00")
    with pytest.raises(ActionRefused) as error:
        act(case, "window", "request_correction", "2026-05-07 10:00", items=["x"])
    assert error.value.rule == "state-in_progress"


def test_only_one_correction_notice(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "request_correction", "2025-11-03 11:00", items=["申请报告"])
    case = act(case, "applicant", "supplement", "2025-11-04 11:00", note="已到窗口补交纸质申请报告")
    with pytest.raises(ActionRefused) as error:
        act(case, "window", "request_correction", "2025-11-04 12:00", items=["其他"])
    assert error.value.rule == "one-notice"


def test_a_correction_needs_every_item(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    with pytest.raises(InvalidCase) as error:
        act(case, "window", "request_correction", "2025-11-03 11:00", items=[])
    assert error.value.field == "items"


def test_refusal_needs_a_legal_reason_and_ends_the_case(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    with pytest.raises(InvalidCase) as error:
        act(case, "window", "refuse", "2025-11-03 11:00", reason=" ")
    assert error.value.field == "reason"
    case = act(case, "window", "refuse", "2025-11-03 11:00", reason="不属于本机关职权范围（行政许可法第三十二条第一款第二项）")
    assert case.state == "refused" and active_steps(case) == []
    with pytest.raises(ActionRefused):
        act(case, "window", "accept", "2025-11-03 12:00")


def test_suspension_stops_the_clock_and_extension_adds_working_days(land_power, apply, act):
    case = apply(land_power, "2025-12-01 09:00")  # Monday
    case = act(case, "window", "accept", "2025-12-01 10:00")
    # 15 working days from 12-02: 02..05, 08..12, 15..19, 22 → 24:00 of 12-22
    assert case.committed_due == at("2025-12-23 00:00")
    case = act(case, "review", "complete", "2025-12-02 10:00")
    case = act(case, "review", "suspend", "2025-12-03 00:00", kind="appraisal", reason="委托土地勘测定界技术鉴定")
    assert case.suspended_since == at("2025-12-03 00:00")
    assert case.committed_due is None  # an open special procedure stops the clock
    case = act(case, "review", "resume", "2025-12-05 00:00")
    # 12-03 and 12-04 (two working days) are not counted: due moves to 24:00 of 12-24
    assert case.committed_due == at("2025-12-25 00:00")
    assert Suspension.objects.get(case=case).ended_at == at("2025-12-05 00:00")

    case = act(case, "review", "request_extension", "2025-12-05 09:00", days=10, reason="需补充征求相关部门意见")
    with pytest.raises(NotDepartmentHead):
        act(case, "approve", "approve_extension", "2025-12-05 10:00")
    case = act(case, "head", "approve_extension", "2025-12-05 10:00", opinion="同意延长十个工作日")
    assert case.extension_days == 10
    # ten working days more: 12-25, 26, 29, 30, 31, [2026-01-01..03 New Year], 01-04 (Sun, make-up), 05, 06, 07, 08
    assert case.committed_due == at("2026-01-09 00:00")
    with pytest.raises(InvalidCase) as error:
        act(case, "review", "request_extension", "2025-12-08 09:00", days=1, reason="再延")
    assert error.value.rule == "extension-cap"


def test_the_public_view_reads_the_suspensions_once_and_not_for_a_case_never_suspended(land_power, apply, act):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yangguang.cases.selectors import case_public_view

    table = Suspension._meta.db_table

    def suspension_reads(case):
        with CaptureQueriesContext(connection) as queries:
            view = case_public_view(Case.objects.get(pk=case.pk), now=at("2025-12-08 10:00"))
        return sum(table in query["sql"] for query in queries), view

    never = act(apply(land_power, "2025-12-01 09:00"), "window", "accept", "2025-12-01 10:00")
    reads, view = suspension_reads(never)
    assert (reads, view["suspensions"], view["light"]) == (0, [], "green")
    case = act(apply(land_power, "2025-12-01 09:30"), "window", "accept", "2025-12-01 10:00")
    case = act(case, "review", "complete", "2025-12-02 10:00")
    case = act(case, "review", "suspend", "2025-12-03 00:00", kind="appraisal", reason="委托土地勘测定界技术鉴定")
    case = act(case, "review", "resume", "2025-12-05 00:00")
    reads, view = suspension_reads(case)
    assert reads == 1 and [(s["kind"], s["reason"], s["began_at"], s["ended_at"]) for s in view["suspensions"]] == [
        ("appraisal", "委托土地勘测定界技术鉴定", at("2025-12-03 00:00"), at("2025-12-05 00:00"))]
    assert [step["light"] for step in view["current_steps"]] == ["green"]


def test_a_joint_approval_with_an_expert_review_as_special_procedure(joint_power, apply, act):
    case = apply(joint_power, "2025-09-01 09:00")
    case = act(case, "window", "accept", "2025-09-01 10:00")
    assert active_steps(case) == ["land", "planning"]
    case = act(case, "review", "complete", "2025-09-02 10:00", step="land")
    assert active_steps(case) == ["expert", "planning"]
    assert case.suspended_since == at("2025-09-02 10:00")
    assert Suspension.objects.get(case=case).kind == "expert_review"
    case = act(case, "planning", "complete", "2025-09-03 10:00", step="planning")
    case = act(case, "review", "complete", "2025-09-10 10:00", step="expert")
    assert case.suspended_since is None
    assert active_steps(case) == ["decide"]
    with pytest.raises(InvalidCase) as error:  # the last step needs a decision on record
        act(case, "approve", "complete", "2025-09-11 10:00")
    assert error.value.rule == "decision-required"
    case = act(case, "approve", "decide", "2025-09-11 10:00", decision="denied", reason="不符合产业政策",
               document_no="宁联审〔2025〕1号")
    case = act(case, "approve", "complete", "2025-09-11 10:05")
    assert case.state == "completed"


def test_return_to_an_earlier_step_needs_a_reason(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    case = act(case, "review", "complete", "2025-11-04 11:00")
    with pytest.raises(InvalidCase) as error:
        act(case, "review", "return", "2025-11-05 11:00", to="accept", reason="x")
    assert error.value.rule == "return-target"
    with pytest.raises(InvalidCase):
        act(case, "review", "return", "2025-11-05 11:00", to="first-review", reason="")
    case = act(case, "review", "return", "2025-11-05 11:00", to="first-review", reason="踏勘发现界址不符，重新初审")
    assert active_steps(case) == ["first-review"]


def test_transfer_to_another_officer_of_the_same_post(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    with pytest.raises(InvalidCase):
        act(case, "review", "transfer", "2025-11-03 12:00", to="approve")
    case = act(case, "review", "transfer", "2025-11-03 12:00", to="review2")
    with pytest.raises(NotStepHolder):
        act(case, "review", "complete", "2025-11-03 13:00")
    case = act(case, "review2", "complete", "2025-11-03 13:00")
    assert active_steps(case) == ["survey"]


@pytest.mark.parametrize("who", ["approve", "planning", "stranger", "head"])
def test_only_the_holder_of_the_steps_post_in_its_department_acts(land_power, apply, act, who):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    with pytest.raises(NotStepHolder):
        act(case, who, "complete", "2025-11-03 12:00")
    assert Event.objects.filter(case=case).count() == 2


def test_a_step_that_is_not_active_is_refused(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    with pytest.raises(StepNotActive):
        act(case, "approve", "complete", "2025-11-03 12:00", step="approve")


def test_the_second_of_two_concurrent_actions_gets_a_conflict(land_power, apply, act, officers):
    case = apply(land_power, "2025-11-03 10:00")
    seen = case.last_seq
    services.case_act(actor=officers["window"], case=case, action="accept", seq=seen, now=at("2025-11-03 11:00"))
    with pytest.raises(StaleCase):
        services.case_act(actor=officers["window2"], case=case, action="accept", seq=seen, now=at("2025-11-03 11:00"))
    with pytest.raises((StepNotActive, ActionRefused)):  # without a seq: the step is gone
        services.case_act(actor=officers["window2"], case=case, action="accept", now=at("2025-11-03 11:00"))
    assert Event.objects.filter(case=case, action="accept").count() == 1


def test_an_unpublished_or_filed_only_power_cannot_be_applied_for(land_power, officers):
    version = land_power.published_version
    version.disclosure, version.filed_reason = Disclosure.FILED_ONLY, "涉密"
    version.save()
    with pytest.raises(PowerNotOpen):
        services.case_apply(actor=officers["applicant"], power=land_power, applicant=dict(PERSON), now=at("2025-11-03 10:00"))
    land_power.published_version = None
    land_power.save()
    with pytest.raises(PowerNotOpen):
        services.case_apply(actor=officers["applicant"], power=land_power, applicant=dict(PERSON), now=at("2025-11-03 10:00"))
    assert Case.objects.count() == 0


def test_bad_applicant_data_names_every_field(land_power, officers):
    with pytest.raises(InvalidCase) as error:
        services.case_apply(actor=officers["applicant"], power=land_power, now=at("2025-11-03 10:00"),
                            applicant={"kind": "person", "name": "", "id_type": "id_card", "id_number": "110105194912310021",
                                       "phone": "abc"})
    fields = {e["field"] for e in error.value.errors}
    assert fields == {"applicant.name", "applicant.id_number", "applicant.phone"}
    assert Case.objects.count() == 0


def test_uploads_are_checked_by_content(land_power, officers):
    fake = SimpleUploadedFile("申请表.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(InvalidCase) as error:
        services.case_apply(actor=officers["applicant"], power=land_power, applicant=dict(PERSON),
                            materials=[("申请表", fake)], now=at("2025-11-03 10:00"))
    assert error.value.errors[0]["rule"] == "file-type"
    assert Case.objects.count() == 0


def test_withdrawal_by_the_applicant(land_power, apply, act):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    with pytest.raises(NotApplicant):
        act(case, "stranger", "withdraw", "2025-11-04 09:00", reason="不办了")
    case = act(case, "applicant", "withdraw", "2025-11-04 09:00", reason="项目取消")
    assert case.state == "withdrawn" and active_steps(case) == []


def test_a_step_awaiting_the_applicants_correction_shows_no_warning(land_power, apply, act):
    from yangguang.cases.selectors import token_light
    from yangguang.cases.services import flow_graph

    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "request_correction", "2025-11-03 11:00", items=["申请报告"])
    token = Token.objects.get(case=case, step__key="accept")
    node = flow_graph(case.flow_id).nodes["accept"]
    assert token_light(token, node, now=at("2025-11-20 10:00")) == "green"  # weeks later: still the applicant's time

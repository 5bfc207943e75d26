"""API shapes of electronic supervision: alerts and their lifecycle, supervision orders,
complaints, notifications. Instants are ISO 8601 in Asia/Shanghai."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from yangguang.cases.schemas import Instant

from .domain import (
    ALERT_TRANSITIONS,
    COMPLAINT_TRANSITIONS,
    EFFICIENCY,
    FINDINGS,
    REPORT,
)

AlertAction = Literal[tuple(ALERT_TRANSITIONS) + ("order",)]  # type: ignore[valid-type]


class Strict(Schema):
    """Input: an unknown field is an error naming it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class DepartmentOut(Schema):
    code: str
    name: str


class AlertOut(Schema):
    id: int
    rule: str
    rule_name: str
    level: str
    status: str
    case: str | None
    step: str | None
    department: DepartmentOut
    raised_at: Instant
    correction_due: Instant | None
    detail: str
    order: int | None
    complaint: str | None = Field(description="Number of the complaint the alert is on (rule S02)")
    period: date | None = Field(description="First day of the month a quantitative alert is about")
    reference: str = Field(description="The case number in the department's own system (reported cases)")


class AlertActionOut(Schema):
    action: str
    actor: str | None
    at: Instant
    from_status: str
    to_status: str
    text: str


class OrderOut(Schema):
    id: int
    alert: int | None
    complaint: str | None
    department: DepartmentOut
    region: str
    parent: int | None
    issued_by: str | None
    issued_at: Instant
    text: str
    feedback_due: Instant
    status: str
    reply: str
    replied_at: Instant | None
    escalated_at: Instant | None
    conclusion: str
    verified: bool | None
    concluded_at: Instant | None


class AlertDetail(AlertOut):
    actions: list[AlertActionOut]
    orders: list[OrderOut]


class AlertPage(Schema):
    count: int
    items: list[AlertOut]


class AlertActionIn(Strict):
    action: AlertAction = Field(description="explain, correct, confirm, reject, request_removal, approve_removal, "
                                            "refuse_removal, or order (issue a supervision order on the alert)")
    fields: dict[str, Any] = Field(default_factory=dict, description='{"text": "…"} (the explanation, reason, '
                                                                     'or the order\'s advice)')


class OrderIn(Strict):
    alert: int | None = Field(None, description="The alert the order is on; or give complaint or department")
    complaint: str | None = Field(None, description="Number of the complaint the order is on")
    department: str | None = Field(None, description="Full code of the department, e.g. 320100-012")
    text: str = Field(description="The supervision advice (督办建议)")


class OrderActionIn(Strict):
    action: Literal["reply", "conclude"]
    fields: dict[str, Any] = Field(default_factory=dict, description='reply: {"text"}; conclude: {"text", "verified"}')


class NotificationOut(Schema):
    id: int
    kind: str
    alert: int | None
    order: int | None
    complaint: str | None
    text: str
    created_at: Instant
    read_at: Instant | None


class ComplaintIn(Strict):
    kind: Literal[EFFICIENCY, REPORT] = Field(description="efficiency (效能投诉, in one's own name) or report "  # type: ignore[valid-type]
                                                          "(举报, may be anonymous, confidential)")
    subject: str = Field(description="What the complaint is about, in a line")
    text: str = Field(description="What happened")
    case: str | None = Field(None, description="Number of the case complained about (its department follows)")
    department: str | None = Field(None, description="Full code of the department, e.g. 320100-012")
    officer_certificate: str | None = Field(None, description="Enforcement certificate number (执法证号) of the "
                                                              "officer complained about")
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_email: str = ""


class ComplaintFiled(Schema):
    number: str
    code: str = Field(description="The tracking code (查询码), shown only this once")
    received_at: Instant
    acceptance_due: Instant
    track_url: str


class ComplaintPublic(Schema):
    """What the complainant (or anyone with the number and code) sees: no personal data."""

    number: str
    kind: str
    department: DepartmentOut
    subject: str
    status: str
    status_name: str
    received_at: Instant
    acceptance_due: Instant
    accepted_at: Instant | None
    refusal_reason: str
    reply_due: Instant | None
    finding: str
    reply: str
    replied_at: Instant | None


class ComplaintActionOut(Schema):
    action: str
    actor: str | None
    at: Instant
    from_status: str
    to_status: str
    text: str


class ComplaintOut(ComplaintPublic):
    case: str | None
    officer: str | None
    complainant_name: str
    complainant_phone: str
    complainant_email: str
    text: str
    actions: list[ComplaintActionOut]
    orders: list[int]


class ComplaintActionIn(Strict):
    action: Literal[tuple(COMPLAINT_TRANSITIONS) + ("order",)] = Field(  # type: ignore[valid-type]
        description="accept, refuse (needs text: the reason), reply (needs text and finding), or order (issue a "
                    "supervision order on the complaint; text: the advice)")
    text: str = ""
    finding: Literal[FINDINGS + ("",)] = Field("", description="reply: confirmed, partly or unfounded")  # type: ignore[valid-type]
    officer: int | None = Field(None, description="accept/reply: id of the officer the complaint turns out to be about")


# --- cases reported by a department's own system (数据接口, rules P01 and N01) ----------------------


class ReportedStepIn(Strict):
    step: str = Field(description="Key of the step in the power's published flowchart")
    done_at: datetime = Field(description="When the step was done, with its time zone")


class ReportedCaseIn(Strict):
    department: str = Field("", description="Full code of the reporting department (ORG_ID, e.g. 320100-012); "
                                            "empty: the reporting officer's department")
    power_code: str = Field(description="Unified code of the power exercised (ITEM_ID)")
    reference: str = Field(description="The case's number in the department's own system (INTERNAL_NO)")
    steps: list[ReportedStepIn] = Field(default_factory=list, description="The steps done so far, in order")
    finished: bool = Field(False, description="Whether the case is finished (办结)")


class ViolationOut(Schema):
    index: int = Field(description="Position of the step in `steps`; the length of `steps` for a finish too early")
    step: str = Field(description="The step reported there (empty for the finish)")
    allowed: list[str] = Field(description="The steps the flowchart allowed there")
    kind: Literal["unknown", "order", "skipped"] = Field(
        description="unknown: not a step of the flowchart; order: out of order; skipped: finished before the end")


class ReportedCaseOut(Schema):
    result: Literal["conforms", "violation", "not_listed"]
    department: DepartmentOut
    power_code: str
    reference: str
    violation: ViolationOut | None
    alerts: list[AlertOut] = Field(description="The alerts on the reported case (N01 or P01), raised now or by an "
                                               "earlier report of it")


# --- performance evaluation (绩效评估) ---------------------------------------------------------------


class PeriodOut(Schema):
    label: str = Field(description="2026-11, 2026-Q4 or 2026")
    kind: Literal["month", "quarter", "year"]
    start: Instant = Field(description="00:00 Asia/Shanghai of its first day")
    end: Instant = Field(description="00:00 Asia/Shanghai of the day after it (exclusive)")
    months_scored: list[date] = Field(description="Its months that have begun; the score is their mean")


class RateOut(Schema):
    hits: int
    total: int
    value: float | None = Field(description="hits / total; null when total is 0")
    low: float | None = Field(None, description="95% Wilson interval, lower end (on-time rate only)")
    high: float | None = Field(None, description="95% Wilson interval, upper end")


class MonthScoreOut(Schema):
    month: date
    score: float


class PerformanceRowOut(Schema):
    id: int = Field(description="The department's id, or the officer's user id")
    code: str = Field(description="The department's full code, or the officer's username")
    name: str
    department: DepartmentOut
    score: float | None = Field(description="Mean of the monthly scores; null when no month has begun")
    place: list[int] | None = Field(description="[first, last] place by the on-time interval; null: not ranked")
    counts: dict[str, int]
    alerts: dict[str, int] = Field(description="Alerts counted in the period by level")
    complaints: dict[str, int] = Field(description="Complaints found confirmed or partly confirmed")
    rates: dict[str, RateOut]
    commitment_speedup: float | None = None
    average_days: float | None = None
    committed_days: float | None = None
    statutory_days: float | None = None
    licence_days: float | None = None
    months: list[MonthScoreOut]


class PerformanceOut(Schema):
    period: PeriodOut
    by: Literal["department", "officer"]
    items: list[PerformanceRowOut]


class ScoreLineOut(Schema):
    key: str = Field(description="red, yellow, prompt, confirmed_complaint, partly_confirmed_complaint, "
                                 "early_bonus or speedup_bonus")
    label: str
    count: int
    share: float | None = Field(description="The share behind a bonus (early cases / finished; speed-up)")
    points: float
    alerts: list[int] = Field(description="Ids of the alerts behind a card line")
    complaints: list[str] = Field(description="Numbers of the complaints behind a complaint line")
    cases: list[str] = Field(description="Numbers of the cases behind the early-completion line")
    powers: list[str] = Field(description="Codes of the powers behind the speed-up line")


class MonthDetailOut(Schema):
    month: date
    base: float
    score: float
    capped: bool
    floored: bool
    lines: list[ScoreLineOut]


class DepartmentPerformanceOut(PerformanceRowOut):
    period: PeriodOut
    score_months: list[MonthDetailOut]

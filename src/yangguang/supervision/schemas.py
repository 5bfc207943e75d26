"""API shapes of electronic supervision: alerts and their lifecycle, supervision orders,
notifications. Instants are ISO 8601 in Asia/Shanghai."""

from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from yangguang.cases.schemas import Instant

from .domain import ALERT_TRANSITIONS

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
    alert: int | None = Field(None, description="The alert the order is on; or give department")
    department: str | None = Field(None, description="Full code of the department, e.g. 320100-012; or give alert")
    text: str = Field(description="The supervision advice (督办建议)")


class OrderActionIn(Strict):
    action: Literal["reply", "conclude"]
    fields: dict[str, Any] = Field(default_factory=dict, description='reply: {"text"}; conclude: {"text", "verified"}')


class NotificationOut(Schema):
    id: int
    kind: str
    alert: int | None
    order: int | None
    text: str
    created_at: Instant
    read_at: Instant | None

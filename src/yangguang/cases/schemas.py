"""API shapes of cases. Every instant is ISO 8601 in Asia/Shanghai to the second
(``2025-09-26T10:00:00+08:00``); a due is exclusive: finishing at any earlier instant is on time."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from yangguang.worktime.domain import SHANGHAI

from .domain import ACTIONS
from .models import CaseState, IdType, PartyKind


def _to_the_second(value: datetime) -> datetime:
    return value.astimezone(SHANGHAI).replace(microsecond=0)


Instant = Annotated[datetime, AfterValidator(_to_the_second)]
Light = Literal["green", "yellow", "red"]
CaseStatus = Literal["submitted", "correcting", "in_progress", "suspended", "completed", "refused", "withdrawn"]


class Strict(Schema):
    """Input: an unknown field is an error naming it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --- input ----------------------------------------------------------------------------------


class ApplicantIn(Strict):
    kind: PartyKind = Field(description="person (自然人) or organisation (法人或其他组织)")
    name: str
    id_type: IdType = Field(description="An identity document for a person; credit_code for an organisation")
    id_number: str = Field(description="Checked: GB 11643 for an identity card, GB 32100 for a credit code")
    phone: str
    address: str = ""
    contact: str = Field("", description="Contact person of an organisation")


class ApplyIn(Strict):
    power: str = Field(description="Unified code of a published power, e.g. 320100-012-XK-0001")
    applicant: ApplicantIn
    title: str = Field("", description="The project or matter applied for")
    particulars: dict[str, Any] = Field(default_factory=dict, description="Further named values of the application")
    channel: Literal["online", "counter"] = Field(
        "online", description="online: by the applicant's own account; counter: registered by a window officer")


class ActionIn(Strict):
    action: str = Field(description="One of: " + ", ".join(ACTIONS))
    step: str = Field("", description="Key of the active step acted on; needed only when the actor holds several")
    seq: int | None = Field(None, description="The case's last event seq as the actor saw it (`last_seq`); "
                                              "a case changed since then is refused with 409")
    fields: dict[str, Any] = Field(default_factory=dict, description=(
        'The action\'s own fields, e.g. {"opinion": "…"} or {"decision": "granted", "document_no": "…"}'))


class CaseFilters(Schema):
    state: CaseState | None = None
    department: str = Field("", description="Department code with its region, e.g. 320100-012")
    power: str = Field("", description="Unified code of the power")
    limit: int = 50
    offset: int = 0


# --- output ---------------------------------------------------------------------------------


class PowerRef(Schema):
    code: str
    name: str
    category: str


class DepartmentRef(Schema):
    code: str = Field(description="Region code and department code, e.g. 320100-012")
    name: str


class Applied(Schema):
    number: str = Field(description="Case number (办件编号)")
    state: CaseState
    state_name: str
    received_at: Instant
    query_code: str = Field(description="Query code (查询密码) for the public progress query; shown only this once")
    url: str
    public_url: str


class CaseSummary(Schema):
    number: str
    power: PowerRef
    department: DepartmentRef
    title: str
    channel: str
    state: CaseState
    state_name: str
    status: CaseStatus
    status_name: str
    applicant_name: str
    received_at: Instant
    accepted_at: Instant | None
    committed_due: Instant | None
    statutory_due: Instant | None
    completed_at: Instant | None
    current_steps: str
    light: Light


class CasePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CaseSummary]


class ApplicantOut(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    contact: str
    account: str | None = Field(description="Username of the applicant's account (online applications)")


class PostRef(Schema):
    name: str
    department: str


class StepOut(Schema):
    key: str
    name: str
    kind: str
    state: Literal["active", "waiting", "done", "cancelled"]
    post: PostRef | None
    arrived_at: Instant
    due_at: Instant | None
    light: Light
    assignee: str | None = Field(description="Username of the officer the step was transferred to")
    done_at: Instant | None
    done_by: str | None


class SuspensionOut(Schema):
    kind: str
    kind_name: str
    reason: str
    began_at: Instant
    ended_at: Instant | None
    automatic: bool = Field(description="Started by reaching a special-procedure step of the flowchart")


class ExtensionOut(Schema):
    days: int = Field(description="Working days")
    reason: str
    state: Literal["requested", "approved", "refused"]
    state_name: str
    requested_by: str
    requested_at: Instant
    decided_by: str | None
    decided_at: Instant | None
    opinion: str


class FeeOut(Schema):
    name: str
    amount: str = Field(description="Yuan, two decimals")


class DecisionOut(Schema):
    decision: Literal["granted", "denied"]
    decision_name: str
    reason: str
    document_no: str
    penalty_kind: str
    penalty_amount: str | None = Field(description="Yuan, two decimals")
    decided_at: Instant
    delivered_at: Instant | None
    delivery_method: str
    fees: list[FeeOut] = Field(default_factory=list, description="Fees charged with the decision")


class MaterialOut(Schema):
    name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: Instant
    for_correction: bool


class CaseDetail(CaseSummary):
    particulars: dict[str, Any]
    applicant: ApplicantOut
    correction_requested_at: Instant | None
    correction_items: list[str]
    materials_complete_at: Instant | None
    clock_start: Instant | None = Field(description="The instant the case's periods count from (受理之日)")
    committed_limit: int
    committed_unit: str
    statutory_limit: int
    statutory_unit: str
    extension_days: int
    committed_due_display: str = Field(description="24:00:00 of the last day for a midnight due")
    statutory_due_display: str
    suspended_since: Instant | None
    closing_reason: str
    last_seq: int = Field(description="Send it back as `seq` with an action to refuse acting on a stale view")
    actions: list[str] = Field(description="Actions the case's state allows; who may take them is checked when taken")
    active_steps: list[StepOut]
    steps: list[StepOut] = Field(description="Every step the case reached, in order of arrival")
    suspensions: list[SuspensionOut]
    extensions: list[ExtensionOut]
    decision: DecisionOut | None
    materials: list[MaterialOut]


class EventOut(Schema):
    seq: int
    at: Instant
    action: str
    action_name: str
    step: str
    step_name: str
    actor: str | None = Field(description="Username; null for the platform itself")
    post: str | None
    opinion: str
    data: dict[str, Any]
    hash: str
    prev_hash: str


class QueueItemOut(Schema):
    number: str
    power: PowerRef
    department: DepartmentRef
    title: str
    applicant_name: str
    state: CaseState
    step: str
    step_name: str
    arrived_at: Instant
    due_at: Instant | None
    light: Light
    transferred_to_me: bool
    case_committed_due: Instant | None


# --- the public progress query ----------------------------------------------------------------


class PublicStep(Schema):
    name: str
    post: str = Field(description="The post handling the step (办理人岗位), never the officer")
    department: str
    arrived_at: Instant


class PublicCurrentStep(PublicStep):
    due_at: Instant | None = Field(description="Null for a special procedure, whose time is not counted")
    light: Light


class PublicDoneStep(PublicStep):
    done_at: Instant


class PublicSuspension(Schema):
    kind: str
    kind_name: str
    reason: str
    began_at: Instant
    ended_at: Instant | None


class PublicExtension(Schema):
    days: int = Field(description="Working days granted")
    reason: str
    decided_at: Instant | None


class PublicDecision(Schema):
    decision: Literal["granted", "denied"]
    decision_name: str
    document_no: str
    decided_at: Instant


class PublicCase(Schema):
    """What anyone holding the case number and its query code may see: no personal data."""

    number: str
    power: PowerRef
    department: str
    status: CaseStatus
    status_name: str
    received_at: Instant
    accepted_at: Instant | None
    committed_limit: int
    committed_unit: str
    statutory_limit: int
    statutory_unit: str
    committed_due: Instant | None
    committed_due_display: str
    statutory_due: Instant | None
    statutory_due_display: str
    light: Light
    current_steps: list[PublicCurrentStep]
    done_steps: list[PublicDoneStep] = Field(description="The steps done, in the order they were done")
    suspensions: list[PublicSuspension]
    extensions: list[PublicExtension]
    decision: PublicDecision | None
    completed_at: Instant | None

"""API shapes of legal-affairs supervision (政府法制监督): the dashboard, major-penalty thresholds and
filings, filings of rules and normative documents, reconsiderations and suits, and the register of
enforcement bodies and personnel. Instants are ISO 8601 in Asia/Shanghai to the second; a due is
exclusive."""

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from yangguang.cases.schemas import Instant, Strict
from yangguang.org.domain import Standing
from yangguang.org.models import CertificateAction, CertificateStatus, DepartmentKind
from yangguang.org.services import WITHDRAWALS

from .models import (
    AppealKind,
    AppealOutcome,
    DocumentKind,
    DocumentState,
    PenaltyFilingState,
    PenaltyOutcome,
)

PenaltyState = Literal[tuple(PenaltyFilingState.values)]  # type: ignore[valid-type]
DocumentStateName = Literal[tuple(DocumentState.values)]  # type: ignore[valid-type]
AppealKindName = Literal[tuple(AppealKind.values)]  # type: ignore[valid-type]


class DepartmentOut(Schema):
    code: str = Field(description="Full code of the department, e.g. 320100-012")
    name: str


# --- lists --------------------------------------------------------------------------------------


class PageFilters(Schema):
    limit: int = Field(50, description="At most this many items, 1 to 500")
    offset: int = Field(0, description="Skip this many items")


class PenaltyFilters(PageFilters):
    state: PenaltyState | None = Field(None, description="Only filings in this state")


class DocumentFilters(PageFilters):
    state: DocumentStateName | None = Field(None, description="Only filings in this state")


class AppealFilters(PageFilters):
    kind: AppealKindName | None = Field(None, description="reconsideration (行政复议) or litigation (行政应诉)")


# --- dashboard ----------------------------------------------------------------------------------


class DashboardFigures(Schema):
    penalty_pending: int = Field(description="Major penalties awaiting filing, not yet due")
    penalty_overdue: int = Field(description="Major penalties awaiting filing past their due (rule L01)")
    penalty_review: int = Field(description="Filed major penalties under review")
    penalty_review_overdue: int = Field(description="Of those, past the 30-day review due")
    document_review: int = Field(description="Filed documents under review")
    document_correction: int = Field(description="Documents whose correction is required")
    document_correction_overdue: int = Field(description="Of those, past the correction deadline (rule L02)")
    appeals_open: int = Field(description="Reconsiderations and suits without an outcome")
    appeals_overdue: int = Field(description="Of those, past their due")
    certificates: dict[str, int] | None = Field(None, description="Enforcement certificates (执法证) by standing today: "
                                                                  "valid, expiring, expired, pending, suspended, "
                                                                  "withdrawn")
    actions_refused: int | None = Field(None, description="Enforcement actions refused for want of a valid "
                                                          "certificate in the last 30 days")


class DepartmentStats(Schema):
    name: str = Field(description="The department's name")
    penalties: int = Field(description="Major-penalty filings")
    penalty_overdue: int = Field(description="Major penalties awaiting filing past their due")
    documents: int = Field(description="Documents filed")
    documents_late: int = Field(description="Documents filed after their due")
    appeals: int = Field(description="Reconsiderations and suits")
    concluded: int = Field(description="Of those, concluded")
    overturned: int = Field(description="Concluded by revocation, change or a finding of unlawfulness")
    rate: float | None = Field(description="Overturn rate (否定率): overturned / concluded; null when none concluded")


class DashboardOut(Schema):
    at: Instant = Field(description="The instant the figures are for")
    legal_office: bool = Field(description="Whether you act as a legal office (法制机构): review and set thresholds")
    figures: DashboardFigures
    stats: list[DepartmentStats] = Field(description="Statistics by department (执法情况统计), by name")


# --- thresholds (重大行政处罚备案范围) ------------------------------------------------------------


class ThresholdOut(Schema):
    fine_person: Decimal | None = Field(description="A fine on an individual strictly above this (yuan) is major; "
                                                    "null: never by amount")
    fine_organisation: Decimal | None = Field(description="The same for organisations")
    revocation: bool = Field(description="Whether licence revocations (吊销) are major")
    other_kinds: list[str] = Field(description="Penalty kinds that are major when the decision's kind contains one")
    updated_at: Instant
    updated_by: str | None


class DepartmentThresholdOut(Schema):
    department: DepartmentOut
    threshold: ThresholdOut | None = Field(description="null: no threshold set, no penalty of the department is "
                                                       "selected for filing")


class ThresholdPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DepartmentThresholdOut]


class ThresholdIn(Strict):
    fine_person: Decimal | None = Field(None, max_digits=14, description="Yuan, e.g. 1000.00; null: fines on "
                                                                         "individuals are never major by amount")
    fine_organisation: Decimal | None = Field(None, max_digits=14, description="Yuan, e.g. 20000.00; null: never by "
                                                                               "amount")
    revocation: bool = Field(True, description="Whether licence revocations are major")
    other_kinds: list[str] = Field(default_factory=list, description="Further major kinds, e.g. 责令停产停业; "
                                                                     "at most 60 characters each")


# --- major-penalty filings (重大行政处罚备案) -----------------------------------------------------


class PenaltyFilingOut(Schema):
    id: int
    case: str = Field(description="Number of the case that decided the penalty")
    document_no: str = Field(description="Number of the penalty decision document")
    penalty_kind: str
    penalty_amount: Decimal | None = Field(description="Yuan")
    department: DepartmentOut
    reasons: list[dict[str, Any]] = Field(description="Why it is major: {kind: fine|revocation|other, …}")
    selected_at: Instant
    due_at: Instant = Field(description="The filing is due before this instant")
    state: PenaltyState
    state_name: str
    filed_at: Instant | None
    filed_by: str | None
    filing_kind: str
    report: str = Field(description="The filing report sent with the case file")
    review_due: Instant | None
    reviewed_at: Instant | None
    reviewed_by: str | None
    outcome: str = Field(description="record, transfer or correct; empty until reviewed")
    opinion: str
    action_due: Instant | None = Field(description="When the transfer or the correction is due")
    corrected_at: Instant | None
    correction_text: str


class PenaltyFilingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PenaltyFilingOut]


class PenaltyFileIn(Strict):
    filing_kind: str = Field(description="The type of filing, at most 60 characters")
    report: str = Field(description="The filing report (备案报告)")


class PenaltyReviewIn(Strict):
    outcome: Literal[tuple(PenaltyOutcome.values)] = Field(  # type: ignore[valid-type]
        description="record (予以备案), transfer (crime suspected: to the judiciary within 7 days) or correct "
                    "(recommend revocation or change, carried out within 15 days)")
    opinion: str = Field("", description="The review opinion; required unless the outcome is record")


class CorrectionIn(Strict):
    text: str = Field(description="How the department carried out the correction")


# --- document filings (规章和规范性文件报备) ----------------------------------------------------------


class DocumentFilingOut(Schema):
    id: int
    department: DepartmentOut
    kind: str = Field(description="rule (规章) or normative (规范性文件)")
    kind_name: str
    title: str
    number: str = Field(description="The document number (文号)")
    published_on: date
    effective_on: date
    due_at: Instant = Field(description="The filing was due before this instant")
    filed_at: Instant
    filed_by: str | None
    late: bool = Field(description="Filed at or after its due (rule L02)")
    state: DocumentStateName
    state_name: str
    reviewed_at: Instant | None
    reviewed_by: str | None
    opinion: str
    correction_due: Instant | None
    corrected_at: Instant | None
    correction_text: str


class DocumentFilingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DocumentFilingOut]


class DocumentFileIn(Strict):
    department: str = Field(description="Full code of the filing department, e.g. 320100-012")
    kind: Literal[tuple(DocumentKind.values)] = Field(description="rule (规章) or normative (规范性文件)")  # type: ignore[valid-type]
    title: str
    number: str = Field(description="The document number (文号), unique in the department")
    published_on: date
    effective_on: date = Field(description="Not before published_on")


class DocumentReviewIn(Strict):
    lawful: bool = Field(description="true: lawful, recorded; false: correction required")
    opinion: str = Field("", description="The review opinion; required when a correction is required")
    correction_due: date | None = Field(None, description="The last day of the correction, after today; required "
                                                          "when a correction is required")


# --- reconsideration and litigation (行政复议 / 行政应诉) ---------------------------------------------


class AppealOut(Schema):
    id: int
    case: str = Field(description="Number of the case whose decision is appealed")
    department: DepartmentOut
    kind: AppealKindName
    kind_name: str
    number: str
    applicant: str = Field(description="The applicant or plaintiff")
    body: str = Field(description="The reconsideration body or court")
    grounds: str
    received_at: Instant
    due_at: Instant = Field(description="复议: the decision is due; 应诉: the answer is due")
    answered_at: Instant | None = Field(description="When the answer (答辩状) to a suit was submitted")
    outcome: str = Field(description="upheld, revoked, changed, unlawful or withdrawn; empty while open")
    outcome_name: str
    concluded_on: date | None
    recorded_by: str | None


class AppealPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AppealOut]


class AppealIn(Strict):
    case: str = Field(description="Number of the decided case appealed against")
    kind: AppealKindName = Field(description="reconsideration (行政复议) or litigation (行政应诉)")
    number: str = Field(description="The reconsideration's or the suit's number, unique for its kind")
    applicant: str = Field(description="The applicant or plaintiff")
    body: str = Field(description="The reconsideration body or court")
    grounds: str = ""
    received_at: AwareDatetime = Field(description="When the application was received or the complaint served, "
                                                   "with its time zone, not in the future")


class AppealConcludeIn(Strict):
    outcome: Literal[tuple(AppealOutcome.values)] = Field(  # type: ignore[valid-type]
        description="upheld (维持), revoked (撤销), changed (变更), unlawful (确认违法) or withdrawn")
    concluded_on: date = Field(description="Not before the appeal was received, not in the future")


# --- enforcement bodies and personnel (行政执法主体和人员) ------------------------------------------------

StandingName = Literal[tuple(standing.value for standing in Standing)]  # type: ignore[valid-type]
CertificateStatusName = Literal[tuple(CertificateStatus.values)]  # type: ignore[valid-type]
WithdrawalReason = Literal[tuple(WITHDRAWALS)]  # type: ignore[valid-type]


class PersonnelFilters(PageFilters):
    standing: StandingName | None = Field(None, description="Only certificates standing so today: valid, expiring, "
                                                            "expired, pending, suspended, withdrawn or none")
    department: str | None = Field(None, description="Only officers of this department, by its full code, e.g. "
                                                     "320100-012")


class OfficerOut(Schema):
    id: int
    name: str = Field(description="The officer's name, family name first")
    department: DepartmentOut
    certificate_no: str = Field(description="The enforcement certificate's number (执法证号); empty: none")
    certificate_status: CertificateStatusName = Field(
        description="Where the certificate is in the register: registered, active, refused, failed, left, lost or "
                    "transferred; empty: none")
    certificate_status_name: str
    standing: StandingName = Field(description="Where the certificate stands today (Asia/Shanghai); only valid and "
                                               "expiring ones may act on enforcement steps")
    areas: str = Field(description="The fields and territory the certificate covers")
    valid_from: date | None = Field(description="First day of validity, inclusive")
    valid_until: date | None = Field(description="Last day of validity, inclusive")
    checked_on: date | None = Field(description="Day of the last annual check (年检)")


class OfficerPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OfficerOut]


class CertificateEventOut(Schema):
    at: Instant
    action: Literal[tuple(CertificateAction.values)]  # type: ignore[valid-type]
    action_name: str
    certificate_no: str = Field(description="The certificate's number at the time")
    valid_until: date | None = Field(description="Its last day of validity at the time")
    note: str = Field(description="The reason or note given; for a refused action, the standing then")
    case_number: str = Field(description="For a refused action: the case")
    step: str = Field(description="For a refused action: the step")
    by: str | None = Field(description="Who acted; null for reminders and refused actions")


class OfficerDetailOut(OfficerOut):
    record: list[CertificateEventOut] = Field(description="The certificate's record (执法证履历), newest first, at "
                                                          "most 100 entries")


class CertificateRegisterIn(Strict):
    number: str = Field(description="The certificate's number, at most 40 characters, unique")
    areas: str = Field(description="The fields and territory it covers, at most 200 characters")
    valid_from: date
    valid_until: date = Field(description="Not before valid_from")


class CertificateReviewIn(Strict):
    approve: bool = Field(description="true: approved; false: refused, with the reason in note")
    note: str = Field("", description="The reason; required when refused")


class AnnualCheckIn(Strict):
    passed: bool
    valid_until: date | None = Field(None, description="The new last day of validity, after today; required when "
                                                       "passed")
    note: str = Field("", description="The reason; required when failed")


class CertificateWithdrawIn(Strict):
    reason: WithdrawalReason = Field(description="left (离职), lost (遗失) or transferred (调离)")
    note: str = ""


class OfficerRef(Schema):
    id: int
    name: str


class RefusedActionOut(Schema):
    at: Instant
    officer: OfficerRef
    department: DepartmentOut = Field(description="The officer's department at the time")
    case_number: str
    step: str = Field(description="The enforcement step refused")
    certificate_no: str = Field(description="The certificate's number at the time; empty: none")
    standing: StandingName = Field(description="Where the certificate stood at the time")


class RefusedActionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RefusedActionOut]


class PowerCount(Schema):
    category: str = Field(description="Category code, e.g. CF (administrative penalty)")
    name: str
    count: int = Field(description="Published powers of the category the body exercises")


class PeopleCount(Schema):
    certified: int = Field(description="Officers whose certificate is usable today (valid or expiring)")
    expiring: int = Field(description="Of those, expiring within the reminder period")
    unusable: int = Field(description="Officers whose certificate has expired or is suspended")


class BodyOut(Schema):
    department: DepartmentOut
    kind: Literal[tuple(DepartmentKind.values)] = Field(  # type: ignore[valid-type]
        description="organ (行政机关), authorised (法律法规授权组织) or entrusted (受委托组织)")
    kind_name: str
    basis: str = Field(description="The law, regulation or decision that sets up, authorises or entrusts the body")
    entrusted_by: str | None = Field(description="Full code of the entrusting organ, for an entrusted body")
    powers: list[PowerCount] = Field(description="Published powers by category, by code")
    power_total: int
    people: PeopleCount


class BodiesOut(Schema):
    on: date = Field(description="The day the personnel are counted for (today)")
    items: list[BodyOut] = Field(description="Active bodies you may see, by region and code")

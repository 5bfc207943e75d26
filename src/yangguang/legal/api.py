"""Legal-affairs supervision API (政府法制监督) under /api/v1/legal/: the dashboard, major-penalty
thresholds and filings, filings of rules and normative documents, reconsiderations and suits, and
the register of enforcement bodies and personnel (行政执法主体和人员; its writers are ``org.services``).

Thin doors onto ``selectors`` and ``services``, as the pages under /legal/ are: a user who may not
see those pages gets 403 here, a record of a department one may not see 404, and a refusal of a
service is the problem+json ``yangguang.api`` makes of its domain error."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from yangguang.cases.errors import CaseNotFound
from yangguang.cases.selectors import case_get_for
from yangguang.core.apiauth import authenticated
from yangguang.core.context import person_name
from yangguang.core.errors import Forbidden, InvalidInput, NotFound
from yangguang.org import services as org_services
from yangguang.org.models import CertificateAction, CertificateEvent, Officer

from . import selectors, services
from .models import Appeal, DocumentFiling, PenaltyFiling
from .rules import legal_office, sees_pages
from .schemas import (
    AnnualCheckIn,
    AppealConcludeIn,
    AppealFilters,
    AppealIn,
    AppealOut,
    AppealPage,
    BodiesOut,
    CertificateRegisterIn,
    CertificateReviewIn,
    CertificateWithdrawIn,
    CorrectionIn,
    DashboardOut,
    DepartmentThresholdOut,
    DocumentFileIn,
    DocumentFilingOut,
    DocumentFilingPage,
    DocumentFilters,
    DocumentReviewIn,
    OfficerDetailOut,
    OfficerPage,
    PageFilters,
    PenaltyFileIn,
    PenaltyFilingOut,
    PenaltyFilingPage,
    PenaltyFilters,
    PenaltyReviewIn,
    PersonnelFilters,
    RefusedActionPage,
    ThresholdIn,
    ThresholdPage,
)

router = Router(tags=["legal"])

PAGE_MAX = 500


def _require(user) -> None:
    """Who may see the pages under /legal/ uses this API: the legal office, supervisors, department staff."""
    if not sees_pages(user):
        raise Forbidden(_("Only the legal office, supervisors and department staff see legal supervision."),
                        rule="legal-reader")


def _page(filters: PageFilters, rows, out) -> dict:
    if not 1 <= filters.limit <= PAGE_MAX:
        raise InvalidInput.one("limit", "range", _("limit must be between 1 and 500"))
    if filters.offset < 0:
        raise InvalidInput.one("offset", "range", _("offset must not be negative"))
    return {"count": rows.count(), "limit": filters.limit, "offset": filters.offset,
            "items": [out(row) for row in rows[filters.offset:filters.offset + filters.limit]]}


def _department(department) -> dict:
    return {"code": department.full_code, "name": department.name}


def _username(user):
    return user.get_username() if user is not None else None


def _department_of(user, code: str):
    """One of the departments ``user`` sees here, by its full code (320100-012), else None."""
    region_code, _dash, department_code = code.strip().partition("-")
    return selectors.departments_for(user).filter(region__code=region_code, code=department_code).first()


# --- dashboard ----------------------------------------------------------------------------------


@router.get("/dashboard", response=DashboardOut, auth=authenticated,
            summary="Filings due and overdue, and statistics by department (执法情况统计)")
def dashboard(request: HttpRequest):
    _require(request.user)
    now = timezone.now()
    return {"at": now, "legal_office": legal_office(request.user), **selectors.dashboard_for(request.user, now)}


# --- thresholds (重大行政处罚备案范围) ------------------------------------------------------------


def _threshold(row) -> dict | None:
    if row is None:
        return None
    return {"fine_person": row.fine_person, "fine_organisation": row.fine_organisation, "revocation": row.revocation,
            "other_kinds": row.other_kinds, "updated_at": row.updated_at, "updated_by": _username(row.updated_by)}


@router.get("/thresholds", response=ThresholdPage, auth=authenticated,
            summary="The departments you see with their major-penalty thresholds (备案范围)")
def threshold_list(request: HttpRequest, filters: Query[PageFilters]):
    _require(request.user)
    page = _page(filters, selectors.departments_for(request.user), lambda department: department)
    rows = {row.department_id: row for row in selectors.thresholds_for(request.user).select_related("updated_by")
            .filter(department__in=page["items"])}
    page["items"] = [{"department": _department(department), "threshold": _threshold(rows.get(department.pk))}
                     for department in page["items"]]
    return page


@router.put("/thresholds/{department}", response=DepartmentThresholdOut, auth=authenticated,
            summary="Set a department's major-penalty thresholds (the legal office of its region)")
def threshold_put(request: HttpRequest, department: str, payload: ThresholdIn):
    _require(request.user)
    found = _department_of(request.user, department)
    if found is None:
        raise NotFound(_("No department %(code)s that you may see.") % {"code": department}, field="department")
    row = services.threshold_set(actor=request.user, department=found, fine_person=payload.fine_person,
                                 fine_organisation=payload.fine_organisation, revocation=payload.revocation,
                                 other_kinds=payload.other_kinds)
    return {"department": _department(found), "threshold": _threshold(row)}


# --- major-penalty filings (重大行政处罚备案) -----------------------------------------------------


def _penalty(filing: PenaltyFiling) -> dict:
    case = filing.case
    return {"id": filing.pk, "case": case.number, "document_no": case.document_no, "penalty_kind": case.penalty_kind,
            "penalty_amount": case.penalty_amount, "department": _department(filing.department),
            "reasons": filing.reasons, "selected_at": filing.selected_at, "due_at": filing.due_at,
            "state": filing.state, "state_name": filing.get_state_display(), "filed_at": filing.filed_at,
            "filed_by": _username(filing.filed_by), "filing_kind": filing.filing_kind, "report": filing.report,
            "review_due": filing.review_due, "reviewed_at": filing.reviewed_at,
            "reviewed_by": _username(filing.reviewed_by), "outcome": filing.outcome, "opinion": filing.opinion,
            "action_due": filing.action_due, "corrected_at": filing.corrected_at,
            "correction_text": filing.correction_text}


def _penalty_detail(user, pk: int) -> dict:
    return _penalty(selectors.penalty_filing_get_for(user, pk))


@router.get("/penalty-filings", response=PenaltyFilingPage, auth=authenticated,
            summary="Major-penalty filings you may see, soonest due first")
def penalty_list(request: HttpRequest, filters: Query[PenaltyFilters]):
    _require(request.user)
    rows = selectors.penalty_filings_for(request.user, filters.state or "").select_related(
        "department__region", "filed_by", "reviewed_by")
    return _page(filters, rows, _penalty)


@router.get("/penalty-filings/{filing_id}", response=PenaltyFilingOut, auth=authenticated,
            summary="One major-penalty filing")
def penalty_detail(request: HttpRequest, filing_id: int):
    _require(request.user)
    return _penalty_detail(request.user, filing_id)


@router.post("/penalty-filings/{filing_id}/file", response=PenaltyFilingOut, auth=authenticated,
             summary="File a selected major penalty with its report (the department); the review starts")
def penalty_file(request: HttpRequest, filing_id: int, payload: PenaltyFileIn):
    _require(request.user)
    filing = selectors.penalty_filing_get_for(request.user, filing_id)
    services.penalty_file(actor=request.user, filing=filing, filing_kind=payload.filing_kind, report=payload.report)
    return _penalty_detail(request.user, filing_id)


@router.post("/penalty-filings/{filing_id}/review", response=PenaltyFilingOut, auth=authenticated,
             summary="Conclude the review of a filed major penalty (the legal office)")
def penalty_review(request: HttpRequest, filing_id: int, payload: PenaltyReviewIn):
    _require(request.user)
    filing = selectors.penalty_filing_get_for(request.user, filing_id)
    services.penalty_review(actor=request.user, filing=filing, outcome=payload.outcome, opinion=payload.opinion)
    return _penalty_detail(request.user, filing_id)


@router.post("/penalty-filings/{filing_id}/correct", response=PenaltyFilingOut, auth=authenticated,
             summary="Report the revocation or change recommended by the review (the department)")
def penalty_correct(request: HttpRequest, filing_id: int, payload: CorrectionIn):
    _require(request.user)
    filing = selectors.penalty_filing_get_for(request.user, filing_id)
    services.penalty_correct(actor=request.user, filing=filing, text=payload.text)
    return _penalty_detail(request.user, filing_id)


# --- document filings (规章和规范性文件报备) ----------------------------------------------------------


def _document(filing: DocumentFiling) -> dict:
    return {"id": filing.pk, "department": _department(filing.department), "kind": filing.kind,
            "kind_name": filing.get_kind_display(), "title": filing.title, "number": filing.number,
            "published_on": filing.published_on, "effective_on": filing.effective_on, "due_at": filing.due_at,
            "filed_at": filing.filed_at, "filed_by": _username(filing.filed_by), "late": filing.late,
            "state": filing.state, "state_name": filing.get_state_display(), "reviewed_at": filing.reviewed_at,
            "reviewed_by": _username(filing.reviewed_by), "opinion": filing.opinion,
            "correction_due": filing.correction_due, "corrected_at": filing.corrected_at,
            "correction_text": filing.correction_text}


def _document_detail(user, pk: int) -> dict:
    return _document(selectors.document_filing_get_for(user, pk))


@router.get("/document-filings", response=DocumentFilingPage, auth=authenticated,
            summary="Filings of rules and normative documents you may see, newest first")
def document_list(request: HttpRequest, filters: Query[DocumentFilters]):
    _require(request.user)
    rows = selectors.document_filings_for(request.user, filters.state or "").select_related(
        "department__region", "filed_by", "reviewed_by")
    return _page(filters, rows, _document)


@router.post("/document-filings", response={201: DocumentFilingOut}, auth=authenticated,
             summary="File a rule (规章) or normative document (规范性文件) of your department",
             description="Filed at or after its due (30 days after publication) it is marked late and raises rule "
                         "L02 at once.")
def document_create(request: HttpRequest, payload: DocumentFileIn):
    _require(request.user)
    department = _department_of(request.user, payload.department)
    if department is None:
        raise InvalidInput.one("department", "exists", _("No department %(code)s that you may see.")
                               % {"code": payload.department})
    filing = services.document_file(actor=request.user, department=department, kind=payload.kind,
                                    title=payload.title, number=payload.number, published_on=payload.published_on,
                                    effective_on=payload.effective_on)
    return Status(201, _document_detail(request.user, filing.pk))


@router.get("/document-filings/{filing_id}", response=DocumentFilingOut, auth=authenticated,
            summary="One document filing")
def document_detail(request: HttpRequest, filing_id: int):
    _require(request.user)
    return _document_detail(request.user, filing_id)


@router.post("/document-filings/{filing_id}/review", response=DocumentFilingOut, auth=authenticated,
             summary="Find a filed document lawful, or require its correction by a day (the legal office)")
def document_review(request: HttpRequest, filing_id: int, payload: DocumentReviewIn):
    _require(request.user)
    filing = selectors.document_filing_get_for(request.user, filing_id)
    services.document_review(actor=request.user, filing=filing, lawful=payload.lawful, opinion=payload.opinion,
                             correction_due=payload.correction_due)
    return _document_detail(request.user, filing_id)


@router.post("/document-filings/{filing_id}/correct", response=DocumentFilingOut, auth=authenticated,
             summary="Answer a correction requirement (the department)")
def document_correct(request: HttpRequest, filing_id: int, payload: CorrectionIn):
    _require(request.user)
    filing = selectors.document_filing_get_for(request.user, filing_id)
    services.document_correct(actor=request.user, filing=filing, text=payload.text)
    return _document_detail(request.user, filing_id)


# --- reconsideration and litigation (行政复议 / 行政应诉) ---------------------------------------------


def _appeal(appeal: Appeal) -> dict:
    return {"id": appeal.pk, "case": appeal.case.number, "department": _department(appeal.department),
            "kind": appeal.kind, "kind_name": appeal.get_kind_display(), "number": appeal.number,
            "applicant": appeal.applicant, "body": appeal.body, "grounds": appeal.grounds,
            "received_at": appeal.received_at, "due_at": appeal.due_at, "answered_at": appeal.answered_at,
            "outcome": appeal.outcome, "outcome_name": appeal.get_outcome_display(),
            "concluded_on": appeal.concluded_on, "recorded_by": _username(appeal.recorded_by)}


def _appeal_detail(user, pk: int) -> dict:
    return _appeal(selectors.appeal_get_for(user, pk))


@router.get("/appeals", response=AppealPage, auth=authenticated,
            summary="Reconsiderations and suits you may see, newest received first")
def appeal_list(request: HttpRequest, filters: Query[AppealFilters]):
    _require(request.user)
    rows = selectors.appeals_for(request.user, filters.kind or "").select_related("department__region", "recorded_by")
    return _page(filters, rows, _appeal)


@router.post("/appeals", response={201: AppealOut}, auth=authenticated,
             summary="Record a reconsideration or suit against a decided case",
             description="A review of the case's major-penalty filing under way stops. Reconsideration is due 60 days "
                         "after receipt, the answer to a suit 15 days after service.")
def appeal_create(request: HttpRequest, payload: AppealIn):
    _require(request.user)
    try:
        case = case_get_for(request.user, payload.case)
    except CaseNotFound as exc:
        raise InvalidInput.one("case", "exists", _("No case %(number)s that you may see.")
                               % {"number": payload.case}) from exc
    appeal = services.appeal_record(actor=request.user, case=case, kind=payload.kind, number=payload.number,
                                    applicant=payload.applicant, body=payload.body, grounds=payload.grounds,
                                    received_at=payload.received_at)
    return Status(201, _appeal_detail(request.user, appeal.pk))


@router.get("/appeals/{appeal_id}", response=AppealOut, auth=authenticated,
            summary="One reconsideration or suit")
def appeal_detail(request: HttpRequest, appeal_id: int):
    _require(request.user)
    return _appeal_detail(request.user, appeal_id)


@router.post("/appeals/{appeal_id}/answer", response=AppealOut, auth=authenticated,
             summary="Record that the answer (答辩状) to a suit was submitted")
def appeal_answer(request: HttpRequest, appeal_id: int):
    _require(request.user)
    services.appeal_answer(actor=request.user, appeal=selectors.appeal_get_for(request.user, appeal_id))
    return _appeal_detail(request.user, appeal_id)


@router.post("/appeals/{appeal_id}/conclude", response=AppealOut, auth=authenticated,
             summary="Record the outcome of a reconsideration or suit")
def appeal_conclude(request: HttpRequest, appeal_id: int, payload: AppealConcludeIn):
    _require(request.user)
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    services.appeal_conclude(actor=request.user, appeal=appeal, outcome=payload.outcome,
                             concluded_on=payload.concluded_on)
    return _appeal_detail(request.user, appeal_id)


# --- enforcement bodies and personnel (行政执法主体和人员) ------------------------------------------------

RECORD_MAX = 100  # entries of an officer's certificate record shown with it, newest first


def _officer(officer: Officer, today) -> dict:
    return {"id": officer.pk, "name": person_name(officer.user), "department": _department(officer.department),
            "certificate_no": officer.certificate_no, "certificate_status": officer.certificate_status,
            "certificate_status_name": officer.get_certificate_status_display(),
            "standing": officer.certificate_standing(today), "areas": officer.certificate_areas,
            "valid_from": officer.certificate_valid_from, "valid_until": officer.certificate_valid_until,
            "checked_on": officer.certificate_checked_on}


def _event(event: CertificateEvent) -> dict:
    return {"at": event.at, "action": event.action, "action_name": event.get_action_display(),
            "certificate_no": event.certificate_no, "valid_until": event.valid_until, "note": event.note,
            "case_number": event.case_number, "step": event.step, "by": _username(event.actor)}


def _officer_detail(user, pk: int) -> dict:
    officer = selectors.officer_get_for(user, pk)
    events = selectors.certificate_events_for(user, officer=officer)[:RECORD_MAX]
    return {**_officer(officer, timezone.localdate()), "record": [_event(event) for event in events]}


@router.get("/personnel", response=OfficerPage, auth=authenticated,
            summary="Enforcement personnel you may see and where their certificates (执法证) stand today",
            description="Every officer holding or having held a certificate and every one at an enforcement post, "
                        "by department and certificate number.")
def personnel_list(request: HttpRequest, filters: Query[PersonnelFilters]):
    _require(request.user)
    department = None
    if filters.department is not None:
        department = _department_of(request.user, filters.department)
        if department is None:
            raise InvalidInput.one("department", "exists", _("No department %(code)s that you may see.")
                                   % {"code": filters.department})
    today = timezone.localdate()
    rows = selectors.officers_for(request.user, standing=filters.standing or "",
                                  department=department and department.pk, on=today)
    return _page(filters, rows, lambda officer: _officer(officer, today))


@router.get("/personnel/{officer_id}", response=OfficerDetailOut, auth=authenticated,
            summary="One officer's certificate with its record (执法证履历)")
def personnel_detail(request: HttpRequest, officer_id: int):
    _require(request.user)
    return _officer_detail(request.user, officer_id)


@router.post("/personnel/{officer_id}/register", response=OfficerDetailOut, auth=authenticated,
             summary="Register (登记) a certificate for review (the department's head or the legal office)",
             description="A first certificate, a renewal, or one replacing a certificate withdrawn, refused or lost; "
                         "not while one is under review or approved and in its validity.")
def personnel_register(request: HttpRequest, officer_id: int, payload: CertificateRegisterIn):
    _require(request.user)
    officer = selectors.officer_get_for(request.user, officer_id)
    org_services.certificate_register(actor=request.user, officer=officer, number=payload.number, areas=payload.areas,
                                      valid_from=payload.valid_from, valid_until=payload.valid_until)
    return _officer_detail(request.user, officer_id)


@router.post("/personnel/{officer_id}/review", response=OfficerDetailOut, auth=authenticated,
             summary="Approve or refuse a registered certificate (审核; the legal office)")
def personnel_review(request: HttpRequest, officer_id: int, payload: CertificateReviewIn):
    _require(request.user)
    officer = selectors.officer_get_for(request.user, officer_id)
    org_services.certificate_review(actor=request.user, officer=officer, approve=payload.approve, note=payload.note)
    return _officer_detail(request.user, officer_id)


@router.post("/personnel/{officer_id}/annual-check", response=OfficerDetailOut, auth=authenticated,
             summary="Record the annual check (年检; the legal office)",
             description="Passed, the certificate is valid to valid_until; failed, it may not be used until a later "
                         "check passes.")
def personnel_annual_check(request: HttpRequest, officer_id: int, payload: AnnualCheckIn):
    _require(request.user)
    officer = selectors.officer_get_for(request.user, officer_id)
    org_services.certificate_annual_check(actor=request.user, officer=officer, passed=payload.passed,
                                          valid_until=payload.valid_until, note=payload.note)
    return _officer_detail(request.user, officer_id)


@router.post("/personnel/{officer_id}/withdraw", response=OfficerDetailOut, auth=authenticated,
             summary="Withdraw a certificate: left the service, lost or transferred (the head or the legal office)")
def personnel_withdraw(request: HttpRequest, officer_id: int, payload: CertificateWithdrawIn):
    _require(request.user)
    officer = selectors.officer_get_for(request.user, officer_id)
    org_services.certificate_withdraw(actor=request.user, officer=officer, reason=payload.reason, note=payload.note)
    return _officer_detail(request.user, officer_id)


def _refused(event: CertificateEvent) -> dict:
    return {"at": event.at, "officer": {"id": event.officer_id, "name": person_name(event.officer.user)},
            "department": _department(event.department), "case_number": event.case_number, "step": event.step,
            "certificate_no": event.certificate_no, "standing": event.note}


@router.get("/refused-actions", response=RefusedActionPage, auth=authenticated,
            summary="Enforcement actions refused for want of a valid certificate (无证执法记录), newest first")
def refused_list(request: HttpRequest, filters: Query[PageFilters]):
    _require(request.user)
    rows = selectors.certificate_events_for(request.user, action=CertificateAction.ACTION_REFUSED)
    return _page(filters, rows, _refused)


@router.get("/bodies", response=BodiesOut, auth=authenticated,
            summary="Enforcement bodies (执法主体) you may see: kind, basis, powers and certified personnel")
def body_list(request: HttpRequest):
    _require(request.user)
    today = timezone.localdate()
    bodies = selectors.bodies_for(request.user, today)
    return {"on": today, "items": [{
        "department": _department(body["department"]), "kind": body["department"].kind,
        "kind_name": body["department"].get_kind_display(), "basis": body["department"].basis,
        "entrusted_by": body["department"].entrusted_by and body["department"].entrusted_by.full_code,
        "powers": [{"category": code, "name": str(label), "count": n} for code, label, n in body["powers"]],
        "power_total": body["power_total"], "people": body["people"]} for body in bodies]}

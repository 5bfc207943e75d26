"""The writers of legal-affairs supervision (政府法制监督): thresholds, the automatic selection of
major penalties (inside the deciding case's transaction), filings and their review, document
filings, reconsideration and litigation, the sweep that raises rules L01 and L02, and the
reminders before enforcement certificates expire (the register itself is ``org.services``).
Every public writer is one durable transaction."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.cases.domain import local
from yangguang.cases.models import Case
from yangguang.core.context import person_name
from yangguang.core.fields import day as _date
from yangguang.core.fields import money as _money
from yangguang.core.fields import raise_errors as _raise_errors
from yangguang.core.fields import text as _text
from yangguang.org.domain import Standing
from yangguang.org.models import CertificateAction, CertificateEvent, Officer, Role
from yangguang.org.rules import holders_over, is_legal_office_for
from yangguang.org.selectors import standing_q
from yangguang.org.services import certificate_prompts_record
from yangguang.supervision.models import Alert, AlertRule, Notification
from yangguang.supervision.services import alerts_notify, heads_of, notify
from yangguang.worktime.domain import format_due, local_date, midnight
from yangguang.worktime.selectors import calendar_held

from . import domain
from .errors import NotDepartmentFiler, NotLegalOffice, WrongState
from .models import (
    Appeal,
    AppealKind,
    AppealOutcome,
    DocumentFiling,
    DocumentKind,
    DocumentState,
    PenaltyFiling,
    PenaltyFilingState,
    PenaltyOutcome,
    PenaltyThreshold,
)
from .rules import files_for

PENALTY_UNFILED = "L01"  # 重大处罚未备案, seeded by supervision migration 0011
DOCUMENT_LATE = "L02"  # 规范性文件报备异常 (late filing or unanswered correction), same migration

_calendar = calendar_held


def _require_legal(actor, department) -> None:
    if not is_legal_office_for(actor, department):
        raise NotLegalOffice(_("Only the legal office of the department's region may do this."), field="actor",
                             rule="legal-office-only")


def _require_filer(actor, department) -> None:
    if not files_for(actor, department):
        raise NotDepartmentFiler(_("Only the head or an officer of %(department)s files for it.")
                                 % {"department": department.name}, field="department", rule="own-department")


def _require_state(record, *states) -> None:
    if record.state not in states:
        raise WrongState(_("Not possible while the filing is “%(state)s”.") % {"state": record.get_state_display()},
                         field="state", rule="wrong-state")


# --- thresholds (备案范围) -----------------------------------------------------------------------


def threshold_set(*, actor, department, fine_person=None, fine_organisation=None, revocation: bool = True,
                  other_kinds=(), now: datetime | None = None) -> PenaltyThreshold:
    """Set a department's major-penalty thresholds (重大行政处罚备案范围); the legal office only."""
    now = now or timezone.now()
    _require_legal(actor, department)
    errors: list = []
    person = _money(fine_person, "fine_person", errors)  # rounded to the fen
    organisation = _money(fine_organisation, "fine_organisation", errors)
    kinds = [kind.strip() for kind in (other_kinds or []) if kind and kind.strip()]
    if any(len(kind) > 60 for kind in kinds):
        errors.append({"field": "other_kinds", "rule": "max-length", "detail": _("Each kind has at most 60 characters.")})
    _raise_errors(errors)
    with transaction.atomic(durable=True):
        threshold, _created = PenaltyThreshold.objects.select_for_update().update_or_create(
            department=department, defaults={"fine_person": person, "fine_organisation": organisation,
                                             "revocation": bool(revocation), "other_kinds": list(dict.fromkeys(kinds)),
                                             "updated_at": now, "updated_by": actor})
    return threshold


def _threshold_of(department_id: int) -> domain.Threshold | None:
    row = PenaltyThreshold.objects.filter(department_id=department_id).first()
    if row is None:
        return None
    return domain.Threshold(row.fine_person, row.fine_organisation, row.revocation, tuple(row.other_kinds))


# --- major-penalty filing (重大行政处罚备案) -------------------------------------------------------


def penalty_select(case: Case, at: datetime) -> PenaltyFiling | None:
    """Select a granted penalty decision over its department's thresholds, in the caller's transaction."""
    if case.decision != "granted" or case.power.category != "CF":  # the cheap test first: no query
        return None
    reasons = domain.major_reasons(_threshold_of(case.department_id), party_kind=case.applicant_kind,
                                   penalty_kind=case.penalty_kind, amount=case.penalty_amount)
    if not reasons:
        return None
    decided_at = case.decided_at or at
    filing, _created = PenaltyFiling.objects.get_or_create(case=case, defaults={
        "department_id": case.department_id, "reasons": reasons, "selected_at": at,
        "due_at": domain.penalty_filing_due(decided_at, settings.YANGGUANG_PENALTY_FILING_WORKDAYS, _calendar())})
    return filing


class CaseObserver:
    """Legal supervision's side of ``cases.hooks``: a decided major penalty is selected for filing."""

    def case_saved(self, case, tokens, events, suspensions) -> None:
        for event in events:  # the decision is made once: later actions of the case cost nothing here
            if event.action == "decide":
                penalty_select(case, event.at)
                return


def penalty_file(*, actor, filing: PenaltyFiling, filing_kind: str, report: str,
                 now: datetime | None = None) -> PenaltyFiling:
    """The department files a selected decision with its case file; the 30-day review starts."""
    now = now or timezone.now()
    errors: list = []
    filing_kind = _text(filing_kind, "filing_kind", errors, max_length=60)
    report = _text(report, "report", errors)
    with transaction.atomic(durable=True):
        filing = PenaltyFiling.objects.select_for_update().select_related("department__region").get(pk=filing.pk)
        _require_filer(actor, filing.department)
        _require_state(filing, PenaltyFilingState.PENDING)
        _raise_errors(errors)
        filing.state, filing.filed_at, filing.filed_by = PenaltyFilingState.FILED, now, actor
        filing.filing_kind, filing.report = filing_kind, report
        filing.review_due = domain.days_due(now, settings.YANGGUANG_PENALTY_REVIEW_DAYS, _calendar())
        filing.save()
    return filing


def penalty_review(*, actor, filing: PenaltyFiling, outcome: str, opinion: str = "",
                   now: datetime | None = None) -> PenaltyFiling:
    """The legal office concludes its review: record it, transfer a suspected crime (7 days), or
    recommend revocation or change, which the department carries out within 15 days."""
    now = now or timezone.now()
    errors: list = []
    if outcome not in PenaltyOutcome.values:
        errors.append({"field": "outcome", "rule": "choice", "detail": _("Choose record, transfer or correct.")})
    opinion = _text(opinion, "opinion", errors, required=outcome != PenaltyOutcome.RECORD)
    with transaction.atomic(durable=True):
        filing = PenaltyFiling.objects.select_for_update().select_related("department__region").get(pk=filing.pk)
        _require_legal(actor, filing.department)
        _require_state(filing, PenaltyFilingState.FILED)
        _raise_errors(errors)
        filing.reviewed_at, filing.reviewed_by, filing.outcome, filing.opinion = now, actor, outcome, opinion
        calendar = _calendar()
        if outcome == PenaltyOutcome.RECORD:
            filing.state = PenaltyFilingState.RECORDED
        elif outcome == PenaltyOutcome.TRANSFER:
            filing.state = PenaltyFilingState.TRANSFERRED
            filing.action_due = domain.days_due(now, settings.YANGGUANG_PENALTY_TRANSFER_DAYS, calendar)
        else:
            filing.state = PenaltyFilingState.CORRECTION
            filing.action_due = domain.days_due(now, settings.YANGGUANG_PENALTY_CORRECTION_DAYS, calendar)
        filing.save()
    return filing


def penalty_correct(*, actor, filing: PenaltyFiling, text: str, now: datetime | None = None) -> PenaltyFiling:
    """The department reports how it revoked or changed the decision as recommended."""
    now = now or timezone.now()
    errors: list = []
    text = _text(text, "text", errors)
    with transaction.atomic(durable=True):
        filing = PenaltyFiling.objects.select_for_update().select_related("department__region").get(pk=filing.pk)
        _require_filer(actor, filing.department)
        _require_state(filing, PenaltyFilingState.CORRECTION)
        _raise_errors(errors)
        filing.state, filing.corrected_at, filing.correction_text = PenaltyFilingState.CORRECTED, now, text
        filing.save()
    return filing


# --- rules and normative documents (规章和规范性文件报备) ------------------------------------------


def _rule(code: str) -> AlertRule | None:
    return AlertRule.objects.filter(code=code, enabled=True).first()


def document_file(*, actor, department, kind: str, title: str, number: str, published_on, effective_on,
                  now: datetime | None = None) -> DocumentFiling:
    """The department files a rule or normative document; filed after its due it raises rule L02 at once."""
    now = now or timezone.now()
    _require_filer(actor, department)
    errors: list = []
    if kind not in DocumentKind.values:
        errors.append({"field": "kind", "rule": "choice", "detail": _("Choose a rule or a normative document.")})
    title = _text(title, "title", errors, max_length=200)
    number = _text(number, "number", errors, max_length=60)
    published, effective = _date(published_on, "published_on", errors), _date(effective_on, "effective_on", errors)
    if published and effective and effective < published:
        errors.append({"field": "effective_on", "rule": "after-publication",
                       "detail": _("The effective date cannot be before the publication date.")})
    if published and published > local_date(now):
        errors.append({"field": "published_on", "rule": "not-future",
                       "detail": _("A document is filed after it is published.")})
    if number and DocumentFiling.objects.filter(department=department, number=number).exists():
        errors.append({"field": "number", "rule": "unique", "detail": _("This document number is already filed.")})
    _raise_errors(errors)
    due_at = domain.document_filing_due(published, settings.YANGGUANG_DOCUMENT_FILING_DAYS, _calendar())
    with transaction.atomic(durable=True):
        filing = DocumentFiling.objects.create(
            department=department, kind=kind, title=title, number=number, published_on=published,
            effective_on=effective, due_at=due_at, filed_at=now, filed_by=actor, late=now >= due_at)
        if filing.late and (rule := _rule(DOCUMENT_LATE)):
            _alert(rule, filing.department_id, f"L02-{filing.pk}-late", now,
                   _("%(number)s %(title)s was filed at %(at)s, after its due %(due)s.")
                   % {"number": number, "title": title, "at": local(now), "due": format_due(due_at)})
            alerts_notify(now=now, rule_id=rule.pk, reference=f"L02-{filing.pk}-late")
    return filing


def _alert(rule: AlertRule, department_id: int, reference: str, now: datetime, detail: str) -> None:
    Alert.objects.bulk_create([Alert(rule=rule, department_id=department_id, level=rule.level, raised_at=now,
                                     reference=reference, detail=detail)], ignore_conflicts=True)


def document_review(*, actor, filing: DocumentFiling, lawful: bool, opinion: str = "", correction_due=None,
                    now: datetime | None = None) -> DocumentFiling:
    """The legal office finds the document lawful, or requires its correction by a deadline."""
    now = now or timezone.now()
    errors: list = []
    opinion = _text(opinion, "opinion", errors, required=not lawful)
    due_date = None
    if not lawful:
        due_date = _date(correction_due, "correction_due", errors)
        if due_date and due_date <= local_date(now):
            errors.append({"field": "correction_due", "rule": "future", "detail": _("The deadline must be after today.")})
    with transaction.atomic(durable=True):
        filing = DocumentFiling.objects.select_for_update().select_related("department__region").get(pk=filing.pk)
        _require_legal(actor, filing.department)
        _require_state(filing, DocumentState.FILED)
        _raise_errors(errors)
        filing.reviewed_at, filing.reviewed_by, filing.opinion = now, actor, opinion
        if lawful:
            filing.state = DocumentState.LAWFUL
        else:
            filing.state = DocumentState.CORRECTION
            # due at the end of the deadline day (24:00 Asia/Shanghai)
            filing.correction_due = midnight(due_date + timedelta(days=1))
        filing.save()
    return filing


def document_correct(*, actor, filing: DocumentFiling, text: str, now: datetime | None = None) -> DocumentFiling:
    """The department answers a correction requirement."""
    now = now or timezone.now()
    errors: list = []
    text = _text(text, "text", errors)
    with transaction.atomic(durable=True):
        filing = DocumentFiling.objects.select_for_update().select_related("department__region").get(pk=filing.pk)
        _require_filer(actor, filing.department)
        _require_state(filing, DocumentState.CORRECTION)
        _raise_errors(errors)
        filing.state, filing.corrected_at, filing.correction_text = DocumentState.CORRECTED, now, text
        filing.save()
    return filing


# --- reconsideration and litigation (行政复议 / 行政应诉) -------------------------------------------


def appeal_due(kind: str, received_at: datetime) -> datetime:
    """复议: decided within 60 days of receipt; 应诉: the answer within 15 days of service of the complaint."""
    days = (settings.YANGGUANG_RECONSIDERATION_DAYS if kind == AppealKind.RECONSIDERATION
            else settings.YANGGUANG_LITIGATION_ANSWER_DAYS)
    return domain.days_due(received_at, days, _calendar())


def appeal_record(*, actor, case: Case, kind: str, number: str, applicant: str, body: str, received_at: datetime,
                  grounds: str = "", now: datetime | None = None) -> Appeal:
    """Record a reconsideration or suit against a case's decision; a major-penalty review under way stops."""
    now = now or timezone.now()
    department = case.department
    if not (files_for(actor, department) or is_legal_office_for(actor, department)):
        raise NotDepartmentFiler(_("Only the department or the legal office records its appeals."), field="case",
                                 rule="own-department")
    errors: list = []
    if kind not in AppealKind.values:
        errors.append({"field": "kind", "rule": "choice", "detail": _("Choose reconsideration or litigation.")})
    number = _text(number, "number", errors, max_length=60)
    applicant = _text(applicant, "applicant", errors, max_length=100)
    body = _text(body, "body", errors, max_length=100)
    grounds = _text(grounds, "grounds", errors, required=False)
    if not case.decision:
        errors.append({"field": "case", "rule": "decided", "detail": _("Only a decided case can be appealed.")})
    if not isinstance(received_at, datetime):
        errors.append({"field": "received_at", "rule": "datetime", "detail": _("Give the date and time received.")})
    elif received_at > now:
        errors.append({"field": "received_at", "rule": "not-future", "detail": _("received_at cannot be in the future.")})
    if number and kind in AppealKind.values and Appeal.objects.filter(kind=kind, number=number).exists():
        errors.append({"field": "number", "rule": "unique", "detail": _("This number is already recorded.")})
    _raise_errors(errors)
    with transaction.atomic(durable=True):
        appeal = Appeal.objects.create(case=case, department=department, kind=kind, number=number,
                                       applicant=applicant, body=body, grounds=grounds, received_at=received_at,
                                       due_at=appeal_due(kind, received_at), recorded_by=actor)
        PenaltyFiling.objects.filter(case=case, state=PenaltyFilingState.FILED).update(
            state=PenaltyFilingState.STOPPED,
            opinion=_("Review stopped: %(kind)s %(number)s.") % {"kind": appeal.get_kind_display(), "number": number})
    return appeal


def appeal_answer(*, actor, appeal: Appeal, now: datetime | None = None) -> Appeal:
    """The department submits its answer (答辩状) to a suit."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        appeal = Appeal.objects.select_for_update().select_related("department__region").get(pk=appeal.pk)
        if not (files_for(actor, appeal.department) or is_legal_office_for(actor, appeal.department)):
            raise NotDepartmentFiler(_("Only the department or the legal office answers."), field="actor",
                                     rule="own-department")
        if appeal.kind != AppealKind.LITIGATION or appeal.answered_at or appeal.outcome:
            raise WrongState(_("Only an open suit not yet answered can be answered."), field="answered_at",
                             rule="wrong-state")
        appeal.answered_at = now
        appeal.save(update_fields=["answered_at"])
    return appeal


def appeal_conclude(*, actor, appeal: Appeal, outcome: str, concluded_on, now: datetime | None = None) -> Appeal:
    """Record the outcome: upheld, revoked, changed, confirmed unlawful, or withdrawn."""
    now = now or timezone.now()
    errors: list = []
    if outcome not in AppealOutcome.values:
        errors.append({"field": "outcome", "rule": "choice", "detail": _("Choose an outcome.")})
    concluded = _date(concluded_on, "concluded_on", errors)
    with transaction.atomic(durable=True):
        appeal = Appeal.objects.select_for_update().select_related("department__region").get(pk=appeal.pk)
        if not (files_for(actor, appeal.department) or is_legal_office_for(actor, appeal.department)):
            raise NotDepartmentFiler(_("Only the department or the legal office records the outcome."),
                                     field="actor", rule="own-department")
        if appeal.outcome:
            raise WrongState(_("The outcome is already recorded."), field="outcome", rule="already-concluded")
        if concluded and concluded < local_date(appeal.received_at):
            errors.append({"field": "concluded_on", "rule": "after-receipt",
                           "detail": _("concluded_on cannot be before the appeal was received.")})
        if concluded and concluded > local_date(now):
            errors.append({"field": "concluded_on", "rule": "not-future",
                           "detail": _("concluded_on cannot be in the future.")})
        _raise_errors(errors)
        appeal.outcome, appeal.concluded_on = outcome, concluded
        appeal.save(update_fields=["outcome", "concluded_on"])
    return appeal


# --- the sweep (rules L01 and L02) ------------------------------------------------------------------


def legal_sweep(*, now: datetime | None = None) -> dict:
    """Raise L01 on every major penalty still unfiled at its due and L02 on every document correction
    unanswered at its deadline; once each (the alert constraints). Idempotent."""
    now = now or timezone.now()
    raised = {PENALTY_UNFILED: 0, DOCUMENT_LATE: 0}
    with transaction.atomic(durable=True):
        if rule := _rule(PENALTY_UNFILED):
            late = list(PenaltyFiling.objects.filter(state=PenaltyFilingState.PENDING, due_at__lte=now)
                        .exclude(case__alerts__rule=rule).select_related("case"))
            Alert.objects.bulk_create([
                Alert(rule=rule, case_id=filing.case_id, department_id=filing.department_id, level=rule.level,
                      raised_at=now, detail=_("Major penalty %(number)s (%(document)s) was not filed by %(due)s.")
                      % {"number": filing.case.number, "document": filing.case.document_no,
                         "due": format_due(filing.due_at)})
                for filing in late], ignore_conflicts=True)
            raised[PENALTY_UNFILED] = len(late)
        if rule := _rule(DOCUMENT_LATE):
            late = list(DocumentFiling.objects.filter(state=DocumentState.CORRECTION, correction_due__lte=now))
            references = {f"L02-{filing.pk}-correction": filing for filing in late}
            known = set(Alert.objects.filter(rule=rule, reference__in=references).values_list("reference", flat=True))
            fresh = [(reference, filing) for reference, filing in references.items() if reference not in known]
            Alert.objects.bulk_create([
                Alert(rule=rule, department_id=filing.department_id, level=rule.level, raised_at=now,
                      reference=reference,
                      detail=_("%(number)s %(title)s: the correction required was not answered by %(due)s.")
                      % {"number": filing.number, "title": filing.title, "due": format_due(filing.correction_due)})
                for reference, filing in fresh], ignore_conflicts=True)
            raised[DOCUMENT_LATE] = len(fresh)
        if any(raised.values()):
            alerts_notify(now=now, rule__code__in=list(raised), raised_at=now)
    return raised


# --- reminders before enforcement certificates expire (执法证到期提醒) ----------------------------------


def certificates_prompt(*, now: datetime | None = None) -> int:
    """Remind the holder, the department's heads and the legal office over it of every certificate
    expiring within ``YANGGUANG_CERTIFICATE_PROMPT_DAYS``, once per validity date (a certificate
    renewed by its annual check is reminded again before its new date). Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic(durable=True):
        reminded = CertificateEvent.objects.filter(officer_id=OuterRef("pk"), action=CertificateAction.PROMPT,
                                                   valid_until=OuterRef("certificate_valid_until"))
        due = list(Officer.objects.filter(standing_q(Standing.EXPIRING, today)).exclude(Exists(reminded))
                   .select_related("user", "department__region").order_by("certificate_valid_until", "pk"))
        if not due:
            return 0
        heads = heads_of({officer.department_id for officer in due})
        offices = holders_over(Role.LEGAL_OFFICE, {officer.department.region for officer in due})
        rows = []
        for officer in due:
            text = _("Enforcement certificate %(number)s of %(name)s (%(department)s) expires on %(date)s: "
                     "arrange its annual check (年检) before then.") % {
                "number": officer.certificate_no, "name": person_name(officer.user),
                "department": officer.department.name, "date": officer.certificate_valid_until.isoformat()}
            link = reverse("legal:officer", args=[officer.pk])
            users = {officer.user_id} | heads.get(officer.department_id, set()) | offices[officer.department.region_id]
            rows += [Notification(user_id=user_id, kind="certificate", text=text, link=link, created_at=now)
                     for user_id in sorted(users)]
        notify(rows, _("Enforcement certificates due to expire"))
        certificate_prompts_record(due, now)
    return len(due)

"""The writers of the enforcement certificate register (执法证管理): 登记 → 审核 (通过/拒绝) → 年检,
and withdrawal for leaving (离职), loss (遗失) or transfer (调离). Each is one durable transaction
that changes the officer's certificate and appends its record (``CertificateEvent``); the record of
refused enforcement actions and of reminders before expiry is written here too."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.core.context import person_name
from yangguang.core.fields import day, raise_errors, text

from .errors import CertificateWrongState, NotRegisterKeeper
from .models import CertificateAction, CertificateEvent, CertificateStatus, Officer
from .rules import is_legal_office_for, reports_certificates_for

CHECKABLE = (CertificateStatus.ACTIVE, CertificateStatus.FAILED)  # the annual check (年检) is held on these
WITHDRAWABLE = (CertificateStatus.ACTIVE, CertificateStatus.REGISTERED, CertificateStatus.FAILED)
WITHDRAWALS = {"left": CertificateAction.LEFT, "lost": CertificateAction.LOST,
               "transferred": CertificateAction.TRANSFERRED}


def _today(now: datetime.datetime) -> datetime.date:
    """The date in the platform's zone (Asia/Shanghai)."""
    return timezone.localdate(now)


def _locked(officer: Officer) -> Officer:
    return Officer.objects.select_for_update().select_related("department__region", "user").get(pk=officer.pk)


def _record(officer: Officer, action: str, actor, now, note: str = "", **extra) -> CertificateEvent:
    return CertificateEvent.objects.create(
        officer=officer, department_id=officer.department_id, action=action, certificate_no=officer.certificate_no,
        valid_until=officer.certificate_valid_until, note=note, actor=actor, at=now, **extra)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotRegisterKeeper(_("Only the legal office over the department (or, to register and withdraw, "
                                  "the department's head) keeps its certificates."), field="actor",
                                rule="register-keeper")


def _require_status(officer: Officer, *statuses) -> None:
    if officer.certificate_status not in statuses:
        raise CertificateWrongState(_("Not possible while the certificate is “%(status)s”.")
                                    % {"status": officer.get_certificate_status_display()},
                                    field="certificate_status", rule="wrong-state")


def registrable(officer: Officer, today: datetime.date) -> bool:
    """A certificate may be registered unless one is under review or approved and still in its validity."""
    if officer.certificate_status == CertificateStatus.REGISTERED:
        return False
    return officer.certificate_status != CertificateStatus.ACTIVE or not officer.has_valid_certificate(today)


def certificate_register(*, actor, officer: Officer, number, areas, valid_from, valid_until,
                         now: datetime.datetime | None = None) -> Officer:
    """Register (登记) a certificate for review: a first one, a renewal, or one replacing a
    certificate withdrawn, refused or lost. A certificate in force or under review is withdrawn first."""
    now = now or timezone.now()
    errors: list = []
    number = text(number, "number", errors, max_length=40)
    areas = text(areas, "areas", errors, max_length=200)
    start, end = day(valid_from, "valid_from", errors), day(valid_until, "valid_until", errors)
    if start and end and end < start:
        errors.append({"field": "valid_until", "rule": "after-start",
                       "detail": _("The certificate cannot expire before it is valid.")})
    with transaction.atomic(durable=True):
        officer = _locked(officer)
        _require(reports_certificates_for(actor, officer.department))
        if not registrable(officer, _today(now)):
            raise CertificateWrongState(_("%(name)s already holds a certificate in force or under review.")
                                        % {"name": person_name(officer.user)}, field="number", rule="one-certificate")
        if number and Officer.objects.filter(certificate_no=number).exclude(pk=officer.pk).exists():
            errors.append({"field": "number", "rule": "unique",
                           "detail": _("Certificate %(number)s is another officer's.") % {"number": number}})
        raise_errors(errors)
        officer.certificate_no, officer.certificate_areas = number, areas
        officer.certificate_valid_from, officer.certificate_valid_until = start, end
        officer.certificate_status, officer.certificate_checked_on = CertificateStatus.REGISTERED, None
        officer.save(update_fields=["certificate_no", "certificate_areas", "certificate_valid_from",
                                    "certificate_valid_until", "certificate_status", "certificate_checked_on"])
        _record(officer, CertificateAction.REGISTER, actor, now, areas)
    return officer


def certificate_review(*, actor, officer: Officer, approve: bool, note: str = "",
                       now: datetime.datetime | None = None) -> Officer:
    """The legal office's review (审核) of a registered certificate; a refusal gives its reason."""
    now = now or timezone.now()
    errors: list = []
    note = text(note, "note", errors, required=not approve)
    with transaction.atomic(durable=True):
        officer = _locked(officer)
        _require(is_legal_office_for(actor, officer.department))
        _require_status(officer, CertificateStatus.REGISTERED)
        raise_errors(errors)
        officer.certificate_status = CertificateStatus.ACTIVE if approve else CertificateStatus.REFUSED
        officer.save(update_fields=["certificate_status"])
        _record(officer, CertificateAction.APPROVE if approve else CertificateAction.REFUSE, actor, now, note)
    return officer


def certificate_annual_check(*, actor, officer: Officer, passed: bool, valid_until=None, note: str = "",
                             now: datetime.datetime | None = None) -> Officer:
    """The annual check (年检): passed, the certificate is valid to the new date; failed (with the
    reason), it may not be used until a later check passes."""
    now = now or timezone.now()
    today = _today(now)
    errors: list = []
    note = text(note, "note", errors, required=not passed)
    until = day(valid_until, "valid_until", errors) if passed else None
    if until is not None and until <= today:
        errors.append({"field": "valid_until", "rule": "in-future",
                       "detail": _("A certificate passing its annual check is valid beyond today.")})
    with transaction.atomic(durable=True):
        officer = _locked(officer)
        _require(is_legal_office_for(actor, officer.department))
        _require_status(officer, *CHECKABLE)
        raise_errors(errors)
        if passed:
            officer.certificate_status, officer.certificate_valid_until = CertificateStatus.ACTIVE, until
            if officer.certificate_valid_from is None or officer.certificate_valid_from > today:
                officer.certificate_valid_from = today
        else:
            officer.certificate_status = CertificateStatus.FAILED
        officer.certificate_checked_on = today
        officer.save(update_fields=["certificate_status", "certificate_valid_from", "certificate_valid_until",
                                    "certificate_checked_on"])
        _record(officer, CertificateAction.ANNUAL_PASS if passed else CertificateAction.ANNUAL_FAIL, actor, now, note)
    return officer


def certificate_withdraw(*, actor, officer: Officer, reason: str, note: str = "",
                         now: datetime.datetime | None = None) -> Officer:
    """Withdraw a certificate: the officer left the service (离职), lost it (遗失) or moved away (调离)."""
    now = now or timezone.now()
    errors: list = []
    if reason not in WITHDRAWALS:
        errors.append({"field": "reason", "rule": "choice",
                       "detail": _("Withdraw for leaving, loss or transfer.")})
    note = text(note, "note", errors, required=False)
    with transaction.atomic(durable=True):
        officer = _locked(officer)
        _require(reports_certificates_for(actor, officer.department))
        _require_status(officer, *WITHDRAWABLE)
        raise_errors(errors)
        officer.certificate_status = reason
        officer.save(update_fields=["certificate_status"])
        _record(officer, WITHDRAWALS[reason], actor, now, note)
    return officer


def certificate_refusal_record(*, officer: Officer, case_number: str, step: str, at: datetime.datetime) -> None:
    """Record an enforcement action refused for want of a valid certificate (无证执法), after the
    refused action's own transaction was rolled back."""
    standing = officer.certificate_standing(_today(at))
    with transaction.atomic(durable=True):
        _record(officer, CertificateAction.ACTION_REFUSED, None, at, str(standing), case_number=case_number, step=step)


def certificate_prompts_record(officers: list[Officer], at: datetime.datetime) -> None:
    """Record the reminders sent for ``officers`` before their certificates expire; inside the
    caller's transaction, which sends them."""
    CertificateEvent.objects.bulk_create([
        CertificateEvent(officer=officer, department_id=officer.department_id, action=CertificateAction.PROMPT,
                         certificate_no=officer.certificate_no, valid_until=officer.certificate_valid_until, at=at)
        for officer in officers])

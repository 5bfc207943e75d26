"""The legal office's pages under /legal/ (政府法制监督): the dashboard, the major-penalty
thresholds and filings, document filings, reconsideration and litigation, and the register of
enforcement bodies and personnel. Thin doors onto ``services`` (and ``org.services`` for the
certificates); a refusal becomes a message naming the field and the rule."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from yangguang.cases.models import Case
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.views import doors
from yangguang.org import services as register
from yangguang.org.domain import Standing
from yangguang.org.models import CertificateAction, CertificateStatus
from yangguang.org.rules import is_legal_office_for, reports_certificates_for
from yangguang.worktime.domain import SHANGHAI

from . import selectors, services
from .models import (
    AppealKind,
    AppealOutcome,
    DocumentKind,
    DocumentState,
    PenaltyFilingState,
    PenaltyOutcome,
)
from .rules import files_for, legal_office, sees_pages

PAGE_SIZE = 30
DOOR_ERRORS = (NotFound, Forbidden)


def _require(request) -> None:
    if not sees_pages(request.user):
        raise PermissionDenied(_("Only the legal office, supervisors and department staff see these pages."))


def _refusal(request, error: DomainError) -> None:
    details = [f"{item.get('field', '')}: {item['detail']}" if item.get("field") else str(item["detail"])
               for item in error.errors] or [str(error.detail)]
    messages.error(request, "；".join(dict.fromkeys(details)))


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def _act(request, call, success: str):
    """Run a service for a POST; True when done (a message is queued either way)."""
    try:
        call()
    except DOOR_ERRORS:
        raise
    except DomainError as exc:
        _refusal(request, exc)
        return False
    messages.success(request, success)
    return True


def _number(value) -> int:
    """A whole number from a query parameter, 0 when it is not one."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _instant(value: str):
    """A datetime-local field (Asia/Shanghai wall clock) as an aware instant, else the raw text."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=SHANGHAI)
    except (ValueError, AttributeError):
        return value


@login_required
def dashboard(request):
    """Filings due and overdue and statistics by department (执法情况统计)."""
    _require(request)
    now = timezone.now()
    return render(request, "legal/dashboard.html", {
        "section": "legal", "now": now, **selectors.dashboard_for(request.user, now),
        "legal": legal_office(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def thresholds(request):
    """Per-department thresholds of major penalties (备案范围); the legal office edits them."""
    _require(request)
    status = 200
    if request.method == "POST":
        department = selectors.departments_for(request.user).filter(pk=request.POST.get("department") or 0).first()
        if department is None:
            raise PermissionDenied(_("No such department in your region."))
        kinds = [kind for kind in request.POST.get("other_kinds", "").replace("，", ",").split(",")]
        if _act(request, lambda: services.threshold_set(
                actor=request.user, department=department, fine_person=request.POST.get("fine_person"),
                fine_organisation=request.POST.get("fine_organisation"),
                revocation=request.POST.get("revocation") == "on", other_kinds=kinds), _("Thresholds saved.")):
            return redirect("legal:thresholds")
        status = 422
    rows = {row.department_id: row for row in selectors.thresholds_for(request.user)}
    departments = [(department, rows.get(department.pk)) for department in selectors.departments_for(request.user)]
    return render(request, "legal/thresholds.html", {
        "section": "legal", "departments": departments,
        "can_edit": legal_office(request.user),
    }, status=status)


@login_required
def penalty_list(request):
    _require(request)
    state = request.GET.get("state", "")
    state = state if state in PenaltyFilingState.values else ""
    return render(request, "legal/penalty_list.html", {
        "section": "legal", "page": _page(request, selectors.penalty_filings_for(request.user, state)),
        "state": state, "states": PenaltyFilingState.choices, "now": timezone.now(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def penalty_detail(request, pk):
    _require(request)
    filing = selectors.penalty_filing_get_for(request.user, pk)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        calls = {
            "file": (lambda: services.penalty_file(actor=request.user, filing=filing,
                                                   filing_kind=request.POST.get("filing_kind", ""),
                                                   report=request.POST.get("report", "")), _("Filed.")),
            "review": (lambda: services.penalty_review(actor=request.user, filing=filing,
                                                       outcome=request.POST.get("outcome", ""),
                                                       opinion=request.POST.get("opinion", "")), _("Review concluded.")),
            "correct": (lambda: services.penalty_correct(actor=request.user, filing=filing,
                                                         text=request.POST.get("text", "")), _("Correction reported.")),
        }
        if action not in calls:
            raise PermissionDenied(_("Unknown action."))
        if _act(request, *calls[action]):
            return redirect("legal:penalty", pk=filing.pk)
        status = 422
    return render(request, "legal/penalty_detail.html", {
        "section": "legal", "filing": filing, "now": timezone.now(), "outcomes": PenaltyOutcome.choices,
        "can_file": files_for(request.user, filing.department),
        "can_review": is_legal_office_for(request.user, filing.department),
        "post": request.POST,
    }, status=status)


@login_required
def document_list(request):
    _require(request)
    state = request.GET.get("state", "")
    state = state if state in DocumentState.values else ""
    return render(request, "legal/document_list.html", {
        "section": "legal", "page": _page(request, selectors.document_filings_for(request.user, state)),
        "state": state, "states": DocumentState.choices, "now": timezone.now(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def document_new(request):
    """A department files a rule or normative document."""
    _require(request)
    departments = [department for department in selectors.departments_for(request.user)
                   if files_for(request.user, department)]
    if not departments:
        raise PermissionDenied(_("Only a department's head or officers file its documents."))
    status = 200
    if request.method == "POST":
        department = next((d for d in departments if str(d.pk) == request.POST.get("department")), None)
        if department is None:
            messages.error(request, _("department: choose your department."))
        else:
            holder = {}

            def call():
                holder["filing"] = services.document_file(
                    actor=request.user, department=department, kind=request.POST.get("kind", ""),
                    title=request.POST.get("title", ""), number=request.POST.get("number", ""),
                    published_on=request.POST.get("published_on", ""), effective_on=request.POST.get("effective_on", ""))

            if _act(request, call, _("Document filed.")):
                return redirect("legal:document", pk=holder["filing"].pk)
        status = 422
    return render(request, "legal/document_new.html", {
        "section": "legal", "departments": departments, "kinds": DocumentKind.choices, "post": request.POST,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@doors
def document_detail(request, pk):
    _require(request)
    filing = selectors.document_filing_get_for(request.user, pk)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        calls = {
            "lawful": (lambda: services.document_review(actor=request.user, filing=filing, lawful=True,
                                                        opinion=request.POST.get("opinion", "")), _("Recorded as lawful.")),
            "correction": (lambda: services.document_review(
                actor=request.user, filing=filing, lawful=False, opinion=request.POST.get("opinion", ""),
                correction_due=request.POST.get("correction_due", "")), _("Correction required.")),
            "correct": (lambda: services.document_correct(actor=request.user, filing=filing,
                                                          text=request.POST.get("text", "")), _("Correction reported.")),
        }
        if action not in calls:
            raise PermissionDenied(_("Unknown action."))
        if _act(request, *calls[action]):
            return redirect("legal:document", pk=filing.pk)
        status = 422
    return render(request, "legal/document_detail.html", {
        "section": "legal", "filing": filing, "now": timezone.now(), "post": request.POST,
        "can_file": files_for(request.user, filing.department),
        "can_review": is_legal_office_for(request.user, filing.department),
    }, status=status)


@login_required
def appeal_list(request):
    _require(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in AppealKind.values else ""
    return render(request, "legal/appeal_list.html", {
        "section": "legal", "page": _page(request, selectors.appeals_for(request.user, kind)),
        "kind": kind, "kinds": AppealKind.choices, "now": timezone.now(),
        "rates": sorted(selectors.overturn_rates(request.user).items()),
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def appeal_new(request):
    """Record a reconsideration or a suit against a decided case."""
    _require(request)
    status = 200
    if request.method == "POST":
        number = request.POST.get("case", "").strip()
        case = Case.objects.filter(selectors.visibility_q(request.user), number=number).select_related(
            "department__region").first()
        if case is None:
            messages.error(request, _("case: no decided case %(number)s that you may see.") % {"number": number})
        else:
            holder = {}

            def call():
                holder["appeal"] = services.appeal_record(
                    actor=request.user, case=case, kind=request.POST.get("kind", ""),
                    number=request.POST.get("number", ""), applicant=request.POST.get("applicant", ""),
                    body=request.POST.get("body", ""), grounds=request.POST.get("grounds", ""),
                    received_at=_instant(request.POST.get("received_at", "")))

            if _act(request, call, _("Recorded.")):
                return redirect("legal:appeal", pk=holder["appeal"].pk)
        status = 422
    return render(request, "legal/appeal_new.html", {
        "section": "legal", "kinds": AppealKind.choices, "post": request.POST,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@doors
def appeal_detail(request, pk):
    _require(request)
    appeal = selectors.appeal_get_for(request.user, pk)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        calls = {
            "answer": (lambda: services.appeal_answer(actor=request.user, appeal=appeal), _("Answer recorded.")),
            "conclude": (lambda: services.appeal_conclude(actor=request.user, appeal=appeal,
                                                          outcome=request.POST.get("outcome", ""),
                                                          concluded_on=request.POST.get("concluded_on", "")),
                         _("Outcome recorded.")),
        }
        if action not in calls:
            raise PermissionDenied(_("Unknown action."))
        if _act(request, *calls[action]):
            return redirect("legal:appeal", pk=appeal.pk)
        status = 422
    return render(request, "legal/appeal_detail.html", {
        "section": "legal", "appeal": appeal, "now": timezone.now(), "outcomes": AppealOutcome.choices,
        "can_act": files_for(request.user, appeal.department) or is_legal_office_for(request.user, appeal.department),
        "post": request.POST,
    }, status=status)


# --- enforcement bodies and personnel (行政执法主体和人员监督) ------------------------------------------

STANDING_LABELS = {
    Standing.VALID: gettext_lazy("valid"), Standing.EXPIRING: gettext_lazy("expiring"),
    Standing.EXPIRED: gettext_lazy("expired"), Standing.PENDING: gettext_lazy("awaiting review"),
    Standing.SUSPENDED: gettext_lazy("suspended"), Standing.WITHDRAWN: gettext_lazy("withdrawn"),
    Standing.NONE: gettext_lazy("no certificate"),
}


@login_required
def body_list(request):
    """Enforcement bodies: organs, authorised and entrusted organisations and what they enforce."""
    _require(request)
    return render(request, "legal/body_list.html", {
        "section": "legal", "bodies": selectors.bodies_for(request.user, timezone.localdate()),
    })


@login_required
def officer_list(request):
    """Enforcement personnel and the standing of their certificates today."""
    _require(request)
    today = timezone.localdate()
    standing = request.GET.get("standing", "")
    standing = standing if standing in Standing else ""
    department = selectors.departments_for(request.user).filter(pk=_number(request.GET.get("department"))).first()
    rows = selectors.officers_for(request.user, standing=standing, department=department and department.pk, on=today)
    page = _page(request, rows)
    for officer in page.object_list:
        officer.standing = officer.certificate_standing(today)
        officer.standing_label = STANDING_LABELS[officer.standing]
    counts = selectors.standing_counts(request.user, today, department and department.pk)
    return render(request, "legal/officer_list.html", {
        "section": "legal", "page": page, "standing": standing, "department": department,
        "standings": [(value, STANDING_LABELS[value], counts[value]) for value in Standing if value is not Standing.NONE],
    })


@login_required
def refused_list(request):
    """Enforcement actions refused for want of a valid certificate (无证执法记录)."""
    _require(request)
    page = _page(request, selectors.certificate_events_for(request.user, action=CertificateAction.ACTION_REFUSED))
    for event in page.object_list:
        event.standing_label = STANDING_LABELS.get(event.note, event.note)
    return render(request, "legal/refused_list.html", {"section": "legal", "page": page})


@login_required
@require_http_methods(["GET", "POST"])
@doors
def officer_detail(request, pk):
    """One officer's certificate, its record, and the register's forms for who may use them."""
    _require(request)
    officer = selectors.officer_get_for(request.user, pk)
    status = 200
    if request.method == "POST":
        post, actor = request.POST, request.user
        calls = {
            "register": (lambda: register.certificate_register(
                actor=actor, officer=officer, number=post.get("number", ""), areas=post.get("areas", ""),
                valid_from=post.get("valid_from", ""), valid_until=post.get("valid_until", "")),
                _("Certificate registered for review.")),
            "approve": (lambda: register.certificate_review(actor=actor, officer=officer, approve=True,
                                                            note=post.get("note", "")), _("Certificate approved.")),
            "refuse": (lambda: register.certificate_review(actor=actor, officer=officer, approve=False,
                                                           note=post.get("note", "")), _("Certificate refused.")),
            "pass": (lambda: register.certificate_annual_check(
                actor=actor, officer=officer, passed=True, valid_until=post.get("valid_until", ""),
                note=post.get("note", "")), _("Annual check recorded.")),
            "fail": (lambda: register.certificate_annual_check(actor=actor, officer=officer, passed=False,
                                                               note=post.get("note", "")), _("Annual check recorded.")),
            "withdraw": (lambda: register.certificate_withdraw(actor=actor, officer=officer,
                                                               reason=post.get("reason", ""), note=post.get("note", "")),
                         _("Certificate withdrawn.")),
        }
        if post.get("action") not in calls:
            raise PermissionDenied(_("Unknown action."))
        if _act(request, *calls[post["action"]]):
            return redirect("legal:officer", pk=officer.pk)
        status = 422
    today = timezone.localdate()
    standing = officer.certificate_standing(today)
    keeps = is_legal_office_for(request.user, officer.department)
    reports = reports_certificates_for(request.user, officer.department)
    return render(request, "legal/officer_detail.html", {
        "section": "legal", "officer": officer, "post": request.POST,
        "standing": standing, "standing_label": STANDING_LABELS[standing],
        "events": selectors.certificate_events_for(request.user, officer=officer)[:100],
        "can_review": keeps and officer.certificate_status == CertificateStatus.REGISTERED,
        "can_check": keeps and officer.certificate_status in register.CHECKABLE,
        "can_withdraw": reports and officer.certificate_status in register.WITHDRAWABLE,
        "can_register": reports and register.registrable(officer, today),
        "withdrawals": [(value, label) for value, label in CertificateAction.choices
                        if value in register.WITHDRAWALS],
    }, status=status)

"""The hall's public pages without an account: the progress query (办件查询) and complaints (投诉)
— filing one and following it with its number and code. The query code and the tracking code
go in the body of a POST, never in an address that logs and browser histories keep; a wrong
code and a missing number get the same answer, and both count against the same throttle as
the API's queries."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from yangguang.cases import throttle
from yangguang.cases.errors import CaseNotFound
from yangguang.cases.selectors import case_public_get, case_public_view
from yangguang.core.errors import DomainError
from yangguang.org.models import Department
from yangguang.supervision import selectors as supervision_selectors
from yangguang.supervision import services as supervision_services
from yangguang.supervision.errors import ComplaintNotFound
from yangguang.supervision.models import ComplaintKind

COMPLAINT_FIELDS = ("kind", "case", "department", "officer_certificate", "subject", "text", "complainant_name",
                    "complainant_phone", "complainant_email")
# How the complaint form names its fields in the list of what to correct.
FIELD_LABELS = {
    "kind": gettext_lazy("kind"), "case": gettext_lazy("case number"), "department": gettext_lazy("department"),
    "officer_certificate": gettext_lazy("enforcement certificate number"), "subject": gettext_lazy("subject"),
    "text": gettext_lazy("what happened"), "complainant_name": gettext_lazy("your name"),
    "complainant_phone": gettext_lazy("phone"), "complainant_email": gettext_lazy("e-mail"),
}


def _throttled(request, client: str, template: str, context: dict):
    retry = throttle.retry_after(client)
    context["error"] = _("Too many failed queries from your address. Try again in %(minutes)s minutes.") % {
        "minutes": max(1, -(-retry // 60))}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry)
    return response


@never_cache
def case_query(request):
    """Anyone with a case number and its query code sees the case's progress, no personal data."""
    context = {"section": "query", "number": "", "progress": None}
    if request.method != "POST":
        context["number"] = request.GET.get("number", "").strip()
        return render(request, "portal/hall/query.html", context)
    number, code = request.POST.get("number", "").strip(), request.POST.get("code", "").strip()
    context["number"] = number
    client = throttle.client_key(request)
    if not throttle.query_allowed(client):
        return _throttled(request, client, "portal/hall/query.html", context)
    try:
        case = case_public_get(number, code)
    except CaseNotFound:
        throttle.query_failed(client)
        context["error"] = _("No case with this number and query code. Check both and try again.")
        return render(request, "portal/hall/query.html", context, status=404)
    context["progress"] = case_public_view(case)
    return render(request, "portal/hall/query.html", context)


def _departments():
    return Department.objects.select_related("region").order_by("region__code", "code")


@never_cache
def complaint_new(request):
    """The complaint form (我要投诉): about a case, a department or an officer; the answer shows
    the complaint's number and tracking code once."""
    context = {"section": "complaints", "kinds": ComplaintKind.choices, "departments": _departments(),
               "posted": {}}
    if request.method != "POST":
        context["posted"] = {"case": request.GET.get("case", "")}
        return render(request, "portal/hall/complaint_new.html", context)
    data = {name: request.POST.get(name, "").strip() for name in COMPLAINT_FIELDS}
    context["posted"] = data
    try:
        subject = supervision_selectors.complaint_subject(
            case=data["case"], department=None if data["case"] else data["department"],
            officer_certificate=data["officer_certificate"])
        complaint = supervision_services.complaint_file(
            kind=data["kind"], subject=data["subject"], text=data["text"], **subject,
            complainant_name=data["complainant_name"], complainant_phone=data["complainant_phone"],
            complainant_email=data["complainant_email"], user=request.user)
    except DomainError as error:
        rows = getattr(error, "errors", None) or [{"field": error.field or "", "detail": error.detail}]
        context["errors"] = {row["field"]: row["detail"] for row in rows}
        context["error_lines"] = [(FIELD_LABELS.get(row["field"], row["field"]), row["detail"]) for row in rows]
        return render(request, "portal/hall/complaint_new.html", context, status=422)
    return render(request, "portal/hall/complaint_filed.html", {"section": "complaints", "complaint": complaint})


@never_cache
def complaint_track(request):
    """Follow a complaint (投诉查询) with its number and tracking code."""
    context = {"section": "complaints", "number": "", "complaint": None}
    if request.method != "POST":
        context["number"] = request.GET.get("number", "").strip()
        return render(request, "portal/hall/complaint_track.html", context)
    number, code = request.POST.get("number", "").strip(), request.POST.get("code", "").strip()
    context["number"] = number
    client = throttle.client_key(request)
    if not throttle.query_allowed(client):
        return _throttled(request, client, "portal/hall/complaint_track.html", context)
    try:
        context["complaint"] = supervision_selectors.complaint_public_get(number, code)
    except ComplaintNotFound:
        throttle.query_failed(client)
        context["error"] = _("No complaint with this number and tracking code. Check both and try again.")
        return render(request, "portal/hall/complaint_track.html", context, status=404)
    return render(request, "portal/hall/complaint_track.html", context)

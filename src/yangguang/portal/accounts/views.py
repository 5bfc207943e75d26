"""Pages of the public hall for an applicant's account: real-name registration (实名注册),
applying online (网上申请) with its receipt, my cases (我的办件) with the answer to a correction
request (补正) and withdrawal, and the lockout page of a throttled login.

Views parse, call a selector or a service, and render; a refusal comes back next to the field it
names. An applicant reaches only their own cases: anyone else's number is not found.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.cases import forms as case_forms
from yangguang.cases import services as case_services
from yangguang.cases import uploads
from yangguang.cases.models import Channel
from yangguang.catalog import selectors as catalog_selectors
from yangguang.core.context import person_name
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.views import doors

from ..disclosure.selectors import rating_state
from ..masking import mask_id_number, mask_phone
from . import forms, selectors, services

RECEIPT_KEY = "portal.online_receipt"
PAGE_SIZE = 20
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


# Registration -----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    """Real-name registration; a signed-in account without a real-name record completes it here."""
    if request.user.is_authenticated:
        return _bind(request)
    form = forms.RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                applicant = services.applicant_register(**form.applicant(), **form.account())
            except DomainError as error:
                form.add_domain_error(error)
            else:
                login(request, applicant.user, backend=MODEL_BACKEND)
                messages.success(request, _("Welcome, %(name)s. You sign in with %(login)s from now on.") % {
                    "name": applicant.name, "login": applicant.user.username})
                return redirect(_next(request) or reverse("portal:my_cases"))
        status = 422
    return render(request, "portal/accounts/register.html", {
        "section": "register", "form": form, "binding": False, "next": _next(request),
        "error_lines": form.error_summary() if form.is_bound else [],
    }, status=status)


def _bind(request):
    applicant = selectors.applicant_of(request.user)
    if applicant is not None:
        return redirect(_next(request) or reverse("portal:my_cases"))
    form = forms.ApplicantForm(request.POST or None, initial={"name": person_name(request.user)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.applicant_bind(user=request.user, **form.applicant())
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Your real-name record is complete: you can apply online."))
                return redirect(_next(request) or reverse("portal:my_cases"))
        status = 422
    return render(request, "portal/accounts/register.html", {
        "section": "register", "form": form, "binding": True, "next": _next(request),
        "error_lines": form.error_summary() if form.is_bound else [],
    }, status=status)


def locked_out(request, original_response=None, credentials=None):
    """The page of a login refused by the throttle (django-axes' ``AXES_LOCKOUT_CALLABLE``)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "portal/accounts/locked.html", {
        "section": "login", "minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT,
        "until": timezone.now() + settings.AXES_COOLOFF_TIME,
    }, status=429)


# Applying online ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@doors
def apply(request, code):
    """Apply online for a power: its materials to upload, the subject; the applicant is the account."""
    power = catalog_selectors.power_get_for(request.user, code)
    version = power.published_version
    refusal = case_services.application_refusal(power, Channel.ONLINE)
    context = {"section": "apply", "power": power, "version": version or power.versions.order_by("-number").first()}
    if refusal is not None:
        return render(request, "portal/accounts/apply_refused.html", dict(context, refusal=refusal), status=409)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={quote(request.path)}")
    applicant = selectors.applicant_of(request.user)
    if applicant is None:
        messages.info(request, _("Complete your real-name record before applying online."))
        return redirect(f"{reverse('portal:register')}?next={quote(request.path)}")
    form = forms.OnlineApplicationForm(request.POST or None, request.FILES or None, version=version)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.applicant_apply(user=request.user, power=power,
                                                title=form.cleaned_data.get("title") or "", materials=form.materials())
            except (NotFound, Forbidden):
                raise
            except DomainError as exc:
                error = exc
                form.add_domain_error(exc)
            else:
                request.session[RECEIPT_KEY] = {"number": case.number, "code": case.query_code}
                return redirect("portal:apply_done", number=case.number)
        status = getattr(error, "status", 422)
    return render(request, "portal/accounts/apply.html", dict(
        context, form=form, applicant=applicant, error_lines=form.error_summary() if form.is_bound else [],
        masked={"id_number": mask_id_number(applicant.id_number, applicant.id_type),
                "phone": mask_phone(applicant.phone)},
        max_mb=uploads.max_bytes() // (1024 * 1024)), status=status)


@never_cache
@login_required
@doors
def apply_done(request, number):
    """The receipt (申请回执): the case number and, this once, the query code."""
    case = selectors.my_case_get(request.user, number)
    receipt = request.session.get(RECEIPT_KEY)
    code = None
    if receipt and receipt.get("number") == case.number:
        code = receipt.get("code")
        del request.session[RECEIPT_KEY]
    return render(request, "portal/accounts/apply_done.html", {"section": "my_cases", "case": case,
                                                               "query_code": code})


# My cases ----------------------------------------------------------------------------------------


@login_required
def my_cases(request):
    """The account's cases (我的办件): status, current step, committed due and light."""
    state = request.GET.get("state", "")
    state = state if state in selectors.CASE_FILTERS else ""
    page = Paginator(selectors.my_case_list(request.user, state), PAGE_SIZE).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    counts = selectors.my_case_counts(request.user)
    filters = [(value, label, counts.get(value, 0)) for value, label in (
        ("", _("All")), ("open", _("In progress")), ("correcting", _("Awaiting my correction")),
        ("closed", _("Closed")))]
    return render(request, "portal/accounts/my_cases.html", {
        "section": "my_cases", "page": page, "rows": selectors.my_case_rows(page.object_list), "state": state,
        "filters": filters, "applicant": selectors.applicant_of(request.user),
    })


def _action_form(action: str, case, data=None, files=None):
    """The workbench's form of the action, its help written for the applicant."""
    form = case_forms.ACTION_FORMS[action](data, files, case=case)
    if action == "supplement":
        form.fields["note"].help_text = _("Optional: anything the department should know about these materials.")
    else:
        form.fields["reason"].help_text = _("The department is told why; the case ends and cannot be reopened.")
    return form


def _render_case(request, case, *, bound=None, error=None, status=200):
    view = selectors.my_case_view(case, timezone.now())
    supplement = withdraw = None
    if view["correcting"]:
        supplement = bound if bound is not None and bound.action == "supplement" else _action_form("supplement", case)
    if view["can_withdraw"]:
        withdraw = bound if bound is not None and bound.action == "withdraw" else _action_form("withdraw", case)
    return render(request, "portal/accounts/my_case.html", dict(
        view, section="my_cases", case=case, supplement=supplement, withdraw=withdraw, error=error,
        rating_state=rating_state(request.user, case),
        error_lines=bound.error_summary() if bound is not None else []), status=status)


@login_required
@doors
def my_case(request, number):
    """One of the account's cases, step by step to the second; a correction answered here."""
    return _render_case(request, selectors.my_case_get(request.user, number))


@login_required
@require_POST
@doors
def my_case_act(request, number, action):
    """The applicant's own actions: supplying what a correction request asks for, withdrawing."""
    case = selectors.my_case_get(request.user, number)
    form = _action_form(action, case, request.POST, request.FILES)
    error = None
    if form.is_valid():
        seq = request.POST.get("seq", "")
        try:
            case = case_services.case_act(actor=request.user, case=case, action=action,
                                          seq=int(seq) if seq.isdigit() else None, **form.fields_for_service())
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except DomainError as exc:
            error = exc
            form.add_domain_error(exc)
        else:
            messages.success(request, {
                "supplement": _("The materials were handed in: case %(number)s awaits acceptance again."),
                "withdraw": _("Case %(number)s was withdrawn."),
            }[action] % {"number": case.number})
            return redirect("portal:my_case", number=case.number)
    case = selectors.my_case_get(request.user, number)
    return _render_case(request, case, bound=form, error=error, status=getattr(error, "status", 422))


@login_required
@doors
def my_material(request, number, pk):
    """A file the account handed in with its case, as an attachment."""
    material = selectors.my_material_get(request.user, number, pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file of this material is missing.")) from exc
    return FileResponse(handle, as_attachment=True, filename=material.original_name,
                        content_type=material.content_type or "application/octet-stream")


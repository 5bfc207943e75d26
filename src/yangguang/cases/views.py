"""HTML pages of the officer's workbench (办件工作台): my pending steps, the department head's
open cases, the case page with its flowchart, timeline and action forms, and counter intake.

Views parse, call a selector or ``services.case_act`` / ``services.case_apply``, and render;
every rule is the services'. A refusal comes back next to the field it names.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.core.context import Navigation, person_name
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.flows.errors import FlowchartUnavailable
from yangguang.flows.render import flow_svg
from yangguang.org.models import Role
from yangguang.org.rules import has_role, holds_for_department, scope_of
from yangguang.core.views import doors

from . import domain, forms, selectors, services
from .errors import PowerNotOpen, StaleCase, StepNotActive
from .models import Channel, Decision, Suspension

RECEIPT_KEY = "cases.counter_receipt"
SYSTEM_LABELS = {
    "apply": gettext_lazy("Application received (收件)"),
    "complete_case": gettext_lazy("Case completed (办结)"),
}
LIGHTS = (domain.RED, domain.YELLOW, domain.GREEN)
# Where the services put an error that means the page itself is out of date.
STALE_ERRORS = (StaleCase, StepNotActive)


def _require_staff(user) -> None:
    """The workbench is for officers and the platform's staff; applicants use the public hall."""
    if not Navigation(user).workbench:
        raise PermissionDenied(_("The workbench is for officers of the departments."))


def _case_for(request, number: str):
    _require_staff(request.user)
    return selectors.case_get_for(request.user, number)


def _htmx(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _next_url(request) -> str:
    """A page of the workbench to go back to, when the form came from one."""
    url = request.POST.get("next", "")
    if url.startswith("/office/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return ""


def _go(request, url: str) -> HttpResponse:
    """Redirect; an htmx request is told to load the page in full."""
    if _htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# Pending steps ------------------------------------------------------------------------------


@login_required
def queue(request):
    """My pending steps (我的待办), soonest due first, with links to the user's other work."""
    _require_staff(request.user)
    user = request.user
    items = selectors.queue_for(user)
    prefetch_related_objects([item.case for item in items], "version")
    counts = Counter(item.light for item in items)
    return render(request, "cases/queue.html", {
        "section": "office",
        "items": items,
        "counts": [(light, counts.get(light, 0)) for light in LIGHTS],
        "yellow_percent": round(selectors.yellow_share() * 100),
        "is_officer": scope_of(user).officer_department_id is not None,
        "can_apply": bool(selectors.counter_powers_for(user)),
        "heads": selectors.head_departments(user).exists(),
        "clerk": has_role(user, Role.CATALOG_CLERK),
        "legal": has_role(user, Role.LEGAL_OFFICE),
    })


@login_required
def department(request):
    """The head's view (部门负责人): the department's open cases and extensions to decide."""
    _require_staff(request.user)
    departments = list(selectors.head_departments(request.user))
    if not departments:
        raise PermissionDenied(_("Only a department head sees the department's open cases."))
    now = timezone.now()
    sections = []
    for unit in departments:
        cases = selectors.department_open_cases(request.user, unit, now)
        # Those with a due first, the nearest first; then those not accepted or with the clock stopped.
        cases.sort(key=lambda case: (case.committed_due is None, case.committed_due or now, case.received_at))
        prefetch_related_objects(cases, "version")
        counts = Counter(case.light for case in cases)
        sections.append({
            "department": unit,
            "cases": cases,
            "extensions": selectors.department_pending_extensions(request.user, unit),
            "counts": [(light, counts.get(light, 0)) for light in LIGHTS],
        })
    return render(request, "cases/department.html", {
        "section": "office",
        "sections": sections,
        "here": request.get_full_path(),
    })


# The case page --------------------------------------------------------------------------


def _mask(value: str, start: int, end: int) -> str:
    """Keep ``start`` characters and the last ``end`` ones (an address keeps its beginning only)."""
    if len(value) <= start + end:
        return "*" * len(value)
    if not end:
        return value[:start] + "……"
    return value[:start] + "*" * (len(value) - start - end) + value[-end:]


def _personal_data_visible(user, case) -> bool:
    """Officers handling the case see the applicant's data; supervisors and others see it masked."""
    scope = scope_of(user)
    return (scope.superuser or scope.officer_department_id == case.department_id
            or holds_for_department(user, Role.DEPARTMENT_HEAD, case.department)
            or case.tokens.filter(step__post_id__in=scope.post_ids).exists())


def _applicant(case, visible: bool) -> dict:
    if visible:
        return {"id_number": case.applicant_id_number, "phone": case.applicant_phone,
                "address": case.applicant_address, "masked": False}
    return {"id_number": _mask(case.applicant_id_number, 3, 4), "phone": _mask(case.applicant_phone, 3, 4),
            "address": _mask(case.applicant_address, 6, 0), "masked": True}


def _event_details(event, graph, people: dict) -> list[tuple]:
    """What an event's data says, as labelled lines."""
    data, action, lines = event.data or {}, event.action, []

    def name(key):
        node = graph.nodes.get(key)
        return node.name if node else key

    if data.get("channel") in Channel.values:
        lines.append((_("channel"), Channel(data["channel"]).label))
    if data.get("materials"):
        lines.append((_("materials"), "、".join(data["materials"])))
    if data.get("counted_from"):
        lines.append((_("counted from"), data["counted_from"]))
    if data.get("items"):
        lines.append((_("items to correct"), "；".join(data["items"])))
    if action == "complete" and "to" in data:
        following = "、".join(name(key) for key in data["to"])
        lines.append((_("next"), following or _("waiting for the other branches or the end")))
    if data.get("branch"):
        lines.append((_("branch"), data["branch"]))
    if action == "return" and data.get("to"):
        lines.append((_("returned to"), name(data["to"])))
    if action == "transfer" and data.get("to"):
        lines.append((_("transferred to"), people.get(data["to"], data["to"])))
    if data.get("kind") in Suspension.Kind.values:
        kind = Suspension.Kind(data["kind"]).label
        step_note = _("a step of the flowchart")
        lines.append((_("kind"), f"{kind}（{step_note}）" if data.get("automatic") else kind))
    if data.get("days"):
        lines.append((_("working days"), data["days"]))
    if data.get("decision") in Decision.values:
        lines.append((_("decision"), Decision(data["decision"]).label))
    if data.get("document_no"):
        lines.append((_("result document number"), data["document_no"]))
    if data.get("penalty_kind"):
        lines.append((_("penalty type"), data["penalty_kind"]))
    if data.get("penalty_amount"):
        lines.append((_("penalty amount (yuan)"), data["penalty_amount"]))
    if data.get("method"):
        lines.append((_("delivery method"), dict(forms.DELIVERY_METHODS).get(data["method"], data["method"])))
    return lines


def _timeline(case, graph) -> list[dict]:
    events = list(selectors.case_events(case))
    usernames = {e.data.get("to") for e in events if e.action == "transfer" and isinstance(e.data.get("to"), str)}
    people = {u.username: person_name(u) for u in get_user_model().objects.filter(username__in=usernames)}
    rows = []
    for event in events:
        spec = domain.ACTIONS.get(event.action)
        node = graph.nodes.get(event.step_key)
        rows.append({
            "event": event,
            "label": spec.label if spec else SYSTEM_LABELS.get(event.action, event.action),
            "step": node.name if node else "",
            "actor": person_name(event.actor) if event.actor_id else "",
            "post": event.post.name if event.post_id else "",
            "details": _event_details(event, graph, people),
            "tone": event.action,
        })
    return rows


def _action_forms(case, options, bound=None) -> tuple[list, bool]:
    """The forms of every action open to the user, the ``bound`` one (after a refusal) in its place."""
    placed = False

    def build(action, step_options=None):
        nonlocal placed
        spec = domain.ACTIONS.get(action)
        # Only actions taken at a step name it (as ``case_act`` reads them); a correction is the applicant's.
        step = step_options.node.key if step_options and spec and spec.actor == domain.STEP else ""
        if bound is not None and bound.action == action and bound.step == step:
            placed = True
            bound.open = True
            return bound
        form_class = forms.ACTION_FORMS[action]
        return form_class(step=step, options=step_options, case_options=options, case=case)

    def open_primary(forms_list, primary_actions):
        if not any(getattr(form, "open", False) for form in forms_list):
            primary = next((form for form in forms_list if form.action in primary_actions), None)
            if primary is not None:
                primary.open = True

    for step in options.steps:
        step.forms = [build(action, step) for action in step.actions]
        open_primary(step.forms, ("accept", "supplement", "complete"))
    case_forms = [build(action) for action in options.case_actions]
    open_primary(case_forms, ("decide_extension",))
    return case_forms, placed


def _render_case(request, case, *, bound=None, error=None, status=200, partial=False):
    now = timezone.now()
    options = selectors.case_options_for(request.user, case, now)
    graph = options.graph
    case_forms, placed = _action_forms(case, options, bound)
    suspensions = selectors.case_suspensions(case)
    svg = None
    if not partial:
        try:  # our own Graphviz output, parsed by lxml: no script, no foreign markup
            svg = mark_safe(flow_svg(case.flow, highlight=tuple(step.node.key for step in options.steps)))
        except FlowchartUnavailable:
            pass
    visible = _personal_data_visible(request.user, case)
    context = {
        "section": "office",
        "case": case,
        "version": case.version,
        "options": options,
        "steps": options.steps,
        "case_forms": case_forms,
        "error": error,
        "error_lines": bound.error_summary() if bound is not None else [],
        "error_unplaced": bound is not None and bool(bound.errors) and not placed,
        "light": selectors.case_light(case, now, suspensions),
        "applicant": _applicant(case, visible),
        "materials": [] if partial else list(case.materials.all()),
        "timeline": [] if partial else _timeline(case, graph),
        "svg": svg,
        "active_names": [step.node.name for step in options.steps],
        "suspensions": [] if partial else list(case.suspensions.select_related("begun_by", "ended_by")),
        "extensions": [] if partial else list(case.extensions.select_related("requested_by", "decided_by")),
        "here": reverse("cases:case_detail", args=[case.number]),
    }
    template = "cases/case_detail.html#actions" if partial else "cases/case_detail.html"
    return render(request, template, context, status=status)


@login_required
@doors
def case_detail(request, number):
    """The case: header, time limits and light, flowchart, active steps with their forms, timeline."""
    return _render_case(request, _case_for(request, number))


def _seq(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
@doors
def case_act(request, number):
    """Every action on a case: parse the form, call ``services.case_act``, then go back (PRG);
    a refusal re-renders the page (or, for htmx, the actions panel) with the field named."""
    case = _case_for(request, number)
    posted = request.POST.get("action", "")
    form_class = forms.ACTION_FORMS.get(forms.POSTED_ACTIONS.get(posted, posted))
    if form_class is None:
        return HttpResponseBadRequest(_("Unknown action."))
    spec = domain.ACTIONS.get(form_class.action)
    step = request.POST.get("step", "") if spec is not None and spec.actor == domain.STEP else ""
    options = selectors.case_options_for(request.user, case)
    step_options = next((s for s in options.steps if s.node.key == step), None)
    form = form_class(request.POST, request.FILES, step=step, options=step_options, case_options=options, case=case)
    error = None
    if form.is_valid():
        try:
            case = services.case_act(actor=request.user, case=case, action=posted, step=step,
                                     seq=_seq(request.POST.get("seq")), **form.fields_for_service())
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except DomainError as exc:
            error = exc
            form.add_domain_error(exc)
        else:
            label = domain.ACTIONS[posted].label
            messages.success(request, _("%(action)s: recorded in case %(number)s (event %(seq)s).") % {
                "action": label, "number": case.number, "seq": case.last_seq})
            return _go(request, _next_url(request) or reverse("cases:case_detail", args=[case.number]))
    back = _next_url(request)
    if back or (_htmx(request) and isinstance(error, STALE_ERRORS)):
        # Back to the page the form came from (or, when the case moved on, to the case as it is now).
        lines = form.error_summary() or ([str(error.detail)] if error else [])
        messages.error(request, f"{case.number} · {form.label}：" + "；".join(lines))
        return _go(request, back or reverse("cases:case_detail", args=[case.number]))
    case = selectors.case_get_for(request.user, number)  # as it is now, with its current seq
    if _htmx(request):  # htmx swaps 2xx responses only
        return _render_case(request, case, bound=form, error=error, partial=True)
    return _render_case(request, case, bound=form, error=error, status=getattr(error, "status", 422))


@login_required
@doors
def material_download(request, number, pk):
    """A material handed in with the case, to those who may see the case (as an attachment)."""
    _require_staff(request.user)
    material = selectors.material_get_for(request.user, number, pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file of this material is missing.")) from exc
    return FileResponse(handle, as_attachment=True, filename=material.original_name,
                        content_type=material.content_type or "application/octet-stream")


# Counter intake -------------------------------------------------------------------------


@login_required
def apply_choose(request):
    """The powers the window officer accepts applications for (窗口收件)."""
    _require_staff(request.user)
    powers = selectors.counter_powers_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        powers = [p for p in powers if q in p.code or q.lower() in p.published_version.name.lower()]
    return render(request, "cases/apply_choose.html", {"section": "office", "powers": powers, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
@doors
def apply_form(request, code):
    """Register a counter application for a power: the applicant, the subject and the materials."""
    _require_staff(request.user)
    try:
        power = selectors.counter_power_get_for(request.user, code)
    except PowerNotOpen as exc:
        raise Http404(str(exc)) from exc
    version = power.published_version
    form = forms.CounterApplicationForm(request.POST or None, request.FILES or None, version=version)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = services.case_apply(actor=request.user, power=power, applicant=form.applicant(),
                                           title=form.cleaned_data.get("title") or "", materials=form.materials(),
                                           channel=Channel.COUNTER)
            except (NotFound, Forbidden):
                raise
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                request.session[RECEIPT_KEY] = {"number": case.number, "code": case.query_code}
                return redirect("cases:apply_done", number=case.number)
        status = 422
    return render(request, "cases/apply_form.html", {
        "section": "office", "power": power, "version": version, "form": form,
        "error_lines": form.error_summary() if form.is_bound else [],
    }, status=status)


@never_cache
@login_required
@doors
def apply_done(request, number):
    """The receipt of a counter application: the case number and, this once, its query code."""
    case = _case_for(request, number)
    receipt = request.session.get(RECEIPT_KEY)
    code = None
    if receipt and receipt.get("number") == case.number:
        code = receipt.get("code")
        del request.session[RECEIPT_KEY]
    return render(request, "cases/apply_done.html", {"section": "office", "case": case, "query_code": code})

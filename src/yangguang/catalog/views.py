"""HTML pages of the catalog: the public list and detail, the clerk's workbench, legal review."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.views import doors
from yangguang.org.models import Department, Role
from yangguang.org.rules import has_role, scope_of

from . import domain, selectors, services
from .forms import ContentForm, OpinionForm, PowerCreateForm, ReasonForm
from .hooks import GUIDE, GUIDE_ACTIONS, HOME, panels
from .models import (
    Category,
    ChangeKind,
    Disclosure,
    LimitUnit,
    PowerVersion,
    ReviewRecord,
    VersionState,
)
from .rules import can_see_drafts, is_clerk_for, is_legal_office_for

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50
CLERK_ACTIONS = {
    "submit": services.version_submit,
    "withdraw": services.version_withdraw,
    "discard": services.version_discard,
}
LIST_FIELDS = {"legal_bases", "materials", "fees", "result_documents"}
DOOR_ERRORS = (NotFound, Forbidden)  # become 404 and 403 in ``doors``; other refusals are shown on the page


def _partial_requested(request, target: str) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and htmx.target == target and not htmx.history_restore_request


def _page(request, queryset, size: int):
    """One page of a list, with the elided page range the pagination include shows."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def _refusal_message(request, error: DomainError) -> None:
    details = [str(item["detail"]) for item in error.errors] or [str(error.detail)]
    messages.error(request, "；".join(dict.fromkeys(details)))


# Public pages ---------------------------------------------------------------------------


def public_list(request):
    """Published powers with search, department and category filters; htmx swaps only the results."""
    q = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    department = request.GET.get("department", "").strip()
    events = list(selectors.life_events_with_powers())
    event = request.GET.get("event", "")
    event = event if any(e.code == event for e in events) else ""
    matching = selectors.power_list_for(request.user, q=q, department=department, event=event)
    counts = dict(matching.order_by().values_list("category").annotate(n=Count("pk")))
    powers = matching.filter(category=category) if category else matching
    page = _page(request, powers, PAGE_SIZE)
    departments = (
        Department.objects.filter(pk__in=selectors.power_list_for(request.user).order_by().values("department_id"))
        .select_related("region").order_by("region__code", "code")
    )
    context = {
        "section": "catalog",
        "q": q,
        "category": category,
        "department": department,
        "departments": departments,
        "event": event,
        "events": events,
        "panels": panels(HOME),
        "categories": [{"value": v, "label": label, "count": counts.get(v, 0)} for v, label in Category.choices],
        "total": sum(counts.values()),
        "page": page,
    }
    template = "catalog/public_list.html"
    if _partial_requested(request, "results"):
        template += "#results"
        context["oob"] = True
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _limits(version: PowerVersion) -> dict | None:
    """How much shorter the committed limit is than the statutory one, when their units match."""
    if version.committed_unit != version.statutory_unit or not version.statutory_limit:
        return None
    saved = version.statutory_limit - version.committed_limit
    return {"saved": saved, "percent": round(saved * 100 / version.statutory_limit), "unit": LimitUnit(version.committed_unit).label}


def _open_version(versions):
    return next((v for v in versions if v.state in selectors.OPEN_STATES), None)


@doors
def power_detail(request, code):
    """Everything the public needs to apply: bases, conditions, materials, fees, limits, flowchart."""
    power = selectors.power_get_for(request.user, code)
    versions = list(selectors.versions_for(request.user, power))
    version = power.published_version or (versions[0] if versions else None)
    if version is None:
        raise Http404(code)
    staff = can_see_drafts(request.user, power.department)
    clerk = is_clerk_for(request.user, power.department)
    open_version = _open_version(versions) if staff else None
    if staff:
        for newer, older in zip(versions, versions[1:]):
            newer.compare_with = older.number
    return render(request, "catalog/power_detail.html", {
        "section": "catalog",
        "power": power,
        "version": version,
        "versions": versions,
        "staff": staff,
        "in_force": version.pk == power.published_version_id,
        "limits": _limits(version),
        "open_version": open_version,
        "can_change": clerk and bool(power.published_version_id) and not power.revoked_at and open_version is None,
        "flowchart_query": "" if version.state == VersionState.PUBLISHED else f"?version={version.number}",
        "panels": panels(GUIDE, power=power, version=version) if version.pk == power.published_version_id else [],
        "actions": (panels(GUIDE_ACTIONS, power=power, version=version)
                    if version.pk == power.published_version_id else []),
    })


LIMIT_UNITS = {"statutory_limit": "statutory_unit", "committed_limit": "committed_unit"}


def _display(field: str, content: dict):
    """A content value as text, or as a list of lines for list fields."""
    value = content[field]
    if field == "legal_bases":
        return [" ".join(p for p in (b.get("law"), b.get("article")) if p) + (f"：{b['text']}" if b.get("text") else "") for b in value]
    if field == "materials":
        return [
            _("%(name)s (%(need)s, %(copies)s copies)") % {
                "name": m.get("name"), "need": _("required") if m.get("required", True) else _("optional"), "copies": m.get("copies", 1),
            } + (f" — {m['note']}" if m.get("note") else "")
            for m in value
        ]
    if field == "fees":
        return [_("%(name)s: %(standard)s (basis: %(basis)s)") % f for f in value]
    if field == "result_documents":
        return list(value)
    if field in LIMIT_UNITS:
        unit = content[LIMIT_UNITS[field]]
        return f"{value} {LimitUnit(unit).label}" if unit in LimitUnit.values else value
    if field == "extension_limit":
        return f"{value} {LimitUnit.WORKDAY.label}"
    if field in ("statutory_unit", "committed_unit"):
        return str(LimitUnit(value).label) if value in LimitUnit.values else value
    if field == "disclosure":
        return str(Disclosure(value).label) if value in Disclosure.values else value
    if field == "online":
        return _("yes") if value else _("no")
    return value


def _lines(lines, other) -> list[dict]:
    """List lines marked ``changed`` when the other side lacks them."""
    other = set(other)
    return [{"text": line, "changed": line not in other} for line in lines]


def _rows(old: dict | None, new: dict, fields) -> list[dict]:
    """Table rows of ``fields``: label, old and new value (old is None for a full listing)."""
    labels = {f.name: f.verbose_name for f in PowerVersion._meta.fields}
    rows = []
    for field in fields:
        before = _display(field, old) if old is not None else None
        after = _display(field, new)
        if field in LIST_FIELDS and old is not None:
            before, after = _lines(before, after), _lines(after, before)
        elif field in LIST_FIELDS:
            after = [{"text": line, "changed": False} for line in after]
        rows.append({"field": field, "label": labels[field], "list": field in LIST_FIELDS, "old": before, "new": after})
    return rows


def _diff_rows(old_version, new_version) -> list[dict]:
    old, new = domain.version_content(old_version), domain.version_content(new_version)
    return _rows(old, new, [change[0] for change in domain.diff(old, new)])


def _content_rows(version) -> list[dict]:
    """Every field of a version (a new power, or a full listing); limits carry their units."""
    fields = [field for field in domain.CONTENT_FIELDS if field not in LIMIT_UNITS.values()]
    return _rows(None, domain.version_content(version), fields)


def _records(version):
    return ReviewRecord.objects.filter(version=version).select_related("actor")


@doors
def version_detail(request, code, number):
    """One version in full with its review record; drafts only for staff who may see them."""
    version = selectors.version_get_for(request.user, code, number)
    power = version.power
    staff = can_see_drafts(request.user, power.department)
    return render(request, "catalog/version_detail.html", {
        "section": "office" if staff else "catalog",
        "power": power,
        "version": version,
        "rows": _content_rows(version),
        "records": _records(version) if staff else (),
        "in_force": power.published_version,
        "flowchart_query": f"?version={version.number}",
    })


@doors
def version_diff(request, code, old, new):
    """What changed between two versions, field by field."""
    a = selectors.version_get_for(request.user, code, old)
    b = selectors.version_get_for(request.user, code, new)
    return render(request, "catalog/version_diff.html", {
        "section": "catalog",
        "power": a.power,
        "old": a,
        "new": b,
        "rows": _diff_rows(a, b),
    })


# Back office ----------------------------------------------------------------------------


def _clerk_departments(user):
    scope = scope_of(user)
    return Department.objects.filter(pk__in=scope.departments.get(Role.CATALOG_CLERK, ())).select_related("region")


@login_required
def workbench(request):
    """The clerk's versions under work per department, and the legal office's queue size."""
    scope = scope_of(request.user)
    clerk_departments = list(_clerk_departments(request.user))
    ids = {d.pk for d in clerk_departments} | ({scope.officer_department_id} - {None})
    departments = Department.objects.filter(pk__in=ids).select_related("region").order_by("region__code", "code")
    sections = []
    for department in departments:
        sections.append({
            "department": department,
            "clerk": is_clerk_for(request.user, department),
            "versions": list(selectors.department_versions_for(request.user, department)),
        })
    legal = has_role(request.user, Role.LEGAL_OFFICE)
    return render(request, "catalog/workbench.html", {
        "section": "office",
        "sections": sections,
        "can_create": bool(clerk_departments),
        "legal": legal,
        "queue_size": selectors.review_queue_for(request.user).count() if legal else 0,
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def power_new(request):
    """Draft a new power (新增权力事项) with its flowchart."""
    departments = _clerk_departments(request.user)
    if not departments.exists():
        raise PermissionDenied(_("Only a catalog clerk may draft powers."))
    form = PowerCreateForm(request.POST or None, request.FILES or None, departments=departments)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.power_create(
                    actor=request.user, department=form.cleaned_data["department"],
                    category=form.cleaned_data["category"], content=form.content(), flow=form.cleaned_data["flow"],
                )
            except DOOR_ERRORS:
                raise
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Draft %(code)s created.") % {"code": version.power.code})
                return redirect("catalog:workbench")
        status = 422
    return render(request, "catalog/power_form.html", {"section": "office", "form": form, "version": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@doors
def version_edit(request, code, number):
    """Edit a draft or returned version; the legal office's opinion stays in view."""
    version = selectors.version_get_for(request.user, code, number)
    if not is_clerk_for(request.user, version.power.department):
        raise PermissionDenied(_("Only the department's catalog clerk may edit its powers."))
    if not version.is_editable:
        messages.error(request, _("Only a draft or a returned version can be edited."))
        return redirect("catalog:workbench")
    content = domain.version_content(version)
    form = ContentForm(request.POST or None, initial=ContentForm.initial_from(content))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.version_update(actor=request.user, version=version, content=form.content())
            except DOOR_ERRORS:
                raise
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Version %(number)s of %(code)s saved.") % {"number": number, "code": code})
                return redirect("catalog:workbench")
        status = 422
    return render(request, "catalog/power_form.html", {"section": "office", "form": form, "version": version}, status=status)


@login_required
@require_POST
@doors
def version_action(request, code, number, action):
    """The clerk's submit, withdraw and discard buttons."""
    if action not in CLERK_ACTIONS:
        raise Http404(action)
    version = selectors.version_get_for(request.user, code, number)
    try:
        version = CLERK_ACTIONS[action](actor=request.user, version=version)
    except DOOR_ERRORS:
        raise
    except DomainError as exc:
        _refusal_message(request, exc)
    else:
        messages.success(request, _("%(code)s version %(number)s: %(state)s.") % {
            "code": code, "number": number, "state": version.get_state_display(),
        })
    return redirect("catalog:workbench")


@login_required
@require_POST
@doors
def power_change(request, code, change):
    """Start a revision (修订) or ask for revocation (申请取消) of a published power."""
    power = selectors.power_get_for(request.user, code)
    form = ReasonForm(request.POST)
    form.is_valid()
    service = services.power_revise if change == ChangeKind.REVISE else services.power_revoke_request
    try:
        version = service(actor=request.user, power=power, reason=form.cleaned_data["reason"])
    except DOOR_ERRORS:
        raise
    except DomainError as exc:
        _refusal_message(request, exc)
        return redirect("catalog:power_detail", code=code)
    if change == ChangeKind.REVISE:
        messages.success(request, _("Revision %(number)s of %(code)s drafted.") % {"number": version.number, "code": code})
        return redirect("catalog:version_edit", code=code, number=version.number)
    messages.success(request, _("Revocation of %(code)s sent to the legal office.") % {"code": code})
    return redirect("catalog:workbench")


@login_required
def review_queue(request):
    """Versions waiting for the legal office, oldest first."""
    if not has_role(request.user, Role.LEGAL_OFFICE):
        raise PermissionDenied(_("Only the legal office reviews the catalog."))
    page = _page(request, selectors.review_queue_for(request.user), QUEUE_PAGE_SIZE)
    return render(request, "catalog/review_queue.html", {"section": "review", "page": page})


REVIEW_ACTIONS = {
    "approve": lambda actor, version, opinion: services.version_approve(actor=actor, version=version, opinion=opinion),
    "return": lambda actor, version, opinion: services.version_return(actor=actor, version=version, opinion=opinion),
    "publish": lambda actor, version, opinion: services.version_publish(actor=actor, version=version),
}


@login_required
@require_http_methods(["GET", "POST"])
@doors
def review_detail(request, code, number):
    """A version under review: the changes against the version in force, and the decision."""
    version = selectors.version_get_for(request.user, code, number)
    power = version.power
    if not is_legal_office_for(request.user, power.department):
        raise PermissionDenied(_("Only the legal office of the department's region reviews its powers."))
    form = OpinionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in REVIEW_ACTIONS:
            raise Http404(action)
        form.is_valid()
        try:
            version = REVIEW_ACTIONS[action](request.user, version, form.cleaned_data.get("opinion", ""))
        except DOOR_ERRORS:
            raise
        except DomainError as exc:
            form.add_error("opinion" if exc.field == "opinion" else None, exc.detail)
            status = 422
        else:
            messages.success(request, _("%(code)s version %(number)s: %(state)s.") % {
                "code": code, "number": number, "state": version.get_state_display(),
            })
            if version.state == VersionState.PUBLISHED:
                return redirect("catalog:review_queue")
            return redirect("catalog:review_detail", code=code, number=number)
    in_force = power.published_version
    compare = in_force is not None and in_force.pk != version.pk and version.change == ChangeKind.REVISE
    rows = _diff_rows(in_force, version) if compare else _content_rows(version)
    return render(request, "catalog/review_detail.html", {
        "section": "review",
        "power": power,
        "version": version,
        "in_force": in_force,
        "compare": compare,
        "rows": rows,
        "records": _records(version),
        "form": form,
        "flowchart_query": f"?version={version.number}",
    }, status=status)

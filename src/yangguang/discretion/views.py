"""The legal office's pages of discretion benchmarks under /legal/benchmarks/: the penalty powers
and their benchmarks, the JSON editor, submission, return and publication, the export, and the
review of decisions taken outside a benchmark."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.catalog.selectors import power_get_for
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.views import doors
from yangguang.org.models import Role
from yangguang.org.rules import has_role, scope_of

from . import interchange, selectors, services
from .forms import ContentForm, NewVersionForm, OpinionForm, ReviewCloseForm
from .models import BenchmarkState, ReviewState
from .presentation import content_view
from .rules import can_draft, can_review, can_see_open

PAGE_SIZE = 30
DOOR_ERRORS = (NotFound, Forbidden)
ACTIONS = {
    "submit": lambda actor, benchmark, opinion: services.benchmark_submit(actor=actor, benchmark=benchmark),
    "return": lambda actor, benchmark, opinion: services.benchmark_return(actor=actor, benchmark=benchmark, opinion=opinion),
    "publish": lambda actor, benchmark, opinion: services.benchmark_publish(actor=actor, benchmark=benchmark,
                                                                            opinion=opinion),
}


def _staff(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or bool({Role.LEGAL_OFFICE, Role.CATALOG_CLERK, Role.SUPERVISOR} & scope.roles)


def _require_staff(request) -> None:
    if not _staff(request.user):
        raise PermissionDenied(_("Only the legal office, catalog clerks and supervisors see these pages."))


def _refusal(request, error: DomainError) -> None:
    details = [str(item["detail"]) for item in error.errors] or [str(error.detail)]
    messages.error(request, "；".join(dict.fromkeys(details)))


@login_required
def power_list(request):
    """Penalty powers with the benchmark in force and any version under work; the legal office's queue."""
    _require_staff(request)
    q = request.GET.get("q", "").strip()
    state = request.GET.get("state", "")
    powers = selectors.penalty_powers_for(request.user, q=q, state=state)
    page = Paginator(powers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    legal = has_role(request.user, Role.LEGAL_OFFICE)
    return render(request, "discretion/power_list.html", {
        "section": "review",
        "page": page, "q": q, "state": state,
        "legal": legal,
        "queue": list(selectors.review_queue_for(request.user)[:50]) if legal else [],
        "open_reviews": selectors.reviews_for(request.user).count() if legal else 0,
    })


@login_required
@doors
def power_benchmarks(request, code):
    """A penalty power's benchmark versions, the one in force in full, and what the user may do."""
    _require_staff(request)
    power = power_get_for(request.user, code)
    if power.category != "CF":
        raise Http404(code)
    versions = list(selectors.benchmarks_for(request.user, power))
    in_force = next((b for b in versions if b.state == BenchmarkState.PUBLISHED), None)
    open_version = next((b for b in versions if b.state in (BenchmarkState.DRAFT, BenchmarkState.SUBMITTED)), None)
    return render(request, "discretion/power_benchmarks.html", {
        "section": "review",
        "power": power,
        "versions": versions,
        "in_force": in_force,
        "content": content_view(selectors.compiled(in_force)) if in_force else None,
        "open_version": open_version,
        "can_draft": can_draft(request.user, power) and not power.revoked_at,
        "new_form": NewVersionForm(),
    })


@login_required
@require_POST
@doors
def benchmark_new(request, code):
    """Start a new version, copied from the one in force, or from an empty template for a first one."""
    power = power_get_for(request.user, code)
    form = NewVersionForm(request.POST)
    form.is_valid()
    content = None if selectors.published(power) else _template(power)
    try:
        benchmark = services.benchmark_create(actor=request.user, power=power, content=content,
                                              reason=form.cleaned_data.get("reason", ""))
    except DOOR_ERRORS:
        raise
    except DomainError as exc:
        _refusal(request, exc)
        return redirect("discretion:power", code=code)
    messages.success(request, _("Version %(n)s drafted.") % {"n": benchmark.number})
    return redirect("discretion:edit", code=code, number=benchmark.number)


def _template(power) -> dict:
    """A first draft to edit: one violation under the power's first legal basis, three tiers."""
    version = power.published_version
    basis = (version.legal_bases or [{}])[0] if version else {}
    provision = {"law": basis.get("law") or "《》", "article": basis.get("article") or "第条", "text": basis.get("text", "")}
    return {
        "strategy": {"name": "three_tiers", "params": {}},
        "circumstances": [],
        "violations": [{
            "code": "V01", "name": version.name.removeprefix("对").removesuffix("的处罚") if version else "违法行为",
            "violated": provision, "punished": provision,
            "statutory": {"warning": True, "fine": {"min": "0", "max": "10000"}},
            "tiers": [
                {"level": "minor", "conditions": [], "standard": {"warning": True}},
                {"level": "general", "conditions": [[{"factor": "harm", "gte": "general"}]],
                 "standard": {"fine": {"min": "0", "max": "5000"}}},
                {"level": "serious", "conditions": [[{"factor": "harm", "gte": "serious"}]],
                 "standard": {"fine": {"min": "5000", "max": "10000"}}},
            ],
        }],
    }


@login_required
@doors
def benchmark_detail(request, code, number):
    """One version in full with its history and, for the legal office or the drafter, its actions."""
    _require_staff(request)
    benchmark = selectors.benchmark_get_for(request.user, code, number)
    power = benchmark.power
    return render(request, "discretion/benchmark_detail.html", {
        "section": "review",
        "power": power,
        "benchmark": benchmark,
        "content": content_view(services.clean(selectors.content_of(benchmark))),
        "records": selectors.records_of(benchmark),
        "can_draft": can_draft(request.user, power),
        "can_review": can_review(request.user, power),
        "form": OpinionForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def benchmark_edit(request, code, number):
    """The JSON editor of a draft; every error is listed with the field it names."""
    benchmark = selectors.benchmark_get_for(request.user, code, number)
    if not can_draft(request.user, benchmark.power):
        raise PermissionDenied(_("Only the department's catalog clerk or the legal office may edit its benchmarks."))
    if not benchmark.is_editable:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("discretion:detail", code=code, number=number)
    form = ContentForm(request.POST or None, initial=ContentForm.initial_from(selectors.content_of(benchmark)))
    problems, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.benchmark_update(actor=request.user, benchmark=benchmark, content=form.cleaned_data["content"])
            except DOOR_ERRORS:
                raise
            except DomainError as exc:
                problems = exc.errors or [{"field": exc.field, "rule": exc.rule, "detail": exc.detail}]
            else:
                messages.success(request, _("Version %(n)s saved.") % {"n": number})
                return redirect("discretion:detail", code=code, number=number)
        status = 422
    return render(request, "discretion/benchmark_edit.html", {
        "section": "review", "power": benchmark.power, "benchmark": benchmark, "form": form, "problems": problems,
    }, status=status)


@login_required
@require_POST
@doors
def benchmark_action(request, code, number, action):
    """Submit (the drafter), return or publish (the legal office)."""
    if action not in ACTIONS:
        raise Http404(action)
    benchmark = selectors.benchmark_get_for(request.user, code, number)
    form = OpinionForm(request.POST)
    form.is_valid()
    try:
        benchmark = ACTIONS[action](request.user, benchmark, form.cleaned_data.get("opinion", ""))
    except DOOR_ERRORS:
        raise
    except DomainError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Benchmark of %(code)s, version %(n)s: %(state)s.") % {
            "code": code, "n": number, "state": benchmark.get_state_display()})
    return redirect("discretion:detail", code=code, number=number)


@login_required
def export(request):
    """The benchmarks in force of every penalty power the user may see, as one JSON file."""
    _require_staff(request)
    records = interchange.export_records(actor=request.user)
    response = HttpResponse(json.dumps(interchange.file_data(records), ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="benchmarks-{timezone.localdate():%Y%m%d}.json"'
    return response


@login_required
def review_list(request):
    """Decisions taken outside their benchmark with a written reason, for the legal office."""
    if not has_role(request.user, Role.LEGAL_OFFICE):
        raise PermissionDenied(_("Only the legal office reviews discretion."))
    state = request.GET.get("state", ReviewState.OPEN)
    state = state if state in ReviewState.values or state == "all" else ReviewState.OPEN
    reviews = selectors.reviews_for(request.user, state="" if state == "all" else state)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return render(request, "discretion/review_list.html", {
        "section": "review", "page": page, "state": state, "states": ReviewState.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
@doors
def review_detail(request, pk):
    """One decision outside its benchmark: the facts, the range, the reason; close it."""
    if not has_role(request.user, Role.LEGAL_OFFICE):
        raise PermissionDenied(_("Only the legal office reviews discretion."))
    review = selectors.review_get_for(request.user, pk)
    form = ReviewCloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_close(actor=request.user, review=review, outcome=form.cleaned_data["outcome"],
                                      opinion=form.cleaned_data.get("opinion", ""))
            except DOOR_ERRORS:
                raise
            except DomainError as exc:
                form.add_error("opinion" if exc.field == "opinion" else None, str(exc.detail))
            else:
                messages.success(request, _("Review closed."))
                return redirect("discretion:reviews")
        status = 422
    check = review.decision_check
    return render(request, "discretion/review_detail.html", {
        "section": "review", "review": review, "check": check, "form": form,
        "can_see_benchmark": can_see_open(request.user, check.benchmark.power),
    }, status=status)

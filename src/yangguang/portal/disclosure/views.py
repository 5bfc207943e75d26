"""HTML pages and downloads of the disclosure area: published results (结果公示), open data
(开放数据) as streamed CSV and JSON, the public league table and scorecards of departments
(部门评价), the applicant's rating of a closed case (好差评) and the rectification pages that
department heads and supervisors work on."""

import csv
import json
from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.cases.selectors import case_get_for
from yangguang.catalog.models import Category
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.views import doors
from yangguang.supervision import scoring
from yangguang.supervision.rules import heads, supervises
from yangguang.worktime.domain import SHANGHAI, format_due

from ..models import Grade, RectificationStatus
from . import selectors, services

PAGE_SIZE = 20
LIST_SIZE = 50
STREAM_ROWS = 500  # rows per chunk of a streamed export


def _page(request, rows, size: int):
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    page.elided = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def _refusal(request, error: DomainError) -> None:
    details = [str(item["detail"]) for item in error.errors] or [str(error.detail)]
    messages.error(request, "；".join(dict.fromkeys(details)))


# --- published results (结果公示) ------------------------------------------------------------------


def result_list(request):
    """Published licences and penalty decisions, searchable by party, document number,
    department, category and decision date; every personal field masked."""
    query, errors = selectors.result_query_parse(request.GET)
    page = _page(request, selectors.results_search(query), PAGE_SIZE)
    page.records = selectors.result_page(page.object_list)
    params = query.params()
    return render(request, "portal/disclosure/results.html", {
        "section": "results", "query": query, "errors": {error["field"]: error["detail"] for error in errors},
        "page": page, "departments": selectors.result_departments(),
        "categories": [(value, Category(value).label) for value in selectors.RESULT_CATEGORIES],
        "csv_url": _with(reverse("portal:results_csv"), params),
        "json_url": _with(reverse("portal:results_json"), params),
    }, status=400 if errors else 200)


def _with(url: str, params: dict) -> str:
    return f"{url}?{urlencode(params)}" if params else url


@doors
def result_detail(request, number):
    """One published decision with the 双公示 fields our records hold."""
    result = selectors.result_get(number)
    return render(request, "portal/disclosure/result_detail.html", {"section": "results", "result": result})


# --- open data (开放数据) --------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns what it is given (for csv.writer in a stream)."""

    def write(self, value):
        return value


def _stream(chunks, language):
    """Chunks produced under the request's language (a stream outlives the view)."""
    with translation.override(language):
        yield from chunks


def _csv(name: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def chunks():
        yield "\ufeff" + writer.writerow(header)  # the BOM lets Excel read the file as UTF-8
        while batch := list(islice(rows, STREAM_ROWS)):
            yield "".join(writer.writerow(row) for row in batch)

    response = StreamingHttpResponse(_stream(chunks(), translation.get_language()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{_today()}.csv"'
    return response


def _json(name: str, rows) -> StreamingHttpResponse:
    def chunks():
        head = {"dataset": name, "generated_at": timezone.now().astimezone(SHANGHAI).isoformat(timespec="seconds")}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
        first = True
        while batch := list(islice(rows, STREAM_ROWS)):
            text = ",\n".join(json.dumps(row, ensure_ascii=False) for row in batch)
            yield ("\n" if first else ",\n") + text
            first = False
        yield "\n]}\n"

    response = StreamingHttpResponse(_stream(chunks(), translation.get_language()),
                                     content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{_today()}.json"'
    return response


def _today() -> str:
    return timezone.localdate(timezone.now(), SHANGHAI).isoformat()


def _joined(values) -> str:
    return "；".join(str(value) for value in values if value)


CATALOG_COLUMNS = (
    ("code", gettext_lazy("Unified code")), ("name", gettext_lazy("Name")),
    ("category_label", gettext_lazy("Category")), ("department", gettext_lazy("Department")),
    ("department_code", gettext_lazy("Department code")), ("legal_basis", gettext_lazy("Legal basis")),
    ("statutory_limit", gettext_lazy("Statutory limit")), ("statutory_unit", gettext_lazy("Statutory limit unit")),
    ("committed_limit", gettext_lazy("Committed limit")), ("committed_unit", gettext_lazy("Committed limit unit")),
    ("fees", gettext_lazy("Fees")), ("online", gettext_lazy("Applied for online")),
)
RESULT_COLUMNS = (
    ("document_no", gettext_lazy("Decision document number")), ("category_label", gettext_lazy("Category")),
    ("decision", gettext_lazy("Outcome")), ("matter", gettext_lazy("Matter")),
    ("power_code", gettext_lazy("Power code")), ("subject", gettext_lazy("Subject")),
    ("party_name", gettext_lazy("Party")), ("party_kind", gettext_lazy("Party kind")),
    ("party_id_type", gettext_lazy("Party's document")), ("party_id", gettext_lazy("Document number (masked)")),
    ("credit_code", gettext_lazy("Unified social credit code")), ("legal_basis", gettext_lazy("Legal basis")),
    ("reason", gettext_lazy("Reasons")), ("penalty_kind", gettext_lazy("Penalty type")),
    ("penalty_amount", gettext_lazy("Penalty amount (yuan)")), ("department", gettext_lazy("Deciding department")),
    ("department_code", gettext_lazy("Department code")), ("decided_on", gettext_lazy("Decision date")),
    ("case_number", gettext_lazy("Case number")),
)


def _catalog_cells(row: dict) -> list:
    fees = [f"{fee['name']}：{fee['standard']}" + (f"（{fee['basis']}）" if fee["basis"] else "") for fee in row["fees"]]
    values = dict(row, legal_basis=_joined(row["legal_basis"]), fees=_joined(fees) or _("Free"),
                  online=_("yes") if row["online"] else _("no"))
    return [values[key] for key, _label in CATALOG_COLUMNS]


def _result_cells(row: dict) -> list:
    values = dict(row, legal_basis=_joined(row["legal_basis"]), penalty_amount=row["penalty_amount"] or "")
    return [values[key] for key, _label in RESULT_COLUMNS]


def open_data(request):
    """The open-data downloads: the published catalog and the published results, CSV and JSON."""
    return render(request, "portal/disclosure/open_data.html", {
        "section": "open_data", "catalog_columns": CATALOG_COLUMNS, "result_columns": RESULT_COLUMNS,
    })


def catalog_csv(request):
    return _csv("catalog", [str(label) for _key, label in CATALOG_COLUMNS],
                (_catalog_cells(row) for row in selectors.catalog_export()))


def catalog_json(request):
    return _json("catalog", selectors.catalog_export())


def _result_query(request):
    query, _errors = selectors.result_query_parse(request.GET)  # a bad field is left out, as on the page
    return query


def results_csv(request):
    rows = (_result_cells(result.as_row()) for result in selectors.results_export(_result_query(request)))
    return _csv("results", [str(label) for _key, label in RESULT_COLUMNS], rows)


def results_json(request):
    return _json("results", (result.as_row() for result in selectors.results_export(_result_query(request))))


# --- public supervision: league table and scorecards (部门评价) ------------------------------------


def department_list(request):
    """The public league table of departments for a month, quarter or year."""
    now = timezone.now()
    period, error = selectors.period_parse(request.GET.get("period"), now)
    region = request.GET.get("region", "").strip()
    region = region if region.isdigit() and len(region) == 6 else ""
    league = selectors.league_public(period, now, region)
    for row in league.rows:
        row.url = reverse("portal:department", args=[row.code]) + "?" + urlencode({"period": period.label})
    finished = sum(row.counts.get("finished", 0) for row in league.rows)
    on_time = scoring.rate(sum(row.counts.get("on_time", 0) for row in league.rows), finished)
    rated = sum(row.satisfaction.total for row in league.rows)
    good = scoring.rate(sum(row.satisfaction.hits for row in league.rows), rated)
    return render(request, "portal/disclosure/departments.html", {
        "section": "departments", "league": league, "period": period, "error": error, "now": now,
        "links": scoring.period_links(period, timezone.localdate(now)), "region": region,
        "totals": {"departments": len(league.rows), "finished": finished, "rated": rated,
                   "on_time": None if on_time is None else float(on_time * 100),
                   "good": None if good is None else float(good * 100)},
    }, status=400 if error else 200)


@doors
def department_detail(request, code):
    """A department's public scorecard for a month, quarter or year."""
    now = timezone.now()
    period, error = selectors.period_parse(request.GET.get("period"), now)
    card = selectors.scorecard_public(code, period, now)
    grades = [(grade, label, card.ratings.get(grade, 0)) for grade, label in reversed(Grade.choices)]
    return render(request, "portal/disclosure/department.html", {
        "section": "departments", "card": card, "figures": card.figures, "period": period, "error": error,
        "now": now, "links": scoring.period_links(period, timezone.localdate(now)), "grades": grades,
        "rated": sum(n for _grade, _label, n in grades),
        "results_url": _with(reverse("portal:results"), {"department": card.department.full_code}),
        "catalog_url": _with(reverse("catalog:public_list"), {"department": card.department.full_code}),
        "back_url": _with(reverse("portal:departments"), {"period": period.label}),
    }, status=400 if error else 200)


# --- satisfaction (好差评) and rectification (整改) ------------------------------------------------


@login_required
@require_POST
@doors
def rate(request, number):
    """The applicant rates a closed case (grade 1–5 and a comment), then goes back to it."""
    case = case_get_for(request.user, number)
    try:
        rating = services.rating_give(actor=request.user, case=case, grade=request.POST.get("grade"),
                                      comment=request.POST.get("comment", ""))
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        _refusal(request, error)
    else:
        if getattr(rating, "rectification", None) is not None:
            messages.success(request, _("Thank you. The department must say what it did about it by %(due)s; "
                                        "the supervisors follow it.") % {
                "due": format_due(rating.rectification.due_at)})
        else:
            messages.success(request, _("Thank you for your rating."))
    return redirect("portal:my_case", number=case.number)


def _require_follower(user) -> None:
    if not selectors.rectifications_allowed(user):
        raise PermissionDenied(_("Rectifications are followed by supervisors and department heads."))


STATUS_FILTERS = [("", gettext_lazy("All"))] + list(RectificationStatus.choices)


@login_required
def rectification_list(request):
    """The rectifications a bad rating opened that the user follows: open first, earliest due first."""
    _require_follower(request.user)
    status = request.GET.get("status", "")
    status = status if status in RectificationStatus.values else ""
    page = _page(request, selectors.rectification_list_for(request.user, status=status), LIST_SIZE)
    return render(request, "portal/disclosure/rectifications.html", {
        "section": "rectifications", "page": page, "status": status, "statuses": STATUS_FILTERS,
        "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
@doors
def rectification_detail(request, pk):
    """One rectification: the rating behind it, the department's reply (head) and the
    supervisor's conclusion (supervisor over the region)."""
    _require_follower(request.user)
    row = selectors.rectification_get_for(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        writers = {"reply": services.rectification_reply, "close": services.rectification_close}
        if action not in writers:
            messages.error(request, _("Unknown action."))
        else:
            try:
                writers[action](actor=request.user, rectification=row, text=request.POST.get("text", ""))
            except (NotFound, Forbidden):
                raise
            except DomainError as error:
                _refusal(request, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal:rectification", pk=row.pk)
    return render(request, "portal/disclosure/rectification.html", {
        "section": "rectifications", "row": row, "case": row.rating.case, "rating": row.rating,
        "now": timezone.now(), "text": request.POST.get("text", "") if request.method == "POST" else "",
        "can_reply": row.status == RectificationStatus.OPEN and heads(request.user, row.department),
        "can_close": row.status == RectificationStatus.REPLIED and supervises(request.user, row.department),
    })

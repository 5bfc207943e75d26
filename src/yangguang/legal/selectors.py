"""The readers of legal-affairs supervision: queues and records a user may see, the register of
enforcement bodies and personnel, the dashboard figures and the overturn rate (否定率) by department."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.catalog.models import Category, Power
from yangguang.core.errors import NotFound
from yangguang.org.domain import Standing
from yangguang.org.models import CertificateAction, CertificateEvent, Department, Officer
from yangguang.org.selectors import standing_q

from . import domain
from .models import (
    OVERTURNED,
    Appeal,
    DocumentFiling,
    DocumentState,
    PenaltyFiling,
    PenaltyFilingState,
    PenaltyThreshold,
)
from .rules import department_visibility, visibility

def penalty_filings_for(user, state: str = ""):
    rows = PenaltyFiling.objects.filter(visibility(user)).select_related("case", "department")
    return rows.filter(state=state) if state else rows


def penalty_filing_get_for(user, pk: int) -> PenaltyFiling:
    filing = penalty_filings_for(user).select_related("department__region", "case__power").filter(pk=pk).first()
    if filing is None:
        raise NotFound(_("No major-penalty filing %(pk)s that you may see.") % {"pk": pk}, field="pk")
    return filing


def document_filings_for(user, state: str = ""):
    rows = DocumentFiling.objects.filter(visibility(user)).select_related("department")
    return rows.filter(state=state) if state else rows


def document_filing_get_for(user, pk: int) -> DocumentFiling:
    filing = document_filings_for(user).select_related("department__region").filter(pk=pk).first()
    if filing is None:
        raise NotFound(_("No document filing %(pk)s that you may see.") % {"pk": pk}, field="pk")
    return filing


def appeals_for(user, kind: str = ""):
    rows = Appeal.objects.filter(visibility(user)).select_related("case", "department")
    return rows.filter(kind=kind) if kind else rows


def appeal_get_for(user, pk: int) -> Appeal:
    appeal = appeals_for(user).select_related("department__region").filter(pk=pk).first()
    if appeal is None:
        raise NotFound(_("No reconsideration or suit %(pk)s that you may see.") % {"pk": pk}, field="pk")
    return appeal


def thresholds_for(user):
    return PenaltyThreshold.objects.filter(visibility(user)).select_related("department")


def departments_for(user):
    return Department.objects.filter(department_visibility(user)).select_related("region")


# --- enforcement bodies and personnel (行政执法主体和人员) ------------------------------------------------

REFUSED_WINDOW_DAYS = 30  # the dashboard counts enforcement actions refused in the last 30 days


def officers_for(user, *, standing: str = "", department: int | None = None, on: date | None = None):
    """The officers in the register a user may see: every one holding or having held a
    certificate, and every one at an enforcement post; filtered by standing on ``on``."""
    on = on or timezone.localdate()
    rows = (Officer.objects.filter(visibility(user))
            .filter(~Q(certificate_no="") | Q(posts__is_enforcement=True)).distinct()
            .select_related("user", "department__region").order_by("department__code", "certificate_no", "pk"))
    if standing in Standing:
        rows = rows.filter(standing_q(Standing(standing), on))
    if department:
        rows = rows.filter(department_id=department)
    return rows


def officer_get_for(user, pk: int) -> Officer:
    officer = (Officer.objects.filter(visibility(user), pk=pk)
               .select_related("user", "department__region").prefetch_related("posts").first())
    if officer is None:
        raise NotFound(_("No officer %(pk)s in the register that you may see.") % {"pk": pk}, field="pk")
    return officer


def certificate_events_for(user, *, action: str = "", officer: Officer | None = None):
    rows = CertificateEvent.objects.filter(visibility(user)).select_related("officer__user", "department__region", "actor")
    if action:
        rows = rows.filter(action=action)
    if officer is not None:
        rows = rows.filter(officer=officer)
    return rows


def standing_counts(user, on: date, department: int | None = None) -> dict[str, int]:
    """How many certificates stand where on ``on`` (one query)."""
    rows = Officer.objects.filter(visibility(user))
    if department:
        rows = rows.filter(department_id=department)
    return rows.aggregate(**{standing.value: Count("pk", filter=standing_q(standing, on))
                             for standing in Standing if standing is not Standing.NONE})


def bodies_for(user, on: date) -> list[dict]:
    """The enforcement bodies (执法主体) a user sees: kind, basis and entrusting organ, the published
    powers they exercise as (category, its name, how many), and their certified personnel (three queries)."""
    departments = list(Department.objects.filter(department_visibility(user), is_active=True)
                       .select_related("region", "entrusted_by__region").order_by("region__code", "code"))
    ids = [department.pk for department in departments]
    powers: dict[int, dict] = {}
    for row in (Power.objects.filter(department_id__in=ids, published_version__isnull=False, revoked_at__isnull=True)
                .values("department_id", "category").annotate(n=Count("pk"))):
        powers.setdefault(row["department_id"], {})[row["category"]] = row["n"]
    usable = standing_q(Standing.VALID, on) | standing_q(Standing.EXPIRING, on)
    people = {row["department_id"]: row for row in Officer.objects.filter(department_id__in=ids)
              .values("department_id").annotate(
                  certified=Count("pk", filter=usable),
                  expiring=Count("pk", filter=standing_q(Standing.EXPIRING, on)),
                  unusable=Count("pk", filter=standing_q(Standing.EXPIRED, on) | standing_q(Standing.SUSPENDED, on)))}
    labels = dict(Category.choices)
    return [{"department": department,
             "powers": [(code, labels.get(code, code), n) for code, n in sorted(powers.get(department.pk, {}).items())],
             "power_total": sum(powers.get(department.pk, {}).values()),
             "people": people.get(department.pk, {"certified": 0, "expiring": 0, "unusable": 0})}
            for department in departments]


def overturn_rates(user=None, *, departments=None, since=None, until=None) -> dict[int, dict]:
    """{department id: {"concluded", "overturned", "rate"}} of concluded appeals (复议/诉讼 否定率),
    optionally for appeals concluded in [since, until)."""
    rows = Appeal.objects.exclude(outcome="")
    if user is not None:
        rows = rows.filter(visibility(user))
    if departments is not None:
        rows = rows.filter(department__in=departments)
    if since is not None:
        rows = rows.filter(concluded_on__gte=since)
    if until is not None:
        rows = rows.filter(concluded_on__lt=until)
    found = {}
    for row in rows.values("department_id").annotate(concluded=Count("id"),
                                                     overturned=Count("id", filter=Q(outcome__in=OVERTURNED))):
        found[row["department_id"]] = {"concluded": row["concluded"], "overturned": row["overturned"],
                                       "rate": domain.overturn_rate(row["concluded"], row["overturned"])}
    return found


def dashboard_for(user, now: datetime) -> dict:
    """Filings due and overdue, and statistics by department."""
    penalties = penalty_filings_for(user)
    documents = document_filings_for(user)
    appeals = appeals_for(user)
    figures = {  # one query per kind of record
        **penalties.aggregate(
            penalty_pending=Count("pk", filter=Q(state=PenaltyFilingState.PENDING, due_at__gt=now)),
            penalty_overdue=Count("pk", filter=Q(state=PenaltyFilingState.PENDING, due_at__lte=now)),
            penalty_review=Count("pk", filter=Q(state=PenaltyFilingState.FILED)),
            penalty_review_overdue=Count("pk", filter=Q(state=PenaltyFilingState.FILED, review_due__lte=now))),
        **documents.aggregate(
            document_review=Count("pk", filter=Q(state=DocumentState.FILED)),
            document_correction=Count("pk", filter=Q(state=DocumentState.CORRECTION)),
            document_correction_overdue=Count("pk", filter=Q(state=DocumentState.CORRECTION,
                                                              correction_due__lte=now))),
        **appeals.aggregate(
            appeals_open=Count("pk", filter=Q(outcome="")),
            appeals_overdue=Count("pk", filter=Q(outcome="", due_at__lte=now))),
        "certificates": standing_counts(user, timezone.localdate(now)),
        "actions_refused": certificate_events_for(user, action=CertificateAction.ACTION_REFUSED).filter(
            at__gt=now - timedelta(days=REFUSED_WINDOW_DAYS)).count(),
    }
    stats: dict[int, dict] = {}

    def row(department_id, name):
        return stats.setdefault(department_id, {"name": name, "penalties": 0, "penalty_overdue": 0, "documents": 0,
                                                "documents_late": 0, "appeals": 0, "concluded": 0, "overturned": 0,
                                                "rate": None})

    for item in penalties.values("department_id", "department__name").annotate(
            total=Count("id"), overdue=Count("id", filter=Q(state=PenaltyFilingState.PENDING, due_at__lte=now))):
        entry = row(item["department_id"], item["department__name"])
        entry["penalties"], entry["penalty_overdue"] = item["total"], item["overdue"]
    for item in documents.values("department_id", "department__name").annotate(
            total=Count("id"), late=Count("id", filter=Q(late=True))):
        entry = row(item["department_id"], item["department__name"])
        entry["documents"], entry["documents_late"] = item["total"], item["late"]
    for item in appeals.values("department_id", "department__name").annotate(total=Count("id")):
        row(item["department_id"], item["department__name"])["appeals"] = item["total"]
    for department_id, rate in overturn_rates(user).items():
        if department_id in stats:
            stats[department_id].update(rate)
    return {"figures": figures, "stats": sorted(stats.values(), key=lambda entry: entry["name"])}


def visibility_q(user):
    """The case filter of the departments a user sees here."""
    return visibility(user)

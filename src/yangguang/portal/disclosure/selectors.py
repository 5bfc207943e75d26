"""Readers of the disclosure area: published results (结果公开) as masked public records, the
open-data rows of the catalog and of the results, the public league table and scorecards of
departments (reusing supervision's performance readers and KPI functions), satisfaction figures
(好差评) and the rectifications heads and supervisors follow.

A page or an export never receives a ``Case``: only ``PublicResult`` records, built here with
every personal field masked (``portal.masking``), so that a template cannot show what the
public may not see.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case as Choose
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.cases.domain import GRANTED
from yangguang.cases.models import Case, CaseState, IdType, PartyKind
from yangguang.catalog.models import Category, Disclosure, LimitUnit, Power
from yangguang.catalog.selectors import power_list_for
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Department, Region, Role
from yangguang.org.rules import department_filter, scope_of
from yangguang.supervision import performance, scoring
from yangguang.supervision.performance import DepartmentNotFound, Figures, Rate
from yangguang.worktime.domain import SHANGHAI

from .. import masking
from ..models import Rating, Rectification, RectificationStatus
from .errors import RectificationNotFound, ResultNotFound

RESULT_CATEGORIES = (Category.LICENCE, Category.PENALTY)  # 双公示: licences and penalties
GOOD_GRADE = 3  # 非常满意, 满意, 基本满意 are good ratings (好评); 1 and 2 bad (差评)


# --- published results (结果公开) -----------------------------------------------------------------


def results_published():
    """Every decision the public may see: completed cases of a licence or a penalty power with a
    granted decision (a licence granted, a penalty imposed), run under a version whose disclosure
    is public and of a power not since made filed-only."""
    return (Case.objects.filter(state=CaseState.COMPLETED, decision=GRANTED, decided_at__isnull=False,
                                power__category__in=RESULT_CATEGORIES, version__disclosure=Disclosure.PUBLIC)
            .filter(Q(power__published_version__isnull=True)
                    | Q(power__published_version__disclosure=Disclosure.PUBLIC)))


@dataclass(frozen=True)
class ResultQuery:
    """What the public searches results by; ``department`` is a full code (``320100-012``)."""

    party: str = ""
    document: str = ""
    department: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict:
        """The query as URL parameters (for the exports of the same results)."""
        values = {"party": self.party, "document": self.document, "department": self.department,
                  "category": self.category, "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else ""}
        return {key: value for key, value in values.items() if value}


def _date(params, name: str, errors: list) -> date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append({"field": name, "rule": "date", "detail": _("Give a date as YYYY-MM-DD, e.g. 2026-11-30.")})
        return None


def result_query_parse(params) -> tuple[ResultQuery, list[dict]]:
    """The search of ``params`` (a QueryDict or dict) and every error in it; a bad field is left out."""
    errors: list[dict] = []
    category = (params.get("category") or "").strip()
    if category and category not in RESULT_CATEGORIES:
        errors.append({"field": "category", "rule": "choice",
                       "detail": _("Results are licences (XK) or penalties (CF).")})
        category = ""
    date_from, date_to = _date(params, "from", errors), _date(params, "to", errors)
    if date_from and date_to and date_from > date_to:
        errors.append({"field": "to", "rule": "order", "detail": _("The end date comes before the start date.")})
        date_to = None
    query = ResultQuery(party=(params.get("party") or "").strip()[:100],
                        document=(params.get("document") or "").strip()[:60],
                        department=(params.get("department") or "").strip()[:12], category=category,
                        date_from=date_from, date_to=date_to)
    return query, errors


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, SHANGHAI)


def _department_q(code: str, path: str = "department") -> Q:
    region_code, _sep, department_code = code.partition("-")
    if not (region_code.isdigit() and department_code.isdigit()):
        return Q(pk__in=[])
    return Q(**{f"{path}__region__code": region_code, f"{path}__code": department_code})


def results_search(query: ResultQuery | None = None):
    """Published results matching ``query``, newest decision first. A party is searched among
    organisations only (name or credit code): a natural person's name or ID number finds nothing,
    so that the masking cannot be undone by searching."""
    query = query or ResultQuery()
    results = results_published()
    if query.party:
        organisations = Q(applicant_kind=PartyKind.ORGANISATION)
        results = results.filter(organisations & (Q(applicant_name__icontains=query.party)
                                                  | Q(applicant_id_type=IdType.CREDIT_CODE,
                                                      applicant_id_number=query.party.upper())))
    if query.document:
        results = results.filter(document_no__icontains=query.document)
    if query.department:
        results = results.filter(_department_q(query.department))
    if query.category:
        results = results.filter(power__category=query.category)
    if query.date_from:
        results = results.filter(decided_at__gte=_local_midnight(query.date_from))
    if query.date_to:
        results = results.filter(decided_at__lt=_local_midnight(query.date_to + timedelta(days=1)))
    return results.select_related("power", "version", "department__region").order_by("-decided_at", "-id")


def result_departments():
    """The departments that have published licence or penalty powers (the search's choices)."""
    powers = Power.objects.published().filter(department=OuterRef("pk"), category__in=RESULT_CATEGORIES)
    return Department.objects.filter(Exists(powers)).select_related("region").order_by("region__code", "code")


def _basis(item) -> str:
    if isinstance(item, dict):
        return f"{item.get('law', '')}{item.get('article', '')}".strip()
    return str(item or "").strip()


def legal_bases(version) -> tuple[str, ...]:
    """A power version's legal bases as short citations (《…法》第…条)."""
    return tuple(text for text in (_basis(item) for item in (version.legal_bases or [])) if text)


@dataclass(frozen=True)
class PublicResult:
    """A published decision with the 双公示 fields our data holds, every personal field masked."""

    number: str
    document_no: str
    category: str
    category_label: str
    decision_label: str
    power_code: str
    matter: str
    subject: str
    party_kind: str
    party_kind_label: str
    party_name: str
    party_id_label: str
    party_id: str
    credit_code: str
    legal_bases: tuple[str, ...]
    reason: str
    penalty_kind: str
    penalty_amount: Decimal | None
    department_name: str
    department_code: str
    decided_at: datetime
    completed_at: datetime | None

    @property
    def is_penalty(self) -> bool:
        return self.category == Category.PENALTY

    @property
    def legal_basis(self) -> str:
        return "；".join(self.legal_bases)

    def as_row(self) -> dict:
        """The record for the open-data exports (stable keys)."""
        return {
            "document_no": self.document_no, "category": self.category, "category_label": self.category_label,
            "decision": self.decision_label, "power_code": self.power_code, "matter": self.matter,
            "subject": self.subject, "party_kind": self.party_kind_label, "party_name": self.party_name,
            "party_id_type": self.party_id_label, "party_id": self.party_id, "credit_code": self.credit_code,
            "legal_basis": list(self.legal_bases), "reason": self.reason, "penalty_kind": self.penalty_kind,
            "penalty_amount": None if self.penalty_amount is None else str(self.penalty_amount),
            "department": self.department_name, "department_code": self.department_code,
            "decided_at": self.decided_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
            "decided_on": self.decided_at.astimezone(SHANGHAI).date().isoformat(), "case_number": self.number,
        }


def result_public(case: Case) -> PublicResult:
    """A case's published record, its party masked as the disclosure rules require."""
    person = case.applicant_kind != PartyKind.ORGANISATION
    names = [case.applicant_name] if person else []
    if case.applicant_contact:
        names.append(case.applicant_contact)  # an organisation's contact person is a natural person
    secrets = [(case.applicant_id_number, "id"), (case.applicant_phone, "phone"),
               (case.applicant_address, "address")]
    if not person:
        secrets = secrets[1:]  # an organisation's credit code is public
    category = case.power.category
    return PublicResult(
        number=case.number, document_no=case.document_no, category=category,
        category_label=str(Category(category).label),
        decision_label=_("Penalty imposed") if category == Category.PENALTY else _("Licence granted"),
        power_code=case.power.code, matter=case.version.name,
        subject=masking.scrub(case.title, names=names, secrets=secrets),
        party_kind=case.applicant_kind, party_kind_label=str(PartyKind(case.applicant_kind).label)
        if case.applicant_kind in PartyKind.values else "",
        party_name=masking.party_name(case.applicant_name, case.applicant_kind),
        party_id_label=str(IdType(case.applicant_id_type).label) if case.applicant_id_type in IdType.values else "",
        party_id=masking.party_id(case.applicant_id_number, case.applicant_id_type, case.applicant_kind),
        credit_code=case.applicant_id_number if not person and case.applicant_id_type == IdType.CREDIT_CODE else "",
        legal_bases=legal_bases(case.version),
        reason=masking.scrub(case.decision_reason, names=names, secrets=secrets),
        penalty_kind=case.penalty_kind if category == Category.PENALTY else "",
        penalty_amount=case.penalty_amount if category == Category.PENALTY else None,
        department_name=case.department.name, department_code=case.department.full_code,
        decided_at=case.decided_at, completed_at=case.completed_at)


def result_page(cases) -> list[PublicResult]:
    return [result_public(case) for case in cases]


def result_get(number: str) -> PublicResult:
    """One published result by its case number; not found when it is not published."""
    case = results_published().select_related("power", "version", "department__region").filter(
        number=number).first()
    if case is None:
        raise ResultNotFound(_("No published result %(number)s.") % {"number": number}, field="number")
    return result_public(case)


def results_export(query: ResultQuery | None = None, chunk: int = 2000):
    """Every published result matching ``query`` as masked records, read in chunks."""
    for case in results_search(query).iterator(chunk_size=chunk):
        yield result_public(case)


# --- the published catalog as open data ---------------------------------------------------------


def catalog_export(chunk: int = 2000):
    """The published public catalog, as the anonymous public sees it, one record per power."""
    powers = power_list_for(AnonymousUser())
    for power in powers.iterator(chunk_size=chunk):
        version = power.published_version
        yield {
            "code": power.code, "name": version.name, "category": power.category,
            "category_label": str(Category(power.category).label), "department": power.department.name,
            "department_code": power.department.full_code, "legal_basis": list(legal_bases(version)),
            "statutory_limit": version.statutory_limit, "statutory_unit": str(LimitUnit(version.statutory_unit).label),
            "committed_limit": version.committed_limit, "committed_unit": str(LimitUnit(version.committed_unit).label),
            "fees": [{"name": str(fee.get("name", "")), "standard": str(fee.get("standard", "")),
                      "basis": str(fee.get("basis", ""))} for fee in (version.fees or []) if isinstance(fee, dict)],
            "online": bool(version.online),
        }


# --- public supervision: league table and scorecards ---------------------------------------------


def _in(name: str, period: scoring.Period) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


def public_departments(region: str = ""):
    """Active departments with at least one published power, optionally those of one region
    (its own departments, not those of the counties under it: peers are compared within a level)."""
    listed = Power.objects.published().filter(department=OuterRef("pk"))
    departments = Department.objects.filter(is_active=True).filter(Exists(listed)).select_related("region")
    if region:
        departments = departments.filter(region__code=region)
    return departments.order_by("region__code", "code")


def satisfaction(department_ids, period: scoring.Period) -> dict[int, Rate]:
    """{department id: good ratings of all ratings given in ``period``, with the Wilson interval}."""
    found = {}
    for row in (Rating.objects.filter(case__department_id__in=list(department_ids)).filter(_in("rated_at", period))
                .values("case__department_id")
                .annotate(rated=Count("pk"), good=Count("pk", filter=Q(grade__gte=GOOD_GRADE))).order_by()):
        found[row["case__department_id"]] = Rate(row["good"], row["rated"], scoring.rate(row["good"], row["rated"]),
                                                 scoring.wilson(row["good"], row["rated"]))
    return found


def _public(rows: list[Figures], period: scoring.Period) -> list[Figures]:
    """The league's rows with what the public pages add: the overdue share's interval and satisfaction."""
    ratings = satisfaction([row.key for row in rows], period)
    for row in rows:
        overdue = row.rates["overdue"]
        overdue.interval = scoring.wilson(overdue.hits, overdue.total)
        row.satisfaction = ratings.get(row.key, Rate(0, 0, None))
    return rows


@dataclass
class PublicLeague:
    period: scoring.Period
    now: datetime
    rows: list[Figures]
    region: str = ""
    regions: list = field(default_factory=list)


def league_public(period: scoring.Period, now: datetime | None = None, region: str = "") -> PublicLeague:
    """The public league table (部门评价) of ``period``: every department with a published power,
    counted by supervision's performance readers and ranked as there, by the Wilson interval of
    the on-time rate; what the public sees of it is chosen by the page (no alerts or scores)."""
    now = now or timezone.now()
    departments = public_departments(region)
    rows = _public(performance.rank(performance.department_figures(departments, period, now)), period)
    return PublicLeague(period, now, rows, region, public_regions())


def public_regions():
    """Regions that have departments on the league table, for its region choice."""
    listed = Power.objects.published().filter(department__region=OuterRef("pk"))
    return list(Region.objects.filter(Exists(listed)).order_by("code"))


def department_public_get(code: str) -> Department:
    """An active department with a published power by its full code (``320100-012``)."""
    region_code, _sep, department_code = str(code or "").strip().partition("-")
    department = None
    if region_code.isdigit() and department_code.isdigit():
        department = public_departments().filter(region__code=region_code, code=department_code).first()
    if department is None:
        raise DepartmentNotFound(_("No department %(code)s.") % {"code": code}, field="code", rule="exists")
    return department


@dataclass
class Scorecard:
    """One department's public figures for a period, its place among its region's departments."""

    period: scoring.Period
    now: datetime
    department: Department
    figures: Figures
    peers: int
    ratings: dict
    rectifications: dict


def scorecard_public(code: str, period: scoring.Period, now: datetime | None = None) -> Scorecard:
    """The public scorecard of the department ``code``: the league row it has among the
    departments of its own region, its ratings by grade and its rectifications in ``period``."""
    now = now or timezone.now()
    department = department_public_get(code)
    peers = list(public_departments(department.region.code))
    rows = _public(performance.rank(performance.department_figures(peers, period, now)), period)
    [figures] = [row for row in rows if row.key == department.pk]
    grades = dict(Rating.objects.filter(case__department=department).filter(_in("rated_at", period))
                  .values_list("grade").annotate(n=Count("pk")).order_by())
    opened = Rectification.objects.filter(department=department).filter(_in("opened_at", period))
    rectifications = opened.aggregate(opened=Count("pk"), closed=Count("pk", filter=Q(
        status=RectificationStatus.CLOSED)), replied_late=Count("pk", filter=Q(replied_at__gt=F("due_at"))))
    return Scorecard(period, now, department, figures, len(rows), grades, rectifications)


# --- satisfaction of one case, for the applicant's case page ----------------------------------------


@dataclass(frozen=True)
class RatingState:
    """What the applicant's case page shows about rating the case (好差评)."""

    rating: Rating | None
    can_rate: bool


def rating_state(user, case: Case) -> RatingState:
    """The case's rating, if given, and whether ``user`` may rate it now: the applicant, once,
    after the case closed (the rule itself is enforced by ``services.rating_give``)."""
    rating = Rating.objects.filter(case=case).first()
    mine = getattr(user, "is_authenticated", False) and case.applicant_user_id == user.pk
    return RatingState(rating, bool(mine and rating is None and not case.is_open))


# --- rectifications (整改) -------------------------------------------------------------------------


def rectifications_allowed(user) -> bool:
    """Supervisors follow their region's rectifications, department heads their department's."""
    scope = scope_of(user)
    return scope.superuser or Role.SUPERVISOR in scope.roles or Role.DEPARTMENT_HEAD in scope.roles


def rectification_list_for(user, *, status: str = ""):
    """The rectifications ``user`` follows, open ones first and the earliest due first."""
    scope = scope_of(user)
    rows = Rectification.objects.select_related("rating__case__version", "department__region")
    if not scope.superuser:
        if not scope.authenticated:
            return rows.none()
        condition = department_filter(user, Role.DEPARTMENT_HEAD)
        if Role.SUPERVISOR in scope.roles:
            condition |= department_filter(user, Role.SUPERVISOR)
        rows = rows.filter(condition)
    if status:
        rows = rows.filter(status=status)
    order = Choose(When(status=RectificationStatus.OPEN, then=Value(0)),
                   When(status=RectificationStatus.REPLIED, then=Value(1)), default=Value(2),
                   output_field=IntegerField())
    return rows.annotate(order=order).order_by("order", "due_at", "id")


def rectification_get_for(user, pk) -> Rectification:
    row = rectification_list_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise RectificationNotFound(_("No rectification %(id)s among those you follow.") % {"id": pk},
                                    field="id", rule="visible")
    return row


def period_parse(text: str | None, now: datetime | None = None) -> tuple[scoring.Period, str | None]:
    """(the period of ``text``, or this year when it is empty or wrong; the error to show)."""
    now = now or timezone.now()
    this_year = scoring.period_of(timezone.localdate(now, SHANGHAI), scoring.YEAR)
    if not (text or "").strip():
        return this_year, None
    try:
        return performance.period_parse(text, now), None
    except InvalidInput as error:
        return this_year, str(error.detail)

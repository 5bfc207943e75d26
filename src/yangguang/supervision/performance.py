"""Readers of performance evaluation (绩效评估): the figures of each department and officer for a
month, a quarter or a year, their scores line by line, and the league table of departments.

Everything is counted in SQL, grouped by department (by officer through the steps they did),
a fixed handful of queries whatever the number of departments; ``scoring`` turns the counts into
rates, intervals and scores. Periods are Asia/Shanghai months, quarters and years.

What is counted in a period P = [start, end) (DOMAIN.md §5.4):

- received: cases received in P; handled: cases received before the end of P and not closed
  before its start (the denominator of the alarm and complaint rates);
- finished (办结): cases completed (decided and closed) in P; on time: finished before their
  committed due; early (提前办结): finished before the last day of their committed period
  began (at least a day ahead of the due);
- due (应办结): cases whose committed due falls in P (a due is 24:00 of a day, so a case due at
  24:00 of 30 November is due in November), not refused or withdrawn; overdue (超期): of those,
  finished at or after the due, or still open at ``now`` past it; over statutory: the same
  against the statutory due;
- decisions: refusals to accept (不予受理) in P and decisions (准予/不予) made in P; rejected: the
  refusals and the denials;
- alerts: raised in P on the department (a monthly quantitative alert counts in the month it
  evaluates), a removed card (摘牌) not counted; alarmed: handled cases with a red alarm in P;
- complaints: found confirmed (查实) or partly confirmed in a reply given in P;
- powers listed: published before the end of P and not revoked before its start; used: with a
  case received in P; the commitment speed-up is taken from the limits in force.

Scores are computed per month; a quarter's or a year's is the mean of the scores of its months
that have begun by ``now``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case as Choose
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yangguang.cases.domain import DENIED, GRANTED, OPEN_STATES
from yangguang.cases.models import Case, CaseState, Token, TokenState
from yangguang.catalog.models import LimitUnit, Power, PowerVersion
from yangguang.core.context import person_name
from yangguang.core.errors import InvalidInput, NotFound
from yangguang.org.models import Department, Officer, Role
from yangguang.org.rules import has_role
from yangguang.worktime.domain import SHANGHAI

from . import domain, scoring
from .models import Alert, AlertStatus, Complaint, ComplaintStatus, Finding
from .selectors import dashboard_allowed, department_by_code, supervised_departments

LICENCE = "XK"  # 行政许可: the cases of the licence-duration indicator (Q04)
EARLY_MARGIN = timedelta(days=1)  # early: finished before the last day of the committed period began
HOUR_US = 3_600_000_000
LEVELS = (domain.RED, domain.YELLOW, domain.PROMPT)


class DepartmentNotFound(NotFound):
    code = "department-not-found"


# --- periods and the scheme ------------------------------------------------------------------------


def period_parse(text: str | None, now: datetime | None = None, field_name: str = "period") -> scoring.Period:
    """The period named by ``text`` (``2026-11``, ``2026-Q4``, ``2026``); empty: the month of ``now``."""
    if not (text or "").strip():
        return scoring.period_of(timezone.localdate(now or timezone.now(), SHANGHAI))
    try:
        return scoring.period_parse(text)
    except scoring.PeriodError as exc:
        raise InvalidInput.one(field_name, "period", _("%(value)s is not a period: %(reason)s.")
                               % {"value": text, "reason": exc}) from exc


def score_scheme() -> scoring.Scheme:
    """The scheme of the ``YANGGUANG_SCORE_SCHEME`` setting merged over the defaults."""
    try:
        return scoring.scheme(getattr(settings, scoring.SETTING, None))
    except scoring.SchemeError as exc:
        raise ImproperlyConfigured(str(exc)) from exc


def months_scored(period: scoring.Period, now: datetime) -> tuple[date, ...]:
    """The months of ``period`` that have begun by ``now`` (a future month has no score)."""
    today = timezone.localdate(now, SHANGHAI)
    return tuple(month for month in period.months if month <= today)


# --- who sees what ---------------------------------------------------------------------------------------


def performance_allowed(user) -> bool:
    """Supervisors and administrators see their region's departments, heads their own department."""
    return dashboard_allowed(user) or has_role(user, Role.DEPARTMENT_HEAD)


def departments_for(user):
    """The departments whose performance ``user`` may see: the supervised ones and those headed."""
    return supervised_departments(user, headed=True)


def department_get_for(user, department_id) -> Department:
    """One department the user may see, by id or full code (``320100-012``); else not found."""
    departments = departments_for(user)
    text = str(department_id or "").strip()
    if "-" in text:
        department = department_by_code(text, within=departments)
    else:
        department = departments.filter(pk=int(text)).first() if text.isdigit() else None
    if department is None:
        raise DepartmentNotFound(_("No department %(id)s among those you may evaluate.") % {"id": department_id},
                                 field="id", rule="visible")
    return department


# --- the sets of cases, alerts and complaints behind each figure (one definition each) ----------------


def _in(name: str, period: scoring.Period) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


def _elapsed(end: str, start: str = "clock_start"):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def alerts_counted(period: scoring.Period) -> Q:
    """Alerts that count in ``period``: raised in it, a monthly one evaluating one of its months;
    a removed card (摘牌) does not count."""
    return ((Q(period__isnull=True) & _in("raised_at", period)) | Q(period__in=period.months)) & ~Q(
        status=AlertStatus.REMOVED)


def case_sets(period: scoring.Period, now: datetime) -> dict[str, Q]:
    """Each set of cases counted for a department, as a filter on ``Case``."""
    finished = Q(state=CaseState.COMPLETED) & _in("completed_at", period)
    due = Q(committed_due__gt=period.start, committed_due__lte=period.end) & ~Q(
        state__in=(CaseState.REFUSED, CaseState.WITHDRAWN))
    still_open = Q(state__in=OPEN_STATES)
    refused = Q(state=CaseState.REFUSED) & _in("completed_at", period)
    decided = Q(decision__in=(GRANTED, DENIED)) & _in("decided_at", period)
    handled = Q(received_at__lt=period.end) & (still_open | Q(completed_at__gte=period.start))
    counted = Alert.objects.filter(alerts_counted(period), case__isnull=False)
    return {
        "received": _in("received_at", period),
        "handled": handled,
        "finished": finished,
        "on_time": finished & Q(completed_at__lt=F("committed_due")),
        "early": finished & Q(completed_at__lt=F("committed_due") - EARLY_MARGIN),
        "late": finished & Q(completed_at__gte=F("committed_due")),
        "due": due,
        "overdue": due & (Q(completed_at__gte=F("committed_due"))
                          | (still_open & Q(committed_due__lte=now))),
        "over_statutory": due & (Q(completed_at__gte=F("statutory_due"))
                                 | (still_open & Q(statutory_due__lte=now))),
        "decisions": refused | decided,
        "rejected": refused | (Q(decision=DENIED) & _in("decided_at", period)),
        "alarmed": handled & Q(pk__in=counted.filter(level=domain.RED).values("case_id")),
        "warned": handled & Q(pk__in=counted.filter(level=domain.YELLOW).values("case_id")),
        "licences": finished & Q(power__category=LICENCE, clock_start__isnull=False),
        "timed": finished & Q(clock_start__isnull=False, committed_due__isnull=False, statutory_due__isnull=False),
    }


# The counts of a department (all from ``case_sets``) and what the page calls them.
CASE_COUNTS = ("received", "handled", "finished", "on_time", "early", "late", "due", "overdue", "over_statutory",
               "decisions", "rejected", "alarmed", "warned", "licences", "timed")


def _month(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, SHANGHAI).date().replace(day=1)
    return value.replace(day=1)


def _hours(value: timedelta | None) -> Fraction:
    return Fraction(value // timedelta(microseconds=1), HOUR_US) if value else Fraction(0)


def _limit_hours(limit: str, unit: str):
    return Choose(When(**{unit: LimitUnit.HOUR}, then=F(limit)),
                  default=ExpressionWrapper(F(limit) * Value(24), output_field=IntegerField()), output_field=IntegerField())


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class Rate:
    """hits of total, with the rate itself (None: nothing to divide) and, for some, its interval."""

    hits: int
    total: int
    value: Fraction | None
    interval: tuple[float, float] | None = None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else float(self.value * 100)

    @property
    def low_percent(self) -> float | None:
        return None if self.interval is None else self.interval[0] * 100

    @property
    def high_percent(self) -> float | None:
        return None if self.interval is None else self.interval[1] * 100


@dataclass
class Figures:
    """A department's (or an officer's) figures for a period, and its score."""

    key: int
    name: str
    short_name: str = ""
    code: str = ""
    department: Department | None = None
    counts: dict = field(default_factory=dict)
    hours: dict = field(default_factory=lambda: defaultdict(Fraction))
    alerts: dict = field(default_factory=dict)
    complaints: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)  # month → scoring.MonthCounts
    scores: dict = field(default_factory=dict)  # month → scoring.Score
    score: Fraction | None = None
    rates: dict = field(default_factory=dict)
    speedup: Fraction | None = None
    rank: tuple[int, int] | None = None

    @property
    def score_value(self) -> float | None:
        return None if self.score is None else round(float(self.score), 2)

    @property
    def rank_label(self) -> str:
        if self.rank is None:
            return "—"
        first, last = self.rank
        return str(first) if first == last else f"{first}–{last}"

    @property
    def speedup_percent(self) -> float | None:
        return None if self.speedup is None else float(self.speedup * 100)

    def _days(self, key: str, count: str) -> float | None:
        n = self.counts.get(count, 0)
        return float(self.hours[key] / n / 24) if n else None

    @property
    def average_days(self) -> float | None:
        """Mean natural days from the start of the clock to completion."""
        return self._days("elapsed", "timed")

    @property
    def committed_days(self) -> float | None:
        return self._days("committed", "timed")

    @property
    def statutory_days(self) -> float | None:
        return self._days("statutory", "timed")

    @property
    def licence_days(self) -> float | None:
        return self._days("licence", "licences")

    @property
    def used_committed_percent(self) -> float | None:
        """Time taken as a share of the committed time (Σ elapsed / Σ committed span)."""
        return float(self.hours["elapsed"] / self.hours["committed"] * 100) if self.hours["committed"] else None

    @property
    def used_statutory_percent(self) -> float | None:
        return float(self.hours["elapsed"] / self.hours["statutory"] * 100) if self.hours["statutory"] else None


def _month_counts(figures: Figures, months, finished_key: str = "finished") -> None:
    for month in months:
        base = figures.months.get(month, {})
        figures.months[month] = scoring.MonthCounts(
            yellow=base.get("yellow", 0), red=base.get("red", 0), prompt=base.get("prompt", 0),
            confirmed_complaints=base.get(Finding.CONFIRMED, 0), partly_complaints=base.get(Finding.PARTLY, 0),
            finished=base.get(finished_key, 0), early=base.get("early", 0),
            committed=figures.hours["catalog_committed"], statutory=figures.hours["catalog_statutory"])


def _score(figures: Figures, months, scheme: scoring.Scheme) -> None:
    _month_counts(figures, months)
    figures.scores = {month: scoring.score(figures.months[month], scheme) for month in months}
    figures.score = scoring.mean_score(figures.scores.values())


def department_figures(departments, period: scoring.Period, now: datetime,
                       scheme: scoring.Scheme | None = None) -> list[Figures]:
    """The figures and score of each of ``departments`` (a queryset or list) for ``period`` at
    ``now``; a fixed number of queries, each grouped by department."""
    scheme = scheme or score_scheme()
    departments = list(departments)
    ids = [department.pk for department in departments]
    found = {department.pk: Figures(department.pk, department.name, department.short_name, department.full_code,
                                    department) for department in departments}
    if not ids:
        return []
    sets = case_sets(period, now)
    months = months_scored(period, now)
    elapsed = _elapsed("completed_at")
    rows = (Case.objects.filter(department_id__in=ids).filter(sets["handled"] | sets["due"]).values("department_id")
            .annotate(**{key: Count("pk", filter=sets[key]) for key in CASE_COUNTS},
                      elapsed=Sum(elapsed, filter=sets["timed"]),
                      committed=Sum(_elapsed("committed_due"), filter=sets["timed"]),
                      statutory=Sum(_elapsed("statutory_due"), filter=sets["timed"]),
                      licence=Sum(elapsed, filter=sets["licences"]))
            .order_by())
    for row in rows:
        figures = found[row["department_id"]]
        figures.counts.update({key: row[key] for key in CASE_COUNTS})
        for key in ("elapsed", "committed", "statutory", "licence"):
            figures.hours[key] = _hours(row[key])
    for row in (Case.objects.filter(department_id__in=ids).filter(sets["finished"])
                .annotate(month=TruncMonth("completed_at", tzinfo=SHANGHAI)).values("department_id", "month")
                .annotate(finished=Count("pk"), early=Count("pk", filter=sets["early"])).order_by()):
        month = found[row["department_id"]].months.setdefault(_month(row["month"]), {})
        month["finished"], month["early"] = row["finished"], row["early"]
    _department_alerts(found, ids, period)
    for row in (Complaint.objects.filter(department_id__in=ids, status=ComplaintStatus.REPLIED,
                                         finding__in=(Finding.CONFIRMED, Finding.PARTLY))
                .filter(_in("replied_at", period)).annotate(month=TruncMonth("replied_at", tzinfo=SHANGHAI))
                .values("department_id", "month", "finding").annotate(n=Count("pk")).order_by()):
        figures = found[row["department_id"]]
        month = figures.months.setdefault(_month(row["month"]), {})
        month[row["finding"]] = month.get(row["finding"], 0) + row["n"]
        figures.complaints[row["finding"]] = figures.complaints.get(row["finding"], 0) + row["n"]
    _powers(found, ids, period)
    for figures in found.values():
        figures.counts["confirmed_complaints"] = figures.complaints.get(Finding.CONFIRMED, 0)
        values = scoring.kpis(figures.counts)
        figures.rates = {key: Rate(figures.counts.get(hits, 0), figures.counts.get(total, 0), values[key])
                         for key, _f, hits, total, _l in scoring.KPIS}
        figures.rates["on_time"].interval = scoring.wilson(figures.counts.get("on_time", 0),
                                                           figures.counts.get("finished", 0))
        figures.speedup = scoring.commitment_speedup(figures.hours["catalog_committed"],
                                                     figures.hours["catalog_statutory"])
        _score(figures, months, scheme)
    return list(found.values())


def _department_alerts(found: dict, ids, period: scoring.Period) -> None:
    alerts = Alert.objects.filter(department_id__in=ids).exclude(status=AlertStatus.REMOVED)
    raised = (alerts.filter(period__isnull=True).filter(_in("raised_at", period))
              .annotate(month=TruncMonth("raised_at", tzinfo=SHANGHAI)).values("department_id", "month", "level")
              .annotate(n=Count("pk")).order_by())
    monthly = (alerts.filter(period__in=period.months).annotate(month=F("period"))
               .values("department_id", "month", "level").annotate(n=Count("pk")).order_by())
    for row in list(raised) + list(monthly):
        figures = found[row["department_id"]]
        month = figures.months.setdefault(_month(row["month"]), {})
        month[row["level"]] = month.get(row["level"], 0) + row["n"]
        figures.alerts[row["level"]] = figures.alerts.get(row["level"], 0) + row["n"]


def powers_listed(period: scoring.Period) -> Q:
    """Powers in the list during ``period``: published before its end and not revoked before its
    start, or used in it (no case without a published power, whatever the dates on record)."""
    published = PowerVersion.objects.filter(power=OuterRef("pk"), published_at__lt=period.end)
    return (Q(Exists(published)) & (Q(revoked_at__isnull=True) | Q(revoked_at__gte=period.start))) | powers_used(period)


def powers_used(period: scoring.Period) -> Q:
    return Q(pk__in=Case.objects.filter(_in("received_at", period)).values("power_id"))


def _powers(found: dict, ids, period: scoring.Period) -> None:
    in_force = Q(published_version__isnull=False)
    for row in (Power.objects.filter(department_id__in=ids).filter(powers_listed(period)).values("department_id")
                .annotate(listed=Count("pk"), used=Count("pk", filter=powers_used(period)),
                          committed=Sum(_limit_hours("published_version__committed_limit",
                                                     "published_version__committed_unit"), filter=in_force),
                          statutory=Sum(_limit_hours("published_version__statutory_limit",
                                                     "published_version__statutory_unit"), filter=in_force))
                .order_by()):
        figures = found[row["department_id"]]
        figures.counts["powers_listed"], figures.counts["powers_used"] = row["listed"], row["used"]
        figures.hours["catalog_committed"] = Fraction(row["committed"] or 0)
        figures.hours["catalog_statutory"] = Fraction(row["statutory"] or 0)


def rank(rows: list[Figures]) -> list[Figures]:
    """Rank by the Wilson interval of the on-time rate (``scoring.rank_ranges``): best first,
    departments with no finished case last and unranked."""
    ranges = scoring.rank_ranges([row.rates["on_time"].interval for row in rows])
    for row, place in zip(rows, ranges, strict=True):
        row.rank = place

    def order(row):
        value = row.rates["on_time"].value
        if row.rank is None:
            return (1, 0, 0, 0, row.code)
        return (0, row.rank[0], row.rank[1], -value, row.code)

    return sorted(rows, key=order)


@dataclass
class League:
    period: scoring.Period
    now: datetime
    rows: list[Figures]
    months: tuple[date, ...]
    scheme: scoring.Scheme


def league_for(user, period: scoring.Period, now: datetime | None = None) -> League:
    """The league table of the departments ``user`` may see, ranked by on-time interval."""
    now = now or timezone.now()
    departments = departments_for(user).filter(is_active=True).order_by("region__code", "code")
    scheme = score_scheme()
    rows = rank(department_figures(departments, period, now, scheme))
    return League(period, now, rows, months_scored(period, now), scheme)


# --- one department, line by line ------------------------------------------------------------------


@dataclass
class LineDetail:
    """A score line of one month with what lies behind it: alerts, complaints, cases or powers."""

    line: scoring.Line
    alerts: list = field(default_factory=list)
    complaints: list = field(default_factory=list)
    case_ids: list = field(default_factory=list)
    power_ids: list = field(default_factory=list)

    @property
    def key(self):
        return self.line.key

    @property
    def label(self):
        return self.line.label

    @property
    def points(self) -> float:
        return float(self.line.points)

    @property
    def share_percent(self) -> float | None:
        return None if self.line.share is None else float(self.line.share * 100)


@dataclass
class MonthDetail:
    month: date
    score: scoring.Score
    lines: list[LineDetail]

    @property
    def label(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def total(self) -> float:
        return float(self.score.total)


@dataclass
class DepartmentDetail:
    period: scoring.Period
    now: datetime
    figures: Figures
    months: list[MonthDetail]
    scheme: scoring.Scheme
    powers: list = field(default_factory=list)


LEVEL_LINES = {domain.RED: scoring.RED_LINE, domain.YELLOW: scoring.YELLOW_LINE, domain.PROMPT: scoring.PROMPT_LINE}
FINDING_LINES = {Finding.CONFIRMED: scoring.CONFIRMED_LINE, Finding.PARTLY: scoring.PARTLY_LINE}


def department_detail_for(user, department_id, period: scoring.Period, now: datetime | None = None) -> DepartmentDetail:
    """One department's figures and, for each scored month, every score line with the ids of the
    alerts, complaints, cases or powers behind it."""
    now = now or timezone.now()
    department = department_get_for(user, department_id)
    scheme = score_scheme()
    # its place is among the departments the user sees, so the league is counted with it
    peers = list(departments_for(user).filter(is_active=True).exclude(pk=department.pk)) + [department]
    [figures] = [row for row in rank(department_figures(peers, period, now, scheme)) if row.key == department.pk]
    months = months_scored(period, now)
    by_month: dict[tuple[date, str], LineDetail] = {}
    details = []
    for month in months:
        lines = [LineDetail(line) for line in figures.scores[month].lines]
        details.append(MonthDetail(month, figures.scores[month], lines))
        for line in lines:
            by_month[(month, line.key)] = line
    alerts = (Alert.objects.filter(department=department).filter(alerts_counted(period))
              .select_related("rule", "case").order_by("raised_at", "id"))
    for alert in alerts:
        month = _month(alert.period or alert.raised_at)
        line = by_month.get((month, LEVEL_LINES[alert.level]))
        if line is not None:
            line.alerts.append(alert)
    complaints = (Complaint.objects.filter(department=department, status=ComplaintStatus.REPLIED,
                                           finding__in=list(FINDING_LINES)).filter(_in("replied_at", period))
                  .select_related("case").order_by("replied_at", "id"))
    for complaint in complaints:
        line = by_month.get((_month(complaint.replied_at), FINDING_LINES[complaint.finding]))
        if line is not None:
            line.complaints.append(complaint)
    early = case_sets(period, now)["early"]
    for case_id, completed_at in (Case.objects.filter(department=department).filter(early)
                                  .order_by("completed_at", "id").values_list("pk", "completed_at")):
        line = by_month.get((_month(completed_at), scoring.EARLY_LINE))
        if line is not None:
            line.case_ids.append(case_id)
    powers = list(Power.objects.filter(department=department).filter(powers_listed(period))
                  .filter(published_version__isnull=False).select_related("published_version").order_by("code"))
    for month in months:
        line = by_month.get((month, scoring.SPEEDUP_LINE))
        if line is not None:
            line.power_ids = [power.pk for power in powers]
    return DepartmentDetail(period, now, figures, details, scheme, powers)


# The sets a page may list the cases of (``line_cases``), with their titles.
CASE_LINES = {
    "received": gettext_lazy("Cases received"),
    "handled": gettext_lazy("Cases handled"),
    "finished": gettext_lazy("Cases finished"),
    "on_time": gettext_lazy("Cases finished on time"),
    "early": gettext_lazy("Cases finished early (提前办结)"),
    "late": gettext_lazy("Cases finished late"),
    "due": gettext_lazy("Cases due"),
    "overdue": gettext_lazy("Overdue cases (超期)"),
    "over_statutory": gettext_lazy("Cases over the statutory limit"),
    "decisions": gettext_lazy("Decisions and refusals"),
    "rejected": gettext_lazy("Refusals and denials (否定)"),
    "alarmed": gettext_lazy("Cases with a red alarm"),
    "warned": gettext_lazy("Cases with a yellow warning"),
    "licences": gettext_lazy("Licences finished"),
}


def line_cases(user, department_id, period: scoring.Period, line: str, now: datetime | None = None):
    """(the department, its cases behind figure ``line`` in ``period``) for a user who may see it."""
    if line not in CASE_LINES:
        raise InvalidInput.one("line", "choice", _("line is one of %(lines)s.") % {"lines": ", ".join(CASE_LINES)})
    department = department_get_for(user, department_id)
    now = now or timezone.now()
    return department, Case.objects.filter(department=department).filter(case_sets(period, now)[line])


# --- officers -----------------------------------------------------------------------------------------------


def officer_figures(departments, period: scoring.Period, now: datetime,
                    scheme: scoring.Scheme | None = None) -> list[Figures]:
    """The figures and score of each officer of ``departments`` who did a step, had an alert on
    a step they did or a complaint found against them in ``period``. An officer's timed steps
    (those with a limit) stand for a department's cases: a step done before its due is on time,
    a day ahead of it early; a step without a limit is neither."""
    scheme = scheme or score_scheme()
    ids = [department.pk for department in departments]
    if not ids:
        return []
    months = months_scored(period, now)
    done = Q(state=TokenState.DONE) & _in("done_at", period)
    timed = Q(due_at__isnull=False)
    on_time = Q(done_at__lt=F("due_at"))
    late = Q(done_at__gte=F("due_at"))
    early = Q(done_at__lt=F("due_at") - EARLY_MARGIN)
    tokens = Token.objects.filter(done, done_by__officer__department_id__in=ids)
    found: dict[int, Figures] = {}

    def figures_of(user_id) -> Figures:
        if user_id not in found:
            found[user_id] = Figures(user_id, "")
        return found[user_id]

    for row in (tokens.values("done_by_id").annotate(
            steps=Count("pk"), timed=Count("pk", filter=timed), on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            early=Count("pk", filter=early), cases=Count("case_id", distinct=True),
            elapsed=Sum(_elapsed("done_at", "arrived_at"))).order_by()):
        figures = figures_of(row["done_by_id"])
        figures.counts.update({key: row[key] for key in ("steps", "timed", "on_time", "late", "early", "cases")})
        figures.hours["elapsed"] = _hours(row["elapsed"])
    for row in (tokens.annotate(month=TruncMonth("done_at", tzinfo=SHANGHAI)).values("done_by_id", "month")
                .annotate(timed=Count("pk", filter=timed), early=Count("pk", filter=early)).order_by()):
        month = figures_of(row["done_by_id"]).months.setdefault(_month(row["month"]), {})
        month["timed"], month["early"] = row["timed"], row["early"]
    for row in (Alert.objects.filter(token__done_by__officer__department_id__in=ids, period__isnull=True)
                .exclude(status=AlertStatus.REMOVED).filter(_in("raised_at", period))
                .annotate(month=TruncMonth("raised_at", tzinfo=SHANGHAI))
                .values("token__done_by_id", "month", "level").annotate(n=Count("pk")).order_by()):
        figures = figures_of(row["token__done_by_id"])
        month = figures.months.setdefault(_month(row["month"]), {})
        month[row["level"]] = month.get(row["level"], 0) + row["n"]
        figures.alerts[row["level"]] = figures.alerts.get(row["level"], 0) + row["n"]
    for row in (Complaint.objects.filter(officer__department_id__in=ids, status=ComplaintStatus.REPLIED,
                                         finding__in=list(FINDING_LINES)).filter(_in("replied_at", period))
                .annotate(month=TruncMonth("replied_at", tzinfo=SHANGHAI))
                .values("officer__user_id", "month", "finding").annotate(n=Count("pk")).order_by()):
        figures = figures_of(row["officer__user_id"])
        month = figures.months.setdefault(_month(row["month"]), {})
        month[row["finding"]] = month.get(row["finding"], 0) + row["n"]
        figures.complaints[row["finding"]] = figures.complaints.get(row["finding"], 0) + row["n"]
    officers = {officer.user_id: officer for officer in Officer.objects.filter(user_id__in=list(found))
                .select_related("user", "department__region")}
    rows = []
    for user_id, figures in found.items():
        officer = officers.get(user_id)
        if officer is None or officer.department_id not in ids:
            continue
        figures.name = person_name(officer.user)
        figures.code = officer.user.get_username()
        figures.department = officer.department
        timed_steps, on_time_steps = figures.counts.get("timed", 0), figures.counts.get("on_time", 0)
        early_steps = figures.counts.get("early", 0)
        figures.rates = {
            "on_time": Rate(on_time_steps, timed_steps, scoring.on_time_rate(on_time_steps, timed_steps),
                            scoring.wilson(on_time_steps, timed_steps)),
            "early": Rate(early_steps, timed_steps, scoring.early_rate(early_steps, timed_steps)),
        }
        _month_counts(figures, months, finished_key="timed")
        figures.scores = {month: scoring.score(figures.months[month], scheme) for month in months}
        figures.score = scoring.mean_score(figures.scores.values())
        rows.append(figures)
    rows.sort(key=lambda row: (row.department.region.code, row.department.code, -(row.score or 0), row.name))
    return rows


def officers_for(user, period: scoring.Period, now: datetime | None = None) -> list[Figures]:
    now = now or timezone.now()
    return officer_figures(list(departments_for(user).filter(is_active=True)), period, now)


# --- the monthly quantitative rules (定量分析) read their inputs here ---------------------------------


def quantitative_inputs(period: scoring.Period, now: datetime) -> dict[int, list[scoring.QuantitativeInput]]:
    """Every active department's month as the quantitative rules see it, by region (peers)."""
    departments = list(Department.objects.filter(is_active=True).select_related("region"))
    rows = department_figures(departments, period, now, scoring.scheme())  # no score needed: the defaults
    peers: dict[int, list[scoring.QuantitativeInput]] = defaultdict(list)
    for figures in rows:
        counts = figures.counts
        peers[figures.department.region_id].append(scoring.QuantitativeInput(
            key=figures.department, overdue=counts.get("overdue", 0), due=counts.get("due", 0),
            rejected=counts.get("rejected", 0), decisions=counts.get("decisions", 0),
            powers_used=counts.get("powers_used", 0), powers_listed=counts.get("powers_listed", 0),
            licence_hours=figures.hours["licence"], licences=counts.get("licences", 0),
            alarmed=counts.get("alarmed", 0), handled=counts.get("handled", 0)))
    return peers

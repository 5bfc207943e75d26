"""The only writers of discretion benchmarks: drafting, review and publication (one transaction
and one history record each), the check of a penalty decision (inside the case's transaction)
and the legal office's review of a decision outside its benchmark."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.catalog.models import Category, Power
from yangguang.core import statements
from yangguang.core.fields import raise_errors

from . import domain, selectors
from .errors import (
    BenchmarkInProgress,
    InvalidBenchmark,
    InvalidDecision,
    NotBenchmarkDrafter,
    NotLegalOffice,
    OutsideBenchmark,
    TransitionRefused,
)
from .models import (
    Benchmark,
    BenchmarkRecord,
    BenchmarkState,
    Circumstance,
    DecisionCheck,
    DiscretionReview,
    RecordAction,
    ReviewState,
    Tier,
    Violation,
)
from .rules import can_draft, can_review

REASON_MAX = 2000


def _now(now):
    return now or timezone.now()


def _require_drafter(actor, power: Power) -> None:
    if not can_draft(actor, power):
        raise NotBenchmarkDrafter(_("Only the catalog clerk of %(department)s or the legal office may draft its "
                                    "discretion benchmarks.") % {"department": power.department.name})


def _require_legal(actor, power: Power) -> None:
    if not can_review(actor, power):
        raise NotLegalOffice(_("Only the legal office of the department's region may do this."))


def clean(content: dict) -> domain.Content:
    """The content, or ``InvalidBenchmark`` naming every field that breaks a rule."""
    cleaned, errors = domain.clean_content(content)
    raise_errors(errors, InvalidBenchmark)
    return cleaned


def _require_penalty_power(power: Power) -> None:
    if power.category != Category.PENALTY:
        raise InvalidBenchmark(_("Only a penalty power (行政处罚) has discretion benchmarks."), field="power",
                               rule="penalty-power-only")
    if power.revoked_at is not None:
        raise InvalidBenchmark(_("The power has been revoked."), field="power", rule="power-revoked")


def _record(benchmark: Benchmark, action: str, actor, now, opinion: str = "") -> None:
    BenchmarkRecord.objects.create(benchmark=benchmark, action=action, actor=actor, at=now, opinion=opinion)


def write_content(benchmark: Benchmark, content: domain.Content) -> None:
    """Replace a version's violations, tiers and circumstances by ``content`` (call inside a transaction)."""
    benchmark.violations.all().delete()
    benchmark.circumstances.all().delete()
    strategy = content.strategy.payload()
    benchmark.strategy, benchmark.strategy_params = strategy["name"], strategy["params"]
    Circumstance.objects.bulk_create([
        Circumstance(benchmark=benchmark, order=index, **circumstance.payload())
        for index, circumstance in enumerate(content.circumstances.values())
    ])
    violations, tiers = [], []
    for index, violation in enumerate(content.violations.values()):
        payload = violation.payload()
        row = Violation(benchmark=benchmark, order=index, code=payload["code"], name=payload["name"],
                        description=payload["description"], violated=payload["violated"],
                        punished=payload["punished"], statutory=payload["statutory"])
        violations.append((row, payload["tiers"]))
    Violation.objects.bulk_create([row for row, _tiers in violations])
    for row, payload in violations:
        tiers += [Tier(violation=row, **tier) for tier in payload]
    Tier.objects.bulk_create(tiers)


def _locked_power(power: Power) -> Power:
    return Power.objects.select_for_update(of=("self",)).select_related("department__region").get(pk=power.pk)


def _next_number(power: Power) -> int:
    return (Benchmark.objects.filter(power=power).aggregate(m=Max("number"))["m"] or 0) + 1


def benchmark_create(*, actor, power: Power, content: dict | None = None, reason: str = "", now=None) -> Benchmark:
    """Draft a new version of a power's benchmark (起草): from ``content``, or copied from the
    version in force, which stays in force until the new one is published."""
    now = _now(now)
    _require_penalty_power(power)
    _require_drafter(actor, power)
    cleaned = clean(content) if content is not None else None
    with transaction.atomic(durable=True):
        power = _locked_power(power)
        if Benchmark.objects.filter(power=power, state__in=domain.OPEN_STATES).exists():
            raise BenchmarkInProgress(_("Another version of this benchmark is already under work."), field="number",
                                      rule="one-open-version")
        if cleaned is None:
            source = selectors.published(power)
            if source is None:
                raise InvalidBenchmark(_("The power has no benchmark yet: give its content."), field="content",
                                       rule="content-required")
            cleaned = clean(selectors.content_of(source))
        benchmark = Benchmark.objects.create(power=power, number=_next_number(power), created_by=actor, created_at=now,
                                             updated_at=now, change_reason=reason.strip())
        write_content(benchmark, cleaned)
        benchmark.save(update_fields=["strategy", "strategy_params"])
        _record(benchmark, RecordAction.CREATED, actor, now, reason.strip())
    return benchmark


def _locked(benchmark: Benchmark) -> Benchmark:
    return (Benchmark.objects.select_for_update(of=("self",)).select_related("power__department__region")
            .get(pk=benchmark.pk))


def benchmark_update(*, actor, benchmark: Benchmark, content: dict, now=None) -> Benchmark:
    """Change a draft's content; the whole content is checked on every save."""
    now = _now(now)
    _require_drafter(actor, benchmark.power)
    cleaned = clean(content)
    with transaction.atomic(durable=True):
        benchmark = _locked(benchmark)
        if not benchmark.is_editable:
            raise TransitionRefused(_("Only a draft can be edited."), field="state", rule="editable-state")
        write_content(benchmark, cleaned)
        benchmark.updated_at = now
        benchmark.save(update_fields=["strategy", "strategy_params", "updated_at"])
        _record(benchmark, RecordAction.UPDATED, actor, now)
    return benchmark


def _move(*, actor, benchmark: Benchmark, action: str, opinion: str = "", now=None) -> Benchmark:
    """Take one step of the review state machine (``domain.TRANSITIONS``)."""
    now = _now(now)
    move = domain.TRANSITIONS[action]
    (_require_drafter if move.role == "drafter" else _require_legal)(actor, benchmark.power)
    opinion = (opinion or "").strip()
    with transaction.atomic(durable=True):
        benchmark = _locked(benchmark)
        if benchmark.state not in move.sources:
            raise TransitionRefused(
                _("Cannot %(action)s a benchmark that is %(state)s.") % {"action": action,
                                                                         "state": benchmark.get_state_display()},
                field="state", rule=f"{action}-from-state",
            )
        if action == "return" and not opinion:
            raise InvalidBenchmark(_("Say why the benchmark is returned."), field="opinion", rule="return-needs-opinion")
        if action == "submit":
            clean(selectors.content_of(benchmark))
            benchmark.submitted_by, benchmark.submitted_at = actor, now
        if action == "publish":
            _require_penalty_power(benchmark.power)
            _supersede(benchmark, actor, now)
            benchmark.published_by, benchmark.published_at = actor, now
        if action in ("return", "publish"):
            benchmark.review_opinion = opinion
        benchmark.state = move.target
        benchmark.updated_at = now
        benchmark.save()
        _record(benchmark, {"submit": RecordAction.SUBMITTED, "return": RecordAction.RETURNED,
                            "publish": RecordAction.PUBLISHED}[action], actor, now, opinion)
    return benchmark


def _supersede(benchmark: Benchmark, actor, now) -> None:
    _locked_power(benchmark.power)
    for previous in Benchmark.objects.select_for_update().filter(power_id=benchmark.power_id,
                                                                 state=BenchmarkState.PUBLISHED):
        previous.state, previous.valid_until = domain.TRANSITIONS["supersede"].target, now
        previous.save(update_fields=["state", "valid_until"])
        _record(previous, RecordAction.SUPERSEDED, actor, now, _("Superseded by version %(n)s.") % {"n": benchmark.number})


def benchmark_submit(*, actor, benchmark, now=None) -> Benchmark:
    """Submit to the legal office for review (报送法制办审核)."""
    return _move(actor=actor, benchmark=benchmark, action="submit", now=now)


def benchmark_return(*, actor, benchmark, opinion: str, now=None) -> Benchmark:
    """Return to draft with the legal office's opinion (退回)."""
    return _move(actor=actor, benchmark=benchmark, action="return", opinion=opinion, now=now)


def benchmark_publish(*, actor, benchmark, opinion: str = "", now=None) -> Benchmark:
    """Put a submitted version in force (审核发布); the version in force until now is superseded."""
    return _move(actor=actor, benchmark=benchmark, action="publish", opinion=opinion, now=now)


# --- a penalty decision against its benchmark ---------------------------------------------------


def _reason(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidDecision.one("discretion_reason", "text", _("Must be text."))
    value = value.strip()
    if len(value) > REASON_MAX:
        raise InvalidDecision.one("discretion_reason", "max-length", _("At most %(n)s characters.") % {"n": REASON_MAX})
    return value


def _empty(value) -> bool:
    return value is None or value == "" or value == {} or value == []


def decision_check(*, power: Power, now, actor, case_id: int, case_number: str, department_id: int, decision: str,
                   penalty_kind: str = "", penalty_amount: Decimal | None = None, violation=None, facts=None,
                   discretion_reason=None) -> dict | None:
    """Check a penalty decision against the benchmark in force (裁量核对); runs inside the case's
    transaction and returns what the decision's event records, or None when no benchmark applies.

    With a benchmark in force, a penalty names its violation and facts; a decision outside
    the range is refused (``OutsideBenchmark``, naming the field and the rule) unless a written
    reason is given: then it is recorded and opened for the legal office's review, and the
    event's ``deviation`` lets supervision raise alert D01 in the same transaction.
    """
    reason = _reason(discretion_reason)
    benchmark = selectors.in_force_version(power.pk, now)
    if benchmark is None:
        if not (_empty(violation) and _empty(facts) and not reason):
            raise InvalidDecision.one("violation", "no-benchmark", _(
                "Power %(code)s has no discretion benchmark in force: decide without a violation and facts.")
                % {"code": power.code})
        return None
    if decision == domain.DENIED and _empty(violation) and _empty(facts):
        return None  # no penalty because no violation is established: nothing to check
    content = selectors.compiled_version(benchmark)
    if _empty(violation):
        raise InvalidDecision.one("violation", "violation-required", _(
            "Name the violation (违法行为) of the benchmark the decision is about: %(codes)s.")
            % {"codes": "、".join(f"{code} {v.name}" for code, v in content.violations.items())})
    outcome, errors = domain.evaluate(content, violation, facts, unknown_violation=_(
        "Not a violation of the benchmark in force (version %(n)s).") % {"n": benchmark.number})
    raise_errors(errors, InvalidDecision)
    cleaned = outcome.facts
    deviations = domain.check(outcome, decision=decision, penalty_kind=penalty_kind, penalty_amount=penalty_amount)
    if deviations and not reason:
        hint = _("Decide within the benchmark, or give the written reason for leaving it (discretion_reason): the "
                 "decision then goes to the legal office's review and raises alert D01.")
        raise_errors([{"field": d.field, "rule": d.rule, "detail": f"{d.detail} {hint}"} for d in deviations],
                     OutsideBenchmark)
    final = outcome.range
    check = DecisionCheck(
        case_id=case_id, case_number=case_number, department_id=department_id, benchmark_id=benchmark.pk,
        violation_id=selectors.violation_id(benchmark, violation),
        facts=cleaned.payload(),
        level=outcome.level, range_low=final.low if final else None, range_high=final.high if final else None,
        decision=decision, penalty_kind=penalty_kind or "", penalty_amount=penalty_amount,
        deviation=bool(deviations), deviations=[{"field": d.field, "rule": d.rule, "detail": d.detail} for d in deviations],
        reason=reason, checked_by=actor if getattr(actor, "pk", None) else None, checked_at=now,
    )
    statements.insert(DecisionCheck, [check], returning_pk=True)  # at every penalty decision: a prepared INSERT
    review = DiscretionReview(decision_check=check, opened_at=now) if deviations else None
    if review is not None:
        statements.insert(DiscretionReview, [review], returning_pk=True)
    return {
        "benchmark": benchmark.number, "violation": violation, "violation_name": content.violations[violation].name,
        "tier": outcome.level, "range": final.payload() if final else None, "facts": cleaned.payload(),
        "deviation": bool(deviations), "deviations": [{"rule": d.rule, "detail": d.detail} for d in deviations],
        "reason": reason, "check": check.pk, "review": review.pk if review else None,
    }


def review_close(*, actor, review: DiscretionReview, outcome: str, opinion: str, now=None) -> DiscretionReview:
    """Close the legal office's review of a decision outside its benchmark: lawful (合法), or a
    correction required (责令纠正) with the opinion saying what to correct."""
    now = _now(now)
    opinion = (opinion or "").strip()
    if outcome not in (ReviewState.LAWFUL, ReviewState.CORRECTION):
        raise InvalidDecision.one("outcome", "choice", _("Lawful or correction required."))
    if not opinion:
        raise InvalidDecision.one("opinion", "required", _("Give the legal office's opinion."))
    with transaction.atomic(durable=True):
        review = DiscretionReview.objects.select_for_update(of=("self",)).select_related(
            "decision_check__benchmark__power__department__region").get(pk=review.pk)
        _require_legal(actor, review.decision_check.benchmark.power)
        if review.state != ReviewState.OPEN:
            raise TransitionRefused(_("The review is already closed."), field="state", rule="review-closed")
        review.state, review.closed_by, review.closed_at, review.opinion = outcome, actor, now, opinion
        review.save(update_fields=["state", "closed_by", "closed_at", "opinion"])
    return review

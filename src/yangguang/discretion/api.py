"""Discretion API: a penalty power's benchmark in force, and the calculator."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from yangguang.catalog.selectors import power_get_for
from yangguang.core.apiauth import anyone
from yangguang.core.errors import InvalidInput
from yangguang.core.fields import money, raise_errors

from . import domain, selectors
from .errors import BenchmarkNotFound
from .schemas import BenchmarkOut, CalculateIn, CalculateOut

powers_router = Router(tags=["discretion"])
router = Router(tags=["discretion"])


def _in_force(request, code: str):
    power = power_get_for(request.user, code)
    benchmark = selectors.in_force(power.pk, timezone.now()) if power.category == "CF" else None
    if benchmark is None:
        raise BenchmarkNotFound(_("Power %(code)s has no discretion benchmark in force.") % {"code": code}, field="power")
    return power, benchmark


@powers_router.get("/{code}/benchmarks", response=BenchmarkOut, auth=anyone,
                   summary="The discretion benchmark in force of a penalty power")
def power_benchmarks(request: HttpRequest, code: str):
    power, benchmark = _in_force(request, code)
    return {"power": power.code, "number": benchmark.number, "published_at": benchmark.published_at,
            **selectors.compiled(benchmark).payload()}


@router.post("/calculate", response=CalculateOut, auth=anyone,
             summary="Name the tier, range and legal basis for a violation and its facts; check a decision")
def calculate(request: HttpRequest, payload: CalculateIn):
    power, benchmark = _in_force(request, payload.power)
    content = selectors.compiled(benchmark)
    outcome, errors = domain.evaluate(content, payload.violation, payload.facts, unknown_violation=_(
        "Not a violation of the benchmark in force: %(codes)s.") % {"codes": ", ".join(content.violations)})
    if outcome is None:
        raise_errors(errors)
    out = {"power": power.code, "benchmark": benchmark.number, **outcome.payload(),
           "explanation": [str(line) for line in domain.explanation(outcome)]}
    if payload.decision is not None:
        if payload.decision not in (domain.GRANTED, domain.DENIED):
            raise InvalidInput.one("decision", "choice", _("granted (a penalty) or denied (none)."))
        amount_errors: list = []
        amount = money(payload.penalty_amount, "penalty_amount", amount_errors)
        raise_errors(amount_errors)
        raise_errors(errors)  # the base of a multiple, needed to check a decision
        deviations = domain.check(outcome, decision=payload.decision, penalty_kind=payload.penalty_kind,
                                  penalty_amount=amount)
        out["within"] = not deviations
        out["deviations"] = [{"field": d.field, "rule": d.rule, "detail": str(d.detail)} for d in deviations]
    return out

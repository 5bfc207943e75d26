"""The calculator without a database: tier choice at every bound, ranges, circumstances and the
strategies that move a range, the check of a decision, validation, and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.demo.data.benchmarks import BENCHMARKS

from .. import domain
from .conftest import content

D = Decimal


def compiled(body=None) -> domain.Content:
    cleaned, errors = domain.clean_content(body or content())
    assert errors == []
    return cleaned


def outcome(facts: dict, code="V01", body=None) -> domain.Outcome:
    bench = compiled(body)
    cleaned, errors = domain.clean_facts(facts, bench.circumstances)
    assert errors == []
    return domain.calculate(bench, code, cleaned)


def rng(low, high) -> domain.Range:
    return domain.Range(D(low).quantize(D("0.01")), D(high).quantize(D("0.01")))


# --- which tier: every bound of V01, inclusive and exclusive -----------------------------------

@pytest.mark.parametrize(("facts", "level"), [
    ({}, "minor"),  # nothing known: the lightest tier, which has no conditions
    ({"illegal_income": "9999.99"}, "minor"),  # general is income ≥ 10,000 (inclusive)
    ({"illegal_income": "10000"}, "general"),  # … at the bound
    ({"illegal_income": "50000"}, "general"),  # serious is income > 50,000 (exclusive): not yet
    ({"illegal_income": "50000.01"}, "serious"),  # … one cent above
    ({"illegal_income": "199999.99"}, "serious"),  # severe is income ≥ 200,000
    ({"illegal_income": "200000"}, "severe"),
    ({"repeat_count": 1}, "minor"),  # serious, second alternative: repeat ≥ 2
    ({"repeat_count": "2"}, "serious"),
    ({"harm": "general"}, "minor"),  # severe, second alternative: harm ≥ serious
    ({"harm": "serious"}, "severe"),
    ({"illegal_income": "20000", "repeat_count": 3}, "serious"),  # the heaviest tier that holds
    ({"first_offence": True, "harm": "slight", "corrected": True}, "exempt"),  # 首违不罚: harm ≤ slight
    ({"first_offence": True, "harm": "none", "corrected": "true", "illegal_income": "20000"}, "exempt"),
    ({"first_offence": True, "harm": "general", "corrected": True}, "minor"),  # harm above the bound
    ({"first_offence": True, "harm": "slight"}, "minor"),  # correction not given: not met
    ({"first_offence": False, "harm": "slight", "corrected": True}, "minor"),
])
def test_tier_choice_at_every_bound(facts, level):
    assert outcome(facts).level == level


@pytest.mark.parametrize(("goods", "level", "tier_range"), [
    ("49999.99", "minor", ("49999.99", "74999.99")),  # 1–1.5 × goods, rounded to the cent
    ("50000", "general", ("75000", "100000")),  # 1.5–2 ×
    ("200000", "serious", ("400000", "600000")),  # 2–3 ×
])
def test_a_multiple_is_resolved_with_its_base(goods, level, tier_range):
    result = outcome({"goods_value": goods}, code="V02")
    assert result.level == level and result.tier_range == rng(*tier_range)
    assert result.statutory_range == rng(D(goods), D(goods) * 3)


def test_a_multiple_without_its_base_cannot_be_resolved():
    result = outcome({}, code="V02")
    assert result.missing_base == "goods_value" and result.range is None
    with translation.override("en"):
        assert "goods" in " ".join(str(line) for line in domain.explanation(result))


def test_evaluation_names_the_violation_the_facts_or_the_base_to_give():
    bench = compiled()
    for violation in ("V99", 1, None):
        assert domain.evaluate(bench, violation, {}, unknown_violation="unknown") == (
            None, [{"field": "violation", "rule": "choice", "detail": "unknown"}])
    result, errors = domain.evaluate(bench, "V01", {"harm": "catastrophic", "weather": "rain"}, unknown_violation="")
    assert result is None and [(e["field"], e["rule"]) for e in errors] == [("facts.harm", "fact-value"),
                                                                            ("facts.weather", "factor")]
    result, errors = domain.evaluate(bench, "V02", {}, unknown_violation="")
    assert result == outcome({}, code="V02") and [(e["field"], e["rule"]) for e in errors] == [
        ("facts.goods_value", "base-required")]
    with translation.override("en"):
        assert "goods" in str(domain.evaluate(bench, "V02", {}, unknown_violation="")[1][0]["detail"])
    result, errors = domain.evaluate(bench, "V01", {"illegal_income": "20000"}, unknown_violation="")
    assert errors == [] and result == outcome({"illegal_income": "20000"})


def test_the_absolute_range_applies_without_the_base():
    body = content()
    body["violations"][0]["tiers"][2]["standard"] = {"fine": {"min": "9000", "max": "30000"},
                                                     "multiple": {"base": "illegal_income", "min": "1", "max": "2"}}
    assert outcome({"repeat_count": 0, "illegal_income": "10000"}, body=body).tier_range == rng(10000, 20000)
    body["violations"][0]["tiers"][2]["conditions"] = [[{"factor": "duration_days", "gte": 30}]]
    assert outcome({"duration_days": 30}, body=body).tier_range == rng(9000, 30000)  # income unknown


# --- the final range: the middle band, and every bound of it -------------------------------------

@pytest.mark.parametrize(("amount", "within"), [
    ("2999.99", False), ("3000.00", True), ("4500", True), ("6000.00", True), ("6000.01", False),
])
def test_the_check_at_each_bound_of_the_range(amount, within):
    result = outcome({"illegal_income": "100"})  # minor 0–9,000: the middle third 3,000–6,000
    assert result.range == rng(3000, 6000)
    found = domain.check(result, decision="granted", penalty_kind="罚款", penalty_amount=D(amount))
    assert (found == []) is within
    if not within:
        assert found[0].field == "penalty_amount" and found[0].rule == "discretion-range"
        assert "3000.00–6000.00" in found[0].detail


def test_a_warning_alone_keeps_to_a_tier_that_allows_one():
    result = outcome({})
    assert domain.check(result, decision="granted", penalty_kind="警告", penalty_amount=None) == []
    general = outcome({"illegal_income": "10000"})  # 9,000–30,000 without a warning
    [found] = domain.check(general, decision="granted", penalty_kind="警告", penalty_amount=None)
    assert found.rule == "discretion-range"


def test_no_penalty_and_kinds_of_penalty_are_checked():
    exempt = outcome({"first_offence": True, "harm": "none", "corrected": True})
    assert domain.check(exempt, decision="denied") == []
    [found] = domain.check(exempt, decision="granted", penalty_kind="罚款", penalty_amount=D("100"))
    assert found.field == "decision" and found.rule == "discretion-no-penalty"
    [found] = domain.check(outcome({}), decision="denied")
    assert found.rule == "discretion-penalty-required"
    kinds = domain.check(outcome({}), decision="granted", penalty_kind="罚款、吊销营业执照、行政拘留",
                         penalty_amount=D("4000"))
    assert [d.rule for d in kinds] == ["discretion-kind", "discretion-kind"]
    severe = outcome({"harm": "serious"})
    assert domain.check(severe, decision="granted", penalty_kind="罚款、吊销许可证件",
                        penalty_amount=severe.range.low) == []


# --- circumstances and strategies ---------------------------------------------------------------

MINOR = {"illegal_income": "100"}  # minor tier, 0–9,000, no floor
GENERAL = {"illegal_income": "10000"}  # general tier, 9,000–30,000


@pytest.mark.parametrize(("circumstances", "direction", "expected"), [
    ([], 0, (3000, 6000)),
    (["eliminated_harm"], -1, (0, 3000)),
    (["refused_order"], 1, (6000, 9000)),
    (["eliminated_harm", "refused_order"], 0, (3000, 6000)),  # one of each: they balance
    (["eliminated_harm", "cooperated", "refused_order"], -1, (0, 3000)),
    (["refused_order", "evidence_destroyed", "cooperated"], 1, (6000, 9000)),
])
def test_three_tiers_moves_the_range_by_the_balance_of_circumstances(circumstances, direction, expected):
    result = outcome(MINOR | {"circumstances": circumstances})
    assert result.direction == direction and result.range == rng(*expected)


@pytest.mark.parametrize(("strategy", "facts", "expected"), [
    # Guangzhou, three grades: 一般 and 从轻 min … min + 60 %, 从重 above
    ({"name": "percent_split", "params": {"split": "0.6"}}, MINOR, (0, 5400)),
    ({"name": "percent_split", "params": {"split": "0.6"}}, MINOR | {"circumstances": ["refused_order"]}, (5400, 9000)),
    ({"name": "percent_split", "params": {"split": "0.6"}}, MINOR | {"circumstances": ["cooperated"]}, (0, 5400)),
    # two grades: 从轻 without a fine (the law allows a warning)
    ({"name": "percent_split", "params": {"split": "0.5", "lighter": "no_fine"}},
     MINOR | {"circumstances": ["cooperated"]}, (0, 0)),
    ({"name": "percent_split", "params": {"split": "0.5", "lighter": "no_fine"}}, GENERAL, (9000, 19500)),
    # multiples: a range with a floor in three steps, 从重 from the middle one up …
    ({"name": "multiples"}, GENERAL, (16000, 23000)),
    ({"name": "multiples"}, GENERAL | {"circumstances": ["cooperated"]}, (9000, 16000)),
    ({"name": "multiples"}, GENERAL | {"circumstances": ["refused_order"]}, (16000, 30000)),
    # … and one with only a maximum: 一般 40–60 %, 从轻 up to 20 %, 从重 from 60 %
    ({"name": "multiples"}, MINOR, (3600, 5400)),
    ({"name": "multiples"}, MINOR | {"circumstances": ["cooperated"]}, (0, 1800)),
    ({"name": "multiples"}, MINOR | {"circumstances": ["refused_order"]}, (5400, 9000)),
    # shares set by the legal office
    ({"name": "bands", "params": {"lighter": ["0", "0.3"], "general": ["0.3", "0.7"], "heavier": ["0.7", "1"]}},
     MINOR, (2700, 6300)),
    ({"name": "bands", "params": {"lighter": ["0", "0.3"], "general": ["0.3", "0.7"], "heavier": ["0.7", "1"]}},
     MINOR | {"circumstances": ["refused_order"]}, (6300, 9000)),
])
def test_strategies(strategy, facts, expected):
    result = outcome(facts, body=content(strategy=strategy))
    assert result.range == rng(*expected)
    assert result.no_fine == (expected == (0, 0))


def test_a_strategy_can_be_plugged_in():
    class Fixed(domain.Strategy):
        name = "fixed_share"
        label = "a fixed share"

        def band(self, direction, has_floor):
            return Fraction(1, 2), Fraction(1, 2)

    domain.register_strategy(Fixed)
    try:
        assert outcome(MINOR, body=content(strategy={"name": "fixed_share"})).range == rng(4500, 4500)
    finally:
        domain.STRATEGIES.pop("fixed_share")


def test_mitigation_goes_below_the_statutory_minimum_with_its_legal_reason():
    result = outcome({"goods_value": "10000", "circumstances": ["coerced"]}, code="V02")
    assert result.mitigated and result.statutory_range == rng(10000, 30000)
    assert result.range == rng(0, 10000)  # below the law's minimum, down to a lighter kind
    text = " ".join(str(line) for line in domain.explanation(result))
    assert "第三十二条第（二）项" in text and "集体讨论" in text


def test_an_exempting_circumstance_means_no_penalty():
    result = outcome({"illegal_income": "300000", "circumstances": ["no_fault"]})
    assert result.exempt and result.level == "exempt" and result.range is None
    assert domain.check(result, decision="denied") == []
    assert "第三十三条第二款" in " ".join(str(line) for line in domain.explanation(result))


def test_the_explanation_names_the_conditions_circumstances_and_rule():
    result = outcome({"illegal_income": "60000", "circumstances": ["refused_order"]})
    text = [str(line) for line in domain.explanation(result)]
    assert "V01" in text[0] and "第四条" in text[0] and "第十四条" in text[0]
    assert "> 50000.00" in text[1]
    assert any("经责令改正拒不改正" in line for line in text)
    assert any("50000.00–60000.00" in line for line in text)  # the upper third of 30,000–60,000
    assert result.basis[1].article == "第十四条"


# --- facts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("facts", "field", "rule"), [
    ({"illegal_income": "-1"}, "facts.illegal_income", "fact-value"),
    ({"illegal_income": "12.345"}, "facts.illegal_income", "fact-value"),
    ({"harm": "catastrophic"}, "facts.harm", "fact-value"),
    ({"first_offence": "maybe"}, "facts.first_offence", "fact-value"),
    ({"repeat_count": "1.5"}, "facts.repeat_count", "fact-value"),
    ({"weather": "rain"}, "facts.weather", "factor"),
    ({"circumstances": ["unknown"]}, "facts.circumstances", "circumstance"),
    ({"circumstances": "refused_order"}, "facts.circumstances", "list"),
])
def test_bad_facts_are_named(facts, field, rule):
    _facts, errors = domain.clean_facts(facts, compiled().circumstances)
    assert (errors[0]["field"], errors[0]["rule"]) == (field, rule)


def test_empty_facts_count_as_not_given():
    cleaned, errors = domain.clean_facts({"illegal_income": "", "harm": None, "first_offence": "否"})
    assert errors == [] and cleaned.values == {"first_offence": False}


# --- validation of a benchmark ---------------------------------------------------------------------

def _broken(path_setter) -> list[dict]:
    body = content()
    path_setter(body)
    return domain.clean_content(body)[1]


@pytest.mark.parametrize(("change", "field", "rule"), [
    (lambda b: b["violations"][1]["tiers"].pop(), "violations[1].tiers", "min-tiers"),
    (lambda b: b["violations"][0]["tiers"][1]["standard"].update(fine={"min": "0", "max": "200000"}),
     "violations[0].tiers[1].standard.fine", "within-statutory"),
    (lambda b: b["violations"][1]["tiers"][0]["standard"].update(warning=True),
     "violations[1].tiers[0].standard.warning", "within-statutory"),
    (lambda b: b["violations"][0]["tiers"][0]["standard"].update(warning=True),
     "violations[0].tiers[0].standard", "exempt-no-penalty"),
    (lambda b: b["violations"][0]["tiers"][2].update(standard={}), "violations[0].tiers[2].standard", "penalty-required"),
    (lambda b: b["circumstances"][1].update(basis=""), "circumstances[1].basis", "legal-reason"),
    (lambda b: b["violations"][0]["tiers"][2].update(conditions=[]), "violations[0].tiers", "otherwise-lightest"),
    (lambda b: b["violations"][0]["tiers"][3]["standard"].update(fine={"min": "1000", "max": "60000"}),
     "violations[0].tiers", "tiers-ordered"),
    (lambda b: b["violations"][0]["tiers"][2].update(conditions=[[{"factor": "weather", "gte": 1}]]),
     "violations[0].tiers[2].conditions[0][0].factor", "factor"),
    (lambda b: b["violations"][0]["tiers"][2].update(conditions=[[{"factor": "first_offence", "gte": 1}]]),
     "violations[0].tiers[2].conditions[0][0].is", "bool-condition"),
    (lambda b: b["violations"][0]["tiers"][2].update(conditions=[[{"factor": "illegal_income", "gte": "10", "lt": "10"}]]),
     "violations[0].tiers[2].conditions[0][0]", "empty-bounds"),
    (lambda b: b["violations"][0]["tiers"][2].update(conditions=[[{"factor": "illegal_income", "gte": "1", "gt": "2"}]]),
     "violations[0].tiers[2].conditions[0][0]", "bounds"),
    (lambda b: b["violations"][0]["tiers"][2].update(level="minor"), "violations[0].tiers", "unique-level"),
    (lambda b: b["violations"][1].update(code="V01"), "violations[1].code", "unique"),
    (lambda b: b["violations"][0]["punished"].update(article=""), "violations[0].punished.article", "required"),
    (lambda b: b.update(strategy={"name": "guesswork"}), "strategy.name", "strategy"),
    (lambda b: b.update(strategy={"name": "bands", "params": {"lighter": ["0.1", "0.5"], "general": ["0", "0.6"],
                                                              "heavier": ["0.6", "1"]}}),
     "strategy.params", "bands-ordered"),
    (lambda b: b.update(strategy={"name": "percent_split", "params": {"split": "1.5"}}),
     "strategy.params.split", "share"),
])
def test_validation_names_the_field_and_the_rule(change, field, rule):
    errors = _broken(change)
    assert (field, rule) in [(e["field"], e["rule"]) for e in errors], errors


def test_content_round_trips_through_its_payload():
    bench = compiled()
    again, errors = domain.clean_content(bench.payload())
    assert errors == [] and again == bench


def test_every_demo_benchmark_is_valid():
    for code, body in BENCHMARKS.items():
        assert domain.clean_content(body)[1] == [], code


# --- properties ---------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)
AGGRAVATING, LIGHTENING = ["refused_order", "evidence_destroyed"], ["eliminated_harm", "cooperated"]


@st.composite
def facts(draw):
    values = {}
    if draw(st.booleans()):
        values["illegal_income"] = str(draw(money))
    if draw(st.booleans()):
        values["goods_value"] = str(draw(money))
    for name in ("first_offence", "corrected"):
        if draw(st.booleans()):
            values[name] = draw(st.booleans())
    if draw(st.booleans()):
        values["harm"] = draw(st.sampled_from(domain.HARM_LEVELS))
    if draw(st.booleans()):
        values["repeat_count"] = draw(st.integers(0, 5))
    values["circumstances"] = draw(st.lists(st.sampled_from(AGGRAVATING + LIGHTENING + ["coerced", "no_fault"]),
                                            unique=True, max_size=4))
    return values


@st.composite
def aggravated(draw, base: dict):
    """The same facts, each aggravating factor the same or worse, a circumstance added or taken."""
    worse = dict(base)
    if "illegal_income" in worse:
        worse["illegal_income"] = str(D(worse["illegal_income"]) + draw(money))
    if "goods_value" in worse:
        worse["goods_value"] = str(D(worse["goods_value"]) + draw(money))
    for name in ("first_offence", "corrected"):
        if worse.get(name) is True and draw(st.booleans()):
            worse[name] = False
    if "harm" in worse:
        worse["harm"] = draw(st.sampled_from(domain.HARM_LEVELS[domain.HARM_LEVELS.index(worse["harm"]):]))
    if "repeat_count" in worse:
        worse["repeat_count"] += draw(st.integers(0, 3))
    chosen = set(worse["circumstances"])
    if draw(st.booleans()):
        chosen.add(draw(st.sampled_from(AGGRAVATING)))
    if draw(st.booleans()):
        chosen.discard(draw(st.sampled_from(LIGHTENING)))
    worse["circumstances"] = sorted(chosen)
    return worse


def _bounds(result: domain.Outcome) -> tuple:
    if result.exempt:
        return (-1, D(0), D(0))
    return (domain.LEVELS.index(result.level), result.range.low, result.range.high)


@settings(max_examples=300, deadline=None)
@given(st.data(), facts())
def test_more_aggravating_facts_never_lighten(data, base):
    """Monotone: the tier and both ends of the range never fall when the facts get worse."""
    bench = compiled()
    worse = data.draw(aggravated(base))
    for code in ("V01", "V02"):
        before = domain.calculate(bench, code, domain.clean_facts(base, bench.circumstances)[0])
        after = domain.calculate(bench, code, domain.clean_facts(worse, bench.circumstances)[0])
        if before.missing_base:
            continue
        b, a = _bounds(before), _bounds(after)
        assert a[0] >= b[0] and a[1] >= b[1] and a[2] >= b[2], (code, base, worse, b, a)


DEMO = {code: domain.clean_content(body)[0] for code, body in BENCHMARKS.items()}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(DEMO)), st.data())
def test_the_range_never_leaves_the_statutory_range_except_by_mitigation(code, data):
    bench = DEMO[code]
    violation = data.draw(st.sampled_from(list(bench.violations.values())))
    values = {}
    for name in violation.factors():
        factor = domain.FACTORS[name]
        if factor.kind == domain.BOOL:
            values[name] = data.draw(st.booleans())
        elif factor.kind == domain.LEVEL:
            values[name] = data.draw(st.sampled_from(domain.HARM_LEVELS))
        elif factor.kind == domain.COUNT:
            values[name] = data.draw(st.integers(0, 200))
        else:
            values[name] = str(data.draw(st.decimals(min_value=1, max_value=10_000_000, places=2)))
    values["circumstances"] = data.draw(st.lists(st.sampled_from(list(bench.circumstances)), unique=True, max_size=3))
    cleaned, errors = domain.clean_facts(values, bench.circumstances)
    assert errors == []
    result = domain.calculate(bench, violation.code, cleaned)
    if result.exempt or result.no_fine:
        return
    assert result.range is not None and result.range.low <= result.range.high
    statutory = result.statutory_range
    if result.mitigated:
        assert result.mitigated_by and all(c.basis for c in result.mitigated_by)  # only with its legal reason
        assert result.range.low == 0 and result.range.high <= statutory.low
    else:
        assert statutory.low <= result.range.low and result.range.high <= statutory.high

"""Rule C01, a fee off the catalog's standard (不按标准收费): the pure predicate, the fees recorded
with a decision (service, API, office form) and the red alert raised in the decision's transaction."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from yangguang.cases.errors import InvalidCase
from yangguang.cases.models import Case, Event
from yangguang.cases.tests.conftest import _published, at
from yangguang.core.services import token_create
from yangguang.flows.tests.conftest import LAND_PRE_REVIEW

from .. import domain, services
from ..models import Alert

FEES = [
    {"name": "工本费", "standard": "10元/证", "basis": "省价格主管部门核定"},
    {"name": "登记费", "standard": "按核定标准征收", "basis": "省财政厅规定"},
    {"name": "测绘费", "standard": "首宗1,000元，每增加一宗500.50元", "basis": "…"},
]


def fee(name, amount):
    return {"name": name, "amount": Decimal(amount)}


# (fees charged, the power's listed fees, the problems: (index, kind, expected amounts))
CASES = [
    ([], FEES, []),  # nothing charged
    ([fee("工本费", "10")], FEES, []),  # "10元/证": exactly 10 yuan
    ([fee("工本费", "10.00"), fee("登记费", "123.45")], FEES, []),  # a standard without a number: any amount
    ([fee(" 工本费 ", "10")], FEES, []),  # the name compared without white space
    ([fee("工本费", "15")], FEES, [(0, "amount", ("10.00",))]),  # more than the standard
    ([fee("工本费", "9.99")], FEES, [(0, "amount", ("10.00",))]),  # less is off the standard too
    ([fee("测绘费", "500.50")], FEES, []),  # one of the amounts a tiered standard states
    ([fee("测绘费", "1000")], FEES, []),  # "1,000元" with a thousands separator
    ([fee("测绘费", "1500.50")], FEES, [(0, "amount", ("1000.00", "500.50"))]),
    ([fee("加急费", "50")], FEES, [(0, "unlisted", ())]),  # 擅自收费: a fee the power does not list
    ([fee("工本费", "10"), fee("加急费", "0")], FEES, [(1, "unlisted", ())]),  # even at nothing
    ([fee("工本费", "10")], [], [(0, "unlisted", ())]),  # any fee on a free power
    ([fee("工本费", "20"), fee("咨询费", "5")], FEES, [(0, "amount", ("10.00",)), (1, "unlisted", ())]),
    ([fee("证书费", "5000")], [{"name": "证书费", "standard": "0.5万元"}], []),  # 万元
    ([fee("证书费", "5")], [{"name": "证书费", "standard": ""}], []),  # no standard: the name only
]


@pytest.mark.parametrize(("charged", "listed", "expected"), CASES)
def test_fee_problems(charged, listed, expected):
    problems = domain.fee_problems(charged, listed)
    assert [(p.index, p.kind, tuple(str(a) for a in p.expected)) for p in problems] == expected


@pytest.mark.parametrize(("standard", "amounts"), [
    ("10元/证", ("10.00",)),
    ("9.5 元/对", ("9.50",)),
    ("每件５５０元", ("550.00",)),  # full-width digits
    ("按核定标准征收", ()),
    ("非住宅类每件550元，住宅类每件80元", ("550.00", "80.00")),
    ("1,000元", ("1000.00",)),
    ("0.5万元", ("5000.00",)),
    ("", ()),
])
def test_standard_amounts(standard, amounts):
    assert tuple(str(amount) for amount in domain.standard_amounts(standard)) == amounts


# --- the decision records its fees, and C01 fires in its transaction --------------------------------


@pytest.fixture
def fee_power(land_bureau, posts):
    return _published(land_bureau, 7, LAND_PRE_REVIEW, fees=FEES)


def at_approval(power, apply, act):
    """A case of ``power`` at 审批 (the step that decides), all earlier steps done on 2025-10-09/10."""
    case = apply(power, "2025-09-26 10:00")
    case = act(case, "window", "accept", "2025-09-26 11:00")
    case = act(case, "review", "complete", "2025-09-29 09:00")
    case = act(case, "review", "complete", "2025-09-30 09:00")
    case = act(case, "review", "complete", "2025-10-09 09:00", step="examine")
    return act(case, "planning", "complete", "2025-10-10 09:00", step="planning")


def decide(act, case, fees, when="2025-10-13 09:00"):
    return act(case, "approve", "decide", when, decision="granted", document_no="宁国土预〔2025〕88号", fees=fees)


def c01(case):
    return list(Alert.objects.filter(case=case, rule__code="C01"))


def test_a_wrong_amount_raises_c01_red_with_the_decision(fee_power, apply, act):
    case = decide(act, at_approval(fee_power, apply, act), [{"name": "工本费", "amount": "15"}])
    [alert] = c01(case)
    assert alert.level == "red" and alert.raised_at == at("2025-10-13 09:00") and alert.department_id == case.department_id
    assert "工本费" in alert.detail and "15.00" in alert.detail and "10元/证" in alert.detail
    assert alert.status == "notified"  # notified in the same transaction, as E01/E02
    assert case.fees_charged == [{"name": "工本费", "amount": "15.00"}]
    event = Event.objects.get(case=case, action="decide")
    assert event.data["fees"] == [{"name": "工本费", "amount": "15.00"}]


def test_an_unlisted_fee_raises_c01_naming_each_problem(fee_power, apply, act):
    case = decide(act, at_approval(fee_power, apply, act),
                  [{"name": "工本费", "amount": 20}, {"name": "加急费", "amount": "50.5"}, {"name": "登记费", "amount": 80}])
    [alert] = c01(case)
    assert "工本费 20.00" in alert.detail and "加急费 50.50" in alert.detail and "擅自收费" in alert.detail
    assert "登记费" not in alert.detail  # at a standard without a number: fine


def test_fees_at_the_standard_raise_nothing(fee_power, apply, act):
    case = decide(act, at_approval(fee_power, apply, act),
                  [{"name": "工本费", "amount": "10.00"}, {"name": "登记费", "amount": "123.45"}])
    assert c01(case) == [] and not Alert.objects.filter(case=case).exists()
    assert case.fees_charged == [{"name": "工本费", "amount": "10.00"}, {"name": "登记费", "amount": "123.45"}]


def test_a_fee_on_a_free_power_raises_c01(land_power, apply, act):
    case = decide(act, at_approval(land_power, apply, act), [{"name": "工本费", "amount": "10"}])
    [alert] = c01(case)
    assert "工本费" in alert.detail and "10.00" in alert.detail and "擅自收费" in alert.detail  # shown in Chinese


def test_no_fees_given_records_nothing_and_raises_nothing(land_power, apply, act):
    case = at_approval(land_power, apply, act)
    case = act(case, "approve", "decide", "2025-10-13 09:00", decision="granted", document_no="宁国土预〔2025〕88号")
    assert case.fees_charged == [] and "fees" not in Event.objects.get(case=case, action="decide").data
    assert c01(case) == []


def test_a_disabled_rule_raises_nothing(fee_power, apply, act, supervisor):
    from ..models import AlertRule

    services.rule_update(actor=supervisor, rule=AlertRule.objects.get(code="C01"), enabled=False)
    case = decide(act, at_approval(fee_power, apply, act), [{"name": "加急费", "amount": "50"}])
    assert c01(case) == [] and case.fees_charged == [{"name": "加急费", "amount": "50.00"}]


def test_the_alert_is_in_the_decisions_transaction(fee_power, apply, act, monkeypatch):
    case = at_approval(fee_power, apply, act)

    def broken(**kwargs):
        raise RuntimeError("notification failed")

    monkeypatch.setattr(services, "alerts_notify", broken)
    with pytest.raises(RuntimeError):
        decide(act, case, [{"name": "工本费", "amount": "15"}])
    case.refresh_from_db()
    assert case.decision == "" and case.fees_charged == [] and c01(case) == []  # nothing half-done


@pytest.mark.parametrize(("fees", "errors"), [
    ("10元", [("fees", "list")]),
    ([{"name": "工本费", "amount": "-1"}], [("fees[0].amount", "amount")]),
    ([{"name": "工本费", "amount": "10.005"}], [("fees[0].amount", "amount")]),  # more than two decimals
    ([{"name": "工本费", "amount": "十元"}], [("fees[0].amount", "amount")]),
    ([{"name": "工本费", "amount": "NaN"}], [("fees[0].amount", "amount")]),
    ([{"name": "工本费", "amount": True}], [("fees[0].amount", "amount")]),
    ([{"name": "工本费"}], [("fees[0].amount", "amount")]),
    ([{"name": " ", "amount": "1"}], [("fees[0].name", "required")]),
    ([{"name": "工本费", "amount": "10", "paid": True}], [("fees[0].paid", "unknown-field")]),
    (["工本费"], [("fees[0]", "object")]),
    ([{"name": "工本费", "amount": "10"}, {"name": "", "amount": "x"}],
     [("fees[1].name", "required"), ("fees[1].amount", "amount")]),  # every error, not only the first
])
def test_fees_are_validated_naming_the_field_and_the_rule(fee_power, apply, act, fees, errors):
    case = at_approval(fee_power, apply, act)
    with pytest.raises(InvalidCase) as error:
        decide(act, case, fees)
    assert [(item["field"], item["rule"]) for item in error.value.errors] == errors
    assert error.value.field == errors[0][0]
    case.refresh_from_db()
    assert case.decision == ""


# --- through the API and the office form -------------------------------------------------------------


def test_fees_through_the_api(fee_power, apply, act, officers):
    case = at_approval(fee_power, apply, act)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=officers['approve'])}"}
    url = f"/api/v1/cases/{case.number}/actions"
    body = {"action": "decide", "fields": {"decision": "granted", "document_no": "宁国土预〔2025〕88号",
                                           "fees": [{"name": "工本费", "amount": "-5"}]}}
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert (response.json()["field"], response.json()["rule"]) == ("fees[0].amount", "amount")
    body["fields"]["fees"] = [{"name": "工本费", "amount": 12}]
    response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 200
    assert response.json()["decision"]["fees"] == [{"name": "工本费", "amount": "12.00"}]
    assert [alert.rule.code for alert in Alert.objects.filter(case=case)] == ["C01"]


def decide_block(html: str) -> str:
    match = re.search(r'<details class="action-form action-decide".*?</details>', html, re.DOTALL)
    return match.group(0) if match else ""


def test_the_decision_form_has_one_row_per_listed_fee(fee_power, apply, act, officers):
    case = at_approval(fee_power, apply, act)
    client = Client()
    client.force_login(officers["approve"])
    form = decide_block(client.get(f"/office/cases/{case.number}/").content.decode())
    assert 'name="fee_0"' in form and 'name="fee_1"' in form and 'name="fee_2"' in form and 'name="fee_3"' not in form
    assert "工本费" in form and "10元/证" in form and "按核定标准征收" in form  # each fee with its standard
    url = f"/office/cases/{case.number}/act/"
    post = {"action": "decide", "step": "approve", "seq": case.last_seq, "decision": "granted",
            "document_no": "宁国土预〔2025〕88号", "fee_0": "", "fee_1": "abc", "fee_2": ""}
    response = client.post(url, post)
    assert response.status_code == 422
    assert 'id="decide-approve-fee_1_error"' in response.content.decode()  # the error next to its row
    response = client.post(url, post | {"fee_1": "80", "fee_0": "15"})
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.fees_charged == [{"name": "工本费", "amount": "15.00"}, {"name": "登记费", "amount": "80.00"}]
    assert [alert.rule.code for alert in Alert.objects.filter(case=case)] == ["C01"]
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    assert "工本费 15.00" in html and "登记费 80.00" in html


def test_a_free_power_has_no_fee_rows(land_power, apply, act, officers):
    case = at_approval(land_power, apply, act)
    client = Client()
    client.force_login(officers["approve"])
    form = decide_block(client.get(f"/office/cases/{case.number}/").content.decode())
    assert form and 'name="fee_0"' not in form

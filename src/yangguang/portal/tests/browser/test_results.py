"""Journey: a licence is granted and published with the party masked (on the page and in the open
data); the applicant rates the case "dissatisfied" and a supervisor finds the rectification."""

import csv
import io
import re

from yangguang.cases import services as case_services
from yangguang.cases.domain import id_card_check
from yangguang.cases.tests.conftest import pdf

from .conftest import chinese

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None

ID_BODY = "32010619850612301"
PARTY = {"kind": "person", "name": "张晓明", "id_type": "id_card", "id_number": ID_BODY + id_card_check(ID_BODY),
         "phone": "13705181234", "address": "南京市秦淮区中华路176号3幢201室"}
DOCUMENT = "宁国土预〔2025〕88号"
COMMENT = "审批结果满意，但现场踏勘一再改期，电话也常无人接听。"


def assert_masked(text: str, where: str) -> None:
    """The party's name, ID number, phone and address are not in ``text``, nor a recognisable piece of
    them beyond what the masking rules publish (the ID number's region and last four characters)."""
    for value in (PARTY["name"], PARTY["id_number"], PARTY["id_number"][6:14], PARTY["phone"], PARTY["phone"][:7],
                  PARTY["phone"][3:7], "中华路", "176号", "201室"):
        assert value not in text, f"personal data in {where}: {value}"


def granted_case(officers, power):
    """A land pre-review of a natural person, run through every step to a granted decision on the
    server's clock (the hall's fixed day): accepted, reviewed, surveyed, both opinions, approved, issued."""
    case = case_services.case_apply(actor=officers["applicant"], power=power, applicant=dict(PARTY),
                                    title="张晓明自建住房用地", materials=[("建设项目用地预审申请表", pdf())])

    def act(who, action, **fields):
        return case_services.case_act(actor=officers[who], case=case, action=action, **fields)

    case = act("window", "accept")
    case = act("review", "complete", opinion="材料齐全")
    case = act("review", "complete", opinion="已踏勘")
    case = act("review", "complete", step="examine")
    case = act("planning", "complete", step="planning", opinion="符合规划")
    case = act("approve", "decide", decision="granted", document_no=DOCUMENT,
               reason=f"申请人张晓明（联系电话{PARTY['phone']}）的用地符合土地利用总体规划。")
    case = act("approve", "complete", branch="准予")
    case = act("window", "complete")
    assert case.state == "completed" and case.decision == "granted"
    return case


def test_a_granted_licence_is_published_masked_and_rated(visitors, guide_power, officers, supervisor):
    case = granted_case(officers, guide_power)
    public = visitors("public")

    # Published results: found by the document number, the natural person's name partly masked.
    page = public.open("/results/")
    page.locator("#r-document").fill("宁国土预")
    public.submit(page.locator("form[role=search] [type=submit]"))
    item = page.locator(".power-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("建设项目用地预审")
    expect(item).to_contain_text(DOCUMENT)
    expect(item).to_contain_text("张*明")
    expect(item).to_contain_text("张*明自建住房用地")  # the subject names the party: masked too
    assert_masked(page.content(), page.url)
    public.shoot("results")

    # A natural person cannot be found by name: the masking cannot be undone by searching.
    page.locator("#r-document").fill("")
    page.locator("#r-party").fill(PARTY["name"])
    public.submit(page.locator("form[role=search] [type=submit]"))
    expect(page.locator(".power-item")).to_have_count(0)
    expect(page.locator(".empty-state")).to_be_visible()

    page.locator("#r-party").fill("")
    public.submit(page.locator("form[role=search] [type=submit]"))
    public.submit(page.locator(".power-item a.power-name").first)
    expect(page).to_have_url(f"{public.base_url}/results/{case.number}/")
    party = page.locator("section[aria-labelledby=party-heading]")
    expect(party).to_contain_text("张*明")
    masked_id = PARTY["id_number"][:6] + "********" + PARTY["id_number"][-4:]
    expect(party.locator(".power-code")).to_have_text(masked_id)
    decision = page.locator("section[aria-labelledby=decision-heading]")
    expect(decision).to_contain_text(DOCUMENT)
    expect(decision).to_contain_text("《中华人民共和国土地管理法》第五十二条")
    expect(decision).to_contain_text("137****1234")  # the phone in the reasons, masked
    assert_masked(page.content(), page.url)
    public.shoot("result")

    # Open data: the same record in CSV and JSON, masked the same way.
    response = page.context.request.get("/open-data/results.csv")
    assert response.ok and response.headers["content-type"].startswith("text/csv"), response.headers
    text = response.text()
    assert DOCUMENT in text and "张*明" in text, text
    assert_masked(text, "results.csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2, rows  # the header and the one result
    assert {"张*明", masked_id, DOCUMENT, case.number} <= set(rows[1]), rows
    response = page.context.request.get("/open-data/results.json")
    assert response.ok and "json" in response.headers["content-type"], response.headers
    assert_masked(response.text(), "results.json")
    data = response.json()
    assert data["dataset"] == "results", data
    [record] = data["records"]
    assert record["case_number"] == case.number and record["document_no"] == DOCUMENT, record
    assert record["party_name"] == "张*明" and record["party_id"] == masked_id, record

    # The applicant rates the closed case "dissatisfied", saying why.
    applicant = visitors("applicant")
    applicant.log_in("applicant")
    page = applicant.open(f"/my/cases/{case.number}/")
    expect(page.locator("section[aria-labelledby=decision-heading]")).to_contain_text(DOCUMENT)
    rate = page.locator(f"form[action='/my/cases/{case.number}/rate/']")
    rate.get_by_text(chinese("Dissatisfied"), exact=True).click()
    rate.locator("#rate-comment").fill(COMMENT)
    applicant.shoot("rate")
    applicant.submit(rate.locator("[type=submit]"))
    expect(page).to_have_url(f"{applicant.base_url}/my/cases/{case.number}/")
    expect(page.locator(".site-messages")).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"))
    rating = page.locator("section[aria-labelledby=rating-heading]")
    expect(rating).to_contain_text(chinese("Dissatisfied"))
    expect(rating).to_contain_text("2/5")
    expect(rating).to_contain_text(COMMENT)
    expect(page.locator(f"form[action='/my/cases/{case.number}/rate/']")).to_have_count(0)  # rated once
    applicant.shoot("rated")

    # A supervisor over the city is told, and follows the rectification the bad rating opened.
    officer = visitors("supervisor")
    page = officer.log_in("supervisor")
    expect(page.locator(".navbar-user .badge")).to_be_visible()
    page = officer.open("/rectifications/")
    row = page.locator(".due-list li", has_text=case.number)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("建设项目用地预审")
    expect(row.locator(".badge")).to_have_class(re.compile(r"text-bg-warning"))  # open, waiting for the reply
    officer.shoot("rectifications")
    officer.submit(row.locator("a"))
    expect(page.locator("main")).to_contain_text(COMMENT)
    officer.shoot("rectification")

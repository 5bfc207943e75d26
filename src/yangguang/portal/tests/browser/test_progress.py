"""Journey: an applicant follows a case on the public progress query page while an officer acts on it."""

import re

from yangguang.cases import services as case_services
from yangguang.cases.tests.conftest import PERSON, pdf

from .conftest import chinese

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None

SECOND = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def assert_no_personal_data(page):
    """Neither the applicant's name, ID number, phone nor address, nor a recognisable piece of them."""
    html = page.content()
    for value in (PERSON["name"], PERSON["id_number"], PERSON["id_number"][:6], PERSON["id_number"][-4:],
                  PERSON["phone"], PERSON["phone"][:7], "北京东路"):
        assert value not in html, f"personal data on {page.url}: {value}"


def query(visitor, number: str, code: str, *, status: int = 200):
    page = visitor.page
    if not visitor.url_path().startswith("/query/"):
        visitor.open("/query/")
    page.locator("#q-number").fill(number)
    page.locator("#q-code").fill(code)
    return visitor.submit(page.locator("form[action='/query/'] [type=submit]"), status=status)


def test_follow_a_case_while_an_officer_acts_on_it(visitors, guide_power, officers):
    case = case_services.case_apply(actor=officers["applicant"], power=guide_power, applicant=dict(PERSON),
                                    title="某某项目", materials=[("建设项目用地预审申请表", pdf())])
    public, officer = visitors("public"), visitors("officer")

    # A wrong code gets the same plain answer as an unknown number, and shows nothing of the case.
    page = query(public, case.number, "WRONG999", status=404)
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("#progress-heading")).to_have_count(0)
    assert_no_personal_data(page)

    page = query(public, case.number, case.query_code)
    expect(page.locator("#progress-heading")).to_have_text("建设项目用地预审")
    expect(page.locator(".step-now")).to_have_count(1)
    expect(page.locator(".step-now")).to_contain_text("受理")
    expect(page.locator(".query-facts")).to_contain_text(SECOND)  # received at, to the second
    assert_no_personal_data(page)
    public.shoot("query-received")

    # The land bureau's window officer finds the case in the queue and accepts it.
    page = officer.log_in("window")
    row = page.locator(f"a:text-is('{case.number}')")
    expect(row).to_be_visible()
    officer.shoot("queue")
    officer.submit(row)
    expect(page).to_have_url(f"{officer.base_url}/office/cases/{case.number}/")
    accept = page.locator("details.action-accept")
    if not accept.evaluate("details => details.open"):  # the usual next action is shown open
        accept.locator("summary").click()
    accept.locator("button[type=submit]").click()  # htmx swaps the actions panel
    expect(page.locator("details.action-accept")).to_have_count(0)
    expect(page.locator("#case-actions")).to_contain_text("初审")
    officer.check()
    officer.shoot("case-accepted")

    # The public sees the acceptance to the second, the next step with its due time, both due times.
    page = query(public, case.number, case.query_code)
    expect(page.locator(".step-now")).to_contain_text("初审")
    expect(page.locator(".step-now")).to_contain_text(SECOND)
    expect(page.locator(".step-now .light")).to_be_visible()
    done = page.locator("ol.step-list li")
    expect(done).to_have_count(1)
    expect(done).to_contain_text("受理")
    expect(done).to_contain_text(SECOND)
    facts = page.locator(".query-facts")
    for term in ("accepted at", "committed due", "statutory due"):
        fact = facts.locator("div", has=page.locator("dt", has_text=chinese(term)))
        expect(fact).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"))
    assert_no_personal_data(page)
    public.shoot("query-accepted")

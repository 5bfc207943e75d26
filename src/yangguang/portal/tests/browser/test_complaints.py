"""Journey: from the progress query, a resident files a complaint about the case and follows it."""

import re

from yangguang.cases import services as case_services
from yangguang.cases.tests.conftest import PERSON, pdf

from .conftest import chinese
from .test_progress import query

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None

COMPLAINANT_PHONE = "13800138000"


def test_file_a_complaint_about_a_case_and_follow_it(hall, guide_power, officers):
    case = case_services.case_apply(actor=officers["applicant"], power=guide_power, applicant=dict(PERSON),
                                    title="某某项目", materials=[("建设项目用地预审申请表", pdf())])
    page = query(hall, case.number, case.query_code)
    hall.submit(page.get_by_role("link", name=chinese("File a complaint")))
    expect(page.locator("#c-case")).to_have_value(case.number)  # the query page passes the case on

    # Leaving out what happened is refused, naming the field, and keeps what was typed.
    page.locator("#c-subject").fill("受理超时未答复")
    page.locator("#c-name").fill("李四")
    page.locator("#c-phone").fill(COMPLAINANT_PHONE)
    submit = page.locator("form[action='/complaints/new/'] [type=submit]")
    hall.submit(submit, status=422)
    expect(page.locator("#c-text")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#c-subject")).to_have_value("受理超时未答复")
    hall.shoot("complaint-refused")

    page.locator("#c-text").fill("申请已提交三个工作日，窗口仍未受理，电话无人接听。")
    hall.shoot("complaint-form")
    hall.submit(submit)
    number = page.locator("#complaint-number").inner_text().strip()
    code = page.locator("#complaint-code").inner_text().strip()
    assert number and code
    hall.shoot("complaint-filed")

    hall.submit(page.get_by_role("link", name=chinese("Follow the complaint")))
    expect(page.locator("#t-number")).to_have_value(number)
    page.locator("#t-code").fill(code)
    hall.submit(page.locator("form[action='/complaints/track/'] [type=submit]"))
    expect(page.locator("#complaint-heading")).to_have_text("受理超时未答复")
    expect(page.locator(".card-body").filter(has=page.locator("#complaint-heading"))).to_contain_text(guide_power.department.name)
    html = page.content()
    assert COMPLAINANT_PHONE not in html and "李四" not in html  # the complainant's details stay with the bureau
    hall.shoot("complaint-track")

    # A wrong tracking code shows nothing of the complaint.
    page.locator("#t-code").fill("WRONG999")
    hall.submit(page.locator("form[action='/complaints/track/'] [type=submit]"), status=404)
    expect(page.locator("#complaint-heading")).to_have_count(0)
    expect(page.locator(".alert-danger")).to_be_visible()

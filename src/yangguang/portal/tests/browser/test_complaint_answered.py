"""Journey: a resident files a complaint about a case; a supervisor accepts it and replies with the
finding; the public tracking page shows the reply and the finding, never who complained."""

from yangguang.cases import services as case_services
from yangguang.cases.tests.conftest import PERSON, pdf

from .conftest import chinese
from .test_progress import assert_no_personal_data

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None

COMPLAINANT = {"name": "李四", "phone": "13800138000"}
REPLY = "经核查，窗口受理确有延误，已责令国土局当日受理并对经办人员进行批评教育。"


def assert_no_complainant(page) -> None:
    html = page.content()
    for value in (COMPLAINANT["name"], COMPLAINANT["phone"], COMPLAINANT["phone"][:7]):
        assert value not in html, f"the complainant's data on {page.url}: {value}"


def test_a_supervisor_answers_a_complaint_and_the_public_sees_the_reply(visitors, guide_power, officers, supervisor):
    case = case_services.case_apply(actor=officers["applicant"], power=guide_power, applicant=dict(PERSON),
                                    title="某某项目", materials=[("建设项目用地预审申请表", pdf())])
    public, officer = visitors("public"), visitors("supervisor")

    # Filed from the complaint form, about the case.
    page = public.open(f"/complaints/new/?case={case.number}")
    expect(page.locator("#c-case")).to_have_value(case.number)
    page.locator("#c-subject").fill("受理超时未答复")
    page.locator("#c-text").fill("申请已提交三个工作日，窗口仍未受理，电话无人接听。")
    page.locator("#c-name").fill(COMPLAINANT["name"])
    page.locator("#c-phone").fill(COMPLAINANT["phone"])
    public.submit(page.locator("form[action='/complaints/new/'] [type=submit]"))
    number = page.locator("#complaint-number").inner_text().strip()
    code = page.locator("#complaint-code").inner_text().strip()

    # The supervisor over the city finds it in the queue, with the complainant's details, and accepts it.
    officer.log_in("supervisor")
    page_s = officer.open("/supervision/complaints/")
    officer.submit(page_s.locator(f"a:text-is('{number}')"))
    expect(page_s).to_have_url(f"{officer.base_url}/supervision/complaints/{number}/")
    expect(page_s.locator("main")).to_contain_text(COMPLAINANT["phone"])  # the supervisors see who complained
    expect(page_s.locator("main")).to_contain_text(case.number)
    officer.shoot("complaint-received")
    accept = page_s.locator("form", has=page_s.locator("input[name=action][value=accept]"))
    accept.locator("#accept-text").fill("转国土局核查。")
    officer.submit(accept.locator("[type=submit]"))
    expect(page_s.locator("h1 .badge")).to_have_text(chinese("Accepted, under investigation"))

    # Investigated: the reply with its finding.
    reply = page_s.locator("form", has=page_s.locator("input[name=action][value=reply]"))
    reply.get_by_label(chinese("Partly confirmed (部分属实)")).check()
    reply.locator("#reply-text").fill(REPLY)
    officer.shoot("complaint-reply")
    officer.submit(reply.locator("[type=submit]"))
    expect(page_s.locator("h1 .badge")).to_have_text(chinese("Investigated and replied"))
    expect(page_s.locator("main")).to_contain_text(REPLY)
    expect(page_s.locator("main")).to_contain_text(chinese("Partly confirmed (部分属实)"))
    officer.shoot("complaint-replied")

    # The public tracking page shows the reply, the finding and when, and still nobody's personal data.
    page = public.open(f"/complaints/track/?number={number}")
    expect(page.locator("#t-number")).to_have_value(number)
    page.locator("#t-code").fill(code)
    public.submit(page.locator("form[action='/complaints/track/'] [type=submit]"))
    card = page.locator("section[aria-labelledby=complaint-heading]")
    expect(card.locator("#complaint-heading")).to_have_text("受理超时未答复")
    expect(card).to_contain_text(REPLY)
    expect(card.locator(".query-facts")).to_contain_text(chinese("Investigated and replied"))
    expect(card).to_contain_text(chinese("Partly confirmed (部分属实)"))
    expect(card.locator(".query-facts")).to_contain_text(chinese("replied at"))
    assert_no_complainant(page)
    assert_no_personal_data(page)
    public.shoot("complaint-answered")

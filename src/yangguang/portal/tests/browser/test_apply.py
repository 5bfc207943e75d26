"""Journey: a resident reads a power's guide, registers with their real name, applies online with a
PDF, gets the receipt and finds the case in "my cases"; the window officer asks for a correction
(补正), the applicant is notified, uploads the missing item, and the officer accepts."""

import re

from yangguang.cases.domain import id_card_check
from yangguang.cases.tests.conftest import PDF
from yangguang.testing.browser import HALL_NOW

from .conftest import chinese

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None

# A resident of Nanjing's Xuanwu district born 1990-03-07, with the GB 11643 check character.
ID_BODY = "32010219900307123"
RESIDENT = {"name": "王晓梅", "id_number": ID_BODY + id_card_check(ID_BODY), "phone": "13851234567",
            "address": "南京市鼓楼区中山路100号", "password": "Yangguang-2025!"}
SECOND = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
TODAY = HALL_NOW[:10]  # the server's day: case numbers carry it


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def register(visitor) -> None:
    """Fill the real-name registration form as a natural person and send it."""
    page = visitor.page
    expect(page.locator("input[name=kind][value=person]")).to_be_checked()
    page.locator("#id_name").fill(RESIDENT["name"])
    expect(page.locator("#id_id_type")).to_have_value("id_card")
    page.locator("#id_id_number").fill(RESIDENT["id_number"])
    page.locator("#id_phone").fill(RESIDENT["phone"])
    page.locator("#id_address").fill(RESIDENT["address"])
    page.locator("#id_password1").fill(RESIDENT["password"])
    page.locator("#id_password2").fill(RESIDENT["password"])
    visitor.shoot("register")
    visitor.submit(page.locator("main form [type=submit]"))


def test_register_apply_online_and_answer_a_correction(visitors, guide_power, officers):
    applicant, officer = visitors("applicant"), visitors("officer")
    code = guide_power.code

    # The guide's apply button sends a visitor without an account to log in, keeping where they were going.
    page = applicant.open(f"/powers/{code}/")
    applicant.submit(page.locator(".apply-online a", has_text=chinese("Apply online")))
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/apply/{code}/$"))
    # The login page offers registration, keeping where the visitor was going.
    applicant.submit(page.locator("main a[href^='/register/']"))
    expect(page).to_have_url(re.compile(rf"/register/\?next=%2Fapply%2F{re.escape(code)}%2F$|/register/\?next=/apply/{re.escape(code)}/$"))
    expect(page.locator("h1")).to_contain_text(chinese("Real-name registration (实名注册)"))

    # A wrong check character is refused next to the field, and what was typed stays.
    page.locator("#id_name").fill(RESIDENT["name"])
    page.locator("#id_id_number").fill(RESIDENT["id_number"][:-1] + ("0" if RESIDENT["id_number"][-1] != "0" else "1"))
    page.locator("#id_phone").fill(RESIDENT["phone"])
    page.locator("#id_password1").fill(RESIDENT["password"])
    page.locator("#id_password2").fill(RESIDENT["password"])
    applicant.submit(page.locator("main form [type=submit]"), status=422)
    expect(page.locator("#id_id_number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value(RESIDENT["name"])
    applicant.shoot("register-refused")
    register(applicant)

    # Registered and signed in (with the mobile number as login name): straight back to the form.
    expect(page).to_have_url(f"{applicant.base_url}/apply/{code}/")
    expect(page.locator(".site-messages")).to_contain_text(RESIDENT["name"])
    expect(page.locator(".navbar-user")).to_contain_text(RESIDENT["name"])
    facts = page.locator("section[aria-labelledby=applicant-heading]")
    expect(facts).to_contain_text(RESIDENT["name"])
    expect(facts).to_contain_text(RESIDENT["id_number"][:6] + "********" + RESIDENT["id_number"][-4:])
    # the form shows the record masked (the welcome message alone names the new login, the phone)
    assert RESIDENT["id_number"] not in page.content() and RESIDENT["phone"] not in facts.inner_text()

    # The required material is asked for; a file that only claims to be a PDF is refused by its content.
    page.get_by_label(chinese("subject")).fill("玄武区某某小学扩建项目")
    submit = page.locator("form.apply-form [type=submit]")
    applicant.submit(submit, status=422)
    material = page.get_by_label("建设项目用地预审申请表")
    expect(material).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.apply-form .alert-danger")).to_contain_text("建设项目用地预审申请表")
    material.set_input_files({"name": "申请表.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF at all\n"})
    applicant.submit(submit, status=422)
    expect(page.get_by_label("建设项目用地预审申请表")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(chinese("subject"))).to_have_value("玄武区某某小学扩建项目")
    page.get_by_label("建设项目用地预审申请表").set_input_files(pdf_file("用地预审申请表.pdf"))
    applicant.shoot("apply-form")
    applicant.submit(submit)

    # The receipt: the case number and, this once, the query code.
    expect(page.locator("#receipt-heading")).to_have_text(chinese("Application sent"))
    values = page.locator(".receipt-facts .receipt-value")
    number, query_code = values.nth(0).inner_text().strip(), values.nth(1).inner_text().strip()
    assert re.fullmatch(rf"320100-{TODAY.replace('-', '')}-\d+", number), number
    assert re.fullmatch(r"[0-9A-Z]{8}", query_code), query_code
    applicant.shoot("receipt")

    applicant.submit(page.locator("main a.btn", has_text=chinese("My cases")))
    row = page.locator("tbody tr", has=page.locator(f"a:text-is('{number}')"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("建设项目用地预审")
    expect(row.locator(".case-state")).to_have_class(re.compile(r"case-state-submitted"))
    expect(row.locator("td").nth(3)).to_contain_text("受理")  # the current step
    expect(row.locator("td").nth(4)).to_have_text("—")  # not accepted yet: the committed due is not set
    applicant.shoot("my-cases-submitted")

    # The window officer asks for a correction, listing the missing item (一次性告知).
    officer.log_in("window")
    page_o = officer.open(f"/office/cases/{number}/")
    correction = page_o.locator("details.action-request_correction")
    if not correction.evaluate("details => details.open"):
        correction.locator("summary").click()
    correction.locator("textarea[name=items]").fill("建设项目用地红线图")
    correction.locator("textarea[name=opinion]").fill("缺少红线图，请补正。")
    correction.locator("button[type=submit]").click()  # htmx swaps the actions panel
    expect(page_o.locator("details.action-request_correction")).to_have_count(0)
    officer.check()
    page_o = officer.open(f"/office/cases/{number}/")
    expect(page_o.locator(".case-header .case-state")).to_have_class(re.compile(r"case-state-correcting"))
    officer.shoot("correction-requested")

    # The applicant sees the unread notification by their name in the header and follows it to the case.
    page = applicant.open("/my/cases/")
    expect(page.locator(".navbar-user .badge")).to_be_visible()
    applicant.submit(page.locator(".navbar-user"))
    expect(page).to_have_url(f"{applicant.base_url}/supervision/notifications/")
    notice = page.locator("form button", has_text="建设项目用地红线图")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(number)
    applicant.shoot("notifications")
    applicant.submit(notice)
    expect(page).to_have_url(f"{applicant.base_url}/my/cases/{number}/")
    section = page.locator("section[aria-labelledby=correction-heading]")
    expect(section).to_contain_text("建设项目用地红线图")
    expect(section).to_contain_text(SECOND)
    applicant.shoot("correction-asked")

    section.get_by_label("建设项目用地红线图").set_input_files(pdf_file("红线图.pdf"))
    applicant.submit(section.locator("button[type=submit]"))
    expect(page).to_have_url(f"{applicant.base_url}/my/cases/{number}/")
    expect(page.locator(".site-messages")).to_contain_text(number)
    expect(page.locator("section[aria-labelledby=correction-heading]")).to_have_count(0)
    expect(page.locator(".case-header .case-state")).to_have_class(re.compile(r"case-state-submitted"))
    expect(page.locator(".material-list")).to_contain_text("建设项目用地红线图")
    applicant.shoot("correction-answered")

    # The officer sees the supplied item and accepts; the applicant's list then shows the committed due.
    page_o = officer.open(f"/office/cases/{number}/")
    accept = page_o.locator("details.action-accept")
    if not accept.evaluate("details => details.open"):
        accept.locator("summary").click()
    accept.locator("button[type=submit]").click()
    expect(page_o.locator("details.action-accept")).to_have_count(0)
    expect(page_o.locator("#case-actions")).to_contain_text("初审")
    officer.check()

    page = applicant.open("/my/cases/")
    row = page.locator("tbody tr", has=page.locator(f"a:text-is('{number}')"))
    expect(row.locator(".case-state")).to_have_class(re.compile(r"case-state-in_progress"))
    expect(row.locator("td").nth(3)).to_contain_text("初审")
    expect(row.locator("td").nth(4).locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T"))
    applicant.shoot("my-cases-accepted")

"""Journey: a resident finds a power in the catalog, reads its guide and flowchart, and reads it in English."""

import re

from .conftest import CJK, chinese

try:
    from playwright.sync_api import expect
except ImportError:  # the dev extra installs Playwright; without it the `browser` fixture skips, saying why
    expect = None


def test_find_a_power_read_its_guide_and_flowchart(hall, guide_power, other_power):
    page = hall.open("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".power-item")).to_have_count(2)
    # The static files arrived and run: Bootstrap styles the page, htmx and Bootstrap's scripts loaded.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.evaluate("typeof window.htmx === 'object' && typeof window.bootstrap === 'object'")
    hall.shoot("catalog")

    # Typing is enough: htmx asks for the results and swaps them in without a page load.
    page.locator("#q").fill("用地预审")
    expect(page.locator(".power-item")).to_have_count(1)
    expect(page.locator(".power-item .power-name")).to_have_text("建设项目用地预审")
    expect(page).to_have_url(re.compile(r"[?&]q=%E7%94%A8%E5%9C%B0%E9%A2%84%E5%AE%A1"))
    hall.check()
    hall.shoot("catalog-search")

    page.get_by_role("link", name="建设项目用地预审").click()
    expect(page).to_have_url(f"{hall.base_url}/powers/{guide_power.code}/")
    expect(page.locator("h1")).to_have_text("建设项目用地预审")
    expect(page.locator(".power-code").first).to_have_text(guide_power.code)
    expect(page.locator("#bases-heading")).to_have_text(chinese("legal bases"))
    expect(page.locator(".legal-bases")).to_contain_text("《中华人民共和国土地管理法》")
    expect(page.locator(".legal-bases")).to_contain_text("第五十二条")
    expect(page.locator("section[aria-labelledby=materials-heading] tbody")).to_contain_text("建设项目用地预审申请表")
    expect(page.locator(".limit-committed .limit-value")).to_contain_text("15")
    expect(page.locator(".limit-grid")).to_contain_text("20")
    expect(page.locator(".limit-note")).to_contain_text("25%")  # 15 working days committed against 20 by law
    expect(page.locator('a[href="tel:025-12345"]')).to_be_visible()  # the supervision phone

    # The flowchart is drawn: the image loads (it is lazy, so bring it into view first).
    flowchart = page.locator(".flowchart img")
    flowchart.scroll_into_view_if_needed()
    expect(flowchart).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=flowchart.element_handle())
    hall.check()
    hall.shoot("guide")

    # Opened on its own, the flowchart is an SVG document with the steps' Chinese names.
    page.locator(".flowchart figcaption a").first.click()
    expect(page).to_have_url(re.compile(r"/flowchart\.svg$"))
    svg = page.locator("svg").first
    expect(svg).to_be_visible()
    labels = page.locator("svg text").all_text_contents()
    assert CJK.search("".join(labels)), labels
    for step in ("受理", "初审", "现场踏勘", "规划意见", "审批", "办结"):
        assert step in labels, (step, labels)
    hall.check()
    hall.shoot("flowchart")
    page.go_back()
    expect(page.locator("h1")).to_have_text("建设项目用地预审")

    # The header's switcher changes the language of the same page, and back again.
    page.locator(".language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{hall.base_url}/powers/{guide_power.code}/")
    expect(page.locator("#bases-heading")).to_have_text("legal bases")
    expect(page.locator("#limits-heading")).to_have_text("Time limits")
    expect(page.locator("h1")).to_have_text("建设项目用地预审")  # content stays as the department wrote it
    hall.check()
    hall.shoot("guide-english")

    page.locator(".language-switch button[value=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#limits-heading")).to_have_text(chinese("Time limits"))
    assert CJK.search(chinese("Time limits"))
    hall.check()


def test_phone_menu_switches_the_language(hall, guide_power):
    """On a phone the header folds into a menu; Bootstrap's script opens it and the switcher works."""
    page = hall.page
    page.set_viewport_size({"width": 390, "height": 844})
    hall.open(f"/powers/{guide_power.code}/")
    switch = page.locator(".language-switch button[value=en]")
    expect(switch).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(switch).to_be_visible()
    hall.shoot("phone-menu")
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#limits-heading")).to_have_text("Time limits")
    hall.check()


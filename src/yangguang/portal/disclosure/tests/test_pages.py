"""Every public page of the disclosure area, rendered with the results and ratings of natural
persons and of an organisation: no personal data unmasked, no inline script, a CSP header, and
the navigation links to results, open data and department ratings."""

import re

import pytest
import time_machine

from yangguang.cases.tests.conftest import at

from .. import services
from .conftest import assert_private_absent

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def everything(results, officers):
    services.rating_give(actor=officers["applicant"], case=results["licence_person"], grade=1,
                         comment="我是张三，电话13912345678，住南京市玄武区北京东路41号", now=at("2025-11-21 09:00"))
    return results


def public_urls(results):
    return ["/results/", "/results/?category=CF", "/results/?department=320100-012&from=2025-11-01",
            f"/results/{results['licence_person'].number}/", f"/results/{results['penalty_person'].number}/",
            "/open-data/", "/departments/", "/departments/?period=2025-11", "/departments/?period=2025-Q4",
            "/departments/320100-012/?period=2025-11", "/departments/320100-012/?period=2025"]


def test_every_public_page_hides_personal_data_and_runs_no_inline_script(everything, anonymous):
    with time_machine.travel(at("2025-12-03 06:00"), tick=False):
        for url in public_urls(everything):
            response = anonymous.get(url)
            body = response.content.decode()
            assert response.status_code == 200, url
            assert "Content-Security-Policy" in response.headers, url
            assert not INLINE_SCRIPT.search(body), url
            assert 'name="viewport"' in body
            assert_private_absent(body)


def test_the_navigation_links_the_disclosure_pages(anonymous, db):
    body = anonymous.get("/results/").content.decode()
    for url in ("/results/", "/open-data/", "/departments/"):
        assert f'href="{url}"' in body
    assert 'aria-current="page" href="/results/"' in body

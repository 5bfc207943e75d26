import json
import re

import pytest
from django.test import Client

from yangguang.catalog import services
from yangguang.catalog.models import PowerVersion, VersionState

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
CODE = "320100-012-XK-0001"


def publish(version, clerk, legal):
    services.version_submit(actor=clerk, version=version)
    services.version_approve(actor=legal, version=version)
    return services.version_publish(actor=legal, version=version)


@pytest.fixture
def published(clerk, legal, land_bureau, licence_content, simple_flow):
    version = services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=simple_flow)
    return publish(version, clerk, legal)


@pytest.fixture
def filed_only(clerk, legal, land_bureau, licence_content, simple_flow):
    content = dict(licence_content, name="涉密项目用地审查", disclosure="filed", filed_reason="涉及国家秘密")
    version = services.power_create(actor=clerk, department=land_bureau, category="QR", content=content, flow=simple_flow)
    return publish(version, clerk, legal)


@pytest.fixture
def draft(clerk, land_bureau, licence_content, simple_flow):
    content = dict(licence_content, name="临时用地审批")
    return services.power_create(actor=clerk, department=land_bureau, category="SP", content=content, flow=simple_flow)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(content, flow=None, **extra):
    """What a clerk types into the power form for ``content``."""
    data = {
        "name": content["name"],
        "legal_bases": "\n".join(f"{b['law']}｜{b['article']}｜{b.get('text', '')}" for b in content["legal_bases"]),
        "conditions": content.get("conditions", ""),
        "materials": "\n".join(f"{m['name']}｜{'必要' if m['required'] else '可选'}｜{m['copies']}" for m in content["materials"]),
        "fees": "",
        "result_documents": "\n".join(content["result_documents"]),
        "statutory_limit": content["statutory_limit"], "statutory_unit": content["statutory_unit"],
        "committed_limit": content["committed_limit"], "committed_unit": content["committed_unit"],
        "extension_limit": content["extension_limit"],
        "consultation_phone": content["consultation_phone"], "supervision_phone": content["supervision_phone"],
        "handling_place": "南京市政务服务中心 3 楼", "online": "on", "disclosure": "public", "filed_reason": "",
    }
    if flow is not None:
        data["flow"] = json.dumps(flow, ensure_ascii=False)
    data.update(extra)
    return data


def field_block(html: str, name: str) -> str:
    """The markup of one form field, from its wrapper to the next field's wrapper."""
    start = html.index(f'class="mb-3 field-{name}"')
    end = html.find('class="mb-3 field-', start + 1)
    return html[start:end if end != -1 else None]


# Public list --------------------------------------------------------------------------


def test_public_list_shows_published_powers_only(published, filed_only, draft):
    html = Client().get("/").content.decode()
    assert "建设项目用地预审" in html and CODE in html
    assert "涉密项目用地审查" not in html
    assert "临时用地审批" not in html
    assert "承诺 15 工作日 / 法定 20 工作日" in html
    assert "南京市国土资源局" in html


@pytest.mark.parametrize("query, found", [("用地预审", True), (CODE, True), ("320100-012", True), ("不存在的事项", False)])
def test_public_list_searches_name_and_code(published, query, found):
    html = Client().get("/", {"q": query}).content.decode()
    assert ("建设项目用地预审" in html) is found


def test_public_list_filters_by_category_and_department_with_counts(published, planning_bureau):
    client = Client()
    html = client.get("/", {"category": "XK"}).content.decode()
    assert "建设项目用地预审" in html
    assert re.search(r'id="count-XK">1<', html) and re.search(r'id="count-CF">0<', html)
    assert "建设项目用地预审" not in client.get("/", {"category": "CF"}).content.decode()
    assert "建设项目用地预审" in client.get("/", {"department": "320100-012"}).content.decode()
    assert "建设项目用地预审" not in client.get("/", {"department": "320100-015"}).content.decode()


def test_htmx_request_gets_only_the_results_partial(published):
    response = Client().get("/", {"q": "用地"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert "建设项目用地预审" in html
    assert 'id="count-XK" hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]
    full = Client().get("/", {"q": "用地"}).content.decode()
    assert "<html" in full and 'hx-target="#results"' in full


def test_public_list_paginates(published, clerk, legal, land_bureau, licence_content, simple_flow):
    for number in range(20):
        content = dict(licence_content, name=f"行政许可事项{number:02d}")
        publish(services.power_create(actor=clerk, department=land_bureau, category="XK", content=content, flow=simple_flow),
                clerk, legal)
    first = Client().get("/").content.decode()
    assert first.count('class="power-item"') == 20
    second = Client().get("/", {"page": 2}).content.decode()
    assert second.count('class="power-item"') == 1


# Detail, versions and diff ------------------------------------------------------------


def test_detail_shows_what_an_applicant_needs(published):
    response = Client().get(f"/powers/{CODE}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("建设项目用地预审", "《中华人民共和国土地管理法》", "第五十二条", "建设项目用地预审申请表",
                 "建设项目用地预审意见", "025-83730000", "不收费", "行政许可"):
        assert text in html, text
    assert f'src="/api/v1/powers/{CODE}/flowchart.svg"' in html
    assert f'href="/api/v1/powers/{CODE}/flow.bpmn"' in html
    assert re.search(r"5\s*工作日\s*（25%）", html)


def test_filed_only_and_unpublished_powers_are_hidden_from_the_public(filed_only, draft, clerk):
    filed_code = filed_only.power.code
    assert Client().get(f"/powers/{filed_code}/").status_code == 404
    assert Client().get(f"/powers/{draft.power.code}/").status_code == 404
    staff = logged_in(clerk)
    assert staff.get(f"/powers/{filed_code}/").status_code == 200
    html = staff.get(f"/powers/{draft.power.code}/").content.decode()
    assert "临时用地审批" in html and "state-draft" in html


def test_version_page_is_for_staff_when_unpublished(draft, clerk):
    url = f"/powers/{draft.power.code}/versions/1/"
    assert Client().get(url).status_code == 404
    html = logged_in(clerk).get(url).content.decode()
    assert "临时用地审批" in html and "创建" in html


# Workbench: the clerk -----------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(db):
    for url in ("/office/", "/office/catalog/", "/office/review/", "/office/powers/new/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/office/")
    assert Client().get("/accounts/login/").status_code == 200


def test_clerk_creates_a_draft_through_the_form(clerk, land_bureau, licence_content, simple_flow):
    client = logged_in(clerk)
    assert client.get("/office/powers/new/").status_code == 200
    data = form_data(licence_content, simple_flow, department=land_bureau.pk, category="XK",
                     materials="建设项目用地预审申请表｜必要｜2\n项目选址意见书｜可选｜1｜复印件")
    response = client.post("/office/powers/new/", data)
    assert response.status_code == 302 and response["Location"] == "/office/catalog/"
    version = PowerVersion.objects.get(power__code=CODE)
    assert version.state == VersionState.DRAFT
    assert version.legal_bases[0]["article"] == "第五十二条"
    assert version.materials[1] == {"name": "项目选址意见书", "required": False, "copies": 1, "note": "复印件"}
    assert version.flow.steps.count() == 5
    html = client.get("/office/catalog/").content.decode()
    assert "建设项目用地预审" in html and "草稿" in html


def test_committed_over_statutory_is_shown_at_the_committed_limit(clerk, land_bureau, licence_content, simple_flow):
    data = form_data(licence_content, simple_flow, department=land_bureau.pk, category="XK", committed_limit=25)
    response = logged_in(clerk).post("/office/powers/new/", data)
    assert response.status_code == 422
    html = response.content.decode()
    block = field_block(html, "committed_limit")
    assert 'id="id_committed_limit_error"' in block and "25" in block and "20" in block
    assert "invalid-feedback" not in field_block(html, "statutory_limit")
    assert not PowerVersion.objects.exists()


def test_list_lines_with_errors_name_the_line(clerk, land_bureau, licence_content):
    client = logged_in(clerk)
    data = form_data(licence_content, department=land_bureau.pk, category="XK", materials="申请表｜也许｜1")
    assert "第 1 行" in field_block(client.post("/office/powers/new/", data).content.decode(), "materials")
    data = form_data(licence_content, department=land_bureau.pk, category="XK",
                     legal_bases="《土地管理法》｜第五十二条\n《土地管理法实施条例》")
    assert "第 2 行" in field_block(client.post("/office/powers/new/", data).content.decode(), "legal_bases")


def test_bad_flow_json_is_an_error_on_the_flow_field(clerk, land_bureau, licence_content):
    data = form_data(licence_content, department=land_bureau.pk, category="XK", flow="{not json")
    response = logged_in(clerk).post("/office/powers/new/", data)
    assert response.status_code == 422 and "JSON" in field_block(response.content.decode(), "flow")


def test_flowchart_errors_are_shown_at_the_flow_field(clerk, land_bureau, licence_content, simple_flow):
    simple_flow["steps"][2]["post"] = "no-such-post"
    data = form_data(licence_content, simple_flow, department=land_bureau.pk, category="XK")
    response = logged_in(clerk).post("/office/powers/new/", data)
    assert response.status_code == 422
    assert "no-such-post" in field_block(response.content.decode(), "flow")
    assert not PowerVersion.objects.exists()


def test_clerk_edits_submits_withdraws_and_discards(draft, clerk, licence_content):
    client = logged_in(clerk)
    code = draft.power.code
    edit = f"/office/powers/{code}/versions/1/edit/"
    assert "临时用地审批" in client.get(edit).content.decode()
    response = client.post(edit, form_data(dict(licence_content, name="临时用地审批", committed_limit=12)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.committed_limit == 12
    for action, state in (("submit", "submitted"), ("withdraw", "draft"), ("discard", "discarded")):
        response = client.post(f"/office/powers/{code}/versions/1/{action}/")
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == state


def test_a_refused_action_becomes_a_message(draft, clerk):
    client = logged_in(clerk)
    response = client.post(f"/office/powers/{draft.power.code}/versions/1/withdraw/", follow=True)
    assert "alert-danger" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == VersionState.DRAFT


def test_clerk_of_another_department_cannot_touch_the_draft(draft, outsider_clerk, licence_content):
    client = logged_in(outsider_clerk)
    code = draft.power.code
    assert client.get(f"/office/powers/{code}/versions/1/edit/").status_code in (403, 404)
    assert client.post(f"/office/powers/{code}/versions/1/edit/", form_data(licence_content)).status_code in (403, 404)
    assert client.post(f"/office/powers/{code}/versions/1/submit/").status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.state == VersionState.DRAFT and draft.name == "临时用地审批"


# Legal review -------------------------------------------------------------------------


def test_revision_review_shows_the_diff_then_approve_and_publish(published, clerk, legal, licence_content):
    clerk_client, legal_client = logged_in(clerk), logged_in(legal)
    response = clerk_client.post(f"/office/powers/{CODE}/revise/", {"reason": "压缩承诺时限"})
    assert response.status_code == 302 and response["Location"] == f"/office/powers/{CODE}/versions/2/edit/"
    clerk_client.post(f"/office/powers/{CODE}/versions/2/edit/", form_data(dict(licence_content, committed_limit=10)))
    clerk_client.post(f"/office/powers/{CODE}/versions/2/submit/")

    queue = legal_client.get("/office/review/").content.decode()
    assert "建设项目用地预审" in queue and "南京市国土资源局" in queue and "修订" in queue
    review = legal_client.get(f"/office/review/{CODE}/2/").content.decode()
    row = re.search(r'<tr class="diff-row diff-committed_limit">(.*?)</tr>', review, re.S)
    assert row and "15" in row.group(1) and "10" in row.group(1)
    assert "diff-row diff-name" not in review
    assert "压缩承诺时限" in review
    assert f"/api/v1/powers/{CODE}/flowchart.svg?version=2" in review

    assert legal_client.post(f"/office/review/{CODE}/2/", {"action": "approve", "opinion": "同意"}).status_code == 302
    assert PowerVersion.objects.get(power__code=CODE, number=2).state == VersionState.APPROVED
    assert legal_client.post(f"/office/review/{CODE}/2/", {"action": "publish"}).status_code == 302
    assert PowerVersion.objects.get(power__code=CODE, number=2).state == VersionState.PUBLISHED
    assert "承诺 10 工作日" in Client().get("/").content.decode()
    diff = logged_in(clerk).get(f"/powers/{CODE}/diff/1/2/").content.decode()
    assert "diff-row diff-committed_limit" in diff


def test_new_power_review_shows_the_full_content(draft, clerk, legal):
    services.version_submit(actor=clerk, version=draft)
    html = logged_in(legal).get(f"/office/review/{draft.power.code}/1/").content.decode()
    for field in ("name", "legal_bases", "materials", "committed_limit"):
        assert f"diff-row diff-{field}" in html
    assert "临时用地审批" in html and "diff-old" not in html


def test_return_needs_an_opinion(draft, clerk, legal):
    services.version_submit(actor=clerk, version=draft)
    client = logged_in(legal)
    url = f"/office/review/{draft.power.code}/1/"
    response = client.post(url, {"action": "return", "opinion": "  "})
    assert response.status_code == 422
    assert 'id="id_opinion_error"' in field_block(response.content.decode(), "opinion")
    draft.refresh_from_db()
    assert draft.state == VersionState.SUBMITTED
    client.post(url, {"action": "return", "opinion": "法律依据条款不准确"})
    draft.refresh_from_db()
    assert draft.state == VersionState.RETURNED
    assert "法律依据条款不准确" in logged_in(clerk).get("/office/catalog/").content.decode()


def test_review_is_for_the_legal_office_only(draft, clerk, outsider_clerk):
    services.version_submit(actor=clerk, version=draft)
    assert logged_in(clerk).get("/office/review/").status_code == 403
    assert logged_in(clerk).get(f"/office/review/{draft.power.code}/1/").status_code == 403
    assert logged_in(clerk).post(f"/office/review/{draft.power.code}/1/", {"action": "approve"}).status_code == 403
    draft.refresh_from_db()
    assert draft.state == VersionState.SUBMITTED


def test_revocation_request_needs_a_reason_and_reaches_the_queue(published, clerk, legal):
    client = logged_in(clerk)
    response = client.post(f"/office/powers/{CODE}/revoke/", {"reason": ""}, follow=True)
    assert "alert-danger" in response.content.decode()
    assert PowerVersion.objects.filter(power__code=CODE).count() == 1
    client.post(f"/office/powers/{CODE}/revoke/", {"reason": "上位法已废止"})
    queue = logged_in(legal).get("/office/review/").content.decode()
    assert "change-revoke" in queue and "取消" in queue


# Layout, security headers and language -----------------------------------------------


def test_navigation_follows_the_user_roles(published, clerk, legal):
    anonymous = Client().get("/").content.decode()
    assert "/office/" not in anonymous and 'href="/accounts/login/' in anonymous
    clerk_page = logged_in(clerk).get("/").content.decode()
    assert 'href="/office/"' in clerk_page and 'href="/office/review/"' not in clerk_page
    assert 'action="/accounts/logout/"' in clerk_page
    assert 'href="/office/review/"' in logged_in(legal).get("/").content.decode()


def test_every_page_has_a_csp_and_no_inline_script(published, draft, clerk, legal, licence_content):
    services.version_submit(actor=clerk, version=draft)
    pages = [
        (Client(), "/"), (Client(), f"/powers/{CODE}/"), (Client(), f"/powers/{CODE}/versions/1/"),
        (Client(), "/accounts/login/"), (logged_in(clerk), "/office/"), (logged_in(clerk), "/office/catalog/"),
        (logged_in(clerk), "/office/powers/new/"),
        (logged_in(clerk), f"/powers/{draft.power.code}/"), (logged_in(legal), "/office/review/"),
        (logged_in(legal), f"/office/review/{draft.power.code}/1/"), (logged_in(clerk), f"/powers/{CODE}/diff/1/1/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_HANDLER.search(html), url


def test_chinese_by_default_and_english_on_request(published):
    client = Client()
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html and "权力清单" in html and "阳光行政权力运行平台" in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Power catalog" in html and "Committed 15 working days / statutory 20 working days" in html
    assert "Administrative licensing" in html
    assert "权力清单" not in html



def test_the_public_list_browses_by_life_event(published, draft):
    from yangguang.catalog.models import LifeEvent

    event = LifeEvent.objects.create(code="land-property", name="用地与不动产", audience="enterprise")
    event.powers.add(published.power, draft.power)
    LifeEvent.objects.create(code="empty", name="无事项", audience="person")  # holds no power: not offered
    body = Client().get("/").content.decode()
    assert 'id="event-land-property"' in body and 'id="event-empty"' not in body
    body = Client().get("/", {"event": "land-property"}).content.decode()
    assert "建设项目用地预审" in body and "临时用地审批" not in body  # a draft is never listed
    assert "建设项目用地预审" in Client().get("/", {"event": "no-such-event"}).content.decode()  # ignored


def test_public_list_finds_a_power_by_its_department(published):
    assert "建设项目用地预审" in Client().get("/", {"q": "国土"}).content.decode()

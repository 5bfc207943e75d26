"""The legal office's pages: who sees them, and the forms acting through the services."""

import pytest
from django.urls import reverse

from ..models import DocumentFiling, PenaltyFiling, PenaltyFilingState

pytestmark = pytest.mark.django_db

PAGES = ["legal:dashboard", "legal:thresholds", "legal:penalties", "legal:documents", "legal:appeals",
         "legal:appeal_new"]


@pytest.mark.parametrize("name", PAGES)
def test_legal_office_sees_every_page(client, legal, threshold, name):
    client.force_login(legal)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_the_public_is_refused(client, officers, name):
    client.force_login(officers["applicant"])
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_benchmarks_still_mounted(client, legal):
    client.force_login(legal)
    assert client.get("/legal/benchmarks/").status_code == 200


def test_nav_link_for_the_legal_office(client, legal):
    client.force_login(legal)
    assert reverse("legal:dashboard") in client.get(reverse("legal:penalties")).content.decode()


def test_file_and_review_through_the_pages(client, legal, officers, threshold, penalty_power, decided):
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    filing = PenaltyFiling.objects.get(case=case)
    url = reverse("legal:penalty", args=[filing.pk])
    client.force_login(officers["planning"])
    assert client.get(url).status_code == 404  # another department's filing
    client.force_login(officers["head"])
    assert client.post(url, {"action": "file", "filing_kind": "", "report": "x"}).status_code == 422
    assert client.post(url, {"action": "file", "filing_kind": "备案", "report": "案卷随附"}).status_code == 302
    assert client.post(url, {"action": "review", "outcome": "record"}).status_code == 403
    client.force_login(legal)
    assert client.get(reverse("legal:dashboard")).status_code == 200
    assert client.post(url, {"action": "review", "outcome": "record"}).status_code == 302
    assert PenaltyFiling.objects.get(pk=filing.pk).state == PenaltyFilingState.RECORDED


def test_document_filing_form(client, officers, land_bureau, legal):
    client.force_login(officers["head"])
    response = client.post(reverse("legal:document_new"), {
        "department": land_bureau.pk, "kind": "normative", "title": "通知", "number": "宁国土规〔2025〕2号",
        "published_on": "2025-09-05", "effective_on": "2025-10-01"})
    assert response.status_code == 302
    filing = DocumentFiling.objects.get()
    client.force_login(legal)
    response = client.post(reverse("legal:document", args=[filing.pk]), {"action": "correction", "opinion": "",
                                                                          "correction_due": ""})
    assert response.status_code == 422
    client.force_login(officers["applicant"])
    assert client.get(reverse("legal:document_new")).status_code == 403


def test_legal_office_without_filing_rights_cannot_file_documents(client, legal):
    client.force_login(legal)
    assert client.get(reverse("legal:document_new")).status_code == 403


def test_appeal_form(client, officers, penalty_power, decided):
    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    client.force_login(officers["head"])
    response = client.post(reverse("legal:appeal_new"), {
        "case": case.number, "kind": "reconsideration", "number": "宁政复〔2025〕9号", "applicant": "某公司",
        "body": "南京市人民政府", "received_at": "2025-10-09T10:00:00"})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert client.post(reverse("legal:appeal_new"), {"case": "nope"}).status_code == 422

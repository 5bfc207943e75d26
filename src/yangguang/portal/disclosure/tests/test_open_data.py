"""Open data (开放数据): the published catalog and results as CSV (UTF-8 with a BOM, for Excel)
and JSON, streamed; masked exactly as the pages are."""

import csv
import io
import json

import pytest

from yangguang.catalog.models import PowerVersion

from .conftest import COMPANY, assert_private_absent


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def rows(response):
    data = content(response)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_open_data_page_lists_the_downloads(anonymous, db):
    body = anonymous.get("/open-data/").content.decode()
    for url in ("/open-data/catalog.csv", "/open-data/catalog.json", "/open-data/results.csv",
                "/open-data/results.json"):
        assert f'href="{url}"' in body


def test_the_catalog_as_csv_and_json(results, land_power, penalty_power, anonymous):
    response = anonymous.get("/open-data/catalog.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="catalog-')
    header, *lines = rows(response)
    assert len(header) == 12
    # the filed-only power (涉密) is not in the public catalog
    assert [line[0] for line in lines] == [penalty_power.code, land_power.code]  # by code
    land = lines[1]
    assert land[1] == "建设项目用地预审" and land[3] == "南京市国土资源局" and land[4] == "320100-012"
    assert land[5] == "《中华人民共和国土地管理法》第五十二条"
    assert (land[6], land[8]) == ("20", "15") and land[10]  # limits; "free" in the language of the page
    data = json.loads(content(anonymous.get("/open-data/catalog.json")))
    assert data["dataset"] == "catalog" and "generated_at" in data
    first = data["records"][1]
    assert first == {**first, "code": land_power.code, "name": "建设项目用地预审", "category": "XK",
                     "department": "南京市国土资源局", "department_code": "320100-012", "statutory_limit": 20,
                     "committed_limit": 15, "fees": [], "online": True,
                     "legal_basis": ["《中华人民共和国土地管理法》第五十二条"]}


def test_catalog_fees_are_written_out(land_power, anonymous):
    PowerVersion.objects.filter(pk=land_power.published_version_id).update(
        fees=[{"name": "工本费", "standard": "10元/件", "basis": "苏价费〔2020〕1号"}])
    [line] = rows(anonymous.get("/open-data/catalog.csv"))[1:]
    assert line[10] == "工本费：10元/件（苏价费〔2020〕1号）"
    [record] = json.loads(content(anonymous.get("/open-data/catalog.json")))["records"]
    assert record["fees"] == [{"name": "工本费", "standard": "10元/件", "basis": "苏价费〔2020〕1号"}]


def test_the_results_as_csv_masked(results, anonymous):
    response = anonymous.get("/open-data/results.csv")
    data = content(response).decode("utf-8-sig")
    assert_private_absent(data)
    header, *lines = list(csv.reader(io.StringIO(data)))
    assert len(header) == 19 and len(lines) == 4
    by_document = {line[0]: line for line in lines}
    person = by_document["宁国土罚〔2025〕7号"]
    assert person[6] == "欧**明" and person[9].startswith("320106********") and person[10] == ""
    assert person[13:15] == ["罚款", "5000.00"] and person[17] == "2025-11-20"
    company = by_document["宁国土罚〔2025〕8号"]
    assert company[6] == COMPANY["name"] and company[10] == COMPANY["id_number"]
    assert by_document["宁国土预〔2025〕101号"][14] == ""  # a licence has no penalty amount


def test_the_results_as_json_masked_and_filtered_like_the_page(results, anonymous):
    data = content(anonymous.get("/open-data/results.json"))
    assert_private_absent(data.decode())
    records = json.loads(data)["records"]
    assert [record["document_no"] for record in records] == [
        "宁国土罚〔2025〕8号", "宁国土罚〔2025〕7号", "宁国土预〔2025〕102号", "宁国土预〔2025〕101号"]
    person = records[1]
    assert person["party_name"] == "欧**明" and person["penalty_amount"] == "5000.00"
    assert person["decided_at"] == "2025-11-20T09:00:00+08:00" and person["category"] == "CF"
    filtered = json.loads(content(anonymous.get("/open-data/results.json", {"category": "XK", "party": "建材"})))
    assert [record["document_no"] for record in filtered["records"]] == ["宁国土预〔2025〕102号"]


def test_an_empty_export_is_still_valid(anonymous, db):
    assert json.loads(content(anonymous.get("/open-data/results.json")))["records"] == []
    assert len(rows(anonymous.get("/open-data/results.csv"))) == 1


def test_exports_stream_in_chunks(results, anonymous, monkeypatch):
    from .. import views

    monkeypatch.setattr(views, "STREAM_ROWS", 1)
    chunks = list(anonymous.get("/open-data/results.csv").streaming_content)
    assert len(chunks) == 1 + 4  # the header, then one chunk per row
    records = json.loads(b"".join(anonymous.get("/open-data/results.json").streaming_content))["records"]
    assert len(records) == 4


@pytest.mark.parametrize("url", ["/open-data/catalog.csv", "/open-data/catalog.json", "/open-data/results.csv",
                                 "/open-data/results.json"])
def test_no_export_holds_personal_data(results, anonymous, url):
    assert_private_absent(content(anonymous.get(url)).decode("utf-8-sig"))

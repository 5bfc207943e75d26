import copy
import csv
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from yangguang.catalog import interchange
from yangguang.catalog.errors import InvalidPower
from yangguang.catalog.interchange import CatalogFileError, catalog_export_records, catalog_import, read_records, write_records
from yangguang.catalog.models import Power, PowerVersion, ReviewRecord, VersionState
from yangguang.demo.generate import generate_catalog, generate_org


@pytest.fixture
def record(licence_content, simple_flow, land_bureau):
    """One importable record of the land bureau; call with overrides."""

    def make(**overrides):
        made = {"code": "", "department": "320100-012", "category": "XK", **licence_content, "flow": simple_flow} | overrides
        if made["category"] == "CF" and made["flow"] is simple_flow:  # a penalty's flowchart has its legal review
            made["flow"] = copy.deepcopy(simple_flow)
            [*_, last_task] = (step for step in made["flow"]["steps"] if step["kind"] == "task")
            last_task["legal_review"] = True
        return made

    return make


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("root", password="pw-root")


def import_file(path, actor, **options):
    return catalog_import(actor=actor, records=read_records(path), source=path.name, **options)


def test_excel_is_parsed_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("extension", ["xlsx", "csv", "json"])
def test_export_then_import_round_trips(extension, tmp_path, record, legal, planning_bureau):
    generate_org(region_codes=("320100",))
    generated = generate_catalog(3, seed=5)
    varied = record(
        name="临时用地审批", conditions="第一行\n第二行", handling_place="=政务服务中心 3 号窗口", online=False,
        statutory_limit=20, committed_limit=10, extension_limit=0,
        legal_bases=[{"law": "《土地管理法》", "article": "第五十七条", "text": "条文含有|竖线"}],
        materials=[{"name": "申请表", "required": True, "copies": 2, "note": ""},
                   {"name": "委托书", "required": False, "copies": 1, "note": "委托办理的提供"}],
        fees=[{"name": "工本费", "standard": "10元/证", "basis": "苏价费〔2004〕321号"}],
        disclosure="filed", filed_reason="涉及国家秘密。",
    )
    report = catalog_import(actor=legal, records=[varied, *generated], source="seed.json", publish=True)
    assert report.ok, report.errors
    exported = catalog_export_records(actor=legal, queryset=Power.objects.all())
    assert len(exported) == 4
    by_name = {r["name"]: r for r in exported}
    content = {k: v for k, v in varied.items() if k not in ("code", "flow")}
    assert {k: by_name["临时用地审批"][k] for k in content} == content
    path = tmp_path / f"catalog.{extension}"
    write_records(path, exported)
    read = read_records(path)
    assert [record for _, record in read] == exported
    assert [row for row, _ in read] == ([1, 2, 3, 4] if extension == "json" else [2, 3, 4, 5])
    again = catalog_import(actor=legal, records=[(row, dict(r, code="")) for row, r in read], source=path.name, publish=True)
    assert again.ok and again.created == 4


def test_exported_flows_match_the_imported_ones(legal):
    generate_org(region_codes=("320100",))
    generated = {f"{r['name']}#{i}": dict(r, name=f"{r['name']}#{i}") for i, r in enumerate(generate_catalog(20, seed=11))}
    assert catalog_import(actor=legal, records=list(generated.values()), source="seed.json", publish=True).ok
    for exported in catalog_export_records(actor=legal, queryset=Power.objects.all()):
        original = generated[exported["name"]]["flow"]
        assert [(s["key"], s["kind"], s.get("post"), s.get("limit")) for s in exported["flow"]["steps"]] == [
            (s["key"], s["kind"], s.get("post"), s.get("limit")) for s in original["steps"]
        ]
        assert exported["flow"]["transitions"] == interchange.canonical_flow(original)["transitions"]


def test_tabular_cells_accept_labels_codes_and_ascii_bars(tmp_path):
    path = tmp_path / "catalog.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["实施部门", "类别", "事项名称", "法律依据", "申请材料", "法定时限", "法定时限单位", "承诺时限", "承诺时限单位",
                         "网上办理", "流程"])
        writer.writerow(["320100-012", "行政许可", "用地预审", "《土地管理法》|第五十二条", "申请表|可选|2\n附图", "20", "工作日", "15", "小时", "否",
                         "start|start|申请||||| accept\naccept|环节|受理||window|1|工作日|check=需要, end=不需要\n"
                         "check|task|审查|320100-015|review|3|workday|end\nend|结束|办结"])
        writer.writerow([])
        writer.writerow(["320100-012", "XK", "另一事项"])
    rows = read_records(path)
    assert [row for row, _ in rows] == [2, 4]
    first = rows[0][1]
    assert first["category"] == "XK" and first["statutory_unit"] == "workday" and first["committed_unit"] == "hour"
    assert first["legal_bases"] == [{"law": "《土地管理法》", "article": "第五十二条", "text": ""}]
    assert first["materials"] == [{"name": "申请表", "required": False, "copies": 2, "note": ""},
                                  {"name": "附图", "required": True, "copies": 1, "note": ""}]
    assert first["online"] is False and first["disclosure"] == "public" and first["statutory_limit"] == 20
    assert first["flow"]["steps"][1] == {
        "key": "accept", "name": "受理", "kind": "task", "post": "window", "limit": 1, "unit": "workday",
    }
    assert first["flow"]["steps"][2]["department"] == "320100-015"
    assert first["flow"]["transitions"] == [
        {"from": "start", "to": "accept"}, {"from": "accept", "to": "check", "condition": "需要"},
        {"from": "accept", "to": "end", "condition": "不需要"}, {"from": "check", "to": "end"},
    ]
    assert rows[1][1]["flow"] is None and rows[1][1]["extension_limit"] == 0


def test_a_value_under_no_header_is_reported(tmp_path, record, clerk):
    path = tmp_path / "catalog.csv"
    write_records(path, [record()])
    with path.open(encoding="utf-8-sig", newline="") as source:
        header, row = list(csv.reader(source))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([header, [*row, "多出的一格"]])
    report = import_file(path, clerk)
    assert [(e["row"], e["field"], e["rule"]) for e in report.errors] == [(2, "column V", "unknown-field")]


def test_csv_saved_by_chinese_excel_in_gb18030_is_read(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_bytes("实施部门,类别,事项名称\r\n320100-012,行政许可,用地预审\r\n".encode("gb18030"))
    [(row, record)] = read_records(path)
    assert row == 2 and record["name"] == "用地预审" and record["category"] == "XK"


@pytest.mark.parametrize(("name", "content", "rule"), [
    ("catalog.txt", b"", "file-type"),
    ("catalog.csv", "实施部门,事项名称,颜色\r\n".encode(), "unknown-column"),
    ("catalog.json", b'{"powers": []}', "catalog-envelope"),
    ("catalog.json", b'{"format": "yangguang-catalog", "version": 9, "powers": []}', "format-version"),
    ("catalog.xlsx", b"not a zip", "xlsx"),
])
def test_unreadable_files_are_refused_with_the_rule(tmp_path, name, content, rule):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogFileError) as refused:
        read_records(path)
    assert refused.value.rule == rule


@pytest.fixture
def bad_file(tmp_path, record, clerk):
    """An Excel file whose rows 3–5 and 7–10 each break one rule; rows 2, 6 and 11 are good."""
    catalog_import(actor=clerk, records=[record(category="CF", code="320100-012-CF-0050")], source="earlier")
    broken_flow = dict(record()["flow"], transitions=[{"from": "start", "to": "nowhere"}])
    records = [
        record(name="好的事项一"),
        record(category="XX"),
        record(committed_limit=30),
        record(department="320100-999"),
        record(code="320100-012-XK-0007"),
        record(code="320100-012-XK-0007"),
        record(flow=broken_flow),
        record(name=""),
        record(name="已有编码", category="CF", code="320100-012-CF-0050"),
        record(name="好的事项三", code="320100-012-XK-0001"),
    ]
    path = tmp_path / "catalog.xlsx"
    write_records(path, records)
    return path


def test_every_bad_row_is_reported_and_nothing_imported(bad_file, clerk):
    before = Power.objects.count()
    report = import_file(bad_file, clerk)
    assert report.created == 0 and Power.objects.count() == before
    found = {(e["row"], e["field"], e["rule"]) for e in report.errors}
    assert {(3, "category", "choice"), (4, "committed_limit", "committed-within-statutory"),
            (5, "department", "unknown-department"), (7, "code", "code-unique-in-file"),
            (9, "name", "required"), (10, "code", "code-unique")} <= found
    assert any(row == 8 and field.startswith("flow") for row, field, _ in found)
    assert report.bad_rows == [3, 4, 5, 7, 8, 9, 10]
    assert all(e["detail"] for e in report.errors)


def test_good_rows_option_imports_the_valid_rows_only(bad_file, clerk):
    report = import_file(bad_file, clerk, import_good_rows=True)
    assert report.created == 3 and report.bad_rows == [3, 4, 5, 7, 8, 9, 10]
    codes = dict(PowerVersion.objects.values_list("power__code", "name"))
    # Row 2 has no code: it gets the first sequence that no row of the file claims.
    assert codes == {"320100-012-CF-0050": "建设项目用地预审", "320100-012-XK-0002": "好的事项一",
                     "320100-012-XK-0007": "建设项目用地预审", "320100-012-XK-0001": "好的事项三"}


def test_drafts_are_created_like_power_create(record, clerk):
    report = catalog_import(actor=clerk, records=[record(), record(category="CF", committed_limit=10)], source="a.json")
    assert report.ok and report.created == 2
    version = PowerVersion.objects.get(power__code="320100-012-XK-0001")
    assert version.state == VersionState.DRAFT and version.created_by == clerk and version.number == 1
    assert Power.objects.get(code="320100-012-CF-0001").published_version is None
    assert list(ReviewRecord.objects.filter(version=version).values_list("action", flat=True)) == ["created"]
    assert version.flow.steps.count() == 5


def test_clerk_of_another_department_is_refused(record, outsider_clerk, planning_bureau):
    planning = record(department="320100-015", flow=None)
    report = catalog_import(actor=outsider_clerk, records=[planning, record()], source="a.json")
    assert report.created == 0
    assert [(e["row"], e["rule"]) for e in report.errors] == [(2, "not-catalog-clerk")]
    assert catalog_import(actor=outsider_clerk, records=[planning], source="a.json").created == 1


def test_publishing_is_for_the_legal_office(record, clerk, legal):
    refused = catalog_import(actor=clerk, records=[record()], source="confirmed.xlsx", publish=True)
    assert refused.created == 0 and {e["rule"] for e in refused.errors} == {"not-legal-office"}
    report = catalog_import(actor=legal, records=[record()], source="confirmed.xlsx", publish=True)
    assert report.ok and report.created == 1
    power = Power.objects.get()
    version = power.published_version
    assert version.state == VersionState.PUBLISHED and version.published_by == legal and version.reviewed_by == legal
    records = list(ReviewRecord.objects.filter(version=version).order_by("id"))
    assert [r.action for r in records] == ["created", "approved", "published"]
    assert all("confirmed.xlsx" in r.opinion for r in records[1:])
    assert Power.objects.published().count() == 1


def test_publishing_needs_a_flowchart(record, legal):
    report = catalog_import(actor=legal, records=[record(flow=None)], source="a.json", publish=True)
    assert [(e["row"], e["field"], e["rule"]) for e in report.errors] == [(1, "flow", "flow-required")]


def test_inactive_department_is_refused(record, clerk, land_bureau):
    land_bureau.is_active = False
    land_bureau.save()
    report = catalog_import(actor=clerk, records=[record()], source="a.json")
    assert [(e["field"], e["rule"]) for e in report.errors] == [("department", "department-active")]


def test_exhausted_sequences_refuse_the_whole_import(record, clerk, land_bureau):
    Power.objects.create(code="320100-012-XK-9999", department=land_bureau, category="XK", sequence=9999)
    with pytest.raises(InvalidPower) as refused:
        catalog_import(actor=clerk, records=[record(category="CF", committed_limit=10), record()], source="a.json")
    assert refused.value.rule == "sequence-exhausted"
    assert Power.objects.count() == 1


def test_shape_errors_that_cleaning_would_hide(record, clerk):
    bad = record(online="maybe", extra="x", materials=[{"name": "申请表", "required": "maybe", "copies": "two"}])
    report = catalog_import(actor=clerk, records=[bad], source="a.json")
    assert {(e["field"], e["rule"]) for e in report.errors} == {
        ("extra", "unknown-field"), ("online", "boolean"), ("materials[0].required", "boolean"),
        ("materials[0].copies", "positive-integer"),
    }


@pytest.mark.parametrize("size", [20, 200])
def test_query_count_does_not_grow_with_rows(size, admin, land_bureau, planning_bureau, django_assert_max_num_queries):
    generate_org(region_codes=("320100",))
    # Two departments and three categories, whatever the size: four code sequences to allocate.
    records = [
        dict(r, department=("320100-012", "320100-015")[i % 2],
             category="CF" if r["category"] in ("CF", "QZ") else ("XK", "QT")[i % 2])
        for i, r in enumerate(generate_catalog(size, seed=7))
    ]
    with django_assert_max_num_queries(30):
        report = catalog_import(actor=admin, records=records, source="bulk.json")
    assert report.ok and report.created == size


def test_progress_is_reported(record, clerk):
    seen = []
    catalog_import(actor=clerk, records=[record()], source="a.json", progress=lambda *args: seen.append(args))
    assert ("validate", 1, 1) in seen and ("write", 1, 1) in seen


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_import_command_prints_the_errors_and_fails(bad_file, clerk, capsys, english):
    with pytest.raises(CommandError, match="7 rows"):
        call_command("import_catalog", str(bad_file), "--as", "clerk")
    out = capsys.readouterr().out
    assert "unknown-department" in out and "0 of 10" in out


def test_import_command_good_rows_and_export_command(bad_file, clerk, legal, tmp_path, capsys, english):
    with pytest.raises(CommandError, match="left out"):
        call_command("import_catalog", str(bad_file), "--as", "clerk", "--good-rows")
    assert Power.objects.count() == 4
    path = tmp_path / "out.json"
    call_command("export_catalog", str(path), "--as", "legal")
    assert json.loads(path.read_text())["powers"] == []  # drafts are not exported

    confirmed = tmp_path / "confirmed.csv"
    exported = [dict(r, code="") for _, r in read_records(bad_file)][:1]
    write_records(confirmed, exported)
    call_command("import_catalog", str(confirmed), "--as", "legal", "--publish")
    assert "1 of 1" in capsys.readouterr().out
    call_command("export_catalog", str(path), "--as", "legal", "--department", "320100-012", "--category", "XK")
    assert [p["name"] for p in json.loads(path.read_text())["powers"]] == ["好的事项一"]
    call_command("export_catalog", str(path), "--as", "legal", "--department", "320100-015")
    assert json.loads(path.read_text())["powers"] == []


def test_import_command_needs_a_user_and_a_known_file_type(tmp_path, db, english):
    path = tmp_path / "catalog.ods"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="superuser"):
        call_command("import_catalog", str(path))
    get_user_model().objects.create_superuser("root", password="pw-root")
    with pytest.raises(CommandError, match=".ods"):
        call_command("import_catalog", str(path))

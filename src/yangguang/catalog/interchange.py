"""Whole-catalog import and export (职权目录导入导出) as Excel, CSV or JSON files.

A record is one power: ``code`` (empty on import: generated), ``department`` (full code such
as ``320100-012``), ``category``, the content fields of ``domain.CONTENT_FIELDS`` and ``flow``
(the flowchart interchange payload). JSON files hold the records as they are; Excel and CSV
files share one column layout with Chinese headers, where list cells hold one item per line
with fields separated by "｜" and the flowchart holds one step per line.
"""

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from yangguang.core.errors import InvalidInput
from yangguang.org.models import Department, Role
from yangguang.org.rules import holds_for_department

from . import domain
from .errors import InvalidPower
from .hooks import flowcharts
from .models import Category, ChangeKind, Power, PowerVersion, ReviewAction, ReviewRecord, VersionState
from .rules import is_clerk_for, is_legal_office_for
from .services import allocate_sequences

FORMAT = "yangguang-catalog"
FORMAT_VERSION = 1
SHEET = "权力事项"
BATCH = 1000
MAX_SEQUENCE = 9999  # the unified code has four digits for it
RECORD_FIELDS = ("code", "department", "category", *domain.CONTENT_FIELDS, "flow")

# The tabular layout: (Chinese header, record field), in column order.
COLUMNS = (
    ("事项编码", "code"), ("实施部门", "department"), ("类别", "category"), ("事项名称", "name"),
    ("法律依据", "legal_bases"), ("受理条件", "conditions"), ("申请材料", "materials"), ("收费", "fees"),
    ("结果文书", "result_documents"), ("法定时限", "statutory_limit"), ("法定时限单位", "statutory_unit"),
    ("承诺时限", "committed_limit"), ("承诺时限单位", "committed_unit"), ("延长时限", "extension_limit"),
    ("咨询电话", "consultation_phone"), ("监督电话", "supervision_phone"), ("办理地点", "handling_place"),
    ("网上办理", "online"), ("公开方式", "disclosure"), ("报备理由", "filed_reason"), ("流程", "flow"),
)
FIELD_ORDER = tuple(name for header, name in COLUMNS)
HEADERS = {header: name for header, name in COLUMNS} | {name: name for name in FIELD_ORDER}

# Chinese labels written on export; codes and the labels (and a few aliases) are read.
CATEGORY_LABELS = {
    "XK": "行政许可", "CF": "行政处罚", "ZS": "行政征收", "QZ": "行政强制", "SP": "非行政许可审批",
    "GF": "行政给付", "JL": "行政奖励", "QR": "行政确认", "ZY": "行政征用", "CJ": "行政裁决", "QT": "其他行政权力",
}
CATEGORY_ALIASES = {"非行政许可的行政审批": "SP", "非许可审批": "SP", "其他": "QT", "其他权力": "QT"}
UNIT_LABELS = {"workday": "工作日", "day": "自然日", "hour": "小时"}
KIND_LABELS = {
    "start": "开始", "task": "环节", "exclusive": "条件分支", "split": "并联分支", "join": "并联汇合",
    "excluded": "特别程序", "end": "结束",
}
# In a file's flowchart lines a penalty's legal review step (法制审核) is a step of this kind.
LEGAL_REVIEW_KIND = "legal_review"
LEGAL_REVIEW_LABEL = "法制审核"
DISCLOSURE_LABELS = {"public": "公开", "filed": "仅备案"}
YES = {"是", "yes", "y", "true", "1", "必需", "必须", "必要", "required"}
NO = {"否", "no", "n", "false", "0", "可选", "非必需", "optional"}

BAR = re.compile(r"[|｜]")
DEPARTMENT_CODE = re.compile(r"^[0-9]{6}-[0-9]{3}$")
STEP_FIELDS = ("key", "name", "kind", "department", "post", "limit", "unit", "legal_review")


class CatalogFileError(InvalidInput):
    """A catalog file that cannot be read at all (wrong type, layout or envelope)."""

    code = "invalid-catalog-file"


@dataclass
class ImportReport:
    """What an import did: powers created, and every error as {row, field, rule, detail}."""

    source: str
    rows: int = 0
    created: int = 0
    published: bool = False
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error["row"] for error in self.errors})


# --- reading and writing files ---------------------------------------------------------


def read_records(path) -> list[tuple[int, dict]]:
    """The records of a file as (row number, record); the spreadsheet row for xlsx and csv
    (the header is row 1), the position counted from 1 for JSON."""
    path = Path(path)
    return _by_extension(_READERS, path)(path)


def write_records(path, records: list[dict]) -> None:
    """Write records to a file whose type follows from its extension."""
    path = Path(path)
    _by_extension(_WRITERS, path)(path, records)


def _by_extension(handlers: dict, path: Path):
    handler = handlers.get(path.suffix.lower())
    if handler is None:
        raise CatalogFileError.one("file", "file-type", _("Use a .xlsx, .csv or .json file, not %(name)s.") % {"name": path.name})
    return handler


def _read_json(path: Path) -> list[tuple[int, dict]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogFileError.one("file", "json", _("Not a JSON file: %(error)s") % {"error": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("powers"), list):
        detail = _('A catalog JSON file is an object with "format": "%(format)s" and a "powers" list.') % {"format": FORMAT}
        raise CatalogFileError.one("format", "catalog-envelope", detail)
    if data.get("version") != FORMAT_VERSION:
        detail = _("Only version %(v)s of the catalog format is supported.") % {"v": FORMAT_VERSION}
        raise CatalogFileError.one("version", "format-version", detail)
    return [(index, record) for index, record in enumerate(data["powers"], start=1)]


def _write_json(path: Path, records: list[dict]) -> None:
    envelope = {
        "format": FORMAT, "version": FORMAT_VERSION,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"), "powers": records,
    }
    path.write_text(json.dumps(envelope, ensure_ascii=False, indent=1), encoding="utf-8")


def _read_csv(path: Path) -> list[tuple[int, dict]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, which GB 18030 covers.
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise CatalogFileError.one("file", "encoding", _("The CSV file is neither UTF-8 nor GB 18030 text.")) from exc
    return _read_table(csv.reader(text.splitlines(keepends=True)))


def _write_csv(path: Path, records: list[dict]) -> None:
    # The byte order mark makes Excel open the file as UTF-8 and show the Chinese correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([header for header, name in COLUMNS])
        writer.writerows(_row_from_record(record) for record in records)


def _read_xlsx(path: Path) -> list[tuple[int, dict]]:
    try:
        # openpyxl parses the workbook's XML through defusedxml, which is installed with us.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and XML errors alike
        raise CatalogFileError.one("file", "xlsx", _("Not an Excel .xlsx workbook: %(error)s") % {"error": exc}) from exc
    try:
        if SHEET in workbook.sheetnames:
            sheet = workbook[SHEET]
        elif len(workbook.sheetnames) == 1:
            sheet = workbook.worksheets[0]
        else:
            raise CatalogFileError.one("file", "sheet", _("The workbook has no sheet named %(sheet)s.") % {"sheet": SHEET})
        return _read_table(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _write_xlsx(path: Path, records: list[dict]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.freeze_panes = "A2"
    wide = {"name": 30, "legal_bases": 50, "conditions": 40, "materials": 40, "fees": 30, "result_documents": 24, "flow": 60}
    for index, name in enumerate(FIELD_ORDER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = wide.get(name, 14)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value, **style):
        made = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(made, name, setting)
        if isinstance(value, str) and value.startswith("="):
            made.data_type = "s"  # text, never a formula
        return made

    sheet.append([cell(header, font=bold) for header, name in COLUMNS])
    for record in records:
        sheet.append([
            cell(value, alignment=wrap) if isinstance(value, str) and ("\n" in value or value.startswith("=")) else value
            for value in _row_from_record(record, numbers=True)
        ])
    workbook.save(path)


_READERS = {".json": _read_json, ".csv": _read_csv, ".xlsx": _read_xlsx}
_WRITERS = {".json": _write_json, ".csv": _write_csv, ".xlsx": _write_xlsx}


# --- the tabular layout ------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_table(rows) -> list[tuple[int, dict]]:
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise CatalogFileError.one("file", "empty", _("The file is empty."))
    fields, unknown = [], []
    for value in header:
        title = _cell_text(value)
        fields.append(HEADERS.get(title))
        if title and title not in HEADERS:
            unknown.append(title)
    if unknown:
        raise CatalogFileError.one("header", "unknown-column", _("Unknown columns: %(names)s.") % {"names": "、".join(unknown)})
    named = [name for name in fields if name]
    if len(named) != len(set(named)):
        raise CatalogFileError.one("header", "duplicate-column", _("A column appears twice in the header row."))
    if "name" not in named:
        raise CatalogFileError.one("header", "missing-column", _("The header row (row 1) needs at least the column 事项名称."))
    out = []
    for number, row in enumerate(rows, start=2):
        cells, stray = {}, {}
        for index, value in enumerate(row):
            if _cell_text(value):
                name = fields[index] if index < len(fields) else None
                if name:
                    cells[name] = value
                else:  # a value under no header is reported, not dropped
                    stray[f"column {get_column_letter(index + 1)}"] = _cell_text(value)
        if cells or stray:
            out.append((number, _record_from_row(cells) | stray))
    return out


def _lines(value) -> list[str]:
    return [line.strip() for line in _cell_text(value).splitlines() if line.strip()]


def _split(line: str, count: int) -> list[str]:
    """Split on either bar into ``count`` fields; the last field keeps any extra bars."""
    parts = [part.strip() for part in BAR.split(line, maxsplit=count - 1)]
    return parts + [""] * (count - len(parts))


def _number(text: str, empty=None):
    """A whole number from a cell; anything else is kept as written so validation names it."""
    if text == "":
        return empty
    return int(text) if text.isdigit() else text


def _code(text: str, labels: dict, aliases: dict | None = None) -> str:
    """A code from its code or Chinese label; unknown text is kept so validation names it."""
    if text in labels:
        return text
    reverse = {label: code for code, label in labels.items()} | (aliases or {})
    return reverse.get(text, text)


def _yes_no(text: str, empty: bool):
    if text == "":
        return empty
    lowered = text.lower()
    return True if lowered in YES else False if lowered in NO else text


def _record_from_row(cells: dict) -> dict:
    text = {name: _cell_text(value) for name, value in cells.items()}
    record = {name: text.get(name, "") for name in ("code", "department", "name", "conditions", "consultation_phone",
                                                    "supervision_phone", "handling_place", "filed_reason")}
    record["category"] = _code(text.get("category", ""), CATEGORY_LABELS, CATEGORY_ALIASES)
    record["legal_bases"] = [dict(zip(("law", "article", "text"), _split(line, 3))) for line in _lines(cells.get("legal_bases"))]
    record["materials"] = []
    for line in _lines(cells.get("materials")):
        name, required, copies, note = _split(line, 4)
        record["materials"].append(
            {"name": name, "required": _yes_no(required, True), "copies": _number(copies, 1), "note": note}
        )
    record["fees"] = [dict(zip(("name", "standard", "basis"), _split(line, 3))) for line in _lines(cells.get("fees"))]
    record["result_documents"] = _lines(cells.get("result_documents"))
    record["statutory_limit"] = _number(text.get("statutory_limit", ""))
    record["committed_limit"] = _number(text.get("committed_limit", ""))
    record["extension_limit"] = _number(text.get("extension_limit", ""), 0)
    for unit in ("statutory_unit", "committed_unit"):
        record[unit] = _code(text.get(unit, "") or "workday", UNIT_LABELS)
    record["online"] = cells["online"] if isinstance(cells.get("online"), bool) else _yes_no(text.get("online", ""), True)
    record["disclosure"] = _code(text.get("disclosure", "") or "public", DISCLOSURE_LABELS)
    record["flow"] = _flow_from_lines(_lines(cells.get("flow"))) if text.get("flow") else None
    return {name: record[name] for name in RECORD_FIELDS}


def _flow_from_lines(lines: list[str]) -> dict:
    """Steps ``键｜类型｜名称｜部门｜岗位｜时限｜单位｜后继``; 后继 is ``key`` or ``key=条件``, comma separated;
    类型 ``法制审核`` is a task step that is the legal review."""
    steps, transitions = [], []
    for line in lines:
        key, kind, name, department, post, limit, unit, successors = _split(line, 8)
        step = {"key": key, "name": name, "kind": _code(kind, KIND_LABELS)}
        if kind in (LEGAL_REVIEW_KIND, LEGAL_REVIEW_LABEL):
            step |= {"kind": "task", "legal_review": True}
        options = {"department": department, "post": post, "limit": _number(limit), "unit": _code(unit, UNIT_LABELS)}
        step |= {option: value for option, value in options.items() if value not in ("", None)}
        steps.append(step)
        for successor in successors.replace("，", ",").split(","):
            target, _eq, condition = successor.replace("＝", "=").partition("=")
            if target.strip():
                transition = {"from": key, "to": target.strip()}
                if condition.strip():
                    transition["condition"] = condition.strip()
                transitions.append(transition)
    return {"steps": steps, "transitions": transitions}


def _flow_lines(flow: dict) -> str:
    successors: dict[str, list[str]] = {}
    for transition in flow.get("transitions", []):
        target = transition["to"] + (f"={transition['condition']}" if transition.get("condition") else "")
        successors.setdefault(transition["from"], []).append(target)
    lines = []
    for step in flow.get("steps", []):
        limit = step.get("limit")
        fields = (
            step["key"], LEGAL_REVIEW_LABEL if step.get("legal_review") else KIND_LABELS.get(step["kind"], step["kind"]),
            step.get("name", ""), step.get("department", ""),
            step.get("post", ""), "" if limit is None else str(limit),
            UNIT_LABELS.get(step.get("unit", ""), step.get("unit", "")), ",".join(successors.get(step["key"], [])),
        )
        lines.append("｜".join(fields))
    return "\n".join(lines)


def _flat(value) -> str:
    """One field of a list item; a line break inside it would start a new item."""
    return " ".join(str(value).split("\n")) if value is not None else ""


def _row_from_record(record: dict, *, numbers: bool = False) -> list:
    """The cells of one record; ``numbers`` keeps limits as numbers (for Excel)."""
    row = []
    for name in FIELD_ORDER:
        value = record.get(name)
        if name == "category":
            value = CATEGORY_LABELS.get(value, value)
        elif name in ("statutory_unit", "committed_unit"):
            value = UNIT_LABELS.get(value, value)
        elif name == "disclosure":
            value = DISCLOSURE_LABELS.get(value, value)
        elif name == "online":
            value = "是" if value else "否"
        elif name == "legal_bases":
            value = "\n".join("｜".join(_flat(item.get(k, "")) for k in ("law", "article", "text")) for item in value or [])
        elif name == "materials":
            value = "\n".join(
                "｜".join((_flat(item.get("name", "")), "必需" if item.get("required", True) else "可选",
                          str(item.get("copies", 1)), _flat(item.get("note", ""))))
                for item in value or []
            )
        elif name == "fees":
            value = "\n".join("｜".join(_flat(item.get(k, "")) for k in ("name", "standard", "basis")) for item in value or [])
        elif name == "result_documents":
            value = "\n".join(_flat(item) for item in value or [])
        elif name == "flow":
            value = _flow_lines(value) if value else ""
        elif value is None:
            value = ""
        if not numbers and isinstance(value, int):
            value = str(value)
        row.append(value)
    return row


# --- export ------------------------------------------------------------------------------


def canonical_flow(payload: dict) -> dict:
    """A flowchart payload in the form files hold: optional step fields only when set,
    transitions grouped by their source step in step order."""
    steps = []
    for step in payload.get("steps", []):
        steps.append({name: step[name] for name in STEP_FIELDS if step.get(name) not in (None, "")})
    order = {step["key"]: index for index, step in enumerate(steps)}
    transitions = []
    for transition in sorted(payload.get("transitions", []), key=lambda t: order.get(t["from"], len(order))):
        item = {"from": transition["from"], "to": transition["to"]}
        if transition.get("condition"):
            item["condition"] = transition["condition"]
        transitions.append(item)
    return {"steps": steps, "transitions": transitions}


def catalog_export_records(*, actor, queryset) -> list[dict]:
    """The published versions of the powers in ``queryset`` that ``actor`` may see, as records."""
    powers = list(
        queryset.visible_to(actor).published().select_related("department__region", "published_version").order_by("code")
    )
    versions = [power.published_version for power in powers]
    flows = {}
    for start in range(0, len(versions), BATCH):
        flows |= flowcharts().read_many(versions[start:start + BATCH])
    records = []
    for power, version in zip(powers, versions):
        record = {"code": power.code, "department": power.department.full_code, "category": power.category}
        record |= domain.version_content(version)
        flow = flows.get(version.pk)
        record["flow"] = canonical_flow(flow) if flow else None
        records.append(record)
    return records


# --- import ------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    department: Department
    category: str
    code: str
    content: dict
    flow: dict | None
    sequence: int = 0


def _problem(field_name: str, rule: str, detail) -> dict:
    return {"field": field_name, "rule": rule, "detail": detail}


def _numbered(records) -> list[tuple[int, object]]:
    """Accept (row, record) pairs as ``read_records`` gives them, or bare records."""
    out = []
    for index, item in enumerate(records, start=1):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
            out.append(item)
        else:
            out.append((index, item))
    return out


def _departments(codes) -> dict[str, Department]:
    """Departments by full code, fetched in one query."""
    wanted = {code for code in codes if isinstance(code, str) and DEPARTMENT_CODE.match(code)}
    condition = Q(pk__in=[])
    for region_code in {code[:6] for code in wanted}:
        condition |= Q(region__code=region_code, code__in=[code[7:] for code in wanted if code[:6] == region_code])
    found = Department.objects.filter(condition).select_related("region") if wanted else []
    return {department.full_code: department for department in found}


def _taken_codes(codes: list[str]) -> set[str]:
    taken = set()
    for start in range(0, len(codes), 500):
        taken |= set(Power.objects.filter(code__in=codes[start:start + 500]).values_list("code", flat=True))
    return taken


def _shape_errors(record: dict) -> list[dict]:
    """Types that ``domain.clean_content`` would coerce silently."""
    errors = []
    unknown = sorted(set(record) - set(RECORD_FIELDS))
    if unknown:
        errors.append(_problem(", ".join(unknown), "unknown-field", _("Not a field of a catalog record.")))
    if not isinstance(record.get("online", True), bool):
        errors.append(_problem("online", "boolean", _("Must be yes or no (是/否).")))
    materials = record.get("materials")
    for index, item in enumerate(materials if isinstance(materials, list) else []):
        if not isinstance(item, dict):
            continue
        if not isinstance(item.get("required", True), bool):
            errors.append(_problem(f"materials[{index}].required", "boolean", _("Must be required or optional (必需/可选).")))
        copies = item.get("copies", 1)
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
            detail = _("Must be a whole number of at least %(n)s.") % {"n": 1}
            errors.append(_problem(f"materials[{index}].copies", "positive-integer", detail))
    for name in ("code", "department", "category"):
        if not isinstance(record.get(name) or "", str):
            errors.append(_problem(name, "text", _("Must be text.")))
    flow = record.get("flow")
    if flow is not None and not (
        isinstance(flow, dict) and isinstance(flow.get("steps"), list) and isinstance(flow.get("transitions"), list)
        and all(isinstance(item, dict) for item in flow["steps"] + flow["transitions"])
    ):
        errors.append(_problem("flow", "flow-shape", _("A flowchart is an object with lists of steps and transitions.")))
    return errors


def _refusal(actor, department: Department, publish: bool) -> dict | None:
    if holds_for_department(actor, Role.ADMINISTRATOR, department):
        return None
    names = {"department": department.name}
    if publish and not is_legal_office_for(actor, department):
        return _problem("department", "not-legal-office", _(
            "Only an administrator or the legal office of %(department)s's region may import a confirmed catalog."
        ) % names)
    if not publish and not is_clerk_for(actor, department):
        return _problem("department", "not-catalog-clerk", _("Only the catalog clerk of %(department)s may do this.") % names)
    return None


def _validate_flows(pending: list[tuple[int, dict, Department, dict, bool]]) -> dict[int, list[dict]]:
    """Flowchart errors by row, through the flows app's batched check when it offers one."""
    hooks = flowcharts()
    items = [
        (flow, department, content["committed_limit"], content["committed_unit"], penalty)
        for _row, flow, department, content, penalty in pending
    ]
    if hasattr(hooks, "validate_payloads"):
        results = hooks.validate_payloads(items)
    else:
        results = [
            hooks.validate_payload(flow, department=department, committed_limit=limit, committed_unit=unit,
                                   penalty=penalty)
            for flow, department, limit, unit, penalty in items
        ]
    return {pending[index][0]: errors for index, errors in enumerate(results) if errors}


def _validate(actor, numbered, *, publish: bool, progress) -> tuple[list[_Row], list[dict]]:
    dicts = [record for _row, record in numbered if isinstance(record, dict)]
    departments = _departments(record.get("department") for record in dicts)
    codes = [record["code"].strip() for record in dicts if isinstance(record.get("code"), str) and record["code"].strip()]
    taken = _taken_codes(codes)
    refusals: dict[int, dict | None] = {}
    first_row_of_code: dict[str, int] = {}
    rows, errors_by_row, pending = [], {}, []
    for position, (number, record) in enumerate(numbered, start=1):
        if not isinstance(record, dict):
            errors_by_row[number] = [_problem("record", "object", _("A catalog record is an object."))]
            continue
        errors = _shape_errors(record)
        content, content_errors = domain.clean_content(record)
        errors += content_errors
        category = record.get("category") or ""
        errors += domain.category_errors(category)
        department = departments.get(record.get("department")) if isinstance(record.get("department"), str) else None
        if department is None:
            errors.append(_problem("department", "unknown-department", _(
                "No department with the code %(code)s (region-department, e.g. 320100-012)."
            ) % {"code": record.get("department") or ""}))
        else:
            if not department.is_active:
                errors.append(_problem("department", "department-active",
                                       _("%(department)s is no longer active.") % {"department": department.name}))
            if department.pk not in refusals:
                refusals[department.pk] = _refusal(actor, department, publish)
            if refusals[department.pk]:
                errors.append(refusals[department.pk])
        code = record.get("code").strip() if isinstance(record.get("code"), str) else ""
        if code and department is not None:
            code_problems = domain.code_errors(code, department.region.code, department.code, category)
            errors += code_problems
            if not code_problems and code in taken:
                errors.append(_problem("code", "code-unique", _("Code %(code)s is already in use.") % {"code": code}))
            elif not code_problems and code in first_row_of_code:
                detail = _("Code %(code)s is also on row %(row)s.") % {"code": code, "row": first_row_of_code[code]}
                errors.append(_problem("code", "code-unique-in-file", detail))
            first_row_of_code.setdefault(code, number)
        flow = record.get("flow")
        if flow is None and publish:
            errors.append(_problem("flow", "flow-required", _("A published power needs its flowchart.")))
        limits_known = not any(e["field"] in ("committed_limit", "committed_unit", "flow") for e in errors)
        if flow is not None and department is not None and limits_known:
            pending.append((number, flow, department, content, category == Category.PENALTY))
        if errors:
            errors_by_row[number] = errors
        else:
            rows.append(_Row(number, department, category, code, content, flow))
        if progress and position % BATCH == 0:
            progress("validate", position, len(numbered))
    for number, flow_errors in _validate_flows(pending).items():
        errors_by_row.setdefault(number, []).extend(flow_errors)
    if progress:
        progress("validate", len(numbered), len(numbered))
    rows = [row for row in rows if row.number not in errors_by_row]
    errors = [
        {"row": number, "field": e["field"], "rule": e["rule"], "detail": str(e["detail"])}
        for number in sorted(errors_by_row) for e in errors_by_row[number]
    ]
    return rows, errors


def _assign_codes(rows: list[_Row]) -> None:
    """Give rows without a code the next sequences of their department and category,
    skipping the sequences that explicit codes in the same file take."""
    groups: dict[tuple, list[_Row]] = {}
    explicit: dict[tuple, set[int]] = {}
    for row in rows:
        group = (row.department.pk, row.category)
        if row.code:
            row.sequence = int(row.code[-4:])
            explicit.setdefault(group, set()).add(row.sequence)
        else:
            groups.setdefault(group, []).append(row)
    for (_department_id, category), members in groups.items():
        department = members[0].department
        taken = explicit.get((department.pk, category), set())
        free = [n for n in allocate_sequences(department, category, len(members) + len(taken)) if n not in taken]
        if free[len(members) - 1] > MAX_SEQUENCE:
            raise InvalidPower(
                _("%(department)s has no free sequence numbers left in category %(category)s.")
                % {"department": department.name, "category": category},
                field="code", rule="sequence-exhausted",
            )
        for row, sequence in zip(members, free):
            row.sequence = sequence
            row.code = domain.power_code(department.region.code, department.code, category, sequence)


def catalog_import(*, actor, records, source: str, publish: bool = False, import_good_rows: bool = False,
                   progress=None, now=None) -> ImportReport:
    """Import a whole catalog (批量导入权力事项) in one transaction.

    Every row is checked first; a file with errors imports nothing unless
    ``import_good_rows``. Powers arrive as drafts, or with ``publish`` (administrator or legal
    office) as confirmed and published versions. ``progress(stage, done, total)`` is called
    as the work advances. Raises ``InvalidPower`` (sequence-exhausted) and writes nothing when
    a department's category has no four-digit sequence number left.
    """
    now = now or timezone.now()
    numbered = _numbered(records)
    report = ImportReport(source=source, rows=len(numbered), published=publish)
    rows, report.errors = _validate(actor, numbered, publish=publish, progress=progress)
    if not rows or (report.errors and not import_good_rows):
        return report
    opinion = _("Imported from the confirmed catalog %(source)s.") % {"source": source}
    with transaction.atomic(durable=True):
        _assign_codes(rows)
        for start in range(0, len(rows), BATCH):
            _write_batch(rows[start:start + BATCH], actor=actor, publish=publish, opinion=opinion, now=now)
            report.created += len(rows[start:start + BATCH])
            if progress:
                progress("write", report.created, len(rows))
    return report


def _write_batch(rows: list[_Row], *, actor, publish: bool, opinion: str, now) -> None:
    powers = Power.objects.bulk_create(
        [Power(code=row.code, department=row.department, category=row.category, sequence=row.sequence) for row in rows]
    )
    confirmed = {}
    if publish:
        confirmed = {
            "state": VersionState.PUBLISHED, "reviewed_by": actor, "reviewed_at": now, "review_opinion": opinion,
            "published_by": actor, "published_at": now,
        }
    versions = PowerVersion.objects.bulk_create([
        PowerVersion(power=power, number=1, change=ChangeKind.CREATE, created_by=actor, **row.content, **confirmed)
        for power, row in zip(powers, rows)
    ])
    actions = [(ReviewAction.CREATED, "")]
    if publish:
        actions += [(ReviewAction.APPROVED, opinion), (ReviewAction.PUBLISHED, opinion)]
    ReviewRecord.objects.bulk_create([
        ReviewRecord(version=version, action=action, actor=actor, at=now, opinion=text)
        for version in versions for action, text in actions
    ])
    if publish:
        first_version = PowerVersion.objects.filter(power_id=OuterRef("pk"), number=1).values("pk")[:1]
        Power.objects.filter(pk__in=[power.pk for power in powers]).update(published_version=Subquery(first_version))
    pairs = [(version, row.flow) for version, row in zip(versions, rows) if row.flow is not None]
    if pairs:
        flowcharts().write_many(pairs)

"""Checks and storage of the files applicants hand in (申请材料): type by content, size, name."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .models import Material

# What a government window takes, recognised by the file's first bytes, not by its name.
SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument", (".docx", ".xlsx")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", (".doc", ".xls")),
)
MAX_NAME = 120


@dataclass(frozen=True)
class CheckedFile:
    name: str  # which required material it is
    original_name: str
    content: bytes
    content_type: str
    sha256: str


def max_bytes() -> int:
    return getattr(settings, "CASE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def check(name: str, upload, *, field_name: str) -> tuple[CheckedFile | None, list[dict]]:
    """One (material name, uploaded file) pair: every problem with it, or the checked file."""
    errors = []
    label = (name or "").strip() if isinstance(name, str) else ""
    if not label or len(label) > 200:
        errors.append({"field": f"{field_name}.name", "rule": "required", "detail": _("Say which material the file is.")})
    original = PurePath(getattr(upload, "name", "") or "").name[-MAX_NAME:]
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        errors.append({"field": field_name, "rule": "empty-file", "detail": _("%(file)s is empty.") % {"file": original or "?"}})
        return None, errors
    if size > max_bytes():
        errors.append({"field": field_name, "rule": "file-size", "detail": _(
            "%(file)s is larger than %(mb)s MB.") % {"file": original, "mb": max_bytes() // (1024 * 1024)}})
        return None, errors
    content = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    suffix = PurePath(original).suffix.lower()
    kind = next(((mime, suffixes) for magic, mime, suffixes in SIGNATURES if content.startswith(magic)), None)
    if kind is None or suffix not in kind[1]:
        errors.append({"field": field_name, "rule": "file-type", "detail": _(
            "%(file)s is not a PDF, JPEG, PNG, Word or Excel file (judged by its content).") % {"file": original}})
    if errors:
        return None, errors
    return CheckedFile(label, original, content, kind[0], hashlib.sha256(content).hexdigest()), []


def check_all(pairs, *, field_name: str) -> tuple[list[CheckedFile], list[dict]]:
    files, errors = [], []
    for index, pair in enumerate(pairs or ()):
        try:
            name, upload = pair
        except (TypeError, ValueError):
            errors.append({"field": f"{field_name}[{index}]", "rule": "pair", "detail": _("Give each file with its material name.")})
            continue
        checked, problems = check(name, upload, field_name=f"{field_name}[{index}]")
        errors += problems
        if checked:
            files.append(checked)
    return files, errors


def store(case, files: list[CheckedFile], *, actor, now, for_correction: bool) -> list[Material]:
    stored = []
    for checked in files:
        material = Material(
            case=case, name=checked.name, original_name=checked.original_name, content_type=checked.content_type,
            size=len(checked.content), sha256=checked.sha256, uploaded_by=actor if actor.is_authenticated else None,
            uploaded_at=now, for_correction=for_correction,
        )
        material.file.save(checked.original_name, ContentFile(checked.content), save=False)
        material.save()
        stored.append(material)
    return stored

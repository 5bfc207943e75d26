"""Back-office forms: parse what a clerk types into the content that ``domain.clean_content`` checks.

Lists are edited one item per line with "｜"-separated fields (an ASCII "|" works too). The
forms only parse; every rule about the content lives in ``domain`` and comes back as a
``DomainError`` that ``add_domain_error`` puts next to the field it names.
"""

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, Disclosure, LimitUnit

SEPARATOR = re.compile(r"\s*[｜|]\s*")
DISPLAY_SEPARATOR = "｜"
REQUIRED_WORDS = {"", "必要", "必须", "必需", "是", "required", "yes"}
OPTIONAL_WORDS = {"可选", "非必要", "否", "optional", "no"}
ERROR_PATH = re.compile(r"^(?P<field>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>\w+))?")
FLOW_ROOTS = {"flow", "steps", "transitions"}


def _rows(text: str, width: int) -> list[list[str]]:
    """Non-blank lines split into exactly ``width`` fields; the last field keeps any extra separators."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = SEPARATOR.split(line.strip(), maxsplit=width - 1)
        rows.append(parts + [""] * (width - len(parts)))
    return rows


def _line_error(number: int, message) -> forms.ValidationError:
    return forms.ValidationError(_("Line %(line)s: %(message)s"), params={"line": number, "message": message})


def format_legal_bases(items) -> str:
    return "\n".join(DISPLAY_SEPARATOR.join([i.get("law", ""), i.get("article", ""), i.get("text", "")]).rstrip("｜") for i in items)


def format_materials(items) -> str:
    lines = []
    for item in items:
        need = "必要" if item.get("required", True) else "可选"
        parts = [item.get("name", ""), need, str(item.get("copies", 1)), item.get("note", "")]
        lines.append(DISPLAY_SEPARATOR.join(parts).rstrip("｜"))
    return "\n".join(lines)


def format_fees(items) -> str:
    return "\n".join(DISPLAY_SEPARATOR.join([i.get("name", ""), i.get("standard", ""), i.get("basis", "")]) for i in items)


class ContentForm(forms.Form):
    """The content of a power version (every field of ``domain.CONTENT_FIELDS``)."""

    name = forms.CharField(label=_("name"), max_length=200, required=False)
    legal_bases = forms.CharField(
        label=_("legal bases"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: law｜article｜text of the article."),
    )
    conditions = forms.CharField(label=_("conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(
        label=_("required materials"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name｜required or optional (必要/可选)｜copies｜note."),
    )
    fees = forms.CharField(
        label=_("fees"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: item｜standard｜basis. Leave empty if no fee is charged."),
    )
    result_documents = forms.CharField(
        label=_("result documents"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One document per line."),
    )
    statutory_limit = forms.IntegerField(label=_("statutory limit"), required=False)
    statutory_unit = forms.ChoiceField(label=_("statutory limit unit"), choices=LimitUnit.choices, initial=LimitUnit.WORKDAY)
    committed_limit = forms.IntegerField(label=_("committed limit"), required=False)
    committed_unit = forms.ChoiceField(label=_("committed limit unit"), choices=LimitUnit.choices, initial=LimitUnit.WORKDAY)
    extension_limit = forms.IntegerField(
        label=_("extension allowed"), required=False, initial=0,
        help_text=_("Working days the head may add (e.g. 10 for a licence)."),
    )
    consultation_phone = forms.CharField(label=_("consultation phone"), max_length=30, required=False)
    supervision_phone = forms.CharField(label=_("supervision phone"), max_length=30, required=False)
    handling_place = forms.CharField(label=_("where to apply"), max_length=200, required=False)
    online = forms.BooleanField(label=_("applied for online"), required=False, initial=True)
    disclosure = forms.ChoiceField(label=_("disclosure"), choices=Disclosure.choices, initial=Disclosure.PUBLIC)
    filed_reason = forms.CharField(
        label=_("reason for filing only"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the power is filed only and not made public."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        for name in ("statutory_limit", "committed_limit", "extension_limit"):
            self.fields[name].widget.attrs.update(min="0", inputmode="numeric")

    @classmethod
    def initial_from(cls, content: dict) -> dict:
        """Form initial data for a version's content."""
        initial = dict(content)
        initial["legal_bases"] = format_legal_bases(content.get("legal_bases") or [])
        initial["materials"] = format_materials(content.get("materials") or [])
        initial["fees"] = format_fees(content.get("fees") or [])
        initial["result_documents"] = "\n".join(content.get("result_documents") or [])
        return initial

    def clean_legal_bases(self):
        return [{"law": law, "article": article, "text": text} for law, article, text in _rows(self.cleaned_data["legal_bases"], 3)]

    def clean_materials(self):
        items, errors = [], []
        for number, (name, need, copies, note) in enumerate(_rows(self.cleaned_data["materials"], 4), start=1):
            if need.lower() in REQUIRED_WORDS:
                required = True
            elif need.lower() in OPTIONAL_WORDS:
                required = False
            else:
                errors.append(_line_error(number, _("write 必要 (required) or 可选 (optional), not “%(word)s”.") % {"word": need}))
                continue
            if copies and not (copies.isdigit() and int(copies) > 0):
                errors.append(_line_error(number, _("the number of copies must be a whole number, not “%(word)s”.") % {"word": copies}))
                continue
            items.append({"name": name, "required": required, "copies": int(copies or 1), "note": note})
        if errors:
            raise forms.ValidationError(errors)
        return items

    def clean_fees(self):
        return [{"name": name, "standard": standard, "basis": basis} for name, standard, basis in _rows(self.cleaned_data["fees"], 3)]

    def clean_result_documents(self):
        return [line.strip() for line in self.cleaned_data["result_documents"].splitlines() if line.strip()]

    def content(self) -> dict:
        """The content for the catalog services (call after ``is_valid()``)."""
        data = {name: self.cleaned_data[name] for name in ContentForm.base_fields}
        if data["extension_limit"] is None:
            data["extension_limit"] = 0
        return data

    def add_domain_error(self, error) -> None:
        """Show a refused save next to the fields it names (``error.errors`` or ``error.field``)."""
        for item in error.errors or [{"field": error.field, "detail": error.detail}]:
            field, message = self._error_target(item.get("field") or "", item["detail"])
            self.add_error(field, message)

    def _error_target(self, path: str, message):
        match = ERROR_PATH.match(path)
        if not match:
            return None, message
        field = match["field"]
        if field in FLOW_ROOTS and "flow" in self.fields:
            return "flow", f"{path}: {message}" if path != "flow" else message
        if field not in self.fields:
            return None, message
        if match["index"] is not None:
            message = _("Line %(line)s: %(message)s") % {"line": int(match["index"]) + 1, "message": message}
        return field, message


class PowerCreateForm(ContentForm):
    """A new power (新增权力事项): department, category, content and its flowchart."""

    department = forms.ModelChoiceField(label=_("department"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    flow = forms.CharField(
        label=_("flowchart (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_('Paste the flowchart: {"steps": [...], "transitions": [...]}, or upload it as a file below.'),
    )
    flow_file = forms.FileField(label=_("flowchart file (JSON)"), required=False)

    field_order = ["department", "category", *ContentForm.base_fields, "flow", "flow_file"]

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].widget.attrs["class"] = "form-select"
        self.fields["flow"].widget.attrs["class"] = "form-control font-monospace"
        self.fields["flow_file"].widget.attrs.update({"class": "form-control", "accept": ".json,application/json"})

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("flow_file")
        text = upload.read().decode("utf-8", errors="replace") if upload else cleaned.get("flow", "")
        cleaned["flow"] = None
        if text.strip():
            try:
                payload = json.loads(text)
            except ValueError as exc:
                self.add_error("flow", _("Not valid JSON: %(error)s") % {"error": exc})
                return cleaned
            if not isinstance(payload, dict):
                self.add_error("flow", _('The flowchart must be a JSON object with "steps" and "transitions".'))
                return cleaned
            cleaned["flow"] = payload
        return cleaned


class ReasonForm(forms.Form):
    """The reason for a revision or a revocation request."""

    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}), required=False)


class OpinionForm(forms.Form):
    """The legal office's opinion on a version under review."""

    opinion = forms.CharField(
        label=_("review opinion"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Optional when approving; required when returning."),
    )

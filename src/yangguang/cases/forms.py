"""Forms of the officer's workbench: they only parse what an officer types into the fields of
``services.case_act`` and ``services.case_apply``; every rule lives in the services and comes
back as a ``DomainError`` that ``add_domain_error`` puts next to the field it names.
"""

import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from yangguang.discretion.forms import DecisionFields

from . import domain
from .models import Decision, IdType, PartyKind, Suspension

ERROR_PATH = re.compile(r"^(?P<root>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<part>\w+))?$")

DELIVERY_METHODS = [
    ("direct", _("In person (直接送达)")),
    ("post", _("By post (邮寄送达)")),
    ("electronic", _("Electronically (电子送达)")),
    ("agent", _("Through an agent (委托送达)")),
    ("announcement", _("By public announcement (公告送达)")),
]

# Kinds of administrative penalty (行政处罚法 2021 第九条), offered as suggestions.
PENALTY_KINDS = ("警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件",
                 "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留")


class OpenChoiceField(forms.ChoiceField):
    """A choice the services check: a value no longer offered is refused by them, by name."""

    def valid_value(self, value) -> bool:
        return True


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class DomainErrorsMixin:
    """Put a service's refusal next to the fields it names; the rest above the form."""

    def error_field(self, path: str) -> str | None:
        match = ERROR_PATH.match(path or "")
        if match and match["root"] in self.fields:
            return match["root"]
        return None

    def add_domain_error(self, error) -> None:
        for item in error.errors or [{"field": error.field, "detail": error.detail}]:
            self.add_error(self.error_field(item.get("field") or ""), str(item["detail"]))

    def error_summary(self) -> list[str]:
        """Every error as "label: message", so that a message names its field."""
        lines = [str(message) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS:
                continue
            label = self.fields[name].label if name in self.fields else name
            lines += [f"{capfirst(label)}：{message}" for message in errors]
        return lines


class ActionForm(DomainErrorsMixin, forms.Form):
    """One action on one step (or on the case); ``fields_for_service`` are ``case_act``'s keywords."""

    action = ""
    button_class = "btn-primary"

    def __init__(self, *args, step: str = "", options=None, case_options=None, case=None, **kwargs):
        self.step = step
        self.options = options  # selectors.StepOptions of the step acted on
        self.case_options = case_options  # selectors.CaseOptions
        self.case = case
        kwargs.setdefault("auto_id", f"{self.action}-{step or 'case'}-%s")
        super().__init__(*args, **kwargs)
        self.setup()
        _styled(self)

    def setup(self) -> None:
        """Fill choices that depend on the case."""

    @property
    def label(self):
        return domain.ACTIONS[self.action].label

    @property
    def key(self) -> str:
        return f"{self.action}-{self.step or 'case'}"

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


def _opinion(label=_("opinion"), rows=2, help_text=""):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=help_text)


def _reason(label=_("reason"), help_text=""):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text)


class AcceptForm(ActionForm):
    action = "accept"
    button_class = "btn-success"
    opinion = _opinion(_("acceptance opinion"))


class RefuseForm(ActionForm):
    action = "refuse"
    button_class = "btn-outline-danger"
    reason = _reason(_("reason and legal basis"),
                     help_text=_("Told to the applicant in the notice of refusal (不予受理通知书)."))


class CorrectionForm(ActionForm):
    action = "request_correction"
    button_class = "btn-outline-primary"
    items = forms.CharField(label=_("items to correct"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("One item per line. Everything must be told at once (一次性告知)."))
    opinion = _opinion()

    def fields_for_service(self) -> dict:
        items = [line.strip() for line in (self.cleaned_data.get("items") or "").splitlines() if line.strip()]
        return {"items": items, "opinion": self.cleaned_data.get("opinion", "")}


class SupplementForm(ActionForm):
    """Materials the applicant handed in at the window after a correction notice (补正)."""

    action = "supplement"
    button_class = "btn-primary"

    def setup(self) -> None:
        items = list(self.case.correction_items or []) if self.case else []
        self.material_fields = []
        for index, item in enumerate(items or [_("Supplementary material")]):
            name = f"file_{index}"
            self.fields[name] = forms.FileField(label=item, required=False)
            self.material_fields.append((name, str(item)))
        self.fields["note"] = forms.CharField(
            label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("E.g. how paper materials were handed in."))

    def fields_for_service(self) -> dict:
        pairs = [(item, self.cleaned_data[name]) for name, item in self.material_fields if self.cleaned_data.get(name)]
        self.sent_fields = [name for name, _item in self.material_fields if self.cleaned_data.get(name)]
        return {"materials": pairs, "note": self.cleaned_data.get("note", "")}

    def error_field(self, path: str) -> str | None:
        match = ERROR_PATH.match(path or "")
        if match and match["root"] == "materials":
            sent = getattr(self, "sent_fields", [])
            if match["index"] is not None and int(match["index"]) < len(sent):
                return sent[int(match["index"])]
            return self.material_fields[0][0] if self.material_fields else None
        return super().error_field(path)


class CompleteForm(ActionForm):
    action = "complete"
    opinion = _opinion(_("opinion of this step"), rows=3)

    def setup(self) -> None:
        branches = self.options.branches if self.options else []
        if branches:
            self.fields["branch"] = OpenChoiceField(
                label=_("next: branch"), required=False, widget=forms.RadioSelect,
                choices=[(value, label) for value, label in branches])

    def fields_for_service(self) -> dict:
        fields = {"opinion": self.cleaned_data.get("opinion", "")}
        if "branch" in self.fields:
            fields["branch"] = self.cleaned_data.get("branch", "")
        return fields


class ReturnForm(ActionForm):
    action = "return"
    button_class = "btn-outline-danger"
    to = OpenChoiceField(label=_("return to"), required=False)
    reason = _reason()

    def setup(self) -> None:
        self.fields["to"].choices = [("", "—")] + list(self.options.return_targets if self.options else [])


class TransferForm(ActionForm):
    action = "transfer"
    button_class = "btn-outline-primary"
    to = OpenChoiceField(label=_("transfer to"), required=False)
    opinion = _opinion()

    def setup(self) -> None:
        people = self.options.transfer_to if self.options else []
        self.fields["to"].choices = [("", "—")] + [(username, f"{name}（{username}）") for username, name in people]
        self.fields["to"].help_text = _("Another officer holding the post of this step.")


class SuspendForm(ActionForm):
    action = "suspend"
    button_class = "btn-outline-primary"
    kind = OpenChoiceField(label=_("kind"), required=False, choices=[("", "—")] + Suspension.Kind.choices)
    reason = _reason(_("reason told to the applicant"),
                     help_text=_("The time of the special procedure is not counted (行政许可法 第四十五条)."))


class ResumeForm(ActionForm):
    action = "resume"
    button_class = "btn-outline-primary"
    opinion = _opinion()


class ExtensionRequestForm(ActionForm):
    action = "request_extension"
    button_class = "btn-outline-primary"
    days = forms.IntegerField(label=_("working days"), required=False, min_value=1,
                              widget=forms.NumberInput(attrs={"min": "1", "inputmode": "numeric"}))
    reason = _reason(_("reason told to the applicant"))

    def setup(self) -> None:
        room = getattr(self.case_options, "extension_room", None)
        if room is not None:
            self.fields["days"].help_text = _(
                "At most %(n)s more working days; the department head decides.") % {"n": room}


class DecideForm(ActionForm):
    action = "decide"
    decision = OpenChoiceField(label=_("decision"), required=False, widget=forms.RadioSelect, choices=Decision.choices)
    reason = _reason(_("reason and legal basis"), help_text=_("Required when the application is denied."))
    document_no = forms.CharField(label=_("result document number"), required=False, max_length=60)

    def setup(self) -> None:
        if self.case is not None and self.case.power.category == "CF":
            self.fields["decision"].choices = [(domain.GRANTED, _("Impose a penalty")),
                                               (domain.DENIED, _("No penalty"))]
            self.fields["penalty_kind"] = forms.CharField(
                label=_("penalty type"), required=False, max_length=60,
                widget=forms.TextInput(attrs={"list": f"penalty-kinds-{self.step}"}))
            self.fields["penalty_amount"] = forms.CharField(
                label=_("penalty amount (yuan)"), required=False, max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}), help_text=_("E.g. 5000.00; empty if no fine."))
            self.penalty_kinds = PENALTY_KINDS
            # The violation and facts checked against the power's discretion benchmark (裁量基准), if one is in force.
            self.discretion = DecisionFields(self, self.case.power)
        # One row per fee the power version lists (收费), its standard shown; an amount left empty is not charged.
        self.fee_fields = []
        listed = (self.case.version.fees or []) if self.case is not None else []
        for index, fee in enumerate(listed):
            name = f"fee_{index}"
            self.fields[name] = forms.CharField(
                label=_("fee charged: %(name)s (yuan)") % {"name": fee.get("name", "")}, required=False, max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                help_text=_("Catalog standard: %(standard)s. Empty if not charged.") % {
                    "standard": fee.get("standard") or "—"})
            self.fee_fields.append((name, fee.get("name", "")))

    def fields_for_service(self) -> dict:
        fee_names = {name for name, _fee in self.fee_fields}
        fields = {name: self.cleaned_data.get(name) for name in self.fields if name not in fee_names}
        if self.fee_fields:
            self.sent_fees = [name for name, _fee in self.fee_fields if (self.cleaned_data.get(name) or "").strip()]
            fields["fees"] = [{"name": fee, "amount": self.cleaned_data[name].strip()}
                              for name, fee in self.fee_fields if name in self.sent_fees]
        if getattr(self, "discretion", None) is not None:
            fields = self.discretion.fields_for_service(fields)
        return fields

    def error_field(self, path: str) -> str | None:
        if getattr(self, "discretion", None) is not None and (name := self.discretion.error_field(path, self.fields)):
            return name
        match = ERROR_PATH.match(path or "")
        if match and match["root"] == "fees":
            sent = getattr(self, "sent_fees", [])
            if match["index"] is not None and int(match["index"]) < len(sent):
                return sent[int(match["index"])]
            return None
        return super().error_field(path)


class DeliverForm(ActionForm):
    action = "deliver"
    method = OpenChoiceField(label=_("delivery method"), required=False, choices=[("", "—")] + DELIVERY_METHODS)
    opinion = _opinion(_("note"))


class ExtensionDecisionForm(ActionForm):
    """The head's decision on a requested extension: one form, two buttons."""

    action = "decide_extension"
    opinion = _opinion(_("opinion of the head"), help_text=_("Required when the extension is refused."))

    @property
    def label(self):
        return _("Decide on the extension")


class WithdrawForm(ActionForm):
    action = "withdraw"
    button_class = "btn-outline-danger"
    reason = _reason(help_text=_("Only on the applicant's written request (撤回申请)."))


ACTION_FORMS = {form.action: form for form in (
    AcceptForm, RefuseForm, CorrectionForm, SupplementForm, CompleteForm, ReturnForm, TransferForm, SuspendForm,
    ResumeForm, ExtensionRequestForm, DecideForm, DeliverForm, ExtensionDecisionForm, WithdrawForm,
)}
# Posted action names that a form serves under another name.
POSTED_ACTIONS = {"approve_extension": "decide_extension", "refuse_extension": "decide_extension"}


# --- counter application --------------------------------------------------------------------


class CounterApplicationForm(DomainErrorsMixin, forms.Form):
    """An application taken at the window (窗口收件): the applicant, the subject and the materials."""

    kind = forms.ChoiceField(label=_("applicant kind"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    name = forms.CharField(label=_("applicant name"), required=False, max_length=100)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices, initial=IdType.ID_CARD)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=30)
    phone = forms.CharField(label=_("phone"), required=False, max_length=30)
    address = forms.CharField(label=_("address"), required=False, max_length=200)
    contact = forms.CharField(label=_("contact person"), required=False, max_length=50,
                              help_text=_("For an organisation: the person who handles the application."))
    title = forms.CharField(label=_("subject"), required=False, max_length=200,
                            help_text=_("The project or matter applied for."))
    EXTRA = 2
    APPLICANT_FIELDS = ("kind", "name", "id_type", "id_number", "phone", "address", "contact")

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.material_fields = []  # (file field, material name or the name field)
        for index, material in enumerate((version.materials if version else None) or []):
            name = f"material_{index}"
            needed = _("required") if material.get("required", True) else _("optional")
            self.fields[name] = forms.FileField(label=material.get("name", ""), required=False,
                                                help_text=f"{needed} · {material.get('note', '')}".rstrip(" ·"))
            self.material_fields.append((name, material.get("name", "")))
        for index in range(self.EXTRA):
            self.fields[f"extra_name_{index}"] = forms.CharField(label=_("other material: name"), required=False,
                                                                 max_length=200)
            self.fields[f"extra_file_{index}"] = forms.FileField(label=_("other material: file"), required=False)
            self.material_fields.append((f"extra_file_{index}", None))
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")
        _styled(self)

    @property
    def catalog_materials(self):
        return [self[name] for name, label in self.material_fields if label is not None]

    @property
    def extra_materials(self):
        return [(self[f"extra_name_{i}"], self[f"extra_file_{i}"]) for i in range(self.EXTRA)]

    def applicant(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.APPLICANT_FIELDS}

    def materials(self) -> list:
        pairs, self.sent_fields = [], []
        for name, label in self.material_fields:
            upload = self.cleaned_data.get(name)
            if not upload:
                continue
            if label is None:
                label = self.cleaned_data.get(name.replace("file", "name")) or ""
            pairs.append((label, upload))
            self.sent_fields.append(name)
        return pairs

    def error_field(self, path: str) -> str | None:
        match = ERROR_PATH.match(path or "")
        if match and match["root"] == "applicant" and match["part"] in self.fields:
            return match["part"]
        if match and match["root"] == "materials" and match["index"] is not None:
            sent = getattr(self, "sent_fields", [])
            index = int(match["index"])
            if index < len(sent):
                name = sent[index]
                if match["part"] == "name" and name.startswith("extra_file_"):
                    return name.replace("file", "name")
                return name
        return super().error_field(path)

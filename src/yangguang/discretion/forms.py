"""Forms: the legal office's benchmark editor and review, and the violation and fact fields a
penalty decision form gets when its power has a benchmark in force. Forms only parse; the
services check every rule."""

import json
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import domain, selectors
from .models import ReviewState

FACT_PREFIX = "fact_"
ERROR_PATH = re.compile(r"^facts\.(?P<name>\w+)$")


class _OpenChoice(forms.ChoiceField):
    """A choice the services check, naming a value no longer offered."""

    def valid_value(self, value) -> bool:
        return True


class _OpenMultipleChoice(forms.MultipleChoiceField):
    def valid_value(self, value) -> bool:
        return True


def _fact_field(factor: domain.Factor) -> forms.Field:
    label = f"{factor.label}（{factor.unit}）" if factor.unit else factor.label
    if factor.kind == domain.BOOL:
        return forms.BooleanField(label=label, required=False)
    if factor.kind == domain.LEVEL:
        return _OpenChoice(label=label, required=False,
                           choices=[("", "—")] + [(name, domain.HARM_LABELS[name]) for name in domain.HARM_LEVELS])
    mode = "numeric" if factor.kind == domain.COUNT else "decimal"
    return forms.CharField(label=label, required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": mode}))


class DecisionFields:
    """The violation (违法行为), facts and reason of a penalty decision, added to ``form``
    when the case's power has a benchmark in force; ``active`` says whether it has."""

    def __init__(self, form: forms.Form, power, now=None):
        self.benchmark = selectors.in_force(power.pk, now or timezone.now())
        self.active = self.benchmark is not None
        self.fact_names: list[str] = []
        if not self.active:
            return
        content = selectors.compiled(self.benchmark)
        form.fields["violation"] = _OpenChoice(
            label=_("violation (违法行为)"), required=False,
            choices=[("", "—")] + [(code, f"{code} {v.name}") for code, v in content.violations.items()],
            help_text=_("From the discretion benchmark in force (version %(n)s); the decided penalty is checked "
                        "against the tier the facts meet.") % {"n": self.benchmark.number})
        used = set().union(*(v.factors() for v in content.violations.values()))
        for name, factor in domain.FACTORS.items():
            if name in used:
                form.fields[FACT_PREFIX + name] = _fact_field(factor)
                self.fact_names.append(name)
        if content.circumstances:
            form.fields[FACT_PREFIX + "circumstances"] = _OpenMultipleChoice(
                label=_("circumstances (情节)"), required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(c.code, f"{c.name}（{domain.EFFECT_LABELS[c.effect]}）") for c in content.circumstances.values()])
        form.fields["discretion_reason"] = forms.CharField(
            label=_("reason for deciding outside the benchmark"), required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Only to leave the benchmark's range: the decision then goes to the legal office's review "
                        "and raises a supervision alert."))

    def fields_for_service(self, fields: dict) -> dict:
        """Turn the form's fact fields into the ``facts`` object ``case_act`` takes."""
        if not self.active:
            return fields
        facts = {}
        for name in self.fact_names:
            value = fields.pop(FACT_PREFIX + name, None)
            if value not in (None, ""):
                facts[name] = value
        circumstances = fields.pop(FACT_PREFIX + "circumstances", None)
        if circumstances:
            facts["circumstances"] = list(circumstances)
        fields["facts"] = facts
        fields["violation"] = fields.get("violation") or ""
        fields["discretion_reason"] = fields.get("discretion_reason") or ""
        return fields

    def error_field(self, path: str, fields) -> str | None:
        """The form field of an error path such as ``facts.illegal_income``."""
        match = ERROR_PATH.match(path or "")
        if match and FACT_PREFIX + match["name"] in fields:
            return FACT_PREFIX + match["name"]
        if path == "facts":
            return "violation"
        return None


class ContentForm(forms.Form):
    """The JSON editor of a draft's content (violations, tiers, circumstances, rule)."""

    content = forms.CharField(label=_("content (JSON)"), widget=forms.Textarea(attrs={
        "rows": 30, "class": "form-control font-monospace benchmark-json", "spellcheck": "false"}))

    def clean_content(self):
        try:
            return json.loads(self.cleaned_data["content"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc}) from exc

    @staticmethod
    def initial_from(content: dict) -> dict:
        return {"content": json.dumps(content, ensure_ascii=False, indent=2)}


class NewVersionForm(forms.Form):
    reason = forms.CharField(label=_("reason for the new version"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("opinion"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                              help_text=_("Required to return a benchmark."))


class ReviewCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("conclusion"), widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                                choices=[(ReviewState.LAWFUL, ReviewState.LAWFUL.label),
                                         (ReviewState.CORRECTION, ReviewState.CORRECTION.label)])
    opinion = forms.CharField(label=_("opinion of the legal office"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))

"""Forms of the public hall's accounts. They only parse what a resident types; the rules are the
services' (``accounts.services`` and the case services), whose refusals come back next to the
field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yangguang.cases.forms import (
    ERROR_PATH,
    CounterApplicationForm,
    DomainErrorsMixin,
    _styled,
)
from yangguang.cases.models import IdType, PartyKind

# Identity documents grouped by who holds them (the services check the pair).
ID_TYPE_CHOICES = [
    (_("Natural person"), [(IdType.ID_CARD, IdType.ID_CARD.label), (IdType.PASSPORT, IdType.PASSPORT.label),
                           (IdType.HK_MACAO, IdType.HK_MACAO.label), (IdType.TAIWAN, IdType.TAIWAN.label)]),
    (_("Legal person or organisation"), [(IdType.CREDIT_CODE, IdType.CREDIT_CODE.label)]),
]


class ApplicantForm(DomainErrorsMixin, forms.Form):
    """Who the applicant is (实名信息): the fields of ``services.APPLICANT_FIELDS``."""

    kind = forms.ChoiceField(label=_("applicant kind"), choices=PartyKind.choices, initial=PartyKind.PERSON,
                             widget=forms.RadioSelect)
    name = forms.CharField(label=_("name"), required=False, max_length=100,
                           help_text=_("As on the identity document; an organisation's full registered name."))
    id_type = forms.ChoiceField(label=_("ID type"), choices=ID_TYPE_CHOICES, initial=IdType.ID_CARD)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=30, help_text=_(
        "Resident identity card: 18 characters, the last one may be X. Organisation: the 18-character unified "
        "social credit code."))
    phone = forms.CharField(label=_("phone"), required=False, max_length=30)
    contact = forms.CharField(label=_("contact person"), required=False, max_length=50,
                              help_text=_("For an organisation: the person who handles its applications."))
    address = forms.CharField(label=_("address"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false",
                                                     autocapitalize="characters")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["address"].widget.attrs.update(autocomplete="street-address")
        _styled(self)

    def applicant(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in
                ("kind", "name", "id_type", "id_number", "phone", "address", "contact")}


class RegistrationForm(ApplicantForm):
    """Real-name registration (实名注册): who the applicant is, how they sign in, the password twice."""

    username = forms.CharField(label=_("login name (optional)"), required=False, max_length=150, help_text=_(
        "Leave empty to sign in with your mobile phone number."))
    email = forms.CharField(label=_("e-mail (optional)"), required=False, max_length=254, widget=forms.EmailInput,
                             help_text=_("Progress of your cases is also sent here."))
    password1 = forms.CharField(label=_("password"), required=False, strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 8 characters, not a common password."))
    password2 = forms.CharField(label=_("password again"), required=False, strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none",
                                                    spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        _styled(self)

    def account(self) -> dict:
        return {"username": self.cleaned_data.get("username") or "", "email": self.cleaned_data.get("email") or "",
                "password": self.cleaned_data.get("password1") or "",
                "password_again": self.cleaned_data.get("password2") or ""}

    def error_field(self, path: str) -> str | None:
        return {"password": "password1", "password_again": "password2"}.get(path) or super().error_field(path)


class OnlineApplicationForm(CounterApplicationForm):
    """An online application (网上申请): the subject and the power's materials; the applicant is
    the account's real-name record, not typed again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.APPLICANT_FIELDS:
            del self.fields[name]

    def error_field(self, path: str) -> str | None:
        match = ERROR_PATH.match(path or "")
        if match and match["root"] == "applicant":
            return None  # the record's own data: shown above the form
        if match and match["root"] == "listed_materials" and match["index"] is not None:
            name = f"material_{match['index']}"  # the guide's materials are the first file fields, in order
            return name if name in self.fields else None
        return super().error_field(path)

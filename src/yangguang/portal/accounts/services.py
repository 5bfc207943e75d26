"""Writers of the public hall's accounts: real-name registration (实名注册), applying online and
the notification of an applicant on every change of their case that they should know of.

Login name: an applicant signs in with the mobile number they registered, unless they chose a
login name of their own (needed when the phone is a landline, or already signs in another account,
e.g. a person's and their company's). The identity document is checked by the same rules as an
application at the window (``cases.services.applicant_errors``), and one document opens one account.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yangguang.cases import services as case_services
from yangguang.cases.models import Channel, Decision, Suspension
from yangguang.core.errors import Forbidden, InvalidInput
from yangguang.org.models import Role, RoleAssignment
from yangguang.org.rules import forget_scope
from yangguang.worktime.domain import format_due

from ..models import Applicant

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
APPLICANT_FIELDS = ("kind", "name", "id_type", "id_number", "phone", "address", "contact")


class NotRegistered(Forbidden):
    """The account has no real-name record (实名信息) yet: it cannot apply."""

    code = "not-registered"


def _error(field: str, rule: str, detail) -> dict:
    return {"field": field, "rule": rule, "detail": detail}


def _applicant_fields(data: dict) -> tuple[dict, list[dict]]:
    """The applicant fields cleaned by the window's rules, errors named by the bare field."""
    clean, errors = case_services.applicant_errors({name: data.get(name) or "" for name in APPLICANT_FIELDS})
    for error in errors:
        error["field"] = error["field"].removeprefix("applicant.") or "id_number"
    return clean, errors


def _registered_errors(clean: dict, *, user=None) -> list[dict]:
    """One account per identity document (the table's constraint says the same, for races)."""
    if not clean.get("id_type") or not clean.get("id_number"):
        return []
    taken = Applicant.objects.filter(id_type=clean["id_type"], id_number=clean["id_number"])
    if user is not None:
        taken = taken.exclude(user=user)
    if taken.exists():
        return [_error("id_number", "id-registered", _(
            "This identity document already has an account. Log in with it, or ask the service hall to "
            "recover it."))]
    return []


def _raise(errors: list[dict]):
    first = errors[0]
    raise InvalidInput(first["detail"], field=first["field"], rule=first["rule"], errors=errors)


def applicant_register(*, kind: str, name: str, id_type: str, id_number: str, phone: str, password: str,
                       password_again: str | None = None, username: str = "", email: str = "", address: str = "",
                       contact: str = "", now=None):
    """Open a real-name account (实名注册): the user, their applicant role and their record, in
    one transaction. Every broken rule is reported at once, each naming its field; a form that
    asks for the password twice passes the second as ``password_again``."""
    now = now or timezone.now()
    User = get_user_model()
    clean, errors = _applicant_fields({"kind": kind, "name": name, "id_type": id_type, "id_number": id_number,
                                       "phone": phone, "address": address, "contact": contact})
    login = (username or "").strip()
    if not login:
        if clean["phone"] and MOBILE.match(clean["phone"]):
            login = clean["phone"]
        elif clean["phone"] and not any(e["field"] == "phone" for e in errors):
            errors.append(_error("username", "required", _(
                "Choose a login name: only a mobile phone number can serve as one.")))
    if login:
        try:
            User.username_validator(login)
            if len(login) > 150:
                raise ValidationError(_("At most %(n)s characters.") % {"n": 150})
        except ValidationError as exc:
            errors.append(_error("username", "login-name", " ".join(exc.messages)))
        else:
            if User.objects.filter(username__iexact=login).exists():
                field = "username" if username.strip() else "phone"
                errors.append(_error(field, "login-taken", _(
                    "%(login)s already signs in another account: log in with it, or choose a login name.")
                    % {"login": login}))
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_error("email", "email", _("Not an e-mail address.")))
    user = User(username=login, email=email, first_name=clean["name"][:150])
    try:
        password_validation.validate_password(password or "", user=user)
    except ValidationError as exc:
        errors += [_error("password", "password", message) for message in exc.messages]
    if password_again is not None and password_again != password:
        errors.append(_error("password_again", "passwords-differ", _("The two passwords differ.")))
    errors += _registered_errors(clean)
    if errors:
        _raise(errors)
    user.set_password(password)  # Argon2, before the transaction: hashing takes a while
    try:
        with transaction.atomic(durable=True):
            user.save()
            RoleAssignment.objects.create(user=user, role=Role.APPLICANT)
            applicant = Applicant.objects.create(user=user, registered_at=now, **clean)
    except IntegrityError:  # someone registered the same document or login name just now
        _raise(_registered_errors(clean) or [_error("username", "login-taken", _(
            "%(login)s already signs in another account: log in with it, or choose a login name.")
            % {"login": login})])
    return applicant


def applicant_bind(*, user, kind: str, name: str, id_type: str, id_number: str, phone: str, address: str = "",
                   contact: str = "", now=None) -> Applicant:
    """Give a signed-in account without one its real-name record (补全实名信息), and the applicant
    role, in one transaction; the same rules as registration."""
    now = now or timezone.now()
    if not user.is_authenticated:
        raise Forbidden(_("Log in first."))
    if Applicant.objects.filter(user=user).exists():
        raise InvalidInput.one("id_number", "already-registered", _("This account already has its real-name record."))
    clean, errors = _applicant_fields({"kind": kind, "name": name, "id_type": id_type, "id_number": id_number,
                                       "phone": phone, "address": address, "contact": contact})
    errors += _registered_errors(clean)
    if errors:
        _raise(errors)
    try:
        with transaction.atomic(durable=True):
            RoleAssignment.objects.get_or_create(user=user, role=Role.APPLICANT, department=None, region=None)
            applicant = Applicant.objects.create(user=user, registered_at=now, **clean)
    except IntegrityError:
        _raise(_registered_errors(clean) or [_error("id_number", "already-registered",
                                                    _("This account already has its real-name record."))])
    forget_scope(user)
    return applicant


# --- applying online ------------------------------------------------------------------------


def missing_materials(version, materials) -> list[dict]:
    """The required materials of the guide (必要材料) with no file among ``materials``: online, each
    is uploaded before the application is sent. Named ``listed_materials[i]`` by their place in
    the guide's list."""
    sent = {name.strip() for name, _file in materials or () if isinstance(name, str)}
    return [_error(f"listed_materials[{index}]", "required-material",
                   _("%(name)s is required: upload it.") % {"name": item.get("name", "")})
            for index, item in enumerate(version.materials or [])
            if item.get("required", True) and item.get("name", "").strip() not in sent]


def applicant_apply(*, user, power, title: str = "", materials=(), now=None):
    """An online application (网上申请) in the account's own name: its real-name record is the
    applicant; the case comes back with its query code (``case.query_code``), shown once."""
    applicant = Applicant.objects.filter(user=user).first() if user.is_authenticated else None
    if applicant is None:
        raise NotRegistered(_("Complete your real-name record before applying online."))
    refusal = case_services.application_refusal(power, Channel.ONLINE)
    if refusal is not None:
        raise refusal
    missing = missing_materials(power.published_version, materials)
    if missing:
        _raise(missing)
    return case_services.case_apply(
        actor=user, power=power, applicant={name: getattr(applicant, name) for name in APPLICANT_FIELDS},
        title=title, materials=materials, channel=Channel.ONLINE, now=now)


# --- notifying the applicant (inside the case's transaction) ---------------------------------


def _due(case) -> str:
    return format_due(case.committed_due) if case.committed_due else "—"


def _case_message(case, event, graph) -> str | None:
    """What the applicant is told of ``event``; None for the department's internal work."""
    data, action = event.data or {}, event.action
    number = case.number
    if action == "apply":
        return _("Case %(number)s: your application was received and awaits acceptance.") % {"number": number}
    if action == "accept":
        return _("Case %(number)s: accepted; to be completed by %(due)s.") % {"number": number, "due": _due(case)}
    if action == "request_correction":
        return _("Case %(number)s: materials to correct or supply (补正): %(items)s. Upload them on the case's "
                 "page; the time limit waits for them.") % {"number": number, "items": "；".join(data.get("items", []))}
    if action == "supplement":
        return _("Case %(number)s: the corrected materials were received; the case awaits acceptance again.") % {
            "number": number}
    if action == "refuse":
        return _("Case %(number)s: not accepted. Reason: %(reason)s") % {"number": number, "reason": event.opinion}
    if action == "decide":
        decision = Decision(data["decision"]).label if data.get("decision") in Decision.values else ""
        return _("Case %(number)s: decided — %(decision)s (document %(document)s).") % {
            "number": number, "decision": decision, "document": data.get("document_no", "")}
    if action == "deliver":
        return _("Case %(number)s: the decision was delivered.") % {"number": number}
    if action == "complete_case":
        return _("Case %(number)s: completed.") % {"number": number}
    if action == "withdraw":
        return _("Case %(number)s: withdrawn. Reason: %(reason)s") % {"number": number, "reason": event.opinion}
    if action == "suspend":
        kind = Suspension.Kind(data["kind"]).label if data.get("kind") in Suspension.Kind.values else ""
        return _("Case %(number)s: a special procedure began (%(kind)s): %(reason)s. Its time is not counted in "
                 "the limit.") % {"number": number, "kind": kind, "reason": event.opinion}
    node = graph.nodes.get(event.step_key) if event.step_key else None
    if action == "resume" or (action == "complete" and node is not None and node.kind == "excluded"):
        return _("Case %(number)s: the special procedure ended; the time counts again, to be completed by "
                 "%(due)s.") % {"number": number, "due": _due(case)}
    if action == "approve_extension":
        return _("Case %(number)s: the time limit was extended by %(days)s working days (%(reason)s); to be "
                 "completed by %(due)s.") % {"number": number, "days": data.get("days", ""),
                                             "reason": data.get("reason", ""), "due": _due(case)}
    return None  # steps done, returns, transfers, extension requests: the department's own work


def on_case_saved(case, tokens, events, suspensions) -> None:
    """Tell the online applicant what changed: an in-app notification per event they should
    know of, in the same transaction, and one e-mail once it commits. At most two queries: the
    notifications and, unless the account is at hand, its e-mail address."""
    if case.applicant_user_id is None:
        return
    from yangguang.supervision.models import Notification

    graph = case_services.flow_graph(case.flow_id)
    with translation.override(settings.LANGUAGE_CODE):  # the platform's language, not the officer's
        texts = [text for event in events if (text := _case_message(case, event, graph))]
        subject = _("Progress of your case %(number)s") % {"number": case.number}
    if not texts:
        return
    at = events[-1].at
    link = reverse("portal:my_case", args=[case.number])
    Notification.objects.bulk_create([Notification(user_id=case.applicant_user_id, kind="case", text=text, link=link,
                                                   created_at=at) for text in texts])
    if type(case).applicant_user.is_cached(case):
        email = case.applicant_user.email
    else:
        email = get_user_model().objects.filter(pk=case.applicant_user_id).values_list("email", flat=True).first()
    if email:
        body = "\n".join(texts)
        # robust: a mail server that is down is logged; the notification and the case stand
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]), robust=True)


class ApplicantNotifier:
    """The accounts' side of ``cases.hooks``, registered in ``PortalConfig.ready()``."""

    def case_saved(self, case, tokens, events, suspensions) -> None:
        on_case_saved(case, tokens, events, suspensions)


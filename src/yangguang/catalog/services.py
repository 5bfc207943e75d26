"""The only writers of the catalog: each function is one transaction and one review record."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.org.models import Department

from . import domain
from .errors import InvalidPower, NotCatalogClerk, NotLegalOffice, PowerRevoked, TransitionRefused, VersionInProgress
from .hooks import flowcharts
from .models import Category, ChangeKind, Power, PowerVersion, ReviewAction, ReviewRecord, VersionState
from .rules import is_clerk_for, is_legal_office_for


def _require_clerk(actor, department) -> None:
    if not is_clerk_for(actor, department):
        raise NotCatalogClerk(_("Only the catalog clerk of %(department)s may do this.") % {"department": department.name})


def _require_legal_office(actor, department) -> None:
    if not is_legal_office_for(actor, department):
        raise NotLegalOffice(_("Only the legal office of the department's region may do this."))


def _raise_if(errors: list[dict]) -> None:
    if errors:
        first = errors[0]
        raise InvalidPower(first["detail"], field=first["field"], rule=first["rule"], errors=errors)


def allocate_sequences(department: Department, category: str, count: int) -> list[int]:
    """The next free sequence numbers of a department's category; call inside a transaction."""
    Department.objects.select_for_update().filter(pk=department.pk).first()
    last = Power.objects.filter(department=department, category=category).aggregate(m=Max("sequence"))["m"] or 0
    return list(range(last + 1, last + 1 + count))


def _record(version, action, actor, now, opinion="") -> None:
    ReviewRecord.objects.create(version=version, action=action, actor=actor, at=now, opinion=opinion)


def power_create(*, actor, department: Department, category: str, content: dict, flow: dict | None = None,
                 code: str | None = None, now=None) -> PowerVersion:
    """Draft a new power (新增权力事项) with its first version and, if given, its flowchart."""
    now = now or timezone.now()
    _require_clerk(actor, department)
    cleaned, errors = domain.clean_content(content)
    errors += domain.category_errors(category)
    if code:
        errors += domain.code_errors(code, department.region.code, department.code, category)
    if flow is not None and not errors:
        errors += flowcharts().validate_payload(
            flow, department=department, committed_limit=cleaned["committed_limit"],
            committed_unit=cleaned["committed_unit"], penalty=category == Category.PENALTY)
    _raise_if(errors)
    with transaction.atomic(durable=True):
        if code:
            sequence = int(code[-4:])
            if Power.objects.filter(code=code).exists():
                raise InvalidPower(_("Code %(code)s is already in use.") % {"code": code}, field="code", rule="code-unique")
        else:
            (sequence,) = allocate_sequences(department, category, 1)
            code = domain.power_code(department.region.code, department.code, category, sequence)
        power = Power.objects.create(code=code, department=department, category=category, sequence=sequence)
        version = PowerVersion.objects.create(power=power, number=1, change=ChangeKind.CREATE, created_by=actor, **cleaned)
        if flow is not None:
            flowcharts().write_many([(version, flow)])
        _record(version, ReviewAction.CREATED, actor, now)
    return version


def _locked(version: PowerVersion) -> PowerVersion:
    return PowerVersion.objects.select_for_update().select_related("power__department__region").get(pk=version.pk)


def version_update(*, actor, version: PowerVersion, content: dict) -> PowerVersion:
    """Change a draft or returned version's content; the committed limit is checked on every save."""
    _require_clerk(actor, version.power.department)
    cleaned, errors = domain.clean_content(content)
    _raise_if(errors)
    with transaction.atomic(durable=True):
        version = _locked(version)
        if not version.is_editable:
            raise TransitionRefused(_("Only a draft or a returned version can be edited."), field="state", rule="editable-state")
        for field, value in cleaned.items():
            setattr(version, field, value)
        version.save()
    return version


def _move(*, actor, version: PowerVersion, action: str, opinion: str = "", now=None) -> PowerVersion:
    """Take one step of the review state machine (``domain.TRANSITIONS``)."""
    now = now or timezone.now()
    move = domain.TRANSITIONS[action]
    department = version.power.department
    (_require_clerk if move.role == "clerk" else _require_legal_office)(actor, department)
    with transaction.atomic(durable=True):
        version = _locked(version)
        if version.state not in move.sources:
            raise TransitionRefused(
                _("Cannot %(action)s a version that is %(state)s.") % {"action": action, "state": version.get_state_display()},
                field="state", rule=f"{action}-from-state",
            )
        if action == "submit" and version.change != ChangeKind.REVOKE:
            errors = domain.clean_content(domain.version_content(version))[1]
            _raise_if(errors + flowcharts().check_for_submit(version))
        if action == "return" and not opinion.strip():
            raise InvalidPower(_("Say why the version is returned."), field="opinion", rule="return-needs-opinion")
        version.state = move.target
        if action == "submit":
            version.submitted_by, version.submitted_at = actor, now
        elif action in ("return", "approve"):
            version.reviewed_by, version.reviewed_at, version.review_opinion = actor, now, opinion.strip()
        elif action == "publish":
            _put_in_force(version, actor, now)
        version.save()
        _record(version, move.record, actor, now, opinion.strip())
    return version


def _put_in_force(version: PowerVersion, actor, now) -> None:
    power = Power.objects.select_for_update().get(pk=version.power_id)
    previous = power.published_version
    if previous is not None:
        previous.state, previous.valid_until = VersionState.SUPERSEDED, now
        previous.save(update_fields=["state", "valid_until"])
    version.published_by, version.published_at = actor, now
    if version.change == ChangeKind.REVOKE:
        power.revoked_at, power.revocation_reason = now, version.change_reason
    else:
        power.published_version = version
    power.save(update_fields=["published_version", "revoked_at", "revocation_reason"])


def version_submit(*, actor, version, now=None):
    """Submit to the legal office for review (报送法制办审核)."""
    return _move(actor=actor, version=version, action="submit", now=now)


def version_withdraw(*, actor, version, now=None):
    """Take a submitted version back to draft before it is reviewed."""
    return _move(actor=actor, version=version, action="withdraw", now=now)


def version_discard(*, actor, version, now=None):
    """Abandon a draft; it stays on record as discarded."""
    return _move(actor=actor, version=version, action="discard", now=now)


def version_return(*, actor, version, opinion: str, now=None):
    """Return to the department with the legal office's opinion (退回)."""
    return _move(actor=actor, version=version, action="return", opinion=opinion, now=now)


def version_approve(*, actor, version, opinion: str = "", now=None):
    """Confirm the version (法制办审核确认)."""
    return _move(actor=actor, version=version, action="approve", opinion=opinion, now=now)


def version_publish(*, actor, version, now=None):
    """Put an approved version in force; the version it replaces is kept as superseded."""
    return _move(actor=actor, version=version, action="publish", now=now)


def _next_version(*, actor, power: Power, change: str, reason: str, now) -> PowerVersion:
    if not reason.strip():
        raise InvalidPower(_("Give the reason for the change."), field="reason", rule="change-needs-reason")
    with transaction.atomic(durable=True):
        power = Power.objects.select_for_update(of=("self",)).select_related("published_version").get(pk=power.pk)
        if power.revoked_at:
            raise PowerRevoked(_("The power has been revoked."), field="code", rule="power-revoked")
        source = power.published_version
        if source is None:
            raise TransitionRefused(_("Only a published power can be revised or revoked."), field="state", rule="published-only")
        if power.versions.filter(state__in=[VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED, VersionState.APPROVED]).exists():
            raise VersionInProgress(_("Another version of this power is already under work."), field="version", rule="one-open-version")
        number = power.versions.aggregate(m=Max("number"))["m"] + 1
        version = PowerVersion.objects.create(
            power=power, number=number, change=change, change_reason=reason.strip(), created_by=actor,
            **domain.version_content(source),
        )
        flowcharts().copy(source, version)
        _record(version, ReviewAction.CREATED, actor, now, reason.strip())
        if change == ChangeKind.REVOKE:
            version.state, version.submitted_by, version.submitted_at = VersionState.SUBMITTED, actor, now
            version.save(update_fields=["state", "submitted_by", "submitted_at"])
            _record(version, ReviewAction.SUBMITTED, actor, now, reason.strip())
    return version


def power_revise(*, actor, power: Power, reason: str, now=None) -> PowerVersion:
    """Start a revision (修改): a new draft copied from the version in force, which stays valid."""
    _require_clerk(actor, power.department)
    return _next_version(actor=actor, power=power, change=ChangeKind.REVISE, reason=reason, now=now or timezone.now())


def power_revoke_request(*, actor, power: Power, reason: str, now=None) -> PowerVersion:
    """Ask the legal office to revoke (取消) a power; it stays in force until the revocation is published."""
    _require_clerk(actor, power.department)
    return _next_version(actor=actor, power=power, change=ChangeKind.REVOKE, reason=reason, now=now or timezone.now())

"""Readers of the catalog; every list goes through ``Power.objects.visible_to(user)``."""

from django.db.models import Q

from yangguang.org.models import Role
from yangguang.org.rules import department_filter

from .errors import PowerNotFound
from .models import LifeEvent, Power, PowerVersion, VersionState
from .rules import can_see_drafts

OPEN_STATES = (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED, VersionState.APPROVED)


def power_get_for(user, code: str, *, for_update: bool = False) -> Power:
    """The power with ``code`` if the user may see it; locked when ``for_update``."""
    queryset = Power.objects.visible_to(user).select_related("department__region", "published_version")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    power = queryset.filter(code=code).first()
    if power is None:
        raise PowerNotFound(f"no power with code {code}", field="code")
    return power


def version_get_for(user, code: str, number: int, *, for_update: bool = False) -> PowerVersion:
    power = power_get_for(user, code, for_update=for_update)
    queryset = PowerVersion.objects.select_related("power__department__region")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    version = queryset.filter(power=power, number=number).first()
    if version is None or (version.state != VersionState.PUBLISHED and not can_see_drafts(user, power.department)):
        raise PowerNotFound(f"no version {number} of power {code}", field="version")
    return version


def power_list_for(user, *, q: str = "", category: str = "", department: str = "", event: str = "",
                   published_only: bool = True):
    """Powers for lists and the API: filters by text (name, code or department), category,
    department and life event."""
    queryset = Power.objects.visible_to(user).select_related("department__region", "published_version")
    if published_only:
        queryset = queryset.published()
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(published_version__name__icontains=q)
                                   | Q(department__name__icontains=q) | Q(department__short_name__icontains=q))
    if event:
        queryset = queryset.filter(life_events__code=event)
    if category:
        queryset = queryset.filter(category=category)
    if department:
        region_code, _, department_code = department.partition("-")
        if department_code:
            queryset = queryset.filter(department__region__code=region_code, department__code=department_code)
        elif department.isdigit():
            queryset = queryset.filter(department_id=int(department))
        else:
            queryset = queryset.none()
    return queryset.order_by("code")


def versions_for(user, power: Power):
    """The versions of a power the user may see, newest first."""
    queryset = power.versions.select_related("created_by", "reviewed_by", "published_by").order_by("-number")
    if not can_see_drafts(user, power.department):
        queryset = queryset.filter(state__in=[VersionState.PUBLISHED, VersionState.SUPERSEDED])
    return queryset


def department_versions_for(user, department, *, states=OPEN_STATES):
    """A department's versions under work (the clerk's drafts and submissions)."""
    if not can_see_drafts(user, department):
        return PowerVersion.objects.none()
    return (
        PowerVersion.objects.filter(power__department=department, state__in=states)
        .select_related("power", "submitted_by")
        .order_by("-updated_at")
    )


def review_queue_for(user):
    """Versions waiting for the legal office of the user's region, oldest first."""
    return (
        PowerVersion.objects.filter(state__in=[VersionState.SUBMITTED, VersionState.APPROVED])
        .filter(department_filter(user, Role.LEGAL_OFFICE, path="power__department"))
        .select_related("power__department", "submitted_by")
        .order_by("submitted_at", "id")
    )


def life_events_with_powers():
    """The life events that hold at least one published power, in their order."""
    return LifeEvent.objects.filter(powers__in=Power.objects.published()).distinct().order_by(
        "audience", "sequence", "code")

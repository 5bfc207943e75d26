"""Catalog API: list and read powers, draft, review, publish, revise, revoke."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from yangguang.core.apiauth import anyone, authenticated
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Department

from . import domain, selectors, services
from .errors import PowerNotFound
from .models import Category, Power, PowerVersion
from .schemas import (
    Content, Opinion, PowerCreate, PowerDetail, PowerPage, Reason, VersionDiff, VersionOut, VersionSummary,
)

router = Router(tags=["catalog"])


class ListFilters(Schema):
    q: str = ""
    category: Category | None = None
    department: str = ""
    limit: int = 50
    offset: int = 0


def _department_out(department: Department) -> dict:
    return {"code": department.full_code, "name": department.name, "region": department.region.name}


def _version_out(version: PowerVersion) -> dict:
    out = domain.version_content(version)
    out.update(
        number=version.number, change=version.change, change_reason=version.change_reason, state=version.state,
        state_name=str(version.get_state_display()), created_at=version.created_at, submitted_at=version.submitted_at,
        reviewed_at=version.reviewed_at, review_opinion=version.review_opinion, published_at=version.published_at,
        valid_until=version.valid_until,
    )
    return out


def _power_out(power: Power, version: PowerVersion | None = None) -> dict:
    version = version or power.published_version or power.versions.order_by("-number").first()
    return {
        "code": power.code, "name": version.name, "category": power.category,
        "category_name": str(power.get_category_display()), "department": _department_out(power.department),
        "statutory_limit": version.statutory_limit, "statutory_unit": version.statutory_unit,
        "committed_limit": version.committed_limit, "committed_unit": version.committed_unit,
        "version": version.number, "published_at": version.published_at, "revoked_at": power.revoked_at,
        "flowchart_url": f"/api/v1/powers/{power.code}/flowchart.svg",
    }


def _detail(request, power: Power) -> dict:
    versions = list(selectors.versions_for(request.user, power))
    shown = power.published_version or (versions[0] if versions else None)
    out = _power_out(power, shown)
    out["content"] = _version_out(shown) if shown else None
    out["versions"] = [
        {"number": v.number, "change": v.change, "state": v.state, "state_name": str(v.get_state_display()),
         "name": v.name, "created_at": v.created_at, "published_at": v.published_at, "valid_until": v.valid_until}
        for v in versions
    ]
    return out


@router.get("", response=PowerPage, auth=anyone, summary="List published powers")
def power_list(request: HttpRequest, filters: Query[ListFilters]):
    if not 1 <= filters.limit <= 500:
        raise InvalidInput.one("limit", "range", "limit must be between 1 and 500")
    if filters.offset < 0:
        raise InvalidInput.one("offset", "range", "offset must not be negative")
    queryset = selectors.power_list_for(
        request.user, q=filters.q.strip(), category=filters.category or "", department=filters.department.strip()
    )
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    return {"count": queryset.count(), "limit": filters.limit, "offset": filters.offset,
            "items": [_power_out(p, p.published_version) for p in page]}


@router.post("", response={201: PowerDetail}, auth=authenticated, summary="Draft a new power")
def power_create(request: HttpRequest, payload: PowerCreate):
    region_code, _, department_code = payload.department.partition("-")
    department = Department.objects.select_related("region").filter(region__code=region_code, code=department_code).first()
    if department is None:
        raise InvalidInput.one("department", "department-exists", f"no department {payload.department}")
    content = payload.dict(exclude={"department", "category", "code", "flow"})
    version = services.power_create(
        actor=request.user, department=department, category=payload.category, content=content,
        flow=payload.flow, code=payload.code or None,
    )
    return Status(201, _detail(request, selectors.power_get_for(request.user, version.power.code)))


@router.get("/{code}", response=PowerDetail, auth=anyone, summary="A power with its version in force")
def power_detail(request: HttpRequest, code: str):
    return _detail(request, selectors.power_get_for(request.user, code))


@router.get("/{code}/versions", response=list[VersionSummary], auth=anyone)
def version_list(request: HttpRequest, code: str):
    return _detail(request, selectors.power_get_for(request.user, code))["versions"]


@router.get("/{code}/versions/{number}", response=VersionOut, auth=anyone)
def version_detail(request: HttpRequest, code: str, number: int):
    return _version_out(selectors.version_get_for(request.user, code, number))


@router.get("/{code}/versions/{old}/diff/{new}", response=VersionDiff, auth=anyone, summary="What changed between two versions")
def version_diff(request: HttpRequest, code: str, old: int, new: int):
    a = selectors.version_get_for(request.user, code, old)
    b = selectors.version_get_for(request.user, code, new)
    labels = {f.name: str(f.verbose_name) for f in PowerVersion._meta.fields}
    changes = domain.diff(domain.version_content(a), domain.version_content(b))
    return {"code": code, "old": old, "new": new,
            "changes": [{"field": f, "label": labels.get(f, f), "old": o, "new": n} for f, o, n in changes]}


@router.put("/{code}/versions/{number}", response=VersionOut, auth=authenticated, summary="Edit a draft or returned version")
def version_update(request: HttpRequest, code: str, number: int, payload: Content):
    version = selectors.version_get_for(request.user, code, number)
    return _version_out(services.version_update(actor=request.user, version=version, content=payload.dict()))


ACTIONS = {
    "submit": lambda user, version, opinion: services.version_submit(actor=user, version=version),
    "withdraw": lambda user, version, opinion: services.version_withdraw(actor=user, version=version),
    "discard": lambda user, version, opinion: services.version_discard(actor=user, version=version),
    "return": lambda user, version, opinion: services.version_return(actor=user, version=version, opinion=opinion),
    "approve": lambda user, version, opinion: services.version_approve(actor=user, version=version, opinion=opinion),
    "publish": lambda user, version, opinion: services.version_publish(actor=user, version=version),
}


@router.post("/{code}/versions/{number}/{action}", response=VersionOut, auth=authenticated,
             summary="Review workflow: submit, withdraw, discard, return, approve, publish")
def version_action(request: HttpRequest, code: str, number: int, action: str, payload: Opinion | None = None):
    if action not in ACTIONS:
        raise PowerNotFound(f"unknown action {action}; one of {', '.join(ACTIONS)}", field="action")
    version = selectors.version_get_for(request.user, code, number)
    return _version_out(ACTIONS[action](request.user, version, (payload.opinion if payload else "")))


@router.post("/{code}/revisions", response={201: VersionOut}, auth=authenticated, summary="Start a revision of a published power")
def power_revise(request: HttpRequest, code: str, payload: Reason):
    power = selectors.power_get_for(request.user, code)
    return Status(201, _version_out(services.power_revise(actor=request.user, power=power, reason=payload.reason)))


@router.post("/{code}/revocation", response={201: VersionOut}, auth=authenticated, summary="Ask the legal office to revoke a power")
def power_revoke(request: HttpRequest, code: str, payload: Reason):
    power = selectors.power_get_for(request.user, code)
    return Status(201, _version_out(services.power_revoke_request(actor=request.user, power=power, reason=payload.reason)))

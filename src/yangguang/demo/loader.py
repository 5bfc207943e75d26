"""Loading the demo region (演示数据) through the real services, at fixed times.

The organisation and accounts are written in one transaction, and every flowchart is
validated inside it, so bad demo data leaves nothing behind. The catalog then goes through
``catalog.services`` as the departments' clerks and the legal office would use it; those
services commit one by one, which is why everything they could refuse is checked first.
"""

import datetime
import itertools
import secrets
import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from yangguang.catalog import domain, services
from yangguang.catalog.hooks import flowcharts
from yangguang.catalog.models import LifeEvent, Power, PowerVersion
from yangguang.discretion import domain as discretion_domain
from yangguang.discretion import selectors as discretion_selectors
from yangguang.discretion import services as discretion_services
from yangguang.org.models import (
    DEPARTMENT_ROLES,
    CertificateStatus,
    Department,
    Officer,
    Post,
    Region,
    Role,
    RoleAssignment,
)
from yangguang.worktime.selectors import calendar_load

from . import cases as demo_cases
from . import legal as demo_legal
from . import ratings as demo_ratings
from . import supervision as demo_supervision
from .data import org
from .data.benchmarks import BENCHMARKS, REVISION
from .data.life_events import LIFE_EVENTS
from .data.powers import POWERS

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Powers are drafted every other day from here and published within the week; revision,
# return, draft and revocation follow in the autumn.
CATALOG_START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
PASSWORD_ALPHABET = string.ascii_letters + string.digits


class DemoDataError(Exception):
    """The demo data breaks a rule of the platform; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LoadReport:
    departments: int = 0
    posts: int = 0
    accounts: int = 0
    powers: int = 0
    cases: int = 0
    case_actions: int = 0
    anchor: datetime.date | None = None  # the day the demo cases lead up to
    supervision: demo_supervision.SupervisionReport | None = None
    legal: demo_legal.LegalReport | None = None  # legal-affairs supervision (政府法制监督)
    ratings: int = 0
    benchmarks: int = 0  # discretion benchmarks published (裁量基准)


def new_password() -> str:
    """A random password for the demo accounts; it is printed, never stored in clear."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _position in range(14))


def demo_usernames() -> list[str]:
    """Every account the demo creates: the fixed ones, the clerks and one officer per post."""
    names = list(org.ACCOUNTS) + list(org.REGISTER)
    for department in org.DEPARTMENTS:
        if (clerk := org.clerk_username(department)) not in names:
            names.append(clerk)
        names += [org.post_officer_username(department, post[0]) for post in department["posts"]]
    return names


def _revoked_record() -> dict:
    return next(record for record in POWERS if record["state"] == "revoked")


def demo_state() -> str:
    """``absent``, ``loaded`` or ``partial`` (the demo city exists but the load did not finish).

    The revocation is the load's last action, after the cases, so a revoked demo power means
    the load completed.
    """
    if not Region.objects.filter(code=org.CITY).exists():
        return "absent"
    complete = (
        Power.objects.filter(code__in=[record["code"] for record in POWERS]).count() == len(POWERS)
        and Power.objects.filter(code=_revoked_record()["code"], revoked_at__isnull=False).exists()
    )
    return "loaded" if complete else "partial"


def set_passwords(password: str) -> int:
    """Give every demo account ``password``; the number of accounts changed."""
    return get_user_model().objects.filter(username__in=demo_usernames()).update(password=make_password(password))


def check_content() -> list[str]:
    """Errors in the powers' content and codes, found without touching the database."""
    errors = []
    for record in POWERS:
        found = domain.clean_content(record["content"])[1]
        region, department = record["department"].split("-")
        found += domain.category_errors(record["category"])
        found += domain.code_errors(record["code"], region, department, record["category"])
        errors += [f"{record['code']} {record['content']['name']}: {e['field']}: {e['detail']}" for e in found]
    codes = {record["code"] for record in POWERS}
    errors += [f"life event {event[0]}: no demo power {code}" for event in LIFE_EVENTS for code in event[3]
               if code not in codes]
    errors += [f"benchmark {code}: {e['field']}: {e['detail']}" for code, content in BENCHMARKS.items()
               for e in discretion_domain.clean_content(content)[1] + ([] if code in codes else [
                   {"field": "code", "detail": "no demo power"}])]
    return errors


def _check_flows(departments: dict) -> list[str]:
    errors = []
    for record in POWERS:
        content = record["content"]
        found = flowcharts().validate_payload(
            record["flow"], department=departments[record["department"]],
            committed_limit=content["committed_limit"], committed_unit=content["committed_unit"],
            penalty=record["category"] == "CF",
        )
        errors += [f"{record['code']} {content['name']}: {e['field']}: {e['detail']}" for e in found]
    return errors


def _user(username: str, names: tuple[str, str], hashed: str, *, superuser: bool = False):
    family, given = names
    return get_user_model().objects.create(
        username=username, password=hashed, last_name=family, first_name=given,
        is_staff=superuser, is_superuser=superuser,
    )


def _officer(user, department: Department, posts: list[Post], certified: bool, serial: dict) -> Officer:
    certificate = {}
    if certified:
        serial[department.pk] = serial.get(department.pk, 0) + 1
        valid_from, valid_until = (datetime.date.fromisoformat(d) for d in org.CERTIFICATE_VALID)
        certificate = {
            "certificate_no": f"ZF{department.region.code}{department.code}{serial[department.pk]:03d}",
            "certificate_valid_from": valid_from, "certificate_valid_until": valid_until,
            "certificate_status": CertificateStatus.ACTIVE,
            "certificate_areas": f"{department.short_name or department.name}行政执法；{department.region.name}",
        }
    officer = Officer.objects.create(user=user, department=department, **certificate)
    if posts:
        officer.posts.set(posts)
    return officer


def _create_org(hashed: str) -> tuple[dict, dict, LoadReport]:
    """Regions, departments, posts and every account; returns departments and users by code and name."""
    report = LoadReport()
    regions = {}
    for code, name, level, parent in org.REGIONS:
        regions[code] = Region.objects.create(code=code, name=name, level=level, parent=regions.get(parent))
    departments, posts = {}, {}
    for spec in org.DEPARTMENTS:
        entrusting = departments.get(f"{spec['region']}-{spec['entrusted_by']}") if spec["entrusted_by"] else None
        department = Department.objects.create(
            region=regions[spec["region"]], code=spec["code"], name=spec["name"], short_name=spec["short_name"],
            kind=spec["kind"], entrusted_by=entrusting, phone=spec["phone"], address=spec["address"], basis=spec["basis"],
        )
        departments[org.full_code(spec)] = department
        for code, name, enforcement in spec["posts"]:
            posts[(department.pk, code)] = Post.objects.create(
                department=department, code=code, name=name, is_enforcement=enforcement
            )
    users, serial, people = {}, {}, itertools.count(1)
    for username, (family, given, roles, officer) in org.ACCOUNTS.items():
        user = users[username] = _user(username, (family, given), hashed, superuser=username in org.SUPERUSERS)
        for role, scope in roles:
            RoleAssignment.objects.create(
                user=user, role=role,
                department=departments[scope] if role in DEPARTMENT_ROLES else None,
                region=regions[scope] if scope and role not in DEPARTMENT_ROLES else None,
            )
        if officer:
            where, codes, certified = officer
            department = departments[where]
            _officer(user, department, [posts[(department.pk, c)] for c in codes], certified, serial)
    for spec in org.DEPARTMENTS:
        department = departments[org.full_code(spec)]
        clerk = org.clerk_username(spec)
        if clerk not in users:
            users[clerk] = _user(clerk, org.person(next(people)), hashed)
            RoleAssignment.objects.create(user=users[clerk], role=Role.CATALOG_CLERK, department=department)
            _officer(users[clerk], department, [], False, serial)
        for code, _name, enforcement in spec["posts"]:
            username = org.post_officer_username(spec, code)
            users[username] = _user(username, org.person(next(people)), hashed)
            _officer(users[username], department, [posts[(department.pk, code)]], enforcement, serial)
    report.departments, report.posts, report.accounts = len(departments), len(posts), len(users)
    return departments, users, report


def _at(day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return (CATALOG_START + datetime.timedelta(days=day)).replace(hour=hour, minute=minute)


def _autumn(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def _create(record: dict, department: Department, clerk, now) -> PowerVersion:
    return services.power_create(
        actor=clerk, department=department, category=record["category"], content=record["content"],
        flow=record["flow"], code=record["code"], now=now,
    )


def _publish(version: PowerVersion, clerk, legal, day: int) -> PowerVersion:
    """Submit, confirm and publish, as the clerk and the legal office would over a few days."""
    services.version_submit(actor=clerk, version=version, now=_at(day + 1, 10, 30))
    services.version_approve(actor=legal, version=version, opinion="经审核，实施主体、法律依据和办理时限符合规定，予以确认。",
                             now=_at(day + 3, 15, 0))
    return services.version_publish(actor=legal, version=version, now=_at(day + 4, 9, 30))


def _load_catalog(departments: dict, users: dict, report: LoadReport) -> None:
    legal = users["legal"]

    def clerk_of(record):
        spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == record["department"])
        return users[org.clerk_username(spec)]

    published = {}
    later = [r for r in POWERS if r["state"] in ("returned", "draft")]
    for index, record in enumerate(r for r in POWERS if r["state"] not in ("returned", "draft")):
        clerk = clerk_of(record)
        version = _create(record, departments[record["department"]], clerk, _at(2 * index, 9 + index % 8, 15 * (index % 4)))
        published[record["code"]] = _publish(version, clerk, legal, 2 * index)

    revision = next(r for r in POWERS if r["state"] == "revision")
    clerk = clerk_of(revision)
    draft = services.power_revise(actor=clerk, power=published[revision["code"]].power,
                                  reason=revision["revision"]["reason"], now=_autumn(9, 1, 10))
    content = domain.version_content(draft) | {"committed_limit": revision["revision"]["committed_limit"]}
    draft = services.version_update(actor=clerk, version=draft, content=content)
    services.version_submit(actor=clerk, version=draft, now=_autumn(9, 2, 16))

    _life_events(published)

    for record in later:
        clerk = clerk_of(record)
        if record["state"] == "returned":
            version = _create(record, departments[record["department"]], clerk, _autumn(9, 8, 9, 30))
            services.version_submit(actor=clerk, version=version, now=_autumn(9, 9, 11))
            services.version_return(actor=legal, version=version, opinion=record["opinion"], now=_autumn(9, 14, 15))
        else:
            _create(record, departments[record["department"]], clerk, _autumn(10, 12, 14))

    report.powers = len(POWERS)


def _revoke(users: dict) -> None:
    """Revoke the power the demo revokes: the load's last action (see ``demo_state``)."""
    revoked = _revoked_record()
    spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == revoked["department"])
    clerk, legal = users[org.clerk_username(spec)], users["legal"]
    power = Power.objects.get(code=revoked["code"])
    request = services.power_revoke_request(actor=clerk, power=power, reason=revoked["reason"], now=_autumn(10, 15, 10))
    services.version_approve(actor=legal, version=request, opinion="同意取消。", now=_autumn(10, 19, 15))
    services.version_publish(actor=legal, version=request, now=_autumn(10, 20, 9))


def _taken_usernames() -> list[str]:
    taken = get_user_model().objects.filter(username__in=demo_usernames()).values_list("username", flat=True)
    return [_("%(name)s: an account with this name already exists.") % {"name": name} for name in sorted(taken)]


def load(password: str, today: datetime.date | None = None) -> LoadReport:
    """Load the whole demo region and its cases leading up to ``today``; raise ``DemoDataError``
    (having written nothing) if its data is bad."""
    if errors := check_content() + _taken_usernames():
        raise DemoDataError(errors)
    hashed = make_password(password)
    with transaction.atomic():
        departments, users, report = _create_org(hashed)
        if errors := _check_flows(departments):
            raise DemoDataError(errors)
    _load_catalog(departments, users, report)
    report.benchmarks = _load_benchmarks(users)  # before the cases: every penalty decision is checked
    report.anchor, played = demo_cases.load(today)
    report.cases, report.case_actions = played.cases, played.calls - played.cases
    report.supervision = demo_supervision.load(report.anchor, calendar_load())
    report.ratings = demo_ratings.load(report.anchor)
    report.legal = demo_legal.load(report.anchor)
    _revoke(users)
    return report


def _life_events(published: dict) -> None:
    """The demo's life events with the published powers they gather."""
    for sequence, (code, name, audience, codes) in enumerate(LIFE_EVENTS):
        event = LifeEvent.objects.create(code=code, name=name, audience=audience, sequence=sequence)
        event.powers.set([published[c].power for c in codes if c in published])  # drafts are not browsed


def load_powers(codes: set[str], password: str | None = None) -> dict[str, Power]:
    """The demo organisation and only the powers ``codes``, published (for benchmarks)."""
    hashed = make_password(password or new_password())
    with transaction.atomic():
        departments, users, _report = _create_org(hashed)
    legal = users["legal"]
    for index, record in enumerate(r for r in POWERS if r["code"] in codes):
        spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == record["department"])
        clerk = users[org.clerk_username(spec)]
        version = _create(record, departments[record["department"]], clerk, _at(2 * index, 9))
        _publish(version, clerk, legal, 2 * index)
    return {power.code: power for power in Power.objects.filter(code__in=codes)}


def _load_benchmarks(users: dict) -> int:
    """A discretion benchmark for every penalty power, drafted by its department's clerk on the
    day the power is published, submitted that morning and published by the legal office that
    afternoon; in the autumn a revision of one waits for the legal office's review.

    A demo case is received a day after its power's publication at the earliest
    (``cases.DemoCases._add``), so every penalty decision the demo plays finds the benchmark in
    force and is checked against it (violation, facts, range), as an officer's would be.
    """
    legal = users["legal"]
    for code, content in BENCHMARKS.items():
        power = Power.objects.select_related("department", "published_version").get(code=code)
        spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == power.department.full_code)
        clerk = users[org.clerk_username(spec)]
        drafted = power.published_version.published_at + datetime.timedelta(minutes=30)
        benchmark = discretion_services.benchmark_create(actor=clerk, power=power, content=content,
                                                         reason="依据《行政处罚法》第三十四条制定裁量基准。", now=drafted)
        discretion_services.benchmark_submit(actor=clerk, benchmark=benchmark, now=drafted + datetime.timedelta(hours=2))
        discretion_services.benchmark_publish(actor=legal, benchmark=benchmark, now=drafted + datetime.timedelta(hours=6),
                                              opinion="经审核，裁量阶次划分合理，处罚幅度未超出法定范围，予以发布。")
    power = Power.objects.select_related("department").get(code=REVISION["code"])
    spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == power.department.full_code)
    clerk = users[org.clerk_username(spec)]
    draft = discretion_services.benchmark_create(actor=clerk, power=power, reason=REVISION["reason"],
                                                 now=_autumn(10, 9, 10))
    content = discretion_selectors.content_of(draft)
    content["strategy"]["params"] = REVISION["params"]
    draft = discretion_services.benchmark_update(actor=clerk, benchmark=draft, content=content, now=_autumn(10, 9, 10, 40))
    discretion_services.benchmark_submit(actor=clerk, benchmark=draft, now=_autumn(10, 12, 16))
    return len(BENCHMARKS)

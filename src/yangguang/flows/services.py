"""The only writers of flowcharts, and the bulk readers behind the catalog's import and export.

Posts and departments are looked up for many flowcharts at once (one query each), so that
validating or writing ten thousand imported flowcharts costs a handful of queries per batch.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from yangguang.catalog.errors import NotCatalogClerk, TransitionRefused
from yangguang.catalog.models import Category, PowerVersion
from yangguang.org.models import Department, Post, Role
from yangguang.org.rules import holds_for_department

from . import domain
from .errors import InvalidFlow
from .models import Flow, Step, Transition

BATCH = 2000  # rows per INSERT: well under PostgreSQL's 65,535 bind parameters


@dataclass(frozen=True)
class _Lookups:
    """Departments by full code and post ids by (department id, post code)."""

    departments: dict
    posts: dict


def _lookups(items) -> _Lookups:
    """Look up every department and post that (FlowData, default department id) pairs name."""
    codes = {s.department for data, _ in items for s in data.steps if s.department}
    departments = {}
    if codes:
        regions, numbers = {c[:6] for c in codes}, {c[7:] for c in codes}
        for department in Department.objects.filter(region__code__in=regions, code__in=numbers).select_related("region"):
            if department.full_code in codes:
                departments[department.full_code] = department
    department_ids = {default for _, default in items} | {d.pk for d in departments.values()}
    post_codes = {s.post for data, _ in items for s in data.steps if s.post}
    posts = {}
    if post_codes:
        rows = Post.objects.filter(department_id__in=department_ids, code__in=post_codes).values_list("department_id", "code", "pk")
        posts = {(department_id, code): pk for department_id, code, pk in rows}
    return _Lookups(departments, posts)


def _resolve(data: domain.FlowData, default: Department | int, lookups: _Lookups, known_errors=()) -> tuple[list, list[dict]]:
    """(department id or None, post id) per step, and the errors of codes that do not exist.

    ``default`` is the power's department; steps in it store no department of their own.
    Fields that already have an error (``known_errors``) are not looked up again.
    """
    default_id = getattr(default, "pk", default)
    broken = {e["field"] for e in known_errors}
    refs, errors = [], []
    for step in data.steps:
        field = f"flow.steps[{step.index}]"
        if not step.timed or step.post is None or f"{field}.department" in broken:
            refs.append((None, None))
            continue
        department_id = default_id
        if step.department:
            department = lookups.departments.get(step.department)
            if department is None:
                errors.append({"field": f"{field}.department", "rule": "department-exists",
                               "detail": _("There is no department with code %(code)s.") % {"code": step.department}})
                refs.append((None, None))
                continue
            if not department.is_active:
                errors.append({"field": f"{field}.department", "rule": "department-active",
                               "detail": _("%(department)s is no longer active.") % {"department": department.name}})
            department_id = department.pk
        post_id = lookups.posts.get((department_id, step.post))
        if post_id is None:
            where = lookups.departments.get(step.department) if step.department else default
            errors.append({"field": f"{field}.post", "rule": "post-exists", "detail": _(
                "There is no post “%(post)s” in %(department)s."
            ) % {"post": step.post, "department": getattr(where, "name", _("the power's department"))}})
        refs.append((None if department_id == default_id else department_id, post_id))
    return refs, errors


def flow_validate_many(items) -> list[list[dict]]:
    """Errors of many flowcharts at once; ``items`` are (payload, department, committed_limit,
    committed_unit, penalty), ``penalty`` true for a penalty power's (it needs a legal review step).

    The departments and posts of all of them are looked up in two queries.
    """
    cleaned = [
        (*domain.flow_clean(payload, committed_limit=limit, committed_unit=unit, penalty=penalty), department)
        for payload, department, limit, unit, penalty in items
    ]
    lookups = _lookups([(data, department.pk) for data, _, department in cleaned if data is not None])
    return [
        errors + (_resolve(data, department, lookups, errors)[1] if data is not None else [])
        for data, errors, department in cleaned
    ]


def flow_validate(payload, *, department: Department, committed_limit: int, committed_unit: str,
                  penalty: bool = False) -> list[dict]:
    """Every error in one flowchart payload of a power of ``department``."""
    return flow_validate_many([(payload, department, committed_limit, committed_unit, penalty)])[0]


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT plain rows without building model instances: imports write 100,000s of steps."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


STEP_COLUMNS = ("flow", "key", "name", "kind", "department", "post", "limit", "limit_unit", "order", "legal_review")
TRANSITION_COLUMNS = ("flow", "source", "target", "condition", "order")


def _insert(entries) -> None:
    """Write the steps and arrows of (flow id, FlowData, refs) entries.

    One INSERT per batch of steps, one SELECT per batch of flows for the new step ids, one
    INSERT per batch of arrows: no query per step.
    """
    _insert_rows(Step, STEP_COLUMNS, [
        (flow_id, step.key, step.name, step.kind, department_id, post_id, step.limit, step.unit, order, step.legal_review)
        for flow_id, data, refs in entries
        for order, (step, (department_id, post_id)) in enumerate(zip(data.steps, refs, strict=True))
    ])
    flow_ids = [flow_id for flow_id, _, _ in entries]
    ids = {}
    for start in range(0, len(flow_ids), BATCH):
        rows = Step.objects.filter(flow_id__in=flow_ids[start:start + BATCH]).values_list("flow_id", "key", "pk")
        ids.update(((flow_id, key), pk) for flow_id, key, pk in rows)
    _insert_rows(Transition, TRANSITION_COLUMNS, [
        (flow_id, ids[flow_id, arrow.source], ids[flow_id, arrow.target], arrow.condition, order)
        for flow_id, data, _ in entries
        for order, arrow in enumerate(data.arrows)
    ])


def _cleaned_or_raise(payload) -> domain.FlowData:
    data, errors = domain.flow_shape(payload)
    if errors:
        raise InvalidFlow.of(errors)
    return data


def flow_write_many(pairs) -> list[Flow]:
    """Create the flowcharts of new versions in bulk (批量导入); ``pairs`` are (version, payload).

    The payloads must have been validated: only their shape is checked again, and a post or
    department that has vanished since is still refused.
    """
    cleaned = [(version, _cleaned_or_raise(payload)) for version, payload in pairs]
    if not cleaned:
        return []
    departments = dict(
        PowerVersion.objects.filter(pk__in=[v.pk for v, _ in cleaned]).values_list("pk", "power__department_id")
    )
    lookups = _lookups([(data, departments[version.pk]) for version, data in cleaned])
    resolved = []
    for version, data in cleaned:
        refs, errors = _resolve(data, departments[version.pk], lookups)
        if errors:
            raise InvalidFlow.of(errors)
        resolved.append((data, refs))
    with transaction.atomic():
        flows = Flow.objects.bulk_create([Flow(power_version=version) for version, _ in cleaned], batch_size=BATCH)
        _insert([(flow.pk, data, refs) for flow, (data, refs) in zip(flows, resolved, strict=True)])
    return flows


def flow_replace(*, actor, version: PowerVersion, payload) -> Flow:
    """Replace the flowchart (流程图) of a draft or returned version; only its department's catalog clerk may."""
    department = version.power.department
    if not holds_for_department(actor, Role.CATALOG_CLERK, department):
        raise NotCatalogClerk(_("Only the catalog clerk of %(department)s may do this.") % {"department": department.name})
    with transaction.atomic(durable=True):
        version = (
            PowerVersion.objects.select_for_update(of=("self",)).select_related("power__department__region").get(pk=version.pk)
        )
        if not version.is_editable:
            raise TransitionRefused(
                _("Only the flowchart of a draft or returned version can be changed."), field="state", rule="editable-state"
            )
        data, errors = domain.flow_clean(payload, committed_limit=version.committed_limit,
                                         committed_unit=version.committed_unit, penalty=_is_penalty(version))
        refs = []
        if data is not None:
            refs, lookup_errors = _resolve(data, department, _lookups([(data, department.pk)]), errors)
            errors += lookup_errors
        if errors:
            raise InvalidFlow.of(errors)
        flow, _created = Flow.objects.get_or_create(power_version=version)
        Transition.objects.filter(flow=flow).delete()
        Step.objects.filter(flow=flow).delete()
        Flow.objects.filter(pk=flow.pk).update(svg="")
        flow.svg = ""
        _insert([(flow.pk, data, refs)])
    return flow


def flow_copy(source_version: PowerVersion, new_version: PowerVersion) -> Flow | None:
    """Copy a version's flowchart onto its revision (修改); None when it has none."""
    source = Flow.objects.filter(power_version=source_version).first()
    if source is None:
        return None
    steps = list(Step.objects.filter(flow=source))
    arrows = list(Transition.objects.filter(flow=source))
    flow = Flow.objects.create(power_version=new_version)
    copies = Step.objects.bulk_create(
        [Step(flow=flow, key=s.key, name=s.name, kind=s.kind, department_id=s.department_id, post_id=s.post_id,
              limit=s.limit, limit_unit=s.limit_unit, order=s.order, legal_review=s.legal_review) for s in steps],
        batch_size=BATCH,
    )
    new_id = {old.pk: new.pk for old, new in zip(steps, copies, strict=True)}
    Transition.objects.bulk_create(
        [Transition(flow=flow, source_id=new_id[a.source_id], target_id=new_id[a.target_id], condition=a.condition,
                    order=a.order) for a in arrows],
        batch_size=BATCH,
    )
    return flow


def flow_read_many(versions) -> dict[int, dict]:
    """Interchange payloads by version id, for the versions (or ids) that have a flowchart.

    Three queries whatever the number of versions: the flows, their steps, their arrows. The
    arrows' ends are mapped to step keys here rather than by joining the step table twice,
    which PostgreSQL may plan as nested scans while a table's statistics are still empty.
    """
    ids = [getattr(v, "pk", v) for v in versions]
    flow_versions = dict(Flow.objects.filter(power_version_id__in=ids).values_list("id", "power_version_id"))
    steps: dict[int, list] = {}
    keys: dict[int, str] = {}
    rows = (
        Step.objects.filter(flow_id__in=flow_versions)
        .order_by("flow_id", "order", "id")
        .values_list("flow_id", "id", "key", "name", "kind", "post__code", "department__region__code",
                     "department__code", "limit", "limit_unit", "legal_review")
    )
    for flow_id, step_id, key, name, kind, post, region, department, limit, unit, legal_review in rows:
        keys[step_id] = key
        version_steps = steps.setdefault(flow_versions[flow_id], [])
        version_steps.append(domain.StepData(
            index=len(version_steps), key=key, name=name, kind=kind, post=post,
            department=f"{region}-{department}" if department else None, limit=limit, unit=unit,
            legal_review=legal_review,
        ))
    arrows: dict[int, list] = {}
    rows = (
        Transition.objects.filter(flow_id__in=flow_versions)
        .order_by("flow_id", "order", "id")
        .values_list("flow_id", "source_id", "target_id", "condition")
    )
    for flow_id, source, target, condition in rows:
        version_arrows = arrows.setdefault(flow_versions[flow_id], [])
        version_arrows.append(domain.ArrowData(len(version_arrows), keys[source], keys[target], condition))
    return {
        version_id: domain.FlowData(tuple(version_steps), tuple(arrows.get(version_id, ()))).as_payload()
        for version_id, version_steps in steps.items()
    }


def flow_payload(flow: Flow) -> dict:
    """The interchange payload of one flowchart."""
    return flow_read_many([flow.power_version_id]).get(flow.power_version_id, {"steps": [], "transitions": []})


def flow_svg_keep(flow: Flow, svg: str) -> None:
    """Keep the drawing of an immutable flowchart; a cache, never the source of truth."""
    Flow.objects.filter(pk=flow.pk).update(svg=svg)
    flow.svg = svg


def flow_svg_forget(flow_ids) -> int:
    """Drop kept drawings so that they are drawn again (after a post or department is renamed)."""
    return Flow.objects.filter(pk__in=list(flow_ids)).exclude(svg="").update(svg="")


def flow_submit_errors(version: PowerVersion) -> list[dict]:
    """What stops a version from going to review: no flowchart, or one that breaks a rule now.

    The committed limit may have changed since the flowchart was drawn, so it is checked again.
    """
    payload = flow_read_many([version]).get(version.pk)
    if payload is None:
        return [{"field": "flow", "rule": "flow-required", "detail": _("The version has no flowchart yet.")}]
    return domain.flow_errors(payload, committed_limit=version.committed_limit, committed_unit=version.committed_unit,
                              penalty=_is_penalty(version))


def _is_penalty(version: PowerVersion) -> bool:
    """A penalty power's (行政处罚) flowchart needs a legal review step."""
    return version.power.category == Category.PENALTY

"""Readers of flowcharts: the one a user may see, and the named data to draw or export it."""

from django.utils.translation import gettext as _

from yangguang.catalog import selectors as catalog_selectors

from . import domain
from .errors import FlowNotFound
from .models import Flow, Step, Transition


def flow_get_for(user, code: str, number: int | None = None) -> Flow:
    """The flowchart of a power's version in force, or of version ``number`` when the user may see it.

    Visibility is the catalog's: the public sees published, public powers only; the
    department's clerk and the region's legal office also see drafts.
    """
    if number is None:
        power = catalog_selectors.power_get_for(user, code)
        version = power.published_version
        if version is None:
            raise FlowNotFound(_("Power %(code)s has no version in force.") % {"code": code}, field="code")
        version.power = power
    else:
        version = catalog_selectors.version_get_for(user, code, number)
    flow = Flow.objects.filter(power_version=version).first()
    if flow is None:
        raise FlowNotFound(_("Version %(number)s of power %(code)s has no flowchart.") % {
            "number": version.number, "code": code}, field="version")
    flow.power_version = version
    return flow


def flow_chart(flow: Flow) -> domain.Chart:
    """The chart of a flowchart, with post and department names (two queries)."""
    version = flow.power_version
    power = version.power
    steps = []
    for step in Step.objects.filter(flow=flow).select_related("post", "department__region").order_by("order", "id"):
        department = step.department or power.department
        steps.append(domain.ChartStep(
            key=step.key, name=step.name, kind=step.kind,
            post=step.post.name if step.post_id else "", post_code=step.post.code if step.post_id else "",
            department=department.short_name or department.name if step.post_id else "",
            department_code=department.full_code if step.post_id else "",
            other_department=step.department_id is not None, limit=step.limit, unit=step.limit_unit,
        ))
    rows = Transition.objects.filter(flow=flow).order_by("order", "id").values_list("source__key", "target__key", "condition")
    arrows = tuple(domain.ArrowData(i, source, target, condition) for i, (source, target, condition) in enumerate(rows))
    return domain.Chart(code=power.code, version=version.number, title=version.name, steps=tuple(steps), arrows=arrows)

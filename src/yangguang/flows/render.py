"""Flowchart drawings (流程图) by Graphviz ``dot``: SVG with Chinese labels, ready to inline in HTML."""

import html
import json
import subprocess

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from lxml import etree

from yangguang.catalog.models import VersionState

from . import domain
from .errors import FlowchartUnavailable
from .models import Flow, StepKind
from .selectors import flow_chart
from .services import flow_svg_keep

DOT_TIMEOUT = 10  # seconds
SVG_NS = "http://www.w3.org/2000/svg"
IMMUTABLE_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED)

NODE_STYLE = {
    StepKind.START: {"shape": "ellipse", "style": "filled", "fillcolor": "#e8f5e9", "color": "#2e7d32"},
    StepKind.END: {"shape": "ellipse", "style": "filled", "fillcolor": "#eceff1", "color": "#37474f", "peripheries": "2"},
    StepKind.TASK: {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#1565c0"},
    StepKind.EXCLUDED_TIME: {"shape": "box", "style": "rounded,dashed,filled", "fillcolor": "#fff8e1", "color": "#8d6e63"},
    StepKind.EXCLUSIVE: {"shape": "diamond", "style": "filled", "fillcolor": "#fffde7", "color": "#f9a825"},
    StepKind.PARALLEL_SPLIT: {"shape": "diamond", "style": "filled", "fillcolor": "#f3e5f5", "color": "#6a1b9a",
                              "fixedsize": "true", "width": "0.5", "height": "0.5"},
    StepKind.PARALLEL_JOIN: {"shape": "diamond", "style": "filled", "fillcolor": "#f3e5f5", "color": "#6a1b9a",
                             "fixedsize": "true", "width": "0.5", "height": "0.5"},
}
JOINT_FILL = "#e3f2fd"  # a step of another department (并联审批)
HIGHLIGHT = {"fillcolor": "#ffe0b2", "color": "#e65100", "penwidth": "3", "class": "current"}


def quoted(value: str) -> str:
    """A DOT double-quoted string; JSON's escaping of quotes and backslashes is DOT's too."""
    return json.dumps(str(value), ensure_ascii=False)


def _html(text: str) -> str:
    return html.escape(str(text), quote=False)


def _label(step: domain.ChartStep) -> str:
    """An HTML-like DOT label: the name in bold, then who handles the step and its limit."""
    if step.kind in (StepKind.PARALLEL_SPLIT, StepKind.PARALLEL_JOIN):
        return "<<B>+</B>>"
    lines = [f"<B>{_html(step.name)}</B>"]
    if step.kind == StepKind.EXCLUDED_TIME:
        special = _("Special procedure (not counted)")
        lines.append(f'<FONT POINT-SIZE="10">{_html(special)}</FONT>')
    if step.post:
        who = f"{step.department} · {step.post}" if step.other_department else step.post
        lines.append(f'<FONT POINT-SIZE="10">{_html(who)}</FONT>')
    if step.limit:
        lines.append(f'<FONT POINT-SIZE="10">{_html(domain.limit_text(step.limit, step.unit))}</FONT>')
    return "<" + "<BR/>".join(lines) + ">"


def _attributes(attrs: dict) -> str:
    return ", ".join(f"{name}={value if value.startswith('<') else quoted(value)}" for name, value in attrs.items())


def dot_source(chart: domain.Chart, *, highlight=()) -> str:
    """The DOT text of the chart: top to bottom, shapes by kind, arms labelled with conditions."""
    font = quoted(settings.FLOWCHART_FONT)
    lines = [
        "digraph flowchart {",
        f'  graph [rankdir=TB, charset="UTF-8", fontname={font}, nodesep=0.35, ranksep=0.4, bgcolor="white", forcelabels=true];',
        f'  node [fontname={font}, fontsize=12, margin="0.15,0.06"];',
        f'  edge [fontname={font}, fontsize=11, color="#546e7a", arrowsize=0.8];',
    ]
    for step in chart.steps:
        attrs = {"id": f"step-{step.key}", "label": _label(step), **NODE_STYLE[step.kind]}
        if step.kind in (StepKind.PARALLEL_SPLIT, StepKind.PARALLEL_JOIN):
            attrs["xlabel"] = step.name
        if step.other_department:
            attrs["fillcolor"] = JOINT_FILL
        if step.key in highlight:
            attrs.update(HIGHLIGHT)
        lines.append(f"  {quoted(step.key)} [{_attributes(attrs)}];")
    for arrow in chart.arrows:
        attrs = {"id": f"arrow-{arrow.index}"}
        if arrow.condition:
            attrs["label"] = f"<{_html(arrow.condition)}>"
        lines.append(f"  {quoted(arrow.source)} -> {quoted(arrow.target)} [{_attributes(attrs)}];")
    lines.append("}")
    return "\n".join(lines)


def run_dot(source: str, output_format: str) -> bytes:
    """Run Graphviz with a time limit; a failure is ``FlowchartUnavailable``."""
    try:
        done = subprocess.run(
            [settings.GRAPHVIZ_DOT, f"-T{output_format}"], input=source.encode(), capture_output=True,
            timeout=DOT_TIMEOUT, check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise FlowchartUnavailable(_("Graphviz could not draw the flowchart.")) from exc
    return done.stdout


def render_svg(chart: domain.Chart, *, highlight=()) -> str:
    """The chart as an ``<svg>`` element to inline in HTML: no prolog, an accessible name."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    root = etree.fromstring(run_dot(dot_source(chart, highlight=highlight), "svg"), parser)
    name = _("Flowchart of %(name)s (%(code)s, version %(version)s)") % {
        "name": chart.title, "code": chart.code, "version": chart.version}
    root.set("role", "img")
    root.set("aria-label", name)
    for graph_title in root.findall(f"{{{SVG_NS}}}g/{{{SVG_NS}}}title")[:1]:
        graph_title.getparent().remove(graph_title)
    title = etree.Element(f"{{{SVG_NS}}}title")
    title.text = name
    root.insert(0, title)
    return etree.tostring(root, encoding="unicode")


def flow_svg(flow: Flow, *, highlight=()) -> str:
    """The SVG of a flowchart; kept in ``Flow.svg`` once its version is published and immutable.

    Only the default language is kept, since the limits are written in words.
    """
    keep = not highlight and flow.power_version.state in IMMUTABLE_STATES and get_language() == settings.LANGUAGE_CODE
    if keep and flow.svg:
        return flow.svg
    svg = render_svg(flow_chart(flow), highlight=highlight)
    if keep:
        flow_svg_keep(flow, svg)
    return svg

"""BPMN 2.0 export of a flowchart (流程图交换), laid out by Graphviz so that modellers can show it.

One process per flowchart: a lane per post (and department, for joint approval), a user
task per task step, exclusive and parallel gateways, sequence flows with the arms'
conditions, and a diagram whose shapes and waypoints come from ``dot -Tjson``.
"""

import json

from django.utils.translation import gettext as _
from lxml import etree

from . import domain
from .models import StepKind
from .render import quoted, run_dot

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
YG = "https://yangguang.example/schema/bpmn-extension/1"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "yg": YG}

SIZE = {  # BPMN's customary sizes in pixels; dot's points are used as pixels
    StepKind.START: (36, 36), StepKind.END: (36, 36),
    StepKind.TASK: (100, 80), StepKind.EXCLUDED_TIME: (100, 80),
    StepKind.EXCLUSIVE: (50, 50), StepKind.PARALLEL_SPLIT: (50, 50), StepKind.PARALLEL_JOIN: (50, 50),
}
TAG = {
    StepKind.START: "startEvent", StepKind.END: "endEvent", StepKind.TASK: "userTask", StepKind.EXCLUDED_TIME: "userTask",
    StepKind.EXCLUSIVE: "exclusiveGateway", StepKind.PARALLEL_SPLIT: "parallelGateway", StepKind.PARALLEL_JOIN: "parallelGateway",
}
MARGIN = 20
LABEL_CHAR_WIDTH, LABEL_HEIGHT = 13, 16


def _q(tag: str) -> str:
    """``bpmn:process`` in Clark notation."""
    prefix, name = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{name}"


def _sub(parent, tag: str, text: str | None = None, /, **attrs):
    element = etree.SubElement(parent, _q(tag), {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def step_id(key: str) -> str:
    return f"Step_{key}"


def flow_id(arrow: domain.ArrowData) -> str:
    return f"Flow_{arrow.index + 1}"


def layout(chart: domain.Chart) -> tuple[dict, dict, dict]:
    """Bounds (x, y, width, height) by step key, waypoints and label centres by arrow index.

    ``dot`` lays the chart out top to bottom with BPMN-sized nodes and straight-segment
    edges; its y axis points up, BPMN's down.
    """
    lines = ['digraph bpmn {', '  graph [rankdir=TB, splines=polyline, nodesep=0.6, ranksep=0.5];',
             '  node [fixedsize=true, label=""];', '  edge [arrowhead=none];']
    for step in chart.steps:
        width, height = SIZE[step.kind]
        lines.append(f"  {quoted(step.key)} [width={width / 72:.4f}, height={height / 72:.4f}];")
    for arrow in chart.arrows:
        label = f" [label={quoted(arrow.condition)}]" if arrow.condition else ""
        lines.append(f"  {quoted(arrow.source)} -> {quoted(arrow.target)}{label};")
    lines.append("}")
    drawn = json.loads(run_dot("\n".join(lines), "json"))
    top = float(drawn["bb"].split(",")[3])

    def point(text: str) -> tuple[float, float]:
        x, y = (float(v) for v in text.split(",")[-2:])
        return round(x + MARGIN, 1), round(top - y + MARGIN, 1)

    names, bounds = {}, {}
    for node in drawn.get("objects", []):
        names[node["_gvid"]] = node["name"]
        x, y = point(node["pos"])
        width, height = float(node["width"]) * 72, float(node["height"]) * 72
        bounds[node["name"]] = (round(x - width / 2, 1), round(y - height / 2, 1), round(width, 1), round(height, 1))
    index = {(a.source, a.target): a.index for a in chart.arrows}
    waypoints, labels = {}, {}
    for edge in drawn.get("edges", []):
        arrow = index[names[edge["tail"]], names[edge["head"]]]
        points = [point(p) for p in edge["pos"].split() if not p.startswith(("s,", "e,"))]
        waypoints[arrow] = points[::3]  # a polyline spline: its corners are every third point
        if "lp" in edge:
            labels[arrow] = point(edge["lp"])
    return bounds, waypoints, labels


def lanes(chart: domain.Chart) -> dict[str, list[str]]:
    """Step keys by lane name: a lane per post; events and gateways join the lane they follow."""
    by_key = {s.key: s for s in chart.steps}
    incoming = {s.key: [] for s in chart.steps}
    for arrow in chart.arrows:
        incoming[arrow.target].append(arrow.source)
    first = next((s for s in chart.steps if s.post), None)
    lane_of = {}

    def lane(key: str) -> str:
        if key not in lane_of:
            step = by_key[key]
            if step.post:
                lane_of[key] = f"{step.department} · {step.post}"
            elif incoming[key]:
                lane_of[key] = lane(incoming[key][0])
            else:
                lane_of[key] = lane(first.key) if first else _("Flowchart")
        return lane_of[key]

    out: dict[str, list[str]] = {}
    for step in chart.steps:
        out.setdefault(lane(step.key), []).append(step.key)
    return out


def _documentation(step: domain.ChartStep) -> str:
    text = _("Post: %(post)s (%(department)s); time limit: %(limit)s.") % {
        "post": step.post, "department": step.department, "limit": domain.limit_text(step.limit, step.unit)}
    if step.kind == StepKind.EXCLUDED_TIME:
        text += " " + _("Special procedure: its time is not counted in the committed limit.")
    return text


def flow_bpmn(chart: domain.Chart) -> bytes:
    """The chart as a BPMN 2.0 XML document (UTF-8, with its XML declaration)."""
    process_id = f"Process_{chart.code}"
    root = etree.Element(_q("bpmn:definitions"), nsmap=NSMAP, attrib={
        "id": f"Definitions_{chart.code}_v{chart.version}",
        "targetNamespace": f"https://yangguang.example/powers/{chart.code}/v{chart.version}",
        "exporter": "Yangguang", "exporterVersion": "1",
    })
    process = _sub(root, "bpmn:process", id=process_id, name=chart.title, isExecutable="true")
    _sub(process, "bpmn:documentation", _("Flowchart of power %(code)s, version %(version)s.") % {
        "code": chart.code, "version": chart.version})
    lane_set = _sub(process, "bpmn:laneSet", id="LaneSet_1")
    for number, (name, keys) in enumerate(lanes(chart).items(), start=1):
        lane = _sub(lane_set, "bpmn:lane", id=f"Lane_{number}", name=name)
        for key in keys:
            _sub(lane, "bpmn:flowNodeRef", step_id(key))

    outgoing = {s.key: [] for s in chart.steps}
    incoming = {s.key: [] for s in chart.steps}
    for arrow in chart.arrows:
        outgoing[arrow.source].append(arrow)
        incoming[arrow.target].append(arrow)
    defaults = {}
    for step in chart.steps:
        attrs = {"id": step_id(step.key), "name": step.name}
        if step.kind == StepKind.EXCLUSIVE:
            defaults[step.key] = outgoing[step.key][-1].index  # taken when no other arm's condition holds
            attrs.update(gatewayDirection="Diverging" if len(incoming[step.key]) < 2 else "Mixed",
                         default=flow_id(outgoing[step.key][-1]))
        elif step.kind in (StepKind.PARALLEL_SPLIT, StepKind.PARALLEL_JOIN):
            attrs["gatewayDirection"] = "Diverging" if step.kind == StepKind.PARALLEL_SPLIT else "Converging"
        node = _sub(process, f"bpmn:{TAG[step.kind]}", **attrs)
        if step.post:
            _sub(node, "bpmn:documentation", _documentation(step))
            extension = _sub(node, "bpmn:extensionElements")
            _sub(extension, "yg:step", key=step.key, kind=step.kind, post=step.post_code, postName=step.post,
                 department=step.department_code, limit=step.limit, unit=step.unit,
                 counted="true" if step.kind == StepKind.TASK else "false")
        for arrow in incoming[step.key]:
            _sub(node, "bpmn:incoming", flow_id(arrow))
        for arrow in outgoing[step.key]:
            _sub(node, "bpmn:outgoing", flow_id(arrow))
    for arrow in chart.arrows:
        attrs = {"id": flow_id(arrow), "sourceRef": step_id(arrow.source), "targetRef": step_id(arrow.target)}
        if arrow.condition:
            attrs["name"] = arrow.condition
        sequence_flow = _sub(process, "bpmn:sequenceFlow", **attrs)
        if arrow.condition and defaults.get(arrow.source) != arrow.index:
            expression = _sub(sequence_flow, "bpmn:conditionExpression", f"decision == {arrow.condition!r}")
            expression.set(_q("xsi:type"), "bpmn:tFormalExpression")

    _diagram(root, process_id, chart)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _diagram(root, process_id: str, chart: domain.Chart) -> None:
    bounds, waypoints, labels = layout(chart)
    diagram = _sub(root, "bpmndi:BPMNDiagram", id="BPMNDiagram_1", name=chart.title)
    plane = _sub(diagram, "bpmndi:BPMNPlane", id="BPMNPlane_1", bpmnElement=process_id)
    for step in chart.steps:
        attrs = {"id": f"{step_id(step.key)}_di", "bpmnElement": step_id(step.key)}
        if step.kind == StepKind.EXCLUSIVE:
            attrs["isMarkerVisible"] = "true"
        shape = _sub(plane, "bpmndi:BPMNShape", **attrs)
        x, y, width, height = bounds[step.key]
        _sub(shape, "dc:Bounds", x=x, y=y, width=width, height=height)
    for arrow in chart.arrows:
        edge = _sub(plane, "bpmndi:BPMNEdge", id=f"{flow_id(arrow)}_di", bpmnElement=flow_id(arrow))
        for x, y in waypoints[arrow.index]:
            _sub(edge, "di:waypoint", x=x, y=y)
        if arrow.index in labels:
            x, y = labels[arrow.index]
            width = LABEL_CHAR_WIDTH * len(arrow.condition) + 4
            label = _sub(edge, "bpmndi:BPMNLabel")
            _sub(label, "dc:Bounds", x=round(x - width / 2, 1), y=round(y - LABEL_HEIGHT / 2, 1), width=width, height=LABEL_HEIGHT)

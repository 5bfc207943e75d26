import pytest
from django.test import override_settings
from django.utils import translation
from lxml import etree

from yangguang.flows import render, selectors, services
from yangguang.flows.errors import FlowchartUnavailable
from yangguang.flows.models import Flow

from .conftest import publish

SVG = "{http://www.w3.org/2000/svg}"


def node(svg: str, key: str):
    root = etree.fromstring(svg.encode())
    (found,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == f"step-{key}"]
    return found


def texts(element) -> str:
    return " ".join(t.text or "" for t in element.iter(f"{SVG}text"))


@pytest.fixture
def chart(draft_with_flow):
    return selectors.flow_chart(draft_with_flow.flow)


def test_svg_is_well_formed_inline_svg_with_the_chinese_step_names(chart):
    with translation.override("zh-hans"):
        svg = render.render_svg(chart)
    assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg and "<!--" not in svg
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img" and "建设项目用地预审" in root.get("aria-label")
    assert root[0].tag == f"{SVG}title" and root[0].text == root.get("aria-label")
    for name in ("申请", "受理", "初审", "现场踏勘", "规划意见", "决定", "办结"):
        assert name in svg
    assert "窗口受理岗" in texts(node(svg, "accept")) and "1 工作日" in texts(node(svg, "accept"))
    # a step of another department names it (并联审批)
    assert "规划局 · 规划审查岗" in texts(node(svg, "planning"))
    assert "规划局" not in texts(node(svg, "examine"))
    # the arms of the decision carry their conditions
    assert "准予" in svg and "不予" in svg


def test_shapes_follow_the_kind(chart):
    svg = render.render_svg(chart)
    assert node(svg, "start").find(f"{SVG}ellipse") is not None
    assert len(node(svg, "end").findall(f"{SVG}ellipse")) == 2  # a double ring
    assert node(svg, "decide").find(f"{SVG}polygon") is not None  # a diamond
    assert texts(node(svg, "consult")).split() == ["+", "并联征求意见"]  # the bar and its outside label


def test_a_special_procedure_is_dashed(make_version, posts, joint_flow):
    version = make_version()
    services.flow_write_many([(version, joint_flow)])
    with translation.override("zh-hans"):
        svg = render.render_svg(selectors.flow_chart(version.flow))
    expert = node(svg, "expert")
    assert "特别程序" in texts(expert)
    assert any(p.get("stroke-dasharray") for p in expert.iter(f"{SVG}path"))


def test_highlight_marks_the_current_step(chart):
    plain, marked = render.render_svg(chart), render.render_svg(chart, highlight={"survey"})
    assert node(plain, "survey").get("class") == "node"
    assert node(marked, "survey").get("class") == "node current"
    fills = {p.get("fill") for p in node(marked, "survey").iter(f"{SVG}path")}
    assert render.HIGHLIGHT["fillcolor"] in fills
    assert node(marked, "accept").get("class") == "node"


def test_labels_are_escaped(chart):
    step = chart.steps[1]
    odd = chart.__class__(chart.code, chart.version, 'A "quoted" <title> & more', (
        step.__class__(key=step.key, name='受理 <b>&"', kind=step.kind, post=step.post, limit=1),), ())
    svg = render.render_svg(odd)
    assert texts(node(svg, step.key)).startswith('受理 <b>&"')
    assert etree.fromstring(svg.encode()).get("aria-label").startswith('A "quoted" <title> & more')


def test_published_drawings_are_kept_and_drafts_drawn_fresh(draft_with_flow, django_assert_num_queries):
    flow = Flow.objects.select_related("power_version__power__department__region").get(power_version=draft_with_flow)
    render.flow_svg(flow)
    assert Flow.objects.get(pk=flow.pk).svg == ""
    publish(draft_with_flow)
    flow = Flow.objects.select_related("power_version__power__department__region").get(power_version=draft_with_flow)
    svg = render.flow_svg(flow)
    assert Flow.objects.get(pk=flow.pk).svg == svg
    with django_assert_num_queries(0):
        assert render.flow_svg(flow) == svg
    assert render.flow_svg(flow, highlight={"accept"}) != svg
    with translation.override("en"):
        assert "1 working day" in render.flow_svg(flow)
    assert Flow.objects.get(pk=flow.pk).svg == svg


@override_settings(GRAPHVIZ_DOT="/nonexistent/dot")
def test_a_missing_graphviz_is_a_clear_error(chart):
    with pytest.raises(FlowchartUnavailable):
        render.render_svg(chart)

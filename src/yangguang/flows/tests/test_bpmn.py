from pathlib import Path

import pytest
import SpiffWorkflow
from django.utils import translation
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.specs.defaults import ExclusiveGateway, ParallelGateway, UserTask
from SpiffWorkflow.util.task import TaskState

from yangguang.flows import bpmn, selectors, services

SCHEMA = Path(SpiffWorkflow.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
NS = bpmn.NSMAP
PROCESS = "Process_320100-012-XK-0001"


@pytest.fixture
def exported(draft_with_flow):
    with translation.override("zh-hans"):
        return bpmn.flow_bpmn(selectors.flow_chart(draft_with_flow.flow))


@pytest.fixture
def doc(exported):
    return etree.fromstring(exported)


def test_the_export_is_valid_against_the_bpmn_20_schema(exported):
    assert exported.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    schema.assertValid(etree.fromstring(exported))


def test_spiffworkflow_loads_the_process_and_its_task_specs(exported, land_flow):
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_str(exported, "320100-012-XK-0001.bpmn")
    spec = parser.get_spec(PROCESS)
    assert {f"Step_{s['key']}" for s in land_flow["steps"]} <= set(spec.task_specs)
    assert isinstance(spec.task_specs["Step_accept"], UserTask)
    assert isinstance(spec.task_specs["Step_consult"], ParallelGateway)
    assert isinstance(spec.task_specs["Step_decide"], ExclusiveGateway)
    assert spec.task_specs["Step_planning"].lane == "规划局 · 规划审查岗"


@pytest.mark.parametrize(("decision", "last"), [("准予", "Step_issue"), ("不予", "Step_approve")])
def test_the_process_runs_through_both_branches_and_the_decision(exported, decision, last):
    parser = BpmnParser()
    parser.add_bpmn_str(exported)
    workflow = BpmnWorkflow(parser.get_spec(PROCESS))
    done = []
    workflow.do_engine_steps()
    while not workflow.is_completed():
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        assert ready, "the process is stuck"
        for task in ready:
            task.data["decision"] = decision
            task.run()
            done.append(task.task_spec.name)
        workflow.do_engine_steps()
    assert {"Step_examine", "Step_planning"} <= set(done)  # both departments took part
    assert done[-1] == last


def test_every_step_has_a_shape_and_every_arrow_an_edge(doc, land_flow):
    shapes = {s.get("bpmnElement"): s for s in doc.iterfind(".//bpmndi:BPMNShape", NS)}
    assert set(shapes) == {f"Step_{s['key']}" for s in land_flow["steps"]}
    for shape in shapes.values():
        bounds = shape.find("dc:Bounds", NS)
        assert float(bounds.get("width")) > 0 and float(bounds.get("height")) > 0 and float(bounds.get("x")) >= 0
    assert shapes["Step_accept"].find("dc:Bounds", NS).get("width") == "100.0"
    assert shapes["Step_decide"].get("isMarkerVisible") == "true"
    # top to bottom: the start is above the end
    assert float(shapes["Step_start"].find("dc:Bounds", NS).get("y")) < float(shapes["Step_end"].find("dc:Bounds", NS).get("y"))
    flows = {f.get("id") for f in doc.iterfind(".//bpmn:sequenceFlow", NS)}
    edges = {e.get("bpmnElement"): e for e in doc.iterfind(".//bpmndi:BPMNEdge", NS)}
    assert set(edges) == flows and len(flows) == len(land_flow["transitions"])
    assert all(len(e.findall("di:waypoint", NS)) >= 2 for e in edges.values())


def test_conditions_default_arm_and_documentation(doc):
    gateway = doc.find(".//bpmn:exclusiveGateway", NS)
    arms = [f for f in doc.iterfind(".//bpmn:sequenceFlow", NS) if f.get("sourceRef") == gateway.get("id")]
    assert [a.get("name") for a in arms] == ["准予", "不予"]
    condition = arms[0].find("bpmn:conditionExpression", NS)
    assert condition.get(f"{{{NS['xsi']}}}type") == "bpmn:tFormalExpression" and "准予" in condition.text
    assert gateway.get("default") == arms[1].get("id") and arms[1].find("bpmn:conditionExpression", NS) is None
    assert doc.find(".//bpmn:parallelGateway[@id='Step_consult']", NS).get("gatewayDirection") == "Diverging"
    assert doc.find(".//bpmn:parallelGateway[@id='Step_gather']", NS).get("gatewayDirection") == "Converging"
    planning = doc.find(".//bpmn:userTask[@id='Step_planning']", NS)
    assert "规划审查岗" in planning.findtext("bpmn:documentation", namespaces=NS)
    assert "3 工作日" in planning.findtext("bpmn:documentation", namespaces=NS)
    extension = planning.find("bpmn:extensionElements/yg:step", NS)
    assert (extension.get("department"), extension.get("post"), extension.get("limit")) == ("320100-015", "review", "3")


def test_lanes_hold_every_node_once(doc):
    refs = [r.text for r in doc.iterfind(".//bpmn:lane/bpmn:flowNodeRef", NS)]
    nodes = [n.get("id") for n in doc.find("bpmn:process", NS) if n.get("id", "").startswith("Step_")]
    assert sorted(refs) == sorted(nodes)
    names = [lane.get("name") for lane in doc.iterfind(".//bpmn:lane", NS)]
    assert "规划局 · 规划审查岗" in names and "国土局 · 窗口受理岗" in names


def test_special_procedure_is_documented_as_not_counted(make_version, posts, joint_flow):
    version = make_version()
    services.flow_write_many([(version, joint_flow)])
    with translation.override("zh-hans"):
        doc = etree.fromstring(bpmn.flow_bpmn(selectors.flow_chart(version.flow)))
    expert = doc.find(".//bpmn:userTask[@id='Step_expert']", NS)
    assert "不计入" in expert.findtext("bpmn:documentation", namespaces=NS)
    assert expert.find("bpmn:extensionElements/yg:step", NS).get("counted") == "false"

"""Flowchart API under /api/v1/powers: SVG, BPMN 2.0 and JSON of a power's flowchart; replacing a draft's."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from yangguang.catalog import selectors as catalog_selectors
from yangguang.core.apiauth import anyone, authenticated

from . import bpmn, render, selectors, services
from .schemas import FlowIn, FlowOut

router = Router(tags=["flowcharts"])


def _body(content_type: str) -> dict:
    return {"responses": {200: {"description": "OK", "content": {content_type: {"schema": {"type": "string"}}}}}}


@router.get("/{code}/flowchart.svg", auth=anyone, summary="The flowchart drawn as SVG", openapi_extra=_body("image/svg+xml"),
            description="The version in force of a published power; `?version=N` shows another version to those who may see it.")
def flowchart_svg(request: HttpRequest, code: str, version: int | None = None):
    flow = selectors.flow_get_for(request.user, code, version)
    return HttpResponse(render.flow_svg(flow), content_type="image/svg+xml; charset=utf-8")


@router.get("/{code}/flow.bpmn", auth=anyone, summary="The flowchart as BPMN 2.0 XML", openapi_extra=_body("application/xml"))
def flowchart_bpmn(request: HttpRequest, code: str, version: int | None = None):
    flow = selectors.flow_get_for(request.user, code, version)
    chart = selectors.flow_chart(flow)
    response = HttpResponse(bpmn.flow_bpmn(chart), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart.code}.bpmn"'
    return response


@router.get("/{code}/flow", response=FlowOut, auth=anyone, by_alias=True, exclude_none=True,
            summary="The flowchart as interchange JSON")
def flow_detail(request: HttpRequest, code: str, version: int | None = None):
    return services.flow_payload(selectors.flow_get_for(request.user, code, version))


@router.put("/{code}/versions/{number}/flow", response=FlowOut, auth=authenticated, by_alias=True, exclude_none=True,
            summary="Replace the flowchart of a draft or returned version")
def flow_update(request: HttpRequest, code: str, number: int, payload: FlowIn):
    version = catalog_selectors.version_get_for(request.user, code, number)
    flow = services.flow_replace(actor=request.user, version=version, payload=payload.model_dump())
    return services.flow_payload(flow)

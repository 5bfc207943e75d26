"""Ninja schemas of the flowchart interchange payload."""

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from yangguang.catalog.models import LimitUnit

from .models import StepKind


class StepOut(Schema):
    key: str
    name: str
    kind: StepKind
    department: str | None = Field(None, description="Full code REGION-CODE when the step is in another department (并联审批)")
    post: str | None = Field(None, description="Code of the post handling a task or special-procedure step")
    limit: int | None = None
    unit: LimitUnit | None = None


class TransitionOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    source: str = Field(..., alias="from")
    to: str
    condition: str | None = Field(None, description="Label of an exclusive branch's arm")


class FlowOut(Schema):
    steps: list[StepOut]
    transitions: list[TransitionOut]


class FlowIn(Schema):
    """A flowchart to store; every field of every step and transition is checked by the flows domain."""

    model_config = ConfigDict(extra="forbid")

    steps: list[dict[str, Any]] = Field(..., description="[{key, name, kind, department?, post?, limit?, unit?}] in order")
    transitions: list[dict[str, Any]] = Field(default_factory=list, description="[{from, to, condition?}]")

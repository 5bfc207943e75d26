"""Schemas of the discretion API."""

from typing import Any

from ninja import Field, Schema


class Strict(Schema):
    model_config = {"extra": "forbid"}


class BenchmarkOut(Schema):
    power: str = Field(description="Unified code of the penalty power")
    number: int = Field(description="Version of the benchmark in force")
    published_at: Any
    strategy: dict[str, Any] = Field(description="The rule that moves a range by the circumstances: {name, params}")
    circumstances: list[dict[str, Any]]
    violations: list[dict[str, Any]] = Field(description="Violations with their provisions, statutory standard and tiers")


class CalculateIn(Strict):
    power: str = Field(description="Unified code of a published penalty power")
    violation: str = Field(description="Code of a violation of its benchmark in force")
    facts: dict[str, Any] = Field(default_factory=dict, description=(
        "Factor values (first_offence, corrected, illegal_income, goods_value, project_amount, harm, duration_days, "
        "repeat_count, area, persons) and `circumstances`, a list of circumstance codes"))
    decision: str | None = Field(None, description="To check a decision: granted (a penalty) or denied (none)")
    penalty_kind: str = ""
    penalty_amount: str | None = Field(None, description="Yuan, e.g. 5000.00")


class Deviation(Schema):
    field: str
    rule: str
    detail: str


class CalculateOut(Schema):
    power: str
    benchmark: int
    violation: str
    tier: str = Field(description="exempt, minor, general, serious or severe; empty when no tier's conditions hold")
    tier_name: str
    conditions: str = Field(description="The conditions that held")
    range: list[str] | None = Field(description="[from, to] in yuan; null for no penalty or an unresolved multiple")
    tier_range: list[str] | None
    statutory_range: list[str] | None
    exempt: bool
    mitigated: bool
    direction: int = Field(description="-1 lighter, 0 neither, 1 heavier")
    circumstances: list[str]
    missing_base: str
    standard: dict[str, Any]
    basis: list[dict[str, Any]]
    explanation: list[str]
    within: bool | None = Field(None, description="Whether the decision given keeps to the benchmark")
    deviations: list[Deviation] = Field(default_factory=list)

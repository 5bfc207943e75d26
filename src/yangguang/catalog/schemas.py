"""API shapes of the catalog."""

from datetime import datetime

from ninja import Field, Schema

from .models import Category, Disclosure, LimitUnit


class LegalBasis(Schema):
    law: str = Field(description="Name of the law, regulation or rule")
    article: str = Field(description="Article, e.g. 第二十条")
    text: str = ""


class Material(Schema):
    name: str
    required: bool = True
    copies: int = 1
    note: str = ""


class Fee(Schema):
    name: str
    standard: str
    basis: str


class DepartmentOut(Schema):
    code: str = Field(description="Region code and department code, e.g. 320100-012")
    name: str
    region: str


class Content(Schema):
    """The reviewable content of a version."""

    name: str
    legal_bases: list[LegalBasis]
    conditions: str = ""
    materials: list[Material] = []
    fees: list[Fee] = []
    result_documents: list[str] = []
    statutory_limit: int
    statutory_unit: LimitUnit = LimitUnit.WORKDAY
    committed_limit: int
    committed_unit: LimitUnit = LimitUnit.WORKDAY
    extension_limit: int = 0
    consultation_phone: str = ""
    supervision_phone: str = ""
    handling_place: str = ""
    online: bool = True
    disclosure: Disclosure = Disclosure.PUBLIC
    filed_reason: str = ""


class PowerCreate(Content):
    department: str = Field(description="Department code with its region, e.g. 320100-012")
    category: Category
    code: str | None = Field(None, description="Leave empty to generate the unified code")
    flow: dict | None = Field(None, description="The flowchart: {steps: [...], transitions: [...]}")


class VersionOut(Content):
    number: int
    change: str
    change_reason: str
    state: str
    state_name: str
    created_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_opinion: str
    published_at: datetime | None
    valid_until: datetime | None


class VersionSummary(Schema):
    number: int
    change: str
    state: str
    state_name: str
    name: str
    created_at: datetime
    published_at: datetime | None
    valid_until: datetime | None


class PowerOut(Schema):
    code: str
    name: str
    category: str
    category_name: str
    department: DepartmentOut
    statutory_limit: int
    statutory_unit: str
    committed_limit: int
    committed_unit: str
    version: int
    published_at: datetime | None
    revoked_at: datetime | None
    flowchart_url: str


class PowerDetail(PowerOut):
    content: VersionOut | None
    versions: list[VersionSummary]


class PowerPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PowerOut]


class Opinion(Schema):
    opinion: str = ""


class Reason(Schema):
    reason: str


class DiffLine(Schema):
    field: str
    label: str
    old: object
    new: object


class VersionDiff(Schema):
    code: str
    old: int
    new: int
    changes: list[DiffLine]

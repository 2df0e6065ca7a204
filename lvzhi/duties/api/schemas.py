"""The duties API's schemas: what goes in and out (ids for links, Chinese labels beside the codes)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from lvzhi.api.schemas import InputSchema


class ChangeIn(InputSchema):
    reason: str = Field(description=_("调整原因"))
    effective_date: datetime.date = Field(description=_("生效日期"))
    document_number: str = Field("", description=_("文号"))
    claim: int | None = Field(None, description=_("认领的上级变更(认领记录编号)"))


class ItemIn(InputSchema):
    """A list item's fields (by list: see docs/duties.md); foreign keys and links by id."""

    values: dict[str, Any] = Field(description=_('字段及其值,如 {"name": "…", "item_type": "licensing"}'))
    links: dict[str, list[int]] = Field(default_factory=dict, description=_('多选关联,如 {"posts": [3, 4]}'))
    change: ChangeIn


class CancelIn(InputSchema):
    change: ChangeIn


class DelegateIn(InputSchema):
    receiving_body: str
    receiving_region: int | None = None
    manner: str = ""
    change: ChangeIn


class ListItemOut(Schema):
    id: int
    key: str
    list: str
    code: str
    name: str
    unit: int | None
    unit_name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    is_published: bool
    fields: dict[str, Any]


class AdjustmentOut(Schema):
    id: int
    list_kind: str
    item_key: str
    item_label: str
    adjustment_type: str
    adjustment_type_label: str
    reason: str
    document_number: str
    effective_date: datetime.date
    unit: int | None = Field(None, alias="unit_id")
    claim: int | None = Field(None, alias="claim_id")


class DifferenceOut(Schema):
    start: datetime.date
    end: datetime.date
    added: list[ListItemOut]
    removed: list[ListItemOut]
    changed: list[dict[str, Any]]


class BodyDutyIn(InputSchema):
    internal_body: int
    main_duty: int | None = None
    text: str
    seq: int | None = None


class TaskIn(InputSchema):
    text: str
    posts: list[int] = Field(default_factory=list)
    seq: int | None = None


class TaskOut(Schema):
    id: int
    seq: int
    text: str
    posts: list[int]


class BodyDutyOut(Schema):
    id: int
    internal_body: int
    internal_body_name: str
    main_duty: int | None
    seq: int
    text: str
    tasks: list[TaskOut]


class CoverageRowOut(Schema):
    unit_id: int
    unit_name: str
    main_duties: int
    main_undecomposed: int
    body_duties: int
    tasks: int
    tasks_without_post: int
    complete: bool


class CoverageOut(Schema):
    units: list[CoverageRowOut]
    totals: dict[str, int]
    missing_main: list[int]
    missing_post: list[int]


class NoticeIn(InputSchema):
    region: int
    issuer: str
    document_number: str
    title: str
    summary: str = ""
    change_type: str
    deadline: datetime.date
    received_on: datetime.date | None = None
    units: list[int]


class NoticeOut(Schema):
    id: int
    issuer: str
    document_number: str
    title: str
    summary: str
    change_type: str
    received_on: datetime.date
    deadline: datetime.date


class ClaimIn(InputSchema):
    applies: bool = True
    note: str = ""
    adjustment: int | None = None


class ClaimOut(Schema):
    id: int
    notice: int = Field(alias="notice_id")
    unit: int = Field(alias="unit_id")
    deadline: datetime.date
    status: str
    note: str
    claimed_at: datetime.datetime | None


class RemindIn(InputSchema):
    notice: int | None = None


class CountOut(Schema):
    count: int


class ScanIn(InputSchema):
    region: int


class ScanOut(Schema):
    texts: int
    candidates: int
    pairs: int
    skipped_boilerplate: int
    seconds: float


class CandidateOut(Schema):
    id: int
    unit_a: int = Field(alias="unit_a_id")
    unit_b: int = Field(alias="unit_b_id")
    text_a: str
    text_b: str
    basis_a: str
    basis_b: str
    score: float
    shared_phrases: list[str]
    status: str
    finding: int | None = Field(None, alias="finding_id")

    @staticmethod
    def resolve_shared_phrases(obj: Any) -> list[str]:
        return obj.phrases()


class DecisionIn(InputSchema):
    note: str = ""


class SettleIn(InputSchema):
    boundary_item: int


class StatisticsRowOut(Schema):
    unit_id: int
    unit_name: str
    items: int
    adjustments: int
    by_type: dict[str, int]
    claims: int
    claimed_on_time: int
    claimed_late: int
    unclaimed: int


class ListImportOut(Schema):
    result: dict[str, int]

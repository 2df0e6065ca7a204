"""The workflows API's schemas: what goes in and out (ids for links, Chinese labels beside the codes)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from lvzhi.api.schemas import InputSchema


class WorkflowIn(InputSchema):
    unit: int
    code: str
    name: str
    subject_kind: str = Field(description=_("power(权责事项)或 task(工作任务)"))
    power_item_key: str = Field("", description=_("权责事项的标识(key),事项类别为 power 时必填"))
    task: int | None = Field(None, description=_("工作任务编号,事项类别为 task 时必填"))
    internal_body: int | None = Field(None, description=_("承办科室(内设机构编号)"))
    note: str = ""


class WorkflowVersionBrief(Schema):
    id: int
    number: int
    status: str
    status_label: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    reason: str
    returned_reason: str


class WorkflowOut(Schema):
    id: int
    unit: int
    unit_name: str
    code: str
    name: str
    subject_kind: str
    subject_name: str
    power_item_key: str
    task: int | None
    internal_body: int | None
    internal_body_name: str
    versions: list[WorkflowVersionBrief]


class WorkflowStepIn(InputSchema):
    name: str
    parent: int | None = Field(None, description=_("所属一级环节的编号;留空为一级环节"))
    post: int | None = Field(None, description=_("责任岗位(本单位岗位编号)"))
    responsible: str = Field("", description=_("责任主体(不是本单位岗位时)"))
    time_limit: int | None = None
    time_unit: str = Field("days", description=_("days(工作日)或 hours(工作小时)"))
    limit_basis: str = ""
    materials: list[str] = Field(default_factory=list)
    sign_off: str = Field("", description=_("签批层级:post、section、deputy、head、collective、higher,或空"))
    description: str = ""


class WorkflowStepOut(Schema):
    id: int
    number: str
    parent: int | None
    name: str
    post: int | None
    post_name: str
    responsible: str
    time_limit: int | None
    time_unit: str
    limit_basis: str
    materials: list[str]
    sign_off: str
    sign_off_label: str
    description: str


class WorkflowFiguresOut(Schema):
    steps: int
    procedures: int
    materials: list[str]
    sign_off_levels: list[str]
    levels: int
    too_many_levels: bool
    inside_section: bool
    days: int
    hours: int


class WorkflowVersionOut(WorkflowVersionBrief):
    workflow: int
    steps: list[WorkflowStepOut]
    figures: WorkflowFiguresOut


class WorkflowStepSpecOut(Schema):
    number: str
    name: str
    parent: str
    post_id: int | None
    post_name: str
    time_limit: int | None
    time_unit: str
    sign_off: str
    step_id: int


class WorkflowNewVersionIn(InputSchema):
    reason: str


class WorkflowAdoptIn(InputSchema):
    valid_from: datetime.date | None = None


class WorkflowReturnIn(InputSchema):
    reason: str


class WorkflowMoveIn(InputSchema):
    up: bool = True


class WorkflowComparisonOut(Schema):
    old: int
    new: int
    kinds: list[str]
    steps_cut: int
    procedures_cut: int
    materials_cut: int
    days_cut: int
    hours_cut: int
    levels_cut: int
    removed_steps: list[str]
    added_steps: list[str]
    removed_materials: list[str]
    added_materials: list[str]


class WorkflowUnitChecksOut(Schema):
    unit: int | None
    unit_name: str
    drawn: int
    workflows: int
    flagged: int
    share_before: str
    share_now: str
    redesigned: int
    steps_cut: int
    procedures_cut: int
    materials_cut: int
    days_cut: int
    hours_cut: int


class WorkflowChecksOut(Schema):
    units: list[WorkflowUnitChecksOut]
    total: WorkflowUnitChecksOut
    flagged_workflows: list[int]


class WorkflowNormOut(Schema):
    id: int
    internal_body: int
    title: str
    document_number: str
    issued_on: datetime.date | None
    file_name: str
    url: str


class WorkflowSectionOut(Schema):
    internal_body: int
    name: str
    unit: int
    tasks: list[int]
    workflows: list[int]
    workflows_in_force: list[int]
    norms: list[WorkflowNormOut]
    boundaries: list[int]
    missing: list[str]
    missing_labels: list[str]


class WorkflowUnitMissingOut(Schema):
    unit: int | None
    unit_name: str
    sections: int
    complete: int
    missing: dict[str, int]
    incomplete_sections: list[int]


class WorkflowMissingOut(Schema):
    units: list[WorkflowUnitMissingOut]
    total: WorkflowUnitMissingOut


class WorkflowImportOut(Schema):
    result: dict[str, int]

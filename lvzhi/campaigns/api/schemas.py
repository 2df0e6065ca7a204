"""The request and response schemas of the campaign API."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from lvzhi.api.schemas import omit_to_keep


class StageOut(Schema):
    stage: str
    label: str
    status: str
    due_date: datetime.date | None
    closed_at: datetime.datetime | None
    actors: str
    closes_when: str
    locks: str


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    period: str
    stage: str
    stage_label: str
    published_at: datetime.datetime | None
    scheme_version_id: int | None
    plan_id: int | None = None
    unit_count: int = 0
    results_stale: bool


class CategorySchemeOut(Schema):
    category_id: int
    category: str
    scheme_version_id: int


class CategorySchemeIn(Schema):
    category_id: int
    scheme_version_id: int | None = Field(
        None, description=gettext_lazy("已发布的版本;null 表示该类别使用活动的默认版本")
    )


class CampaignDetailOut(CampaignOut):
    stages: list[StageOut]
    category_schemes: list[CategorySchemeOut] = []
    blockers: list[str]
    subordinate_share: Decimal
    triangulation_margin: Decimal
    unvisited_treatment: str = Field(description=gettext_lazy("未实地评估单位的实地评估指标:desk_review、not_applicable、default"))
    unvisited_default_percent: Decimal
    late_treatment: str = Field(description=gettext_lazy("逾期未提交自评的单位:office_review、zero、exclude"))
    category_ids: list[int]
    region_ids: list[int]
    leader_rating_periods: list[str]


class CampaignIn(Schema):
    name: str
    year: int
    period: str = "year"
    scheme_version_id: int | None = None
    region_id: int | None = None
    category_ids: list[int] = []
    region_ids: list[int] = []
    plan_id: int | None = Field(None, description=gettext_lazy("评估规划:评估范围为规划中本年度安排的单位"))
    subordinate_share: Decimal = Decimal("0.30")
    triangulation_margin: Decimal = Decimal(20)
    description: str = ""
    deadlines: dict[str, datetime.date] = {}


class CampaignPatch(Schema):
    name: str = omit_to_keep()
    year: int = omit_to_keep()
    period: str = omit_to_keep()
    scheme_version_id: int | None = None
    region_id: int | None = None
    category_ids: list[int] | None = None
    region_ids: list[int] | None = None
    subordinate_share: Decimal = omit_to_keep()
    triangulation_margin: Decimal = omit_to_keep()
    unvisited_treatment: str = omit_to_keep()
    unvisited_default_percent: Decimal = omit_to_keep()
    late_treatment: str = omit_to_keep()
    description: str = omit_to_keep()
    category_schemes: list[CategorySchemeIn] | None = Field(
        None, description=gettext_lazy("按类别使用的指标体系版本(只改所列类别)")
    )


class CopyIn(Schema):
    year: int
    name: str = ""


class CloseIn(Schema):
    reason: str = ""
    force: bool = False


class ReopenIn(Schema):
    stage: str
    reason: str


class UnitIdsIn(Schema):
    unit_ids: list[int]


class AssignIn(Schema):
    user_id: int
    unit_ids: list[int]
    kind: str = "evaluator"


class TeamIn(Schema):
    kind: str
    name: str
    head_id: int | None = None
    member_ids: list[int] = []
    duties: str = ""


class TeamPatch(Schema):
    kind: str | None = None
    name: str | None = None
    head_id: int | None = None
    member_ids: list[int] | None = None
    duties: str | None = None


class TeamOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    head_id: int | None
    member_ids: list[int]
    duties: str


class ChecklistItemIn(Schema):
    group: str
    text: str
    mandatory: bool = True


class CampaignUnitOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    category: str | None
    included_by: str
    self_status: str
    submitted_at: datetime.datetime | None
    return_reason: str
    review_done_at: datetime.datetime | None
    not_applicable: list[str] = []
    not_evaluated_reason: str = ""


class EntryOut(Schema):
    code: str
    period: str
    self_score: Decimal | None
    self_note: str
    reviewed_score: Decimal | None
    review_reason: str
    review_source: str


class EvidenceOut(Schema):
    id: int
    purpose: str
    code: str
    kind: str
    title: str
    url: str
    text: str
    file_url: str | None


class CampaignUnitDetailOut(CampaignUnitOut):
    report: str
    entries: list[EntryOut]
    evidence: list[EvidenceOut]
    sheets: list[str]
    problems: list[str]


# The registry has a UnitDetailOut too; OpenAPI names schemas by class, so this one is CampaignUnitDetailOut.
UnitDetailOut = CampaignUnitDetailOut


class ScoreIn(Schema):
    code: str
    period: str = ""
    value: Decimal | None = None
    reason: str = ""


class SelfIn(Schema):
    scores: list[ScoreIn] = []
    notes: dict[str, str] = {}
    report: str | None = None


class SelfOnBehalfIn(SelfIn):
    """代录: the unit's self-assessment entered by the office from the form the unit sent; `document` names it,
    `submit` submits it too."""

    document: str = ""  # required by the action, which names it in Chinese (after the policy's check)
    submit: bool = False


class ReviewIn(Schema):
    scores: list[ScoreIn]
    source: str = "desk_review"


class ReviewOnBehalfIn(Schema):
    """代录: scores an evaluator gave on a paper sheet, entered by the office; `document` names the sheet."""

    evaluator_id: int | None = Field(None, description=gettext_lazy("评估人员(用户编号,须分工负责该单位)"))
    document: str = Field("", description=gettext_lazy("依据文件(纸质评分表的名称或编号)"))
    scores: list[ScoreIn] = []
    source: str = Field(
        "", description=gettext_lazy("desk_review 案头审核,on_site 实地评估;省略时为当前阶段的得分")
    )


class ReasonIn(Schema):
    reason: str


class SheetIn(Schema):
    data: dict


class FindingIn(Schema):
    title: str
    category: str
    severity: str = "medium"
    indicator_code: str = ""
    description: str = ""
    deadline: datetime.date | None = None


class FindingOut(Schema):
    id: int
    unit_id: int
    source: str
    category: str
    severity: str
    indicator_code: str
    title: str
    description: str
    status: str


class VisitIn(Schema):
    planned_on: datetime.date | None = None
    place: str = ""
    agenda: str = ""
    team_ids: list[int] = []


class ItemOut(Schema):
    id: int
    group: str
    text: str
    mandatory: bool
    ticked: bool
    note: str


class VisitOut(Schema):
    id: int
    status: str
    planned_on: datetime.date | None
    place: str
    summary: str
    items: list[ItemOut]
    interviews: list[dict]
    archive_checks: list[dict]


class TickIn(Schema):
    ticked: bool
    note: str = ""


class InterviewIn(Schema):
    interviewee: str
    post: str = ""
    held_on: datetime.date | None = None
    record: str


class ArchiveIn(Schema):
    archive: str
    result: str
    note: str = ""


class SummaryIn(Schema):
    summary: str = ""


class RatingIn(Schema):
    """`rating`: a label of the scheme's rating scale (优秀、良好、一般、差) or a rater's score ("92")."""

    unit_id: int
    rating: str
    period: str = ""
    comment: str = ""


class RatingOnBehalfIn(Schema):
    """代录: a leader's rating entered by the office from a paper form; `document` names the form."""

    leader_id: int
    unit_id: int
    rating: str = Field(description=gettext_lazy("评价等次(如优秀)或分数(如 92)"))
    document: str
    period: str = ""
    comment: str = ""


class RatingOut(Schema):
    unit_id: int
    leader_id: int
    period: str
    rating: str
    comment: str
    entered_by_id: int | None = None
    source_document: str = ""


class CampaignResultOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    category: str | None
    total: Decimal | None
    grade: str
    rank: int | None


ResultOut = CampaignResultOut  # the schemes API has its own ResultOut (a saved 试算 result)


class FlagOut(Schema):
    id: int
    unit_id: int
    code: str
    figures: dict
    spread: Decimal
    status: str
    note: str


class NoteIn(Schema):
    note: str


class ObjectionIn(Schema):
    code: str
    reason: str
    requested_score: Decimal | None = None


class AnswerIn(Schema):
    upheld: bool
    answer: str
    new_score: Decimal | None = None


class ObjectionOut(Schema):
    id: int
    unit_id: int
    code: str
    reason: str
    requested_score: Decimal | None
    status: str
    answer: str
    old_score: Decimal | None
    new_score: Decimal | None


class DecisionIn(Schema):
    meeting: str
    decided_on: datetime.date
    outcome: str
    text: str
    document_number: str = ""
    acknowledge_gaps: bool = Field(
        False, description=gettext_lazy("评估数据不完整时审定通过须为 true(见 GET …/completeness)")
    )


class DecisionOut(Schema):
    id: int
    meeting: str
    decided_on: datetime.date
    outcome: str
    text: str
    document_number: str
    gaps: list[dict] = []
    gaps_acknowledged: bool = False


class GapOut(Schema):
    kind: str
    title: str
    items: list[str]


class NotificationOut(Schema):
    id: int
    campaign_id: int | None
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class Count_(Schema):
    count: int


class NotEvaluatedIn(Schema):
    """`not_evaluated`: list the unit apart this period (with `reason`), or false to take it back in."""

    not_evaluated: bool = True
    reason: str = ""


class NotApplicableIn(Schema):
    code: str
    not_applicable: bool = True
    reason: str = ""

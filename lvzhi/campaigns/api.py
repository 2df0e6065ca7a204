"""Campaign API, mounted at /api/campaigns/: everything a person does on the campaign pages, through the same
actions and so with the same permissions (docs/campaigns.md).

- A campaign, a unit's record or any object the user may not see is a 404, as in the UI.
- An action the user's role or the campaign's stage does not allow is a 403 whose `detail` says why
  (e.g. "当前阶段为「案头审核」,不能提出异议;…").
- Input an action cannot accept (missing evidence, a reason left out, an out-of-range score) is a 422 whose
  `detail` names the indicator.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ApiError, forbidden, not_found
from lvzhi.findings.models import Finding
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.schemes.models import SchemeVersion

from . import actions, imports, scoring, sheets
from . import bulletin as word_bulletin
from .models import (
    RATINGS_CONFIDENTIAL,
    STAGE_ORDER,
    Assignment,
    Campaign,
    CampaignUnit,
    ChecklistItem,
    Evidence,
    ImportedValue,
    LeaderRating,
    Notification,
    Objection,
    Team,
    TriangulationFlag,
    UnitResult,
    Visit,
)
from .stages import STAGE_INFO, Invalid, Refused

router = Router(tags=[gettext_lazy("评估活动")])
User = get_user_model()

R = ERROR_RESPONSES


def call(fn, *args, **kwargs):
    """Run an action; a refusal is a 403 and bad input a 422, each with the action's Chinese message."""
    try:
        return fn(*args, **kwargs)
    except imports.ImportRejected as exc:
        raise ApiError(422, str(exc), [{"field": "file", "message": e} for e in exc.errors]) from exc
    except Refused as exc:
        raise ApiError(403, str(exc)) from exc
    except Invalid as exc:
        raise ApiError(422, str(exc), [{"field": None, "message": str(exc)}]) from exc


def _campaign(request, campaign_id) -> Campaign:
    campaign = Campaign.objects.visible_to(request.auth).filter(pk=campaign_id).first()
    if campaign is None:
        raise not_found()
    return campaign


def _cu(request, campaign, unit_id) -> CampaignUnit:
    cu = (
        CampaignUnit.objects.visible_to(request.auth)
        .filter(campaign=campaign, unit_id=unit_id)
        .select_related("unit", "category")
        .first()
    )
    if cu is None:
        raise not_found()
    cu.campaign = campaign
    return cu


def _dec(value):
    return None if value is None else str(value)


# ---------------------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------------------


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
    subordinate_share: Decimal = Decimal("0.30")
    triangulation_margin: Decimal = Decimal(20)
    description: str = ""
    deadlines: dict[str, datetime.date] = {}


class CampaignPatch(Schema):
    name: str | None = None
    year: int | None = None
    period: str | None = None
    scheme_version_id: int | None = None
    region_id: int | None = None
    category_ids: list[int] | None = None
    region_ids: list[int] | None = None
    subordinate_share: Decimal | None = None
    triangulation_margin: Decimal | None = None
    description: str | None = None
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


class UnitDetailOut(CampaignUnitOut):
    report: str
    entries: list[EntryOut]
    evidence: list[EvidenceOut]
    sheets: list[str]
    problems: list[str]


class ScoreIn(Schema):
    code: str
    period: str = ""
    value: Decimal | None = None
    reason: str = ""


class SelfIn(Schema):
    scores: list[ScoreIn] = []
    notes: dict[str, str] = {}
    report: str | None = None


class ReviewIn(Schema):
    scores: list[ScoreIn]
    source: str = "desk_review"


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
    unit_id: int
    rating: str
    period: str = ""
    comment: str = ""


class RatingOut(Schema):
    unit_id: int
    leader_id: int
    period: str
    rating: str
    comment: str


class ResultOut(Schema):
    unit_id: int
    unit_code: str
    unit_name: str
    category: str | None
    total: Decimal | None
    grade: str
    rank: int | None


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


class DecisionOut(Schema):
    id: int
    meeting: str
    decided_on: datetime.date
    outcome: str
    text: str
    document_number: str


class NotificationOut(Schema):
    id: int
    campaign_id: int | None
    text: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class Count_(Schema):
    count: int


# ---------------------------------------------------------------------------------------------------------
# Serialisers
# ---------------------------------------------------------------------------------------------------------


def _campaign_out(c, unit_count=None) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "year": c.year,
        "period": c.period,
        "stage": c.stage,
        "stage_label": c.stage_label(),
        "published_at": c.published_at,
        "scheme_version_id": c.scheme_version_id,
        "unit_count": unit_count if unit_count is not None else c.units.count(),
        "results_stale": c.results_stale,
    }


def _campaign_detail(request, c) -> dict:
    data = _campaign_out(c)
    data.update(
        {
            "stages": [
                {
                    "stage": s.stage,
                    "label": s.get_stage_display(),
                    "status": s.status,
                    "due_date": s.due_date,
                    "closed_at": s.closed_at,
                    "actors": str(STAGE_INFO[s.stage].actors),
                    "closes_when": str(STAGE_INFO[s.stage].closes_when),
                    "locks": str(STAGE_INFO[s.stage].locks),
                }
                for s in c.stages.all()
            ],
            "blockers": actions.stage_blockers(c)
            if request.auth.is_office_admin and not c.is_published
            else [],
            "subordinate_share": c.subordinate_share,
            "triangulation_margin": c.triangulation_margin,
            "category_ids": list(c.scope_categories.values_list("pk", flat=True)),
            "region_ids": list(c.scope_regions.values_list("pk", flat=True)),
            "leader_rating_periods": c.leader_rating_periods or [],
            "category_schemes": [
                {
                    "category_id": cs.category_id,
                    "category": cs.category.name,
                    "scheme_version_id": cs.scheme_version_id,
                }
                for cs in c.category_schemes.select_related("category").order_by(
                    "category__order", "category__code"
                )
            ],
        }
    )
    return data


def _cu_out(cu) -> dict:
    return {
        "unit_id": cu.unit_id,
        "unit_code": cu.unit.code,
        "unit_name": cu.unit.name,
        "category": cu.category.name if cu.category_id else None,
        "included_by": cu.included_by,
        "self_status": cu.self_status,
        "submitted_at": cu.submitted_at,
        "return_reason": cu.return_reason,
        "review_done_at": cu.review_done_at,
        "not_applicable": cu.not_applicable or [],
    }


def _evidence_out(e) -> dict:
    from django.urls import reverse

    return {
        "id": e.pk,
        "purpose": e.purpose,
        "code": e.code,
        "kind": e.kind,
        "title": e.title,
        "url": e.url,
        "text": e.text,
        "file_url": reverse("protected_file", args=[e.file.name]) if e.file else None,
    }


def _version(pk):
    if pk is None:
        return None
    version = SchemeVersion.objects.filter(pk=pk).first()
    if version is None:
        raise ApiError(
            422,
            _("未找到该指标体系版本。"),
            [{"field": "scheme_version_id", "message": _("未找到该指标体系版本。")}],
        )
    return version


def _objects(model, ids, field, label):
    objs = list(model.objects.filter(pk__in=ids))
    if len(objs) != len(set(ids)):
        raise ApiError(
            422,
            _("%(label)s编号有误。") % {"label": label},
            [{"field": field, "message": _("未找到部分%(label)s。") % {"label": label}}],
        )
    return objs


# ---------------------------------------------------------------------------------------------------------
# Campaigns, stages, setup
# ---------------------------------------------------------------------------------------------------------


@router.get("/notifications", response={200: list[NotificationOut], **R}, summary=gettext_lazy("我的通知"))
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.visible_to(request.auth)
    if unread:
        qs = qs.unread()
    return list(qs[:200])


@router.post("/notifications/read", response={200: Count_, **R}, summary=gettext_lazy("全部标为已读"))
def read_notifications(request):
    return {"count": actions.mark_read(request.auth)}


@router.get("", response={200: list[CampaignOut], **R}, summary=gettext_lazy("评估活动列表"))
def list_campaigns(request):
    qs = Campaign.objects.visible_to(request.auth).annotate(n=Count("units"))
    return [_campaign_out(c, c.n) for c in qs]


@router.post("", response={201: CampaignDetailOut, **R}, summary=gettext_lazy("部署评估活动(编办管理员)"))
def create_campaign(request, payload: CampaignIn):
    if not request.auth.is_office_admin:
        raise forbidden(_("只有编办管理员可以部署评估活动。"))
    bad = [s for s in payload.deadlines if s not in STAGE_ORDER]
    if bad:
        raise ApiError(
            422,
            _("没有阶段「%(stage)s」。") % {"stage": bad[0]},
            [{"field": "deadlines", "message": _("没有阶段「%(stage)s」。") % {"stage": bad[0]}}],
        )
    campaign = call(
        actions.create_campaign,
        actor=request.auth,
        name=payload.name,
        year=payload.year,
        period=payload.period,
        region=Region.objects.filter(pk=payload.region_id).first() if payload.region_id else None,
        scheme_version=_version(payload.scheme_version_id),
        categories=_objects(Category, payload.category_ids, "category_ids", _("类别")),
        regions=_objects(Region, payload.region_ids, "region_ids", _("区划")),
        subordinate_share=payload.subordinate_share,
        triangulation_margin=payload.triangulation_margin,
        description=payload.description,
        deadlines=payload.deadlines,
    )
    return Status(201, _campaign_detail(request, campaign))


@router.get(
    "/{int:campaign_id}", response={200: CampaignDetailOut, **R}, summary=gettext_lazy("活动详情、阶段与日程")
)
def get_campaign(request, campaign_id: int):
    return _campaign_detail(request, _campaign(request, campaign_id))


@router.patch(
    "/{int:campaign_id}",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("修改活动设置(部署阶段)"),
)
def update_campaign(request, campaign_id: int, payload: CampaignPatch):
    campaign = _campaign(request, campaign_id)
    data = payload.dict(exclude_unset=True)
    fields = {}
    for key in ("name", "year", "period", "subordinate_share", "triangulation_margin", "description"):
        if key in data:
            fields[key] = data[key]
    if "scheme_version_id" in data:
        fields["scheme_version"] = _version(data["scheme_version_id"])
    if "region_id" in data:
        fields["region"] = Region.objects.filter(pk=data["region_id"]).first() if data["region_id"] else None
    if "category_ids" in data:
        fields["categories"] = _objects(Category, data["category_ids"] or [], "category_ids", _("类别"))
    if "region_ids" in data:
        fields["regions"] = _objects(Region, data["region_ids"] or [], "region_ids", _("区划"))
    if payload.category_schemes is not None:
        items = payload.category_schemes
        categories = _objects(Category, [i.category_id for i in items], "category_schemes", _("类别"))
        by_pk = {c.pk: c for c in categories}
        fields["category_schemes"] = {by_pk[i.category_id]: _version(i.scheme_version_id) for i in items}
    call(actions.update_campaign, campaign, actor=request.auth, **fields)
    campaign.refresh_from_db()
    return _campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/copy",
    response={201: CampaignDetailOut, **R},
    summary=gettext_lazy("按本活动复制新一年度活动"),
)
def copy_campaign(request, campaign_id: int, payload: CopyIn):
    source = _campaign(request, campaign_id)
    campaign = call(actions.copy_campaign, source, actor=request.auth, year=payload.year, name=payload.name)
    return Status(201, _campaign_detail(request, campaign))


@router.post(
    "/{int:campaign_id}/stage/close",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("结束当前阶段"),
)
def close_stage(request, campaign_id: int, payload: CloseIn):
    campaign = call(
        actions.close_stage,
        _campaign(request, campaign_id),
        actor=request.auth,
        reason=payload.reason,
        force=payload.force,
    )
    return _campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/stage/reopen",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("重新开启已结束的阶段(须说明理由)"),
)
def reopen_stage(request, campaign_id: int, payload: ReopenIn):
    campaign = call(
        actions.reopen_stage,
        _campaign(request, campaign_id),
        actor=request.auth,
        stage=payload.stage,
        reason=payload.reason,
    )
    return _campaign_detail(request, campaign)


@router.put(
    "/{int:campaign_id}/deadlines",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("设置各阶段截止日期"),
)
def set_deadlines(request, campaign_id: int, payload: dict[str, datetime.date | None]):
    campaign = _campaign(request, campaign_id)
    for stage, due in payload.items():
        if stage not in STAGE_ORDER:
            raise ApiError(
                422,
                _("没有阶段「%(stage)s」。") % {"stage": stage},
                [{"field": stage, "message": _("没有这个阶段。")}],
            )
        call(actions.set_deadline, campaign, actor=request.auth, stage=stage, due_date=due)
    return _campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/scope/refresh",
    response={200: dict, **R},
    summary=gettext_lazy("按范围规则更新参评单位"),
)
def refresh_scope(request, campaign_id: int):
    added, removed = call(actions.refresh_scope, _campaign(request, campaign_id), actor=request.auth)
    return {"added": added, "removed": removed}


@router.get(
    "/{int:campaign_id}/units",
    response={200: list[CampaignUnitOut], **R},
    summary=gettext_lazy("参评单位及进度"),
)
def list_units(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    qs = (
        CampaignUnit.objects.visible_to(request.auth)
        .filter(campaign=campaign)
        .select_related("unit", "category")
    )
    return [_cu_out(cu) for cu in qs]


@router.post("/{int:campaign_id}/units", response={200: Count_, **R}, summary=gettext_lazy("按名单加入单位"))
def add_units(request, campaign_id: int, payload: UnitIdsIn):
    campaign = _campaign(request, campaign_id)
    units = _objects(Unit, payload.unit_ids, "unit_ids", _("单位"))
    return {"count": call(actions.add_units, campaign, actor=request.auth, units=units)}


@router.delete(
    "/{int:campaign_id}/units/{int:unit_id}", response={204: None, **R}, summary=gettext_lazy("移出单位")
)
def remove_unit(request, campaign_id: int, unit_id: int):
    campaign = _campaign(request, campaign_id)
    cu = _cu(request, campaign, unit_id)
    call(actions.remove_unit, campaign, actor=request.auth, unit=cu.unit)
    return Status(204, None)


@router.post(
    "/{int:campaign_id}/assignments",
    response={200: Count_, **R},
    summary=gettext_lazy("分工:评估人员或分管领导对应单位"),
)
def add_assignment(request, campaign_id: int, payload: AssignIn):
    campaign = _campaign(request, campaign_id)
    user = User.objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        raise ApiError(422, _("未找到该人员。"), [{"field": "user_id", "message": _("未找到该人员。")}])
    units = _objects(Unit, payload.unit_ids, "unit_ids", _("单位"))
    return {
        "count": call(actions.assign, campaign, actor=request.auth, user=user, units=units, kind=payload.kind)
    }


@router.delete(
    "/{int:campaign_id}/assignments/{int:assignment_id}",
    response={204: None, **R},
    summary=gettext_lazy("取消分工"),
)
def delete_assignment(request, campaign_id: int, assignment_id: int):
    campaign = _campaign(request, campaign_id)
    a = Assignment.objects.filter(campaign=campaign, pk=assignment_id).select_related("user", "unit").first()
    if a is None or not request.auth.sees_all_units:
        raise not_found()
    call(actions.unassign, campaign, actor=request.auth, user=a.user, unit=a.unit, kind=a.kind)
    return Status(204, None)


@router.post(
    "/{int:campaign_id}/assignments/leaders",
    response={200: Count_, **R},
    summary=gettext_lazy("按领导分管范围生成评价分工"),
)
def assign_leaders(request, campaign_id: int):
    return {
        "count": call(
            actions.assign_leaders_from_portfolios, _campaign(request, campaign_id), actor=request.auth
        )
    }


def _team_out(team) -> dict:
    return {
        "id": team.pk,
        "kind": team.kind,
        "kind_label": team.get_kind_display(),
        "name": team.name,
        "head_id": team.head_id,
        "member_ids": sorted(m.pk for m in team.members.all()),
        "duties": team.duties,
    }


def _team(request, campaign, team_id) -> Team:
    team = Team.objects.filter(campaign=campaign, pk=team_id).select_related("head").first()
    if team is None:
        raise not_found()
    return team


def _head(head_id):
    if head_id is None:
        return None
    head = User.objects.filter(pk=head_id, is_active=True).first()
    if head is None:
        raise ApiError(422, _("未找到该组长。"), [{"field": "head_id", "message": _("未找到该组长。")}])
    return head


@router.get("/{int:campaign_id}/teams", response={200: list[TeamOut], **R}, summary=gettext_lazy("工作组"))
def list_teams(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not request.auth.sees_all_units:
        raise forbidden(_("只有编办和编委会可以查看工作组设置。"))
    return [_team_out(t) for t in campaign.teams.prefetch_related("members")]


@router.post("/{int:campaign_id}/teams", response={201: TeamOut, **R}, summary=gettext_lazy("设立工作组"))
def add_team(request, campaign_id: int, payload: TeamIn):
    campaign = _campaign(request, campaign_id)
    members = _objects(User, payload.member_ids, "member_ids", _("成员"))
    team = call(
        actions.save_team, campaign, actor=request.auth, kind=payload.kind, name=payload.name,
        head=_head(payload.head_id), members=members, duties=payload.duties,
    )  # fmt: skip
    return Status(201, _team_out(team))


@router.patch(
    "/{int:campaign_id}/teams/{int:team_id}",
    response={200: TeamOut, **R},
    summary=gettext_lazy("修改工作组(名称、类型、组长、成员、职责;只改所给字段)"),
)
def update_team(request, campaign_id: int, team_id: int, payload: TeamPatch):
    campaign = _campaign(request, campaign_id)
    team = _team(request, campaign, team_id)
    data = payload.dict(exclude_unset=True)
    team = call(
        actions.save_team,
        campaign,
        actor=request.auth,
        team=team,
        kind=data["kind"] if data.get("kind") is not None else team.kind,
        name=data["name"] if data.get("name") is not None else team.name,
        head=_head(data["head_id"]) if "head_id" in data else team.head,
        members=_objects(User, data["member_ids"], "member_ids", _("成员"))
        if data.get("member_ids") is not None
        else list(team.members.all()),
        duties=data["duties"] if data.get("duties") is not None else team.duties,
    )
    return _team_out(team)


@router.delete(
    "/{int:campaign_id}/teams/{int:team_id}", response={204: None, **R}, summary=gettext_lazy("删除工作组")
)
def delete_team(request, campaign_id: int, team_id: int):
    campaign = _campaign(request, campaign_id)
    call(actions.delete_team, _team(request, campaign, team_id), actor=request.auth)
    return Status(204, None)


@router.put(
    "/{int:campaign_id}/checklist",
    response={200: list[ChecklistItemIn], **R},
    summary=gettext_lazy("实地评估清单"),
)
def set_checklist(request, campaign_id: int, payload: list[ChecklistItemIn]):
    campaign = _campaign(request, campaign_id)
    call(actions.save_checklist, campaign, actor=request.auth, items=[i.dict() for i in payload])
    campaign.refresh_from_db()
    return campaign.checklist


# ---------------------------------------------------------------------------------------------------------
# One unit: self-assessment, review, on-site
# ---------------------------------------------------------------------------------------------------------


def _hides_review(request, campaign) -> bool:
    """A unit contact sees the evaluators' scores, on-site records and findings from the feedback stage on, as in
    the pages."""
    return request.auth.role == "unit_contact" and campaign.stage not in {
        "feedback",
        "approval",
        "publication",
    }


def _unit_detail(request, cu) -> dict:
    data = _cu_out(cu)
    hide = _hides_review(request, cu.campaign)
    data.update(
        {
            "report": cu.report,
            "entries": [
                {
                    "code": e.code,
                    "period": e.period,
                    "self_score": e.self_score,
                    "self_note": e.self_note,
                    "reviewed_score": None if hide else e.reviewed_score,
                    "review_reason": "" if hide else e.review_reason,
                    "review_source": "" if hide else e.review_source,
                }
                for e in cu.entries.all()
            ],
            "evidence": [
                _evidence_out(e) for e in cu.evidence.all() if not hide or e.purpose in {"self", "report"}
            ],
            "sheets": [s.form for s in cu.sheets.all()],
            "problems": actions.self_assessment_problems(cu),
        }
    )
    return data


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("单位自评、审核情况"),
)
def get_unit(request, campaign_id: int, unit_id: int):
    return _unit_detail(request, _cu(request, _campaign(request, campaign_id), unit_id))


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/self",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("保存自评分、说明和自评报告"),
)
def save_self(request, campaign_id: int, unit_id: int, payload: SelfIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    call(
        actions.save_self_assessment,
        cu,
        actor=request.auth,
        scores={(s.code, s.period): s.value for s in payload.scores},
        notes=payload.notes,
        report=payload.report,
    )
    return _unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/evidence",
    response={201: EvidenceOut, **R},
    summary=gettext_lazy("上传佐证材料(文件、链接或文字)"),
)
def add_evidence(
    request,
    campaign_id: int,
    unit_id: int,
    purpose: Form[str] = "self",
    code: Form[str] = "",
    url: Form[str] = "",
    text: Form[str] = "",
    title: Form[str] = "",
    item_id: Form[int | None] = None,
    objection_id: Form[int | None] = None,
    file: File[UploadedFile] | None = None,
):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    item = None
    if item_id:
        item = (
            ChecklistItem.objects.visible_to(request.auth).filter(pk=item_id, visit__campaign_unit=cu).first()
        )
        if item is None:
            raise not_found()
    objection = None
    if objection_id:
        objection = (
            Objection.objects.visible_to(request.auth).filter(pk=objection_id, campaign_unit=cu).first()
        )
        if objection is None:
            raise not_found()
    evidence = call(
        actions.add_evidence, cu, actor=request.auth, purpose=purpose, code=code, upload=file, url=url, text=text,
        title=title, checklist_item=item, objection=objection,
    )  # fmt: skip
    return Status(201, _evidence_out(evidence))


@router.delete(
    "/{int:campaign_id}/units/{int:unit_id}/evidence/{int:evidence_id}",
    response={204: None, **R},
    summary=gettext_lazy("删除佐证材料"),
)
def delete_evidence(request, campaign_id: int, unit_id: int, evidence_id: int):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    evidence = Evidence.objects.visible_to(request.auth).filter(pk=evidence_id, campaign_unit=cu).first()
    if evidence is None:
        raise not_found()
    evidence.campaign_unit = cu
    call(actions.remove_evidence, evidence, actor=request.auth)
    return Status(204, None)


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/sheets/{form}",
    response={200: dict, **R},
    summary=gettext_lazy("自评表单(提报表、权责清单统计表)"),
)
def get_sheet(request, campaign_id: int, unit_id: int, form: str):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    if form not in sheets.SHEETS:
        raise not_found()
    stored = cu.sheets.filter(form=form).first()
    return {"form": form, "title": sheets.SHEETS[form].title, "saved": stored is not None,
            "data": stored.data if stored else sheets.prefill(form, cu.unit)}  # fmt: skip


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/sheets/{form}",
    response={200: dict, **R},
    summary=gettext_lazy("填写自评表单"),
)
def put_sheet(request, campaign_id: int, unit_id: int, form: str, payload: SheetIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    if form not in sheets.SHEETS:
        raise not_found()
    sheet = call(actions.save_sheet, cu, actor=request.auth, form=form, data=payload.data)
    return {"form": form, "title": sheets.SHEETS[form].title, "saved": True, "data": sheet.data}


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/submit",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("提交自评"),
)
def submit(request, campaign_id: int, unit_id: int):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    call(actions.submit_self_assessment, cu, actor=request.auth)
    return _unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/return",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("退回自评修改"),
)
def return_self(request, campaign_id: int, unit_id: int, payload: ReasonIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    call(actions.return_self_assessment, cu, actor=request.auth, reason=payload.reason)
    return _unit_detail(request, cu)


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/review",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("录入审核分(案头审核或实地评估)"),
)
def review(request, campaign_id: int, unit_id: int, payload: ReviewIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    if payload.source not in {"desk_review", "on_site"}:
        raise ApiError(
            422, _("source 应为 desk_review 或 on_site。"), [{"field": "source", "message": _("取值无效。")}]
        )
    call(
        actions.review_scores,
        cu,
        actor=request.auth,
        scores={(s.code, s.period): s.value for s in payload.scores},
        reasons={(s.code, s.period): s.reason for s in payload.scores},
        source=payload.source,
    )
    return _unit_detail(request, cu)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/review/complete",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("完成案头审核"),
)
def complete_review(request, campaign_id: int, unit_id: int):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    call(actions.complete_review, cu, actor=request.auth)
    return _unit_detail(request, cu)


class NotApplicableIn(Schema):
    code: str
    not_applicable: bool = True
    reason: str = ""


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/not-applicable",
    response={200: UnitDetailOut, **R},
    summary=gettext_lazy("标记指标对本单位不适用"),
)
def mark_not_applicable(request, campaign_id: int, unit_id: int, payload: NotApplicableIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    call(
        actions.set_not_applicable, cu, actor=request.auth, code=payload.code, not_applicable=payload.not_applicable,
        reason=payload.reason,
    )  # fmt: skip
    return _unit_detail(request, cu)


def _finding_out(f) -> dict:
    return {
        k: getattr(f, k)
        for k in (
            "id",
            "unit_id",
            "source",
            "category",
            "severity",
            "indicator_code",
            "title",
            "description",
            "status",
        )
    }


@router.get(
    "/{int:campaign_id}/findings",
    response={200: list[FindingOut], **R},
    summary=gettext_lazy("评估发现的问题"),
)
def list_findings(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if _hides_review(request, campaign):
        return []
    return [_finding_out(f) for f in Finding.objects.visible_to(request.auth).filter(campaign=campaign)]


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/findings",
    response={201: FindingOut, **R},
    summary=gettext_lazy("记录评估发现的问题"),
)
def add_finding(request, campaign_id: int, unit_id: int, payload: FindingIn):
    campaign = _campaign(request, campaign_id)
    cu = _cu(request, campaign, unit_id)
    source = {"on_site": "on_site", "multi_party": "multi_party"}.get(campaign.stage, "desk_review")
    finding = call(
        actions.raise_finding, campaign, actor=request.auth, unit=cu.unit, source=source, **payload.dict()
    )
    return Status(201, _finding_out(finding))


def _visit(request, cu) -> Visit:
    visit = Visit.objects.filter(campaign_unit=cu).first()
    if visit is None:
        raise not_found()
    return visit


def _visit_out(visit) -> dict:
    return {
        "id": visit.pk,
        "status": visit.status,
        "planned_on": visit.planned_on,
        "place": visit.place,
        "summary": visit.summary,
        "items": list(visit.items.all()),
        "interviews": [
            {
                "id": i.pk,
                "interviewee": i.interviewee,
                "post": i.post,
                "held_on": i.held_on,
                "record": i.record,
            }
            for i in visit.interviews.all()
        ],
        "archive_checks": [
            {"id": a.pk, "archive": a.archive, "result": a.result, "note": a.note}
            for a in visit.archive_checks.all()
        ],
    }


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/visit",
    response={200: VisitOut, **R},
    summary=gettext_lazy("实地评估记录"),
)
def get_visit(request, campaign_id: int, unit_id: int):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    if _hides_review(request, cu.campaign):
        raise not_found()
    return _visit_out(_visit(request, cu))


@router.put(
    "/{int:campaign_id}/units/{int:unit_id}/visit",
    response={200: VisitOut, **R},
    summary=gettext_lazy("制定或更新实地评估计划"),
)
def plan_visit(request, campaign_id: int, unit_id: int, payload: VisitIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    team = _objects(User, payload.team_ids, "team_ids", _("评估组成员"))
    visit = call(
        actions.plan_visit, cu, actor=request.auth, planned_on=payload.planned_on, place=payload.place,
        agenda=payload.agenda, team=team,
    )  # fmt: skip
    return _visit_out(visit)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/items/{int:item_id}",
    response={200: ItemOut, **R},
    summary=gettext_lazy("勾选清单事项"),
)
def tick(request, campaign_id: int, unit_id: int, item_id: int, payload: TickIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    item = _visit(request, cu).items.filter(pk=item_id).first()
    if item is None:
        raise not_found()
    return call(actions.tick_item, item, actor=request.auth, ticked=payload.ticked, note=payload.note)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/items",
    response={201: ItemOut, **R},
    summary=gettext_lazy("增加清单事项"),
)
def add_item(request, campaign_id: int, unit_id: int, payload: ChecklistItemIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    item = call(actions.add_checklist_item, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, item)


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/interviews",
    response={201: dict, **R},
    summary=gettext_lazy("访谈记录"),
)
def add_interview(request, campaign_id: int, unit_id: int, payload: InterviewIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    interview = call(actions.add_interview, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, {"id": interview.pk})


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/archive-checks",
    response={201: dict, **R},
    summary=gettext_lazy("档案查验"),
)
def add_archive(request, campaign_id: int, unit_id: int, payload: ArchiveIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    check = call(actions.add_archive_check, _visit(request, cu), actor=request.auth, **payload.dict())
    return Status(201, {"id": check.pk})


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/visit/close",
    response={200: VisitOut, **R},
    summary=gettext_lazy("完成实地评估"),
)
def close_visit(request, campaign_id: int, unit_id: int, payload: SummaryIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    visit = call(actions.close_visit, _visit(request, cu), actor=request.auth, summary=payload.summary)
    return _visit_out(visit)


# ---------------------------------------------------------------------------------------------------------
# Multi-party
# ---------------------------------------------------------------------------------------------------------


@router.get(
    "/{int:campaign_id}/ratings", response={200: list[RatingOut], **R}, summary=gettext_lazy("领导评价")
)
def list_ratings(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not (request.auth.sees_all_units or request.auth.role == "leader"):
        raise forbidden(str(RATINGS_CONFIDENTIAL))
    return list(LeaderRating.objects.visible_to(request.auth).filter(campaign=campaign))


@router.post(
    "/{int:campaign_id}/ratings",
    response={200: RatingOut, **R},
    summary=gettext_lazy("评价分管单位(优秀/良好/一般/差)"),
)
def rate(request, campaign_id: int, payload: RatingIn):
    campaign = _campaign(request, campaign_id)
    unit = Unit.objects.visible_to(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise not_found()
    return call(
        actions.rate_unit, campaign, actor=request.auth, unit=unit, rating=payload.rating, period=payload.period,
        comment=payload.comment,
    )  # fmt: skip


@router.post(
    "/{int:campaign_id}/imports",
    response={201: dict, **R},
    summary=gettext_lazy("导入评议数据(Excel/CSV,整体校验)"),
)
def import_data(request, campaign_id: int, kind: Form[str], file: File[UploadedFile], note: Form[str] = ""):
    campaign = _campaign(request, campaign_id)
    batch = call(
        imports.import_file,
        campaign,
        actor=request.auth,
        kind=kind,
        content=file.read(),
        filename=file.name,
        note=note,
    )
    return Status(201, {"id": batch.pk, "kind": batch.kind, "file_name": batch.file_name, "rows": batch.rows})


@router.get(
    "/{int:campaign_id}/imported", response={200: list[dict], **R}, summary=gettext_lazy("已导入的评议数据")
)
def list_imported(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    qs = ImportedValue.objects.visible_to(request.auth).filter(campaign=campaign).select_related("unit")
    return [
        {
            "unit_id": v.unit_id,
            "unit_code": v.unit.code,
            "kind": v.kind,
            "key": v.key,
            "part": v.part,
            "value": _dec(v.value),
        }
        for v in qs
    ]


# ---------------------------------------------------------------------------------------------------------
# Results, triangulation, feedback, approval, publication
# ---------------------------------------------------------------------------------------------------------


def _results_qs(request, campaign):
    qs = (
        UnitResult.objects.visible_to(request.auth)
        .filter(campaign=campaign)
        .select_related("unit", "category")
    )
    if request.auth.role == "unit_contact" and campaign.stage not in {"feedback", "approval", "publication"}:
        return qs.none()
    return qs


def _result_out(r) -> dict:
    return {
        "unit_id": r.unit_id,
        "unit_code": r.unit.code,
        "unit_name": r.unit.name,
        "category": r.category.name if r.category_id else None,
        "total": r.total,
        "grade": r.grade,
        "rank": r.rank,
    }


@router.post(
    "/{int:campaign_id}/results/compute",
    response={200: Count_, **R},
    summary=gettext_lazy("按最新数据计算结果"),
)
def compute(request, campaign_id: int):
    return {"count": call(scoring.compute, _campaign(request, campaign_id), actor=request.auth)}


@router.post(
    "/{int:campaign_id}/results/verify",
    response={200: dict, **R},
    summary=gettext_lazy("复算核对(与已存结果逐字节比较)"),
)
def verify(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not request.auth.sees_all_units:
        raise forbidden(_("只有编办和编委会可以复算核对。"))
    differing = scoring.verify(campaign)
    return {"identical": not differing, "differing_units": differing}


@router.get(
    "/{int:campaign_id}/results",
    response={200: list[ResultOut], **R},
    summary=gettext_lazy("评估结果(总分、等次、类别内排名)"),
)
def list_results(request, campaign_id: int):
    return [_result_out(r) for r in _results_qs(request, _campaign(request, campaign_id))]


@router.get(
    "/{int:campaign_id}/units/{int:unit_id}/result",
    response={200: dict, **R},
    summary=gettext_lazy("单位结果明细(逐项解释、原始数据)"),
)
def unit_result(request, campaign_id: int, unit_id: int):
    campaign = _campaign(request, campaign_id)
    cu = _cu(request, campaign, unit_id)
    result = (
        _results_qs(request, campaign).filter(unit_id=cu.unit_id).select_related("scheme_version").first()
    )
    if result is None:
        raise not_found()
    tree, inputs = scoring.explanation_for(request.auth, result)
    sources = _plain(scoring.provenance(cu, request.auth))
    return {
        **_result_out(result),
        "inputs": inputs,
        "summary": result.summary,
        "result": tree,
        "sources": {code: items for code, items in sources.items() if code != "__ratings__"},
        "leader_ratings": sources.get("__ratings__", []),
        "computed_at": result.computed_at,
    }


def _plain(value):
    """Provenance as JSON: people by name, dates as ISO text, numbers as text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, User):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@router.get("/{int:campaign_id}/flags", response={200: list[FlagOut], **R}, summary=gettext_lazy("印证差异"))
def list_flags(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not (request.auth.sees_all_units or request.auth.role == "evaluator"):
        raise forbidden(_("只有编办、评估人员和编委会可以查看印证差异。"))
    return list(TriangulationFlag.objects.visible_to(request.auth).filter(campaign=campaign))


@router.post(
    "/{int:campaign_id}/flags/{int:flag_id}/resolve",
    response={200: FlagOut, **R},
    summary=gettext_lazy("核实印证差异"),
)
def resolve_flag(request, campaign_id: int, flag_id: int, payload: NoteIn):
    campaign = _campaign(request, campaign_id)
    flag = TriangulationFlag.objects.visible_to(request.auth).filter(campaign=campaign, pk=flag_id).first()
    if flag is None:
        raise not_found()
    return call(actions.resolve_flag, flag, actor=request.auth, note=payload.note)


def _objection_out(o) -> dict:
    return {
        "id": o.pk,
        "unit_id": o.campaign_unit.unit_id,
        "code": o.code,
        "reason": o.reason,
        "requested_score": o.requested_score,
        "status": o.status,
        "answer": o.answer,
        "old_score": o.old_score,
        "new_score": o.new_score,
    }


@router.get(
    "/{int:campaign_id}/objections", response={200: list[ObjectionOut], **R}, summary=gettext_lazy("异议")
)
def list_objections(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    qs = (
        Objection.objects.visible_to(request.auth)
        .filter(campaign_unit__campaign=campaign)
        .select_related("campaign_unit")
    )
    return [_objection_out(o) for o in qs]


@router.post(
    "/{int:campaign_id}/units/{int:unit_id}/objections",
    response={201: ObjectionOut, **R},
    summary=gettext_lazy("对初步结果提出异议"),
)
def add_objection(request, campaign_id: int, unit_id: int, payload: ObjectionIn):
    cu = _cu(request, _campaign(request, campaign_id), unit_id)
    objection = call(
        actions.raise_objection, cu, actor=request.auth, code=payload.code, reason=payload.reason,
        requested_score=payload.requested_score,
    )  # fmt: skip
    return Status(201, _objection_out(objection))


@router.post(
    "/{int:campaign_id}/objections/{int:objection_id}/answer",
    response={200: ObjectionOut, **R},
    summary=gettext_lazy("复核答复异议"),
)
def answer_objection(request, campaign_id: int, objection_id: int, payload: AnswerIn):
    campaign = _campaign(request, campaign_id)
    objection = (
        Objection.objects.visible_to(request.auth)
        .filter(campaign_unit__campaign=campaign, pk=objection_id)
        .select_related("campaign_unit__unit")
        .first()
    )
    if objection is None:
        raise not_found()
    objection.campaign_unit.campaign = campaign
    result = call(
        actions.answer_objection, objection, actor=request.auth, upheld=payload.upheld, answer=payload.answer,
        new_score=payload.new_score,
    )  # fmt: skip
    return _objection_out(result)


@router.get(
    "/{int:campaign_id}/decisions",
    response={200: list[DecisionOut], **R},
    summary=gettext_lazy("编委会审定记录"),
)
def list_decisions(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not request.auth.sees_all_units:
        raise forbidden(_("只有编办和编委会可以查看审定记录。"))
    return list(campaign.decisions.all())


@router.post(
    "/{int:campaign_id}/decisions", response={201: DecisionOut, **R}, summary=gettext_lazy("编委会审定")
)
def decide(request, campaign_id: int, payload: DecisionIn):
    decision = call(
        actions.record_decision, _campaign(request, campaign_id), actor=request.auth, **payload.dict()
    )
    return Status(201, decision)


@router.post(
    "/{int:campaign_id}/publish", response={200: CampaignDetailOut, **R}, summary=gettext_lazy("公布结果")
)
def publish(request, campaign_id: int):
    campaign = call(actions.publish, _campaign(request, campaign_id), actor=request.auth)
    return _campaign_detail(request, campaign)


@router.get(
    "/{int:campaign_id}/bulletin",
    response={200: list[ResultOut], **R},
    summary=gettext_lazy("结果通报(公布后)"),
)
def bulletin(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not campaign.is_published:
        raise not_found()
    qs = (
        UnitResult.objects.filter(campaign=campaign)
        .select_related("unit", "category")
        .order_by("category__order", "rank", "unit__code")
    )
    return [_result_out(r) for r in qs]


@router.get(
    "/{int:campaign_id}/bulletin/docx",
    response=R,
    summary=gettext_lazy("结果通报 Word 文件(公布后)"),
)
def bulletin_docx(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not campaign.is_published:
        raise not_found()
    response = HttpResponse(word_bulletin.build(campaign), content_type=word_bulletin.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{word_bulletin.filename(campaign)}"'
    return response


@router.get(
    "/{int:campaign_id}/inputs",
    response={200: dict, **R},
    summary=gettext_lazy("已存原始数据(lvzhi-inputs/1,可用 lvzhi score 复算)"),
)
def export_inputs(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    if not request.auth.sees_all_units:
        raise forbidden(_("只有编办和编委会可以导出全部原始数据。"))
    return scoring.export_inputs(campaign)

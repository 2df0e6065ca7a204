"""Campaigns, deployment and the stage machine: list, create, settings, copy, close and reopen a stage, deadlines,
scope, units, assignments, teams, the on-site checklist; and the user's notifications."""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Body, Status

from lvzhi.api.errors import ApiError, not_found
from lvzhi.core.policy import enforces
from lvzhi.registry.models import Category, Region, Unit

from .. import actions
from ..models import (
    STAGE_ORDER,
    Assignment,
    Campaign,
    CampaignUnit,
    Notification,
    Team,
)
from ..policy import CAMPAIGNS
from .common import (
    R,
    User,
    call,
    campaign_detail,
    campaign_for,
    campaign_out,
    campaign_unit_for,
    campaign_unit_out,
    objects_by_ids,
    plan_by_id,
    router,
    scheme_version_by_id,
)
from .schemas import (
    AssignIn,
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CampaignUnitOut,
    ChecklistItemIn,
    CloseIn,
    CopyIn,
    Count_,
    NotificationOut,
    ReopenIn,
    TeamIn,
    TeamOut,
    TeamPatch,
    UnitIdsIn,
)


@router.get("/notifications", response={200: list[NotificationOut], **R}, summary=gettext_lazy("我的通知"))
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.visible_to(request.auth)
    if unread:
        qs = qs.unread()
    return list(qs[:200])


@router.post("/notifications/read", response={200: Count_, **R}, summary=gettext_lazy("全部标为已读"))
@enforces(CAMPAIGNS, "read_notifications")
def read_notifications(request):
    return {"count": actions.mark_read(request.auth)}


@router.get("", response={200: list[CampaignOut], **R}, summary=gettext_lazy("评估活动列表"))
def list_campaigns(request):
    qs = Campaign.objects.visible_to(request.auth).annotate(n=Count("units"))
    return [campaign_out(c, c.n) for c in qs]


@router.post("", response={201: CampaignDetailOut, **R}, summary=gettext_lazy("部署评估活动(编办管理员)"))
@enforces(CAMPAIGNS, "create")
def create_campaign(request, payload: CampaignIn):
    CAMPAIGNS.require(request.auth, "create")
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
        scheme_version=scheme_version_by_id(payload.scheme_version_id),
        categories=objects_by_ids(Category, payload.category_ids, "category_ids", _("类别")),
        regions=objects_by_ids(Region, payload.region_ids, "region_ids", _("区划")),
        plan=plan_by_id(request.auth, payload.plan_id),
        subordinate_share=payload.subordinate_share,
        triangulation_margin=payload.triangulation_margin,
        description=payload.description,
        deadlines=payload.deadlines,
    )
    return Status(201, campaign_detail(request, campaign))


@router.get(
    "/{int:campaign_id}", response={200: CampaignDetailOut, **R}, summary=gettext_lazy("活动详情、阶段与日程")
)
def get_campaign(request, campaign_id: int):
    return campaign_detail(request, campaign_for(request, campaign_id))


@router.patch(
    "/{int:campaign_id}",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("修改活动设置(部署阶段)"),
)
@enforces(CAMPAIGNS, "edit_setup")
def update_campaign(request, campaign_id: int, payload: CampaignPatch):
    campaign = campaign_for(request, campaign_id)
    data = payload.dict(exclude_unset=True)
    fields = {}
    for key in (
        "name", "year", "period", "subordinate_share", "triangulation_margin", "description",
        "unvisited_treatment", "unvisited_default_percent", "late_treatment",
    ):  # fmt: skip
        if key in data:
            fields[key] = data[key]
    if "scheme_version_id" in data:
        fields["scheme_version"] = scheme_version_by_id(data["scheme_version_id"])
    if "region_id" in data:
        fields["region"] = Region.objects.filter(pk=data["region_id"]).first() if data["region_id"] else None
    if "category_ids" in data:
        fields["categories"] = objects_by_ids(Category, data["category_ids"] or [], "category_ids", _("类别"))
    if "region_ids" in data:
        fields["regions"] = objects_by_ids(Region, data["region_ids"] or [], "region_ids", _("区划"))
    if payload.category_schemes is not None:
        items = payload.category_schemes
        categories = objects_by_ids(Category, [i.category_id for i in items], "category_schemes", _("类别"))
        by_pk = {c.pk: c for c in categories}
        fields["category_schemes"] = {
            by_pk[i.category_id]: scheme_version_by_id(i.scheme_version_id) for i in items
        }
    call(actions.update_campaign, campaign, actor=request.auth, **fields)
    campaign.refresh_from_db()
    return campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/copy",
    response={201: CampaignDetailOut, **R},
    summary=gettext_lazy("按本活动复制新一年度活动"),
)
@enforces(CAMPAIGNS, "create")
def copy_campaign(request, campaign_id: int, payload: CopyIn):
    source = campaign_for(request, campaign_id)
    campaign = call(actions.copy_campaign, source, actor=request.auth, year=payload.year, name=payload.name)
    return Status(201, campaign_detail(request, campaign))


@router.post(
    "/{int:campaign_id}/stage/close",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("结束当前阶段"),
)
@enforces(CAMPAIGNS, "close_stage")
def close_stage(request, campaign_id: int, payload: CloseIn):
    campaign = call(
        actions.close_stage,
        campaign_for(request, campaign_id),
        actor=request.auth,
        reason=payload.reason,
        force=payload.force,
    )
    return campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/stage/reopen",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("重新开启已结束的阶段(须说明理由)"),
)
@enforces(CAMPAIGNS, "reopen_stage")
def reopen_stage(request, campaign_id: int, payload: ReopenIn):
    campaign = call(
        actions.reopen_stage,
        campaign_for(request, campaign_id),
        actor=request.auth,
        stage=payload.stage,
        reason=payload.reason,
    )
    return campaign_detail(request, campaign)


@router.put(
    "/{int:campaign_id}/deadlines",
    response={200: CampaignDetailOut, **R},
    summary=gettext_lazy("设置各阶段截止日期"),
)
@enforces(CAMPAIGNS, "edit_schedule")
def set_deadlines(request, campaign_id: int, payload: Body[dict[str, datetime.date | None]]):
    campaign = campaign_for(request, campaign_id)
    for stage, due in payload.items():
        if stage not in STAGE_ORDER:
            raise ApiError(
                422,
                _("没有阶段「%(stage)s」。") % {"stage": stage},
                [{"field": stage, "message": _("没有这个阶段。")}],
            )
        call(actions.set_deadline, campaign, actor=request.auth, stage=stage, due_date=due)
    return campaign_detail(request, campaign)


@router.post(
    "/{int:campaign_id}/scope/refresh",
    response={200: dict, **R},
    summary=gettext_lazy("按范围规则更新参评单位"),
)
@enforces(CAMPAIGNS, "edit_setup")
def refresh_scope(request, campaign_id: int):
    added, removed = call(actions.refresh_scope, campaign_for(request, campaign_id), actor=request.auth)
    return {"added": added, "removed": removed}


@router.get(
    "/{int:campaign_id}/units",
    response={200: list[CampaignUnitOut], **R},
    summary=gettext_lazy("参评单位及进度"),
)
def list_units(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    qs = (
        CampaignUnit.objects.visible_to(request.auth)
        .filter(campaign=campaign)
        .select_related("unit", "category")
    )
    return [campaign_unit_out(cu) for cu in qs]


@router.post("/{int:campaign_id}/units", response={200: Count_, **R}, summary=gettext_lazy("按名单加入单位"))
@enforces(CAMPAIGNS, "edit_setup")
def add_units(request, campaign_id: int, payload: UnitIdsIn):
    campaign = campaign_for(request, campaign_id)
    units = objects_by_ids(Unit, payload.unit_ids, "unit_ids", _("单位"))
    return {"count": call(actions.add_units, campaign, actor=request.auth, units=units)}


@router.delete(
    "/{int:campaign_id}/units/{int:unit_id}", response={204: None, **R}, summary=gettext_lazy("移出单位")
)
@enforces(CAMPAIGNS, "edit_setup")
def remove_unit(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request, campaign_id)
    cu = campaign_unit_for(request, campaign, unit_id)
    call(actions.remove_unit, campaign, actor=request.auth, unit=cu.unit)
    return Status(204, None)


@router.post(
    "/{int:campaign_id}/assignments",
    response={200: Count_, **R},
    summary=gettext_lazy("分工:评估人员或分管领导对应单位"),
)
@enforces(CAMPAIGNS, "edit_setup")
def add_assignment(request, campaign_id: int, payload: AssignIn):
    campaign = campaign_for(request, campaign_id)
    user = User.objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        raise ApiError(422, _("未找到该人员。"), [{"field": "user_id", "message": _("未找到该人员。")}])
    units = objects_by_ids(Unit, payload.unit_ids, "unit_ids", _("单位"))
    return {
        "count": call(actions.assign, campaign, actor=request.auth, user=user, units=units, kind=payload.kind)
    }


@router.delete(
    "/{int:campaign_id}/assignments/{int:assignment_id}",
    response={204: None, **R},
    summary=gettext_lazy("取消分工"),
)
@enforces(CAMPAIGNS, "edit_setup")
def delete_assignment(request, campaign_id: int, assignment_id: int):
    campaign = campaign_for(request, campaign_id)
    a = Assignment.objects.filter(campaign=campaign, pk=assignment_id).select_related("user", "unit").first()
    if a is None or not CAMPAIGNS.allowed(request.auth, "view_setup", campaign):
        raise not_found()
    call(actions.unassign, campaign, actor=request.auth, user=a.user, unit=a.unit, kind=a.kind)
    return Status(204, None)


@router.post(
    "/{int:campaign_id}/assignments/leaders",
    response={200: Count_, **R},
    summary=gettext_lazy("按领导分管范围生成评价分工"),
)
@enforces(CAMPAIGNS, "edit_setup")
def assign_leaders(request, campaign_id: int):
    return {
        "count": call(
            actions.assign_leaders_from_portfolios, campaign_for(request, campaign_id), actor=request.auth
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
@enforces(CAMPAIGNS, "view_setup")
def list_teams(request, campaign_id: int):
    campaign = campaign_for(request, campaign_id)
    CAMPAIGNS.require(request.auth, "view_setup", campaign)
    return [_team_out(t) for t in campaign.teams.prefetch_related("members")]


@router.post("/{int:campaign_id}/teams", response={201: TeamOut, **R}, summary=gettext_lazy("设立工作组"))
@enforces(CAMPAIGNS, "edit_setup")
def add_team(request, campaign_id: int, payload: TeamIn):
    campaign = campaign_for(request, campaign_id)
    members = objects_by_ids(User, payload.member_ids, "member_ids", _("成员"))
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
@enforces(CAMPAIGNS, "edit_setup")
def update_team(request, campaign_id: int, team_id: int, payload: TeamPatch):
    campaign = campaign_for(request, campaign_id)
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
        members=objects_by_ids(User, data["member_ids"], "member_ids", _("成员"))
        if data.get("member_ids") is not None
        else list(team.members.all()),
        duties=data["duties"] if data.get("duties") is not None else team.duties,
    )
    return _team_out(team)


@router.delete(
    "/{int:campaign_id}/teams/{int:team_id}", response={204: None, **R}, summary=gettext_lazy("删除工作组")
)
@enforces(CAMPAIGNS, "edit_setup")
def delete_team(request, campaign_id: int, team_id: int):
    campaign = campaign_for(request, campaign_id)
    call(actions.delete_team, _team(request, campaign, team_id), actor=request.auth)
    return Status(204, None)


@router.put(
    "/{int:campaign_id}/checklist",
    response={200: list[ChecklistItemIn], **R},
    summary=gettext_lazy("实地评估清单"),
)
@enforces(CAMPAIGNS, "edit_setup")
def set_checklist(request, campaign_id: int, payload: list[ChecklistItemIn]):
    campaign = campaign_for(request, campaign_id)
    call(actions.save_checklist, campaign, actor=request.auth, items=[i.dict() for i in payload])
    campaign.refresh_from_db()
    return campaign.checklist

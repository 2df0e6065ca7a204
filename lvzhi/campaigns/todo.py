"""The campaign room's items on the workbench to-do list (lvzhi.core.todo), registered in CampaignsConfig.ready().

For each campaign not yet published that the user sees, what the policy lets them do now and what is still open:
a unit contact's self-assessment (first when it was returned) and the feedback window with their objections, an
evaluator's desk reviews, visits, objections to answer and differences to verify, a leader's ratings still
missing, a third party's figures to upload, the committee's decision, and for the office the stage ready to close
(or overdue, with what is missing), the results to publish. Who may do what is asked of the policy
(`CAMPAIGNS.allowed`, `visible_to`); nothing here compares roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.policy import role_of
from lvzhi.core.todo import TodoItem

from .models import (
    Assignment,
    Campaign,
    CampaignStage,
    CampaignUnit,
    Objection,
    Stage,
    Team,
    TriangulationFlag,
    Visit,
    stage_index,
)
from .policy import CAMPAIGNS, InCampaign
from .selectors import some_names, stage_blockers

ROOM = gettext_lazy("评估活动")
# More units than this of one kind in one campaign become a single item linking to the campaign's page.
GROUP_ABOVE = 3


def _due(campaign: Campaign, stage: str) -> date | None:
    for record in campaign.stages.all():
        if record.stage == stage:
            due: date | None = record.due_date
            return due
    return None


def _unit_items(
    campaign: Campaign,
    units: list[CampaignUnit],
    title: str,
    group_title: str,
    url_name: str,
    deadline: date | None,
) -> list[TodoItem]:
    """One item per unit, or one for all of them when there are many (the campaign's page lists them)."""
    if not units:
        return []
    if len(units) > GROUP_ABOVE:
        return [
            TodoItem(
                title=group_title % {"count": len(units)},
                link=reverse("campaigns:campaign_detail", args=[campaign.pk]),
                room=str(ROOM),
                deadline=deadline,
                detail=f"{campaign.name}:{some_names([cu.unit.name for cu in units], 5)}",
            )
        ]
    return [
        TodoItem(
            title=title % {"unit": cu.unit.name},
            link=reverse(url_name, args=[campaign.pk, cu.unit_id]),
            room=str(ROOM),
            deadline=deadline,
            detail=campaign.name,
        )
        for cu in units
    ]


def _self_assessment(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    items = []
    deadline = _due(campaign, Stage.SELF_ASSESSMENT)
    for cu in units:
        if cu.self_status in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}:
            continue
        if not CAMPAIGNS.allowed(user, "self_assess", cu):
            continue
        link = reverse("campaigns:unit_self", args=[campaign.pk, cu.unit_id])
        if cu.self_status == CampaignUnit.SelfStatus.RETURNED:
            items.append(
                TodoItem(
                    title=_("自评被退回,请修改后重新提交:%(unit)s") % {"unit": cu.unit.name},
                    link=link,
                    room=str(ROOM),
                    deadline=deadline,
                    detail=_("%(campaign)s。退回原因:%(reason)s")
                    % {"campaign": campaign.name, "reason": cu.return_reason or _("未说明")},
                    urgent=True,
                )
            )
        else:
            items.append(
                TodoItem(
                    title=_("填报并提交自评:%(unit)s") % {"unit": cu.unit.name},
                    link=link,
                    room=str(ROOM),
                    deadline=deadline,
                    detail=f"{campaign.name}({cu.get_self_status_display()})",
                )
            )
    return items


def _feedback(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    items = []
    deadline = _due(campaign, Stage.FEEDBACK)
    for cu in units:
        if not CAMPAIGNS.allowed(user, "object", cu):
            continue
        waiting = Objection.objects.filter(campaign_unit=cu, status=Objection.Status.OPEN).count()
        detail = campaign.name
        if waiting:
            detail += _(";已提出%(count)s项异议,待复核") % {"count": waiting}
        items.append(
            TodoItem(
                title=_("查看评估结果,如有异议在截止前提出:%(unit)s") % {"unit": cu.unit.name},
                link=reverse("campaigns:unit_objections", args=[campaign.pk, cu.unit_id]),
                room=str(ROOM),
                deadline=deadline,
                detail=detail,
            )
        )
    return items


def _reviews(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    submitted = [
        cu
        for cu in units
        if cu.self_status == CampaignUnit.SelfStatus.SUBMITTED and CAMPAIGNS.allowed(user, "desk_review", cu)
    ]
    return _unit_items(
        campaign,
        submitted,
        _("案头审核:%(unit)s已提交自评"),
        _("案头审核:%(count)s个单位已提交自评,待审核"),
        "campaigns:unit_review",
        _due(campaign, Stage.DESK_REVIEW),
    )


def _visits(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    by_cu = {cu.pk: cu for cu in units}
    visits = Visit.objects.filter(campaign_unit__in=list(by_cu)).exclude(status=Visit.Status.CLOSED)
    stage_due = _due(campaign, Stage.ON_SITE)
    items = []
    for visit in visits.order_by("planned_on", "pk"):
        cu = by_cu[visit.campaign_unit_id]
        if not CAMPAIGNS.allowed(user, "on_site", cu):
            continue
        items.append(
            TodoItem(
                title=_("实地评估:%(unit)s") % {"unit": cu.unit.name},
                link=reverse("campaigns:unit_visit", args=[campaign.pk, cu.unit_id]),
                room=str(ROOM),
                deadline=visit.planned_on or stage_due,
                detail=f"{campaign.name}{('·' + visit.place) if visit.place else ''}",
            )
        )
    return items


def _objections(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    by_cu = {cu.pk: cu for cu in units}
    open_ids = set(
        Objection.objects.filter(campaign_unit__in=list(by_cu), status=Objection.Status.OPEN).values_list(
            "campaign_unit_id", flat=True
        )
    )
    pending = [by_cu[i] for i in open_ids if CAMPAIGNS.allowed(user, "answer_objection", by_cu[i])]
    pending.sort(key=lambda cu: (cu.unit.order, cu.unit.code))
    return _unit_items(
        campaign,
        pending,
        _("复核异议:%(unit)s"),
        _("复核异议:%(count)s个单位的异议待答复"),
        "campaigns:unit_objections",
        _due(campaign, Stage.FEEDBACK),
    )


def _flags(user: Any, campaign: Campaign, units: list[CampaignUnit]) -> list[TodoItem]:
    unit_ids = {cu.unit_id: cu for cu in units}
    flags = [
        f
        for f in TriangulationFlag.objects.filter(
            campaign=campaign, status=TriangulationFlag.Status.OPEN, unit_id__in=list(unit_ids)
        )
        if CAMPAIGNS.allowed(user, "resolve_flag", unit_ids[f.unit_id])
    ]
    if not flags:
        return []
    return [
        TodoItem(
            title=_("核实%(count)s项印证差异") % {"count": len(flags)},
            link=reverse("campaigns:triangulation", args=[campaign.pk]),
            room=str(ROOM),
            deadline=_due(campaign, Stage.SCORING),
            detail=campaign.name,
        )
    ]


def _ratings(user: Any, campaign: Campaign) -> list[TodoItem]:
    periods = campaign.leader_rating_periods or ["year"]
    have = set(campaign.leader_ratings.filter(leader=user).values_list("unit_id", "period"))
    missing = [
        a.unit.name
        for a in Assignment.objects.filter(campaign=campaign, user=user, kind=Assignment.Kind.LEADER)
        .select_related("unit")
        .order_by("unit__order", "unit__code")
        if any((a.unit_id, p) not in have for p in periods)
        and CAMPAIGNS.allowed(user, "leader_rate", InCampaign(campaign, a.unit_id))
    ]
    if not missing:
        return []
    return [
        TodoItem(
            title=_("评价分管单位:还有%(count)s个单位未评价") % {"count": len(missing)},
            link=reverse("campaigns:ratings", args=[campaign.pk]),
            room=str(ROOM),
            deadline=_due(campaign, Stage.MULTI_PARTY),
            detail=f"{campaign.name}:{some_names(missing, 5)}",
        )
    ]


def _third_party(user: Any, campaign: Campaign) -> list[TodoItem]:
    on_team = Team.objects.filter(campaign=campaign, kind=Team.Kind.THIRD_PARTY, members=user).exists()
    if not on_team or not CAMPAIGNS.allowed(user, "import_data", campaign):
        return []
    if campaign.import_batches.filter(uploaded_by=user).exists():
        return []
    return [
        TodoItem(
            title=_("上传测评结果"),
            link=reverse("campaigns:imports", args=[campaign.pk]),
            room=str(ROOM),
            deadline=_due(campaign, Stage.MULTI_PARTY),
            detail=campaign.name,
        )
    ]


def _campaign_steps(user: Any, campaign: Campaign) -> list[TodoItem]:
    """The committee's decision, the publication, and the current stage for those who close it."""
    detail_link = reverse("campaigns:campaign_detail", args=[campaign.pk])
    stage = campaign.get_stage_display()
    deadline = _due(campaign, campaign.stage)
    if CAMPAIGNS.allowed(user, "decide", campaign):
        return [
            TodoItem(
                title=_("审定评估结果"),
                link=reverse("campaigns:approval", args=[campaign.pk]),
                room=str(ROOM),
                deadline=deadline,
                detail=campaign.name,
            )
        ]
    if stage_index(campaign.stage) < stage_index(Stage.APPROVAL) and role_of(user) in CAMPAIGNS.roles_allowed(
        "decide", Stage.APPROVAL
    ):
        # The committee's next task comes at the approval stage: shown ahead, with the date it is planned for.
        return [
            TodoItem(
                title=_("审定评估结果(活动目前处于「%(stage)s」阶段,提请审定后办理)") % {"stage": stage},
                link=detail_link,
                room=str(ROOM),
                deadline=_due(campaign, Stage.APPROVAL),
                detail=campaign.name,
            )
        ]
    if CAMPAIGNS.allowed(user, "publish", campaign):
        return [
            TodoItem(
                title=_("公布评估结果"),
                link=reverse("campaigns:bulletin", args=[campaign.pk]),
                room=str(ROOM),
                deadline=deadline,
                detail=campaign.name,
            )
        ]
    if not CAMPAIGNS.allowed(user, "close_stage", campaign) or not CAMPAIGNS.allowed(
        user, "view_blockers", campaign
    ):
        return []
    blockers = stage_blockers(campaign)
    record = next((s for s in campaign.stages.all() if s.stage == campaign.stage), None)
    overdue = record is not None and record.status == CampaignStage.Status.OPEN and record.is_overdue
    if not blockers:
        late = _late_units(campaign) if overdue and campaign.stage == Stage.SELF_ASSESSMENT else []
        if late:
            return [
                TodoItem(
                    title=_("「%(stage)s」阶段已过截止日期,可以结束") % {"stage": stage},
                    link=detail_link,
                    room=str(ROOM),
                    deadline=deadline,
                    detail=_("%(campaign)s:逾期未提交自评的单位(按活动设定的逾期处理方式办理):%(units)s")
                    % {"campaign": campaign.name, "units": "、".join(late)},
                )
            ]
        return [
            TodoItem(
                title=_("「%(stage)s」阶段的条件已满足,可以结束") % {"stage": stage},
                link=detail_link,
                room=str(ROOM),
                deadline=deadline,
                detail=campaign.name,
            )
        ]
    if overdue:
        return [
            TodoItem(
                title=_("「%(stage)s」阶段已过截止日期,尚未完成") % {"stage": stage},
                link=detail_link,
                room=str(ROOM),
                deadline=deadline,
                detail=f"{campaign.name}:{' '.join(blockers)}",
            )
        ]
    return []


def _late_units(campaign: Campaign) -> list[str]:
    submitted = {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}
    return [cu.unit.name for cu in campaign.units.select_related("unit") if cu.self_status not in submitted]


def campaign_todo(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    campaigns: Iterable[Campaign] = (
        Campaign.objects.visible_to(user).filter(published_at__isnull=True).prefetch_related("stages")
    )
    for campaign in campaigns:
        units = list(
            CampaignUnit.objects.visible_to(user)
            .filter(campaign=campaign)
            .select_related("unit")
            .order_by("unit__order", "unit__code")
        )
        for cu in units:
            cu.campaign = campaign
        items += _self_assessment(user, campaign, units)
        items += _feedback(user, campaign, units)
        items += _reviews(user, campaign, units)
        items += _visits(user, campaign, units)
        items += _objections(user, campaign, units)
        items += _flags(user, campaign, units)
        items += _ratings(user, campaign)
        items += _third_party(user, campaign)
        items += _campaign_steps(user, campaign)
    return items

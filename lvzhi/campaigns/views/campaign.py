"""Campaign list, deployment, the stage page, setup (scope, schemes, schedule, teams, assignments, checklist),
the office dashboard and notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lvzhi.core.policy import enforces
from lvzhi.plans.policy import POLICY as PLANS
from lvzhi.registry.models import Unit

from .. import actions, selectors
from ..forms import (
    AddUnitsForm,
    AssignForm,
    CampaignForm,
    CategorySchemeForm,
    CloseStageForm,
    CopyForm,
    DeadlinesForm,
    DistributeForm,
    ReopenStageForm,
    TeamForm,
)
from ..inputs import ReopenInput, SetupInput
from ..models import (
    Assignment,
    Campaign,
    Notification,
    Team,
)
from ..policy import CAMPAIGNS, stage_labels
from ..stages import RULES, STAGE_INFO
from .base import campaign_context, get_campaign, require, run


@login_required
@require_safe
def campaign_list(request):
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .select_related("scheme_version__scheme")
        .annotate(unit_count=Count("units", distinct=True))
    )
    notifications = Notification.objects.visible_to(request.user).select_related("campaign")[:8]
    unread = Notification.objects.visible_to(request.user).unread().count()
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": campaigns,
            "notifications": notifications,
            "unread": unread,
            "copy_form": CopyForm(initial={"year": timezone.localdate().year}),
            "may_create": CAMPAIGNS.allowed(request.user, "create"),
            "may_view_plans": PLANS.allowed(request.user, "view"),
        },
    )


@login_required
@enforces(CAMPAIGNS, "create")
def campaign_create(request):
    require(request, "manage")
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year, "period": "year"})
    deadlines = DeadlinesForm(request.POST or None, prefix="due")
    if request.method == "POST" and form.is_valid() and deadlines.is_valid():
        data = form.cleaned_data
        campaign, response = run(
            request,
            actions.create_campaign,
            name=data["name"],
            year=data["year"],
            period=data["period"],
            region=data["region"],
            scheme_version=data["scheme_version"],
            categories=list(data["categories"]),
            regions=list(data["regions"]),
            plan=data["plan"],
            subordinate_share=data["subordinate_share"],
            triangulation_margin=data["triangulation_margin"],
            unvisited_treatment=data["unvisited_treatment"] or Campaign.Unvisited.DESK_REVIEW,
            unvisited_default_percent=data["unvisited_default_percent"] if data["unvisited_default_percent"] is not None else 80,
            late_treatment=data["late_treatment"] or Campaign.Late.OFFICE_REVIEW,
            description=data["description"],
            deadlines={k: v for k, v in deadlines.cleaned_data.items() if v},
            success=_("评估活动已创建。"),
        )
        if response:
            return response
        return redirect("campaigns:campaign_setup", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "deadlines": deadlines})


@login_required
@require_POST
@enforces(CAMPAIGNS, "create")
def campaign_copy(request, pk):
    require(request, "manage")
    source = get_campaign(request, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新活动的年度。"))
        return redirect("campaigns:campaign_list")
    campaign, response = run(
        request,
        actions.copy_campaign,
        source,
        year=form.cleaned_data["year"],
        name=form.cleaned_data["name"],
        success=_("已按「%(name)s」复制新活动,请核对设置。") % {"name": source.name},
        back=reverse("campaigns:campaign_list"),
    )
    if response:
        return response
    return redirect("campaigns:campaign_setup", pk=campaign.pk)


@login_required
@require_safe
def campaign_detail(request, pk):
    campaign = get_campaign(request, pk)
    stages = list(campaign.stages.select_related("closed_by"))
    rows = [
        {
            "record": s,
            "info": STAGE_INFO[s.stage],
            "current": s.stage == campaign.stage and not campaign.is_published,
        }
        for s in stages
    ]
    blockers = selectors.blockers_for(request.user, campaign)
    counts = campaign.units.aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(self_status__in=["submitted", "reviewed"])),
        reviewed=Count("id", filter=Q(self_status="reviewed")),
    )
    context = campaign_context(request, campaign, "overview")
    context.update(
        {
            "rows": rows,
            "blockers": blockers,
            "closing_notes": selectors.closing_notes(campaign) if CAMPAIGNS.allowed(request.user, "view_blockers", campaign) else [],
            "counts": counts,
            "my_units": selectors.my_units(request.user, campaign),
            "close_form": CloseStageForm(),
            "reopen_form": ReopenStageForm(campaign=campaign),
            "rules": [(r.label, stage_labels(r.states)) for r in RULES.values()],
        }
    )
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
@require_POST
@enforces(CAMPAIGNS, "close_stage")
def stage_close(request, pk):
    campaign = get_campaign(request, pk)
    form = CloseStageForm(request.POST)
    form.is_valid()
    back = reverse("campaigns:campaign_detail", args=[campaign.pk])
    label = campaign.get_stage_display()
    _result, response = run(
        request,
        actions.close_stage,
        campaign,
        reason=form.cleaned_data.get("reason", ""),
        force=form.cleaned_data.get("force", False),
        success=_("「%(label)s」阶段已结束。") % {"label": label},
        back=back,
    )
    return response or redirect(back)


@login_required
@require_POST
@enforces(CAMPAIGNS, "reopen_stage")
def stage_reopen(request, pk):
    campaign = get_campaign(request, pk)
    back = reverse("campaigns:campaign_detail", args=[campaign.pk])
    _result, response = run(
        request,
        actions.reopen_stage,
        campaign,
        **ReopenInput(request.POST).parsed_values(),
        success=_("阶段已重新开启(已记入操作日志)。"),
        back=back,
    )
    return response or redirect(back)


# -- setup -----------------------------------------------------------------------------------------------------


@login_required
@enforces(CAMPAIGNS, "edit_setup")
def campaign_setup(request, pk):
    campaign = get_campaign(request, pk)
    require(request, "manage")
    initial = {
        "name": campaign.name,
        "year": campaign.year,
        "period": campaign.period,
        "scheme_version": campaign.scheme_version,
        "region": campaign.region,
        "categories": list(campaign.scope_categories.all()),
        "regions": list(campaign.scope_regions.all()),
        "plan": campaign.plan,
        "subordinate_share": campaign.subordinate_share,
        "triangulation_margin": campaign.triangulation_margin,
        "unvisited_treatment": campaign.unvisited_treatment,
        "unvisited_default_percent": campaign.unvisited_default_percent,
        "late_treatment": campaign.late_treatment,
        "description": campaign.description,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    back = reverse("campaigns:campaign_setup", args=[campaign.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _result, response = run(
            request,
            actions.update_campaign,
            campaign,
            name=data["name"],
            year=data["year"],
            period=data["period"],
            region=data["region"],
            scheme_version=data["scheme_version"],
            categories=list(data["categories"]),
            regions=list(data["regions"]),
            plan=data["plan"],
            subordinate_share=data["subordinate_share"],
            triangulation_margin=data["triangulation_margin"],
            unvisited_treatment=data["unvisited_treatment"] or campaign.unvisited_treatment,
            unvisited_default_percent=data["unvisited_default_percent"]
            if data["unvisited_default_percent"] is not None
            else campaign.unvisited_default_percent,
            late_treatment=data["late_treatment"] or campaign.late_treatment,
            description=data["description"],
            success=_("活动设置已保存。"),
            back=back,
        )
        return response or redirect(back)
    units = campaign.units.select_related("unit", "category").order_by(
        "category__order", "unit__order", "unit__code"
    )
    assignments = {}
    for a in campaign.assignments.select_related("user"):
        assignments.setdefault(a.unit_id, []).append(a)
    context = campaign_context(request, campaign, "setup")
    context.update(
        {
            "form": form,
            "deadlines": DeadlinesForm(campaign=campaign, prefix="due"),
            "category_form": CategorySchemeForm(),
            "add_units_form": AddUnitsForm(),
            "team_form": TeamForm(),
            "assign_form": AssignForm(campaign=campaign),
            "distribute_form": DistributeForm(),
            "units": units,
            "assignments": assignments,
            "teams": [
                (team, _team_form(team))
                for team in campaign.teams.select_related("head").prefetch_related("members")
            ],
            "checklist_text": "\n".join(
                f"{i['group']}|{i['text']}|{_('必须') if i.get('mandatory', True) else _('可选')}"
                for i in campaign.checklist
            ),
        }
    )
    return render(request, "campaigns/campaign_setup.html", context)


def _team_form(team):
    """The edit form of one team (its own ids, so that several can be on the page)."""
    return TeamForm(
        auto_id=f"team{team.pk}_%s",
        initial={
            "kind": team.kind,
            "name": team.name,
            "head": team.head,
            "members": list(team.members.all()),
            "duties": team.duties,
        },
    )


@login_required
@require_POST
@enforces(CAMPAIGNS, "edit_setup")
def setup_action(request, pk, what):
    """The small forms of the setup page, each one action."""
    campaign = get_campaign(request, pk)
    require(request, "manage")
    back = reverse("campaigns:campaign_setup", args=[campaign.pk])
    post = request.POST
    refs = SetupInput(post).parsed()
    response = None
    if what == "deadlines":
        form = DeadlinesForm(post, prefix="due")
        if not form.is_valid():
            messages.error(request, _("日期格式有误。"))
            return redirect(back)
        for stage, due in form.cleaned_data.items():
            _result, response = run(
                request, actions.set_deadline, campaign, stage=stage, due_date=due, back=back
            )
            if response:
                return response
        messages.success(request, _("日程已保存。"))
    elif what == "category_scheme":
        form = CategorySchemeForm(post)
        if form.is_valid():
            _result, response = run(
                request,
                actions.set_category_scheme,
                campaign,
                category=form.cleaned_data["category"],
                scheme_version=form.cleaned_data["scheme_version"],
                success=_("类别指标体系已保存。"),
                back=back,
            )
    elif what == "refresh_scope":
        result, response = run(request, actions.refresh_scope, campaign, back=back)
        if result:
            messages.success(
                request,
                _("已按范围规则更新:新增%(added)s个单位,移出%(removed)s个单位。")
                % {"added": result[0], "removed": result[1]},
            )
    elif what == "add_units":
        form = AddUnitsForm(post)
        if form.is_valid():
            _result, response = run(
                request,
                actions.add_units,
                campaign,
                units=form.cleaned_data["units"],
                success=_("单位已加入。"),
                back=back,
            )
    elif what == "remove_unit":
        unit = Unit.objects.filter(pk=refs["unit"]).first()
        if unit:
            _result, response = run(
                request,
                actions.remove_unit,
                campaign,
                unit=unit,
                success=_("已移出「%(unit)s」。") % {"unit": unit},
                back=back,
            )
    elif what == "team":
        form = TeamForm(post)
        team = None
        if refs["team"] is not None:
            team = Team.objects.filter(campaign=campaign, pk=refs["team"]).first()
            if team is None:
                raise Http404
        if form.is_valid():
            data = form.cleaned_data
            _result, response = run(
                request,
                actions.save_team,
                campaign,
                team=team,
                kind=data["kind"],
                name=data["name"],
                head=data["head"],
                members=data["members"],
                duties=data["duties"],
                success=_("工作组已保存。"),
                back=back,
            )
        else:
            messages.error(request, _("请填写工作组的类型和名称。"))
    elif what == "delete_team":
        team = Team.objects.filter(campaign=campaign, pk=refs["team"]).first()
        if team:
            _result, response = run(
                request, actions.delete_team, team, success=_("工作组已删除。"), back=back
            )
    elif what == "assign":
        form = AssignForm(post, campaign=campaign)
        if form.is_valid():
            data = form.cleaned_data
            _result, response = run(
                request,
                actions.assign,
                campaign,
                user=data["user"],
                units=data["units"],
                kind=data["kind"],
                success=_("分工已保存。"),
                back=back,
            )
        else:
            messages.error(request, _("请选择人员和单位。"))
    elif what == "unassign":
        a = (
            Assignment.objects.filter(campaign=campaign, pk=refs["assignment"])
            .select_related("user", "unit")
            .first()
        )
        if a:
            _result, response = run(
                request,
                actions.unassign,
                campaign,
                user=a.user,
                unit=a.unit,
                kind=a.kind,
                success=_("分工已取消。"),
                back=back,
            )
    elif what == "distribute":
        form = DistributeForm(post)
        if form.is_valid():
            count, response = run(
                request,
                actions.distribute_evaluators,
                campaign,
                evaluators=form.cleaned_data["evaluators"],
                back=back,
            )
            if count is not None:
                messages.success(request, _("已为%(count)s个单位分配评估人员。") % {"count": count})
    elif what == "leaders":
        count, response = run(request, actions.assign_leaders_from_portfolios, campaign, back=back)
        if count is not None:
            messages.success(request, _("已按领导分管范围生成%(count)s项评价分工。") % {"count": count})
    elif what == "checklist":
        items = SetupInput(post).checklist_items()
        _result, response = run(
            request,
            actions.save_checklist,
            campaign,
            items=items,
            success=_("实地评估清单已保存。"),
            back=back,
        )
    return response or redirect(back)


# -- notifications -------------------------------------------------------------------------------------------------


@login_required
@enforces(CAMPAIGNS, "read_notifications")
def notifications(request):
    if request.method == "POST":
        actions.mark_read(request.user)
        return redirect("campaigns:notifications")
    items = Notification.objects.visible_to(request.user).select_related("campaign")[:200]
    return render(request, "campaigns/notifications.html", {"items": items})


@login_required
@require_safe
def notification_open(request, nid):
    item = Notification.objects.visible_to(request.user).filter(pk=nid).first()
    if item is None:
        return redirect("campaigns:notifications")
    actions.mark_read(request.user, [item.pk])
    return redirect(item.url or "campaigns:notifications")

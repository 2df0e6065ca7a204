"""The progress page (进度) and its Excel, and the findings export: for the office, the evaluators, the rating
leaders and the committee; scores and visits only for those who may see them at the campaign's stage."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lvzhi.core.downloads import file_name
from lvzhi.core.policy import enforces
from lvzhi.findings.models import Finding

from .. import selectors
from ..models import CampaignUnit, Objection, Stage, Visit
from ..policy import CAMPAIGNS
from .base import campaign_context, get_campaign, require, xlsx_response

# -- dashboard ---------------------------------------------------------------------------------------------------


@login_required
@require_safe
@enforces(CAMPAIGNS, "view_progress")
def dashboard(request, pk):
    campaign = get_campaign(request, pk)
    require(request, "view_progress", campaign)
    # Scores and visits only for those who may see them now (a rating leader: from feedback on).
    show_results = CAMPAIGNS.allowed(request.user, "view_results", campaign)
    show_review = selectors.sees_review(request.user, campaign)
    units = list(
        CampaignUnit.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("unit", "category")
        .order_by("category__order", "unit__order", "unit__code")
    )
    results = {
        r.unit_id: r
        for r in selectors.visible_results(request.user, campaign).only("unit_id", "total", "grade", "rank")
    }
    visits = (
        {v.campaign_unit_id: v for v in Visit.objects.filter(campaign_unit__campaign=campaign)}
        if show_review
        else {}
    )
    open_objections = dict(
        Objection.objects.filter(campaign_unit__campaign=campaign, status="open")
        .values_list("campaign_unit_id")
        .annotate(n=Count("id"))
    )
    periods = campaign.leader_rating_periods or ["year"]
    expected = {}
    for a in campaign.assignments.filter(kind="leader"):
        expected[a.unit_id] = expected.get(a.unit_id, 0) + len(periods)
    rated = dict(campaign.leader_ratings.values_list("unit_id").annotate(n=Count("id")))
    stages = {s.stage: s for s in campaign.stages.all()}
    today = timezone.localdate()

    def overdue(stage):
        due = stages[stage].due_date
        return bool(due and due < today)

    rows = []
    overdue_items = []
    for cu in units:
        visit = visits.get(cu.pk)
        row = {
            "cu": cu,
            "result": results.get(cu.unit_id),
            "visit": visit,
            "objections": open_objections.get(cu.pk, 0),
            "ratings": (rated.get(cu.unit_id, 0), expected.get(cu.unit_id, 0)),
        }
        if cu.self_status not in {"submitted", "reviewed"} and overdue(Stage.SELF_ASSESSMENT):
            overdue_items.append(_("%(unit)s:自评逾期未提交") % {"unit": cu.unit})
        if cu.self_status == "submitted" and overdue(Stage.DESK_REVIEW):
            overdue_items.append(_("%(unit)s:案头审核逾期未完成") % {"unit": cu.unit})
        if visit and visit.status != "closed" and overdue(Stage.ON_SITE):
            overdue_items.append(_("%(unit)s:实地评估逾期未完成") % {"unit": cu.unit})
        if row["ratings"][0] < row["ratings"][1] and overdue(Stage.MULTI_PARTY):
            overdue_items.append(_("%(unit)s:领导评价逾期未完成") % {"unit": cu.unit})
        if row["objections"] and overdue(Stage.FEEDBACK):
            overdue_items.append(_("%(unit)s:异议逾期未答复") % {"unit": cu.unit})
        rows.append(row)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("%(name)s 进度") % {"name": campaign.name},
            [
                _("类别"),
                _("单位代码"),
                _("单位"),
                _("自评"),
                _("案头审核完成"),
                _("实地评估"),
                _("领导评价"),
                _("待复核异议"),
            ]
            + ([_("当前得分"), _("等次"), _("类别内排名")] if show_results else []),
            [
                [
                    row["cu"].category.name if row["cu"].category_id else "",
                    row["cu"].unit.code,
                    row["cu"].unit.name,
                    row["cu"].get_self_status_display(),
                    _("是") if row["cu"].review_done_at else _("否"),
                    row["visit"].get_status_display() if row["visit"] else "",
                    f"{row['ratings'][0]}/{row['ratings'][1]}",
                    row["objections"],
                ]
                + (
                    [
                        float(row["result"].total)
                        if row["result"] and row["result"].total is not None
                        else None,
                        row["result"].grade if row["result"] else "",
                        row["result"].rank if row["result"] else None,
                    ]
                    if show_results
                    else []
                )
                for row in rows
            ],
            file_name(campaign.name, _("进度"), suffix="xlsx"),
        )
    status_counts = {}
    for cu in units:
        status_counts[cu.get_self_status_display()] = status_counts.get(cu.get_self_status_display(), 0) + 1
    context = campaign_context(request, campaign, "dashboard")
    context.update(
        {
            "rows": rows,
            "show_results": show_results,
            "show_review": show_review,
            "overdue_items": overdue_items,
            "status_counts": status_counts,
            "stage_records": [stages[s] for s in stages],
            "visits_done": sum(1 for row in rows if row["visit"] and row["visit"].status == "closed"),
            "visits_total": sum(1 for row in rows if row["visit"]),
            "ratings_done": sum(min(row["ratings"][0], row["ratings"][1]) for row in rows),
            "ratings_total": sum(row["ratings"][1] for row in rows),
        }
    )
    return render(request, "campaigns/dashboard.html", context)


@login_required
@require_safe
def findings_export(request, pk):
    campaign = get_campaign(request, pk)
    findings = (
        Finding.objects.visible_to(request.user).filter(campaign=campaign).select_related("unit", "raised_by")
    )
    return xlsx_response(
        _("%(name)s 评估发现问题") % {"name": campaign.name},
        [_("单位代码"), _("单位"), _("来源"), _("问题类别"), _("严重程度"), _("关联指标"), _("问题"), _("具体情况"), _("整改期限"), _("状态"), _("提出人")],
        [
            [
                f.unit.code, f.unit.name, f.get_source_display(), f.get_category_display(), f.get_severity_display(),
                f.indicator_code, f.title, f.description, f.deadline.isoformat() if f.deadline else "",
                f.get_status_display(), str(f.raised_by or ""),
            ]
            for f in findings
        ],
        file_name(campaign.name, _("评估发现问题"), suffix="xlsx"),
    )  # fmt: skip

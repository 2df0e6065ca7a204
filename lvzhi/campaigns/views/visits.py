"""One unit's on-site evaluation: the plan, the checklist, interviews, archive checks, on-site scores, findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.policy import enforces
from lvzhi.findings.models import Finding

from .. import actions, selectors
from ..forms import ArchiveCheckForm, FindingForm, InterviewForm, VisitForm
from ..inputs import ScoresOnBehalfInput, VisitInput
from ..models import Assignment, Visit
from ..policy import CAMPAIGNS
from .base import get_campaign, get_campaign_unit, run
from .unit import indicator_rows, unit_context


def on_site_rows(cu):
    return indicator_rows(cu, lambda leaf: leaf.source == "on_site")


@login_required
@enforces(CAMPAIGNS, "on_site")
def unit_visit(request, pk, unit_id):
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    if not selectors.sees_review(request.user, campaign):
        raise Http404
    visit = Visit.objects.filter(campaign_unit=cu).prefetch_related("team").first()
    back = reverse("campaigns:unit_visit", args=[campaign.pk, cu.unit_id])
    if request.method == "POST":
        posted = VisitInput(request.POST)
        values = posted.parsed()
        action = values["action"]
        response = None
        if action == "plan":
            form = VisitForm(request.POST)
            if form.is_valid():
                _result, response = run(
                    request,
                    actions.plan_visit,
                    cu,
                    success=_("实地评估计划已保存。"),
                    back=back,
                    **form.cleaned_data,
                )
            else:
                messages.error(request, _("计划日期格式有误。"))
        elif visit is None:
            messages.error(request, _("请先制定实地评估计划。"))
        elif action == "tick":
            item = visit.items.filter(pk=values["item"]).first()
            if item is None:
                raise Http404
            _result, response = run(
                request,
                actions.tick_item,
                item,
                ticked=values["ticked"],
                note=values["note"],
                success=_("「%(text)s」已更新。") % {"text": item.text},
                back=back,
            )
        elif action == "add_item":
            _result, response = run(
                request,
                actions.add_checklist_item,
                visit,
                group=values["group"],
                text=values["text"],
                mandatory=values["mandatory"],
                success=_("已添加清单事项。"),
                back=back,
            )
        elif action == "interview":
            form = InterviewForm(request.POST)
            if form.is_valid():
                _result, response = run(
                    request,
                    actions.add_interview,
                    visit,
                    success=_("访谈记录已保存。"),
                    back=back,
                    **form.cleaned_data,
                )
            else:
                messages.error(request, _("请填写访谈对象和访谈记录。"))
        elif action == "archive":
            form = ArchiveCheckForm(request.POST)
            if form.is_valid():
                _result, response = run(
                    request,
                    actions.add_archive_check,
                    visit,
                    success=_("档案查验已记录。"),
                    back=back,
                    **form.cleaned_data,
                )
            else:
                messages.error(request, _("请填写查验的档案和结果。"))
        elif action == "scores":
            scores, reasons = posted.scores("reviewed__", "reason__")
            _result, response = run(
                request,
                actions.review_scores,
                cu,
                scores=scores,
                reasons=reasons,
                source="on_site",
                success=_("实地评估得分已保存。"),
                back=back,
            )
        elif action == "close":
            _result, response = run(
                request,
                actions.close_visit,
                visit,
                summary=values["summary"],
                success=_("实地评估已完成。"),
                back=back,
            )
        return response or redirect(back)
    info, _category = selectors.unit_info(cu)
    context = unit_context(request, campaign, cu, "visit")
    may_plan = CAMPAIGNS.allowed(request.user, "plan_visit", cu)
    may_act = (
        CAMPAIGNS.allowed(request.user, "on_site", cu) and visit is not None and visit.status != "closed"
    )
    items = list(visit.items.prefetch_related("attachments")) if visit else []
    groups = []
    for item in items:
        if not groups or groups[-1]["group"] != item.group:
            groups.append({"group": item.group, "items": []})
        groups[-1]["items"].append(item)
    context.update(
        {
            "visit": visit,
            "groups": groups,
            "interviews": visit.interviews.all() if visit else [],
            "archive_checks": visit.archive_checks.all() if visit else [],
            "may_plan": may_plan and (visit is None or visit.status != "closed"),
            "may_act": may_act,
            "visit_form": VisitForm(
                initial={
                    "planned_on": visit.planned_on,
                    "place": visit.place,
                    "agenda": visit.agenda,
                    "team": list(visit.team.all()),
                }
                if visit
                else None
            ),
            "interview_form": InterviewForm(),
            "archive_form": ArchiveCheckForm(),
            "score_rows": on_site_rows(cu),
            "may_score": CAMPAIGNS.allowed(request.user, "on_site", cu),
            "on_behalf_evaluators": _evaluators(cu)
            if CAMPAIGNS.allowed(request.user, "review_on_behalf", cu)
            else None,
            "may_find": CAMPAIGNS.allowed(request.user, "raise_finding", cu),
            "finding_form": FindingForm(leaves=info.leaves if info else ()),
            "findings": Finding.objects.visible_to(request.user).filter(
                campaign=campaign, unit_id=cu.unit_id
            ),
        }
    )
    return render(request, "campaigns/unit_visit.html", context)


def _evaluators(cu):
    return [
        a.user
        for a in Assignment.objects.filter(
            campaign=cu.campaign, unit_id=cu.unit_id, kind=Assignment.Kind.EVALUATOR
        ).select_related("user")
    ]


@login_required
@require_POST
@enforces(CAMPAIGNS, "review_on_behalf")
def unit_scores_on_behalf(request, pk, unit_id):
    """代录: the office enters an evaluator's on-site scores from the paper scoring sheet (the on-site page's score
    form posts here when the office names the evaluator and the sheet)."""
    campaign = get_campaign(request, pk)
    cu = get_campaign_unit(request, campaign, unit_id)
    back = reverse("campaigns:unit_visit", args=[campaign.pk, cu.unit_id])
    posted = ScoresOnBehalfInput(request.POST)
    values = posted.parsed()
    scores, reasons = posted.scores("reviewed__", "reason__")
    evaluator = next((u for u in _evaluators(cu) if u.pk == values["evaluator"]), None)
    _result, response = run(
        request,
        actions.enter_review_on_behalf,
        cu,
        evaluator=evaluator,
        document=values["document"],
        scores=scores,
        reasons=reasons,
        success=_("已代%(evaluator)s录入实地评估得分。") % {"evaluator": evaluator},
        back=back,
    )
    return response or redirect(back)

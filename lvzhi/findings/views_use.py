"""Pages of the use of results: the staffing recommendations of a campaign or a unit with their reasons, drafting
them for a campaign, and the office's decision on one (accepted: a staffing matter with its document number;
rejected: with a reason). Thin: a form in, the action or a selector, a template out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.audit.models import AuditEvent
from lvzhi.audit.views import event_rows
from lvzhi.campaigns.models import Campaign
from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, results_export, selectors_use
from .forms import DecideForm, RecommendForm, ResultsExportForm
from .models import Recommendation
from .policy import POLICY, FindingRefused


@login_required
@require_GET
@enforces(POLICY, "view_recommendations")
def recommendations(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_recommendations")
    items = selectors_use.recommendations(request.user, request.GET)
    campaign = request.GET.get("campaign", "")
    unit = request.GET.get("unit", "")
    return render(request, "findings/recommendations.html", {
        "items": items[:500], "counts": selectors_use.recommendation_counts(items),
        "campaigns": Campaign.objects.filter(pk__in=Recommendation.objects.values("campaign_id")).order_by("-year"),
        "campaign": int(campaign) if campaign.isdigit() else None,
        "unit": Unit.objects.filter(pk=unit).first() if unit.isdigit() else None,
        "status": request.GET.get("status", ""), "draft_form": RecommendForm(),
        "can": POLICY.allowed_actions(request.user, None, ("recommend", "decide_recommendation")),
        "active": "recommendations",
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "recommend")
def draft(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "recommend")
    form = RecommendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择评估活动。"))
        return redirect("findings:recommendations")
    campaign = form.cleaned_data["campaign"]
    made = actions.recommend(campaign, actor=request.user)
    if made:
        messages.success(request, _("已为%(n)s个单位生成机构编制调整建议,请逐一决定。") % {"n": len(made)})
    else:
        messages.warning(request, _("该评估活动没有待生成建议的评估结果(已决定的建议保持不变)。"))
    return redirect(f"{reverse('findings:recommendations')}?campaign={campaign.pk}")


@login_required
@require_GET
@enforces(POLICY, "view_recommendations")
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_for(request.user, Recommendation.objects.select_related("unit", "campaign", "decided_by"),
                  "view_recommendations", pk=pk)  # fmt: skip
    trail = AuditEvent.objects.for_object(rec).order_by("at", "id")
    return render(request, "findings/recommendation.html", {
        "rec": rec, "form": DecideForm(initial={"decision": "accept", "matter": rec.matter}),
        "can_decide": rec.status == Recommendation.Status.PROPOSED
        and POLICY.allowed(request.user, "decide_recommendation", rec),
        "trail": event_rows(trail), "active": "recommendations",
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "decide_recommendation")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_for(request.user, Recommendation.objects.all(), "decide_recommendation", pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "".join(e for errors in form.errors.values() for e in errors))
        return redirect("findings:recommendation", pk=rec.pk)
    data = form.cleaned_data
    try:
        actions.decide_recommendation(
            rec, actor=request.user, accept=data["decision"] == "accept", note=data["note"], kind=data["kind"],
            matter=data["matter"], document_number=data["document_number"],
        )  # fmt: skip
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已决定。"))
    return redirect("findings:recommendation", pk=rec.pk)


@login_required
@require_GET
@enforces(POLICY, "export_results")
def results_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "export_results")
    campaigns = (
        Campaign.objects.visible_to(request.user).filter(published_at__isnull=False).order_by("-year", "-id")
    )
    return render(request, "findings/results.html", {
        "campaigns": campaigns, "form": ResultsExportForm(auto_id=False), "active": "results",
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "export_results")
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "export_results", campaign)
    form = ResultsExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, Invalid.from_form(form).message)
        return redirect("findings:results")
    layout = form.cleaned_data["layout"]
    try:
        parts = actions.export_results(campaign, actor=request.user, layout=layout,
                                       points=form.cleaned_data["points"])  # fmt: skip
    except FindingRefused as exc:  # not published yet
        messages.error(request, exc.page_message)
        return redirect("findings:results")
    response = HttpResponse(results_export.workbook(parts), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(campaign.name, results_export.LAYOUTS[layout], suffix="xlsx"))

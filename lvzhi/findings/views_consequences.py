"""Pages of the consequences for 诫勉 units and persons: the list (open first, overdue flagged), imposing them
for a published campaign (the office), a unit's written report (the unit's contact). Thin: a form in, the
action, a redirect back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.campaigns.models import Campaign
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import actions
from .forms import RecommendForm, ReportForm
from .models import Measure
from .policy import POLICY, FindingRefused


@login_required
@require_GET
@enforces(POLICY, "view")
def consequences_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    items = (
        Measure.objects.visible_to(request.user).filter(kind__in=Measure.CONSEQUENCES).select_related("unit")
        .order_by(F("done_at").asc(nulls_first=True), "due", "unit__order", "id")
    )  # fmt: skip
    form = RecommendForm()
    form.fields["campaign"].queryset = Campaign.objects.filter(published_at__isnull=False).order_by("-year")
    return render(request, "findings/consequences.html", {
        "items": items[:500], "impose_form": form, "report_form": ReportForm(auto_id=False),
        "can": POLICY.allowed_actions(request.user, None, ("impose_consequences", "complete_measure",
                                                            "submit_report")),
        "active": "consequences",
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "impose_consequences")
def impose(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "impose_consequences")
    form = RecommendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择评估活动。"))
        return redirect("findings:consequences")
    try:
        made = actions.impose_consequences(form.cleaned_data["campaign"], actor=request.user)
    except FindingRefused as exc:
        messages.error(request, exc.page_message)
    else:
        messages.success(request, _("已落实诫勉措施%(n)s项。") % {"n": len(made)})
    return redirect("findings:consequences")


@login_required
@require_POST
@enforces(POLICY, "submit_report")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for(request.user, Measure.objects.all(), "submit_report", pk=pk)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise Invalid.from_form(form)
        actions.submit_report(item, actor=request.user, report=form.cleaned_data["report"])
    except (Invalid, FindingRefused) as exc:
        messages.error(request, exc.message if isinstance(exc, Invalid) else exc.page_message)
    else:
        messages.success(request, _("书面报告已提交,等待编办办结。"))
    return redirect("findings:consequences")

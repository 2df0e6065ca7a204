"""Pages of quarterly progress, the office's overdue list and reminders, and the feed into a campaign."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lvzhi.campaigns import feeding_views
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for, requires

from . import deadlines, feed, progress, selectors
from .forms import ReportForm
from .models import QUARTERS, ProgressEvidence
from .policy import POLICY
from .views import goal_url


@enforces(POLICY, "report")
@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    goal: Any = get_for(request.user, selectors.goals_of(request.user), "report", pk=pk)
    if quarter not in QUARTERS:
        raise Http404
    report = goal.reports.filter(quarter=quarter).first()
    initial = (
        {
            "actual": report.actual,
            "completion": report.completion,
            "progress": report.progress,
            "problems": report.problems,
        }
        if report
        else {}
    )
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress.report_progress(
                goal, quarter, progress=data["progress"], actual=data["actual"], completion=data["completion"],
                problems=data["problems"], files=data["files"], actor=request.user,
            )  # fmt: skip
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已报送第%(q)s季度进展。") % {"q": quarter})
            return redirect(goal_url(goal))
    context = {
        "goal": goal, "unit": goal.unit, "year": goal.year, "quarter": quarter, "form": form, "report": report,
        "period": deadlines.period(goal.year, quarter), "target": goal.quarter_target(quarter),
        "measure": goal.measure(quarter),
    }  # fmt: skip
    return render(request, "goals/report.html", context)


@enforces(POLICY, "report")
@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence: Any = get_for(
        request.user, ProgressEvidence.objects.select_related("report__goal"), "report", pk=pk
    )
    goal = evidence.report.goal
    progress.delete_evidence(evidence, actor=request.user)
    messages.success(request, _("已删除佐证材料。"))
    return redirect(goal_url(goal))


@login_required
@requires(POLICY, "remind")
@require_safe
def overdue_page(request: HttpRequest) -> HttpResponse:
    late = selectors.overdue(request.user, timezone.localdate())
    return render(request, "goals/overdue.html", {"late": late})


@login_required
@requires(POLICY, "remind")
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    count = progress.remind_overdue(actor=request.user)
    if count:
        messages.success(request, _("已提醒 %(n)s 位单位联络员。") % {"n": count})
    else:
        messages.info(request, _("没有需要提醒的单位。"))
    return redirect(reverse("goals:overdue"))


@login_required
@requires(POLICY, "feed_scores")
@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest) -> HttpResponse:
    return feeding_views.feed_page(request, feed=feed, url_name="goals:feed", template="goals/feed.html")

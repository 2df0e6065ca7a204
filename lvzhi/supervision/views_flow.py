"""The supervision page of one workflow: its diagram coloured by the measured step durations and overdue rates
(lvzhi.supervision.flow), with the figures in a table and each step's events one click away; the analysis report
(lvzhi.supervision.report) as a download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from lvzhi.core.downloads import attach
from lvzhi.core.policy import enforces, get_for
from lvzhi.reports.govdoc import CONTENT_TYPE
from lvzhi.workflows.diagram import layout, to_svg
from lvzhi.workflows.models import Workflow

from . import flow
from . import report as analysis
from .policy import POLICY
from .views_dashboard import _filters


@enforces(POLICY, "view")
@login_required
@require_GET
def workflow_page(request: HttpRequest, pk: int) -> HttpResponse:
    POLICY.require(request.user, "view")
    workflow: Workflow = get_for(request.user, Workflow.objects.select_related("unit"), "view", pk=pk)
    f = _filters(request)
    view = flow.flow_view(request.user, workflow, f)
    svg = ""
    if view.chart is not None:
        svg = mark_safe(to_svg(layout(view.chart), standalone=False))  # noqa: S308 - every text is escaped
    rows = [
        {
            "s": s,
            "median_hours": flow.hours(s.median_secs),
            "p90_hours": flow.hours(s.p90_secs),
            "rate": None if s.overdue_rate is None else round(100 * s.overdue_rate),
        }
        for s in view.steps
    ]
    return render(
        request,
        "supervision/workflow.html",
        {"workflow": workflow, "view": view, "svg": svg, "rows": rows, "f": f},
    )


@enforces(POLICY, "view")
@login_required
@require_GET
def report(request: HttpRequest, fmt: str) -> HttpResponse:
    """职能运行监管分析报告 for the dashboard's filters, as Word or PDF."""
    POLICY.require(request.user, "view")
    if fmt not in ("docx", "pdf"):
        raise Http404
    data = analysis.build(request.user, _filters(request))
    if fmt == "docx":
        response = HttpResponse(analysis.word(data), content_type=CONTENT_TYPE)
    else:
        response = HttpResponse(analysis.pdf(data), content_type="application/pdf")
    return attach(response, analysis.filename(data, fmt))

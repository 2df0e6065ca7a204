"""The pages of the unit evaluation reports: a campaign's reports (office and committee) with the drafting of
their opinions, one report (its preview, the office's opinion form, release and withdrawal), and its files
(Word, PDF, Excel) — every download looked up through the policy (`view_unit_report`) on the server."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.campaigns.models import Campaign, UnitResult
from lvzhi.core.downloads import attach
from lvzhi.core.models import Job
from lvzhi.core.policy import enforces, get_for

from . import documents, downloads, unitactions
from .batch import BATCH_JOB
from .models import ReportTemplate, UnitReport
from .policy import POLICY
from .unitreport import SUMMARY


@enforces(POLICY, "campaign_report")
@login_required
@require_GET
def campaign_reports(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "campaign_report", campaign)
    reports = {r.unit_id: r for r in UnitReport.objects.visible_to(request.user).filter(campaign=campaign)}
    rows = [
        {"result": r, "report": reports.get(r.unit_id)}
        for r in UnitResult.objects.filter(campaign=campaign).select_related("unit", "category")
        .order_by("category__order", "rank", "unit__code")
    ]  # fmt: skip
    return render(
        request,
        "reports/unit_reports.html",
        {
            "campaign": campaign,
            "rows": rows,
            "may_draft": POLICY.allowed(request.user, "draft_reports", campaign),
            "may_generate": POLICY.allowed(request.user, "generate_reports", campaign),
            "last_batch": Job.objects.visible_to(request.user)
            .filter(kind=BATCH_JOB, params__campaign=campaign.pk)
            .first(),
            "to_release": sum(1 for r in reports.values() if r.status == UnitReport.Status.DRAFT),
        },
    )


@enforces(POLICY, "draft_reports")
@login_required
@require_POST
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for(request.user, Campaign, pk=pk)
    count = unitactions.draft_reports(campaign, actor=request.user)
    messages.success(request, _("已起草%(n)s个单位的评估意见。") % {"n": count})
    return redirect("reports:unit_reports", pk=campaign.pk)


def _page(request: HttpRequest, report: UnitReport) -> HttpResponse:
    data = downloads.unit_report_data(report)
    return render(
        request,
        "reports/unit_report.html",
        {
            "report": report,
            "campaign": report.campaign,
            **documents.context(data),
            "can": POLICY.allowed_actions(
                request.user, report, ("edit_report", "release_report", "withdraw_report")
            ),
            "sees_list": POLICY.allowed(request.user, "campaign_report", report.campaign),
            "summary_key": SUMMARY,
            "template_in_use": ReportTemplate.objects.filter(in_use=True).first(),
        },
    )


@enforces(POLICY, "view_unit_report")
@login_required
@require_GET
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "view_unit_report", pk=pk
    )
    return _page(request, report)


@enforces(POLICY, "edit_report")
@login_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "edit_report", pk=pk
    )
    keys = [SUMMARY, *[str(k) for k in report.opinions if k != SUMMARY]]
    texts = {k: request.POST[f"opinion_{k}"] for k in keys if f"opinion_{k}" in request.POST}
    unitactions.save_opinions(report, actor=request.user, texts=texts)
    messages.success(request, _("评估意见已保存。"))
    return redirect("reports:unit_report", pk=report.pk)


@enforces(POLICY, "release_report")
@login_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "release_report", pk=pk
    )
    unitactions.release_report(report, actor=request.user)
    messages.success(request, _("单位评估报告已发布。"))
    return redirect("reports:unit_report", pk=report.pk)


@enforces(POLICY, "withdraw_report")
@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "withdraw_report", pk=pk
    )
    unitactions.withdraw_report(report, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("单位评估报告已撤回,可以修改后重新发布。"))
    return redirect("reports:unit_report", pk=report.pk)


@enforces(POLICY, "view_unit_report")
@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "view_unit_report", pk=pk
    )
    data = downloads.unit_report_data(report)
    if fmt == "docx":
        body, content_type = documents.word(data), documents.WORD_TYPE
    elif fmt == "pdf":
        body, content_type = documents.pdf(data), documents.PDF_TYPE
    elif fmt == "xlsx":
        body, content_type = documents.excel(data), documents.XLSX_TYPE
    else:
        raise Http404
    return attach(HttpResponse(body, content_type=content_type), documents.filename(data, fmt))

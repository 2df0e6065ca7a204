"""The office's Word templates of the unit report: the list with the placeholders, upload, preview on one of the
campaign reports (the filled text on the page and as .docx), use and stop using (`manage_templates`); and a unit
report downloaded in the template in use (`view_unit_report`, as the report itself)."""

from __future__ import annotations

import io

import docx
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import documents, downloads, templating
from .models import ReportTemplate, UnitReport
from .policy import POLICY


@enforces(POLICY, "manage_templates")
@login_required
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "manage_templates")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            raise Invalid(_("请选择模板文件。"), field="file")
        template = templating.upload_template(
            actor=request.user, name=request.POST.get("name", ""), file_name=upload.name or "",
            content=upload.read(),
        )  # fmt: skip
        messages.success(request, _("模板已上传,请预览后启用。"))
        return redirect("reports:template", pk=template.pk)
    return render(
        request,
        "reports/templates_list.html",
        {
            "templates": ReportTemplate.objects.visible_to(request.user),
            "placeholders": templating.PLACEHOLDERS,
        },
    )


def _report(request: HttpRequest) -> UnitReport | None:
    reports = UnitReport.objects.visible_to(request.user).select_related("campaign", "unit")
    wanted = request.GET.get("report")
    if wanted:
        report: UnitReport = get_for(request.user, reports, "view_unit_report", pk=wanted)
        return report
    first: UnitReport | None = reports.order_by("-campaign_id", "unit__order", "unit__code").first()
    return first


@enforces(POLICY, "manage_templates")
@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for(request.user, ReportTemplate.objects.all(), "manage_templates", pk=pk)
    report = _report(request)
    preview: list[str] = []
    if report is not None:
        rendered = templating.render(template, downloads.unit_report_data(report))
        if request.GET.get("format") == "docx":
            response = HttpResponse(rendered, content_type=documents.WORD_TYPE)
            return attach(response, file_name(template.name, report.unit.name, _("预览"), suffix="docx"))
        preview = [p.text for p in docx.Document(io.BytesIO(rendered)).paragraphs if p.text.strip()]
    return render(
        request,
        "reports/template_detail.html",
        {
            "template": template,
            "report": report,
            "reports": UnitReport.objects.visible_to(request.user).select_related("campaign", "unit")[:200],
            "preview": preview,
            "placeholders": templating.PLACEHOLDERS,
        },
    )


@enforces(POLICY, "manage_templates")
@login_required
@require_POST
def use(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for(request.user, ReportTemplate.objects.all(), "manage_templates", pk=pk)
    stop = request.POST.get("stop") == "1"
    templating.use_template(None if stop else template, actor=request.user)
    messages.success(request, _("已停用模板,报告恢复默认格式。") if stop else _("模板已启用。"))
    return redirect("reports:template", pk=template.pk)


@enforces(POLICY, "view_unit_report")
@login_required
@require_GET
def unit_report_in_template(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_for(
        request.user, UnitReport.objects.select_related("campaign", "unit"), "view_unit_report", pk=pk
    )
    template = templating.in_use()
    if template is None:
        raise Http404
    data = downloads.unit_report_data(report)
    response = HttpResponse(templating.render(template, data), content_type=documents.WORD_TYPE)
    return attach(response, documents.filename(data, "docx"))

"""What a report's page and its API both hand out: the campaign report and the bulletin as files, and the data
of a unit's report (its campaign's published result behind it)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from lvzhi.campaigns.models import UnitResult
from lvzhi.core.downloads import attach

from . import campaigndocs, unitreport
from .campaignreport import CampaignReportData
from .models import UnitReport


def campaign_report_file(data: CampaignReportData, fmt: str) -> HttpResponse:
    """The campaign report as Word, PDF or the Excel of its tables; another format is not found."""
    if fmt == "docx":
        body, content_type = campaigndocs.word(data), campaigndocs.WORD_TYPE
    elif fmt == "pdf":
        body, content_type = campaigndocs.pdf(data, "reports/campaign_report_pdf.html"), campaigndocs.PDF_TYPE
    elif fmt == "xlsx":
        body, content_type = campaigndocs.excel(data), campaigndocs.XLSX_TYPE
    else:
        raise Http404
    return attach(HttpResponse(body, content_type=content_type), campaigndocs.filename(data, "report", fmt))


def bulletin_file(data: CampaignReportData, fmt: str) -> HttpResponse:
    """The one-page bulletin (通报) as Word or PDF; another format is not found."""
    if fmt == "docx":
        body, content_type = campaigndocs.bulletin_word(data), campaigndocs.WORD_TYPE
    elif fmt == "pdf":
        body, content_type = campaigndocs.pdf(data, "reports/bulletin_pdf.html"), campaigndocs.PDF_TYPE
    else:
        raise Http404
    return attach(HttpResponse(body, content_type=content_type), campaigndocs.filename(data, "bulletin", fmt))


def unit_report_data(report: UnitReport) -> unitreport.ReportData:
    """The data of a unit's report; not found while its unit has no result in the campaign."""
    result = (
        UnitResult.objects.select_related("unit", "category", "scheme_version")
        .filter(campaign=report.campaign, unit=report.unit)
        .first()
    )
    if result is None:
        raise Http404
    return unitreport.build(report.campaign, result, report=report)

"""The pages of a campaign's report (office and committee: `campaign_report`) and of its bulletin (通报; everyone who
sees the campaign once it is published, the office and the committee before: `view_bulletin`), and their files —
every download looked up through the policy on the server, as the page is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lvzhi.campaigns.models import Campaign
from lvzhi.core.policy import enforces, get_for

from . import campaigndocs, campaignreport, downloads
from .policy import POLICY


def _campaign(request: HttpRequest, pk: int, action: str) -> Campaign:
    campaign: Campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, action, campaign)
    if not campaign.results.exists():
        raise Http404
    return campaign


@enforces(POLICY, "campaign_report")
@login_required
@require_GET
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "campaign_report")
    data = campaignreport.build(campaign, request.user)
    return render(
        request, "reports/campaign_report.html", {"campaign": campaign, **campaigndocs.context(data)}
    )


@enforces(POLICY, "campaign_report")
@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = _campaign(request, pk, "campaign_report")
    data = campaignreport.build(campaign, request.user)
    return downloads.campaign_report_file(data, fmt)


@enforces(POLICY, "view_bulletin")
@login_required
@require_GET
def bulletin_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, "view_bulletin")
    data = campaignreport.build(campaign, request.user, flags=False)
    return render(
        request,
        "reports/bulletin.html",
        {
            "campaign": campaign,
            **campaigndocs.context(data),
            "paragraphs": campaigndocs.bulletin_paragraphs(data),
            "sees_report": POLICY.allowed(request.user, "campaign_report", campaign),
        },
    )


@enforces(POLICY, "view_bulletin")
@login_required
@require_GET
def bulletin_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = _campaign(request, pk, "view_bulletin")
    data = campaignreport.build(campaign, request.user, flags=False)
    return downloads.bulletin_file(data, fmt)

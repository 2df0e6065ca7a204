"""The dashboards: a campaign's overview, its findings and rectification, staffing against workload (office and
committee: `view_dashboards`), and a unit's profile over the years (`view_unit_profile`, published results the user
may read). Each chart's data downloads as Excel from the same read model (lvzhi.reports.dashboards)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lvzhi.campaigns.models import Campaign
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces, get_for
from lvzhi.core.spreadsheets import XLSX_CONTENT_TYPE
from lvzhi.registry.models import Unit

from . import dashboards
from .policy import POLICY

BOARDS = {
    "overview": gettext_lazy("总览"),
    "findings": gettext_lazy("问题整改"),
    "staffing": gettext_lazy("编制与工作量"),
}


def _charts(request: HttpRequest, board: str, campaign: Campaign) -> list[dict[str, Any]]:
    if board == "overview":
        return dashboards.overview(campaign)
    if board == "findings":
        return dashboards.findings(campaign)
    if board == "staffing":
        return dashboards.staffing(campaign, request.user)
    raise Http404


def _respond(
    request: HttpRequest, charts: list[dict[str, Any]], context: dict[str, Any], name: str
) -> HttpResponse:
    key = request.GET.get("chart")
    if request.GET.get("format") == "xlsx":
        item = next((c for c in charts if c["id"] == key), None)
        if item is None:
            raise Http404
        response = HttpResponse(dashboards.excel(item), content_type=XLSX_CONTENT_TYPE)
        return attach(response, file_name(name, item["title"], suffix="xlsx"))
    return render(request, "reports/dashboard.html", {**context, "charts": charts, "chart_data": charts})


@enforces(POLICY, "view_dashboards")
@login_required
@require_GET
def campaign_board(request: HttpRequest, pk: int, board: str) -> HttpResponse:
    campaign: Campaign = get_for(request.user, Campaign, pk=pk)
    POLICY.require(request.user, "view_dashboards", campaign)
    charts = _charts(request, board, campaign)
    tabs = [
        (key, str(label), reverse("reports:dashboard", args=[campaign.pk, key]))
        for key, label in BOARDS.items()
    ]
    context = {
        "campaign": campaign,
        "title": f"{campaign.name} · {BOARDS[board]}",
        "tabs": tabs,
        "board": board,
    }
    return _respond(request, charts, context, campaign.name)


@enforces(POLICY, "view_unit_profile")
@login_required
@require_GET
def unit_profile(request: HttpRequest, pk: int) -> HttpResponse:
    unit: Unit = get_for(request.user, Unit, pk=pk)
    POLICY.require(request.user, "view_unit_profile", unit)
    charts = dashboards.profile(unit, request.user)
    context = {
        "unit": unit,
        "title": _("%(unit)s历年画像") % {"unit": unit.name},
        "tabs": [],
        "board": "profile",
    }
    return _respond(request, charts, context, unit.name)

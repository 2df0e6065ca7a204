"""What every campaign page shares: lookups through `visible_to` (a hidden object is a 404), running an action
(a refusal is a 403 page naming why; bad input is a message and a redirect back), and the campaign header."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from lvzhi.core.downloads import attach
from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.policy import get_for

from ..models import Campaign, CampaignUnit
from ..policy import CAMPAIGNS
from ..stages import STAGE_INFO


def get_campaign(request, pk) -> Campaign:
    """The campaign as the user may see it (lvzhi.core.policy.get_for, the lookup the API uses too)."""
    campaigns = Campaign.objects.select_related("scheme_version__scheme", "region").prefetch_related(
        "category_schemes__scheme_version"
    )
    return get_for(request.user, campaigns, pk=pk)


def get_campaign_unit(request, campaign, unit_id) -> CampaignUnit:
    cu = get_for(
        request.user, CampaignUnit.objects.select_related("unit", "category"), campaign=campaign, unit_id=unit_id
    )
    cu.campaign = campaign
    return cu


def run(request, fn, *args, success: str = "", back: str = "", **kwargs):
    """Call an action. Returns (result, None) when it worked, or (None, response) to return: a 403 for a
    refusal, a redirect to `back` with the message for bad input."""
    try:
        result = fn(*args, actor=request.user, **kwargs)
    except Refused as exc:
        raise PermissionDenied(str(exc)) from exc
    except Invalid as exc:
        messages.error(request, str(exc))
        return None, redirect(back or request.get_full_path())
    if success:
        messages.success(request, success)
    return result, None


# What the campaign header, its tabs and buttons ask of the policy.
PAGE_ACTIONS = (
    "edit_setup",
    "compute",
    "import_data",
    "decide",
    "publish",
    "close_stage",
    "reopen_stage",
    "manage",
    "view_progress",
    "view_ratings",
    "view_imports",
    "view_results",
    "results_tab",
    "view_flags",
    "view_approval",
    "verify_results",
    "rate_portfolio",
)


def campaign_context(request, campaign, section: str = "", cu=None) -> dict:
    return {
        "campaign": campaign,
        "section": section,
        "cu": cu,
        "stage_info": STAGE_INFO.get(campaign.stage),
        "can": CAMPAIGNS.allowed_actions(request.user, campaign, PAGE_ACTIONS),
    }


def xlsx_response(title: str, header: list, rows, filename: str):
    """A one-sheet workbook: a title row, a header row, the rows."""
    from django.http import HttpResponse
    from openpyxl.styles import Font

    from lvzhi.core import spreadsheets

    wb = spreadsheets.new_workbook(title=title)
    ws = wb.active
    spreadsheets.append(ws, [title], font=Font(size=14, bold=True))
    spreadsheets.append(ws, header, font=Font(bold=True))
    for row in rows:
        spreadsheets.append(ws, row)
    response = HttpResponse(spreadsheets.to_bytes(wb), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, filename)


def require(request, action: str, obj=None) -> None:
    """Refuse the page (a 403 naming why) unless the policy lets the user take `action` (on `obj`)."""
    reason = CAMPAIGNS.check(request.user, action, obj)
    if reason:
        raise PermissionDenied(reason)

"""逐项核查 on a campaign's visit page: add the unit's goals and tasks to the checklist, score one on site. Thin:
the campaign room's lookups (a campaign or unit the user does not see is a 404), form in, action, back to the
visit page. The table is the campaign room's (rule "on_site")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.campaigns.policy import CAMPAIGNS
from lvzhi.campaigns.views.base import get_campaign, get_campaign_unit
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces

from . import onsite
from .forms import CheckScoreForm


def _back(pk: int, unit_id: int, anchor: str = "") -> str:
    return reverse("campaigns:unit_visit", args=[pk, unit_id]) + anchor


@login_required
@enforces(CAMPAIGNS, "on_site")
@require_POST
def add_items(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    cu = get_campaign_unit(request, get_campaign(request, pk), unit_id)
    added = onsite.add_goal_items(cu, actor=request.user)
    if added:
        messages.success(request, _("已将%(n)s项年度目标和分解任务列入清单,请逐项核查打分。") % {"n": added})
    else:
        messages.info(request, _("年度目标和分解任务都已在清单中。"))
    return redirect(_back(pk, unit_id))


@login_required
@enforces(CAMPAIGNS, "on_site")
@require_POST
def score(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    cu = get_campaign_unit(request, get_campaign(request, pk), unit_id)
    form = CheckScoreForm(request.POST)
    item = form.data.get("item")
    if not form.is_valid():
        onsite.open_visit(request.user, cu)  # the table first, then the form's reason
        raise Invalid.from_form(form)
    onsite.score_item(
        cu, form.cleaned_data["item"], actor=request.user, score=form.cleaned_data["score"],
        note=form.cleaned_data["note"],
    )  # fmt: skip
    messages.success(request, _("已保存核查得分。"))
    return redirect(_back(pk, unit_id, f"#item-{item}"))

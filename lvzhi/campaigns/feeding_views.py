"""The 计入评估指标 page every feeding room serves (goals, the lists, supervision): the office picks a campaign,
previews each unit's figures for the campaign's indicators with what is behind them and who is left out, and
writes them into the campaign (lvzhi.campaigns.feeding). The room's view applies its own rule and names its feed
module, page and template."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.errors import Invalid
from lvzhi.registry.forms import BootstrapMixin


class CampaignFeedForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=gettext_lazy("评估活动"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


def feed_page(
    request: HttpRequest, *, feed: ModuleType, url_name: str, template: str,
    form_class: type[forms.Form] = CampaignFeedForm,
) -> HttpResponse:  # fmt: skip
    """GET: the preview of `feed.feed_rows` for the chosen campaign; POST: `feed.feed_scores`, then back here."""
    from lvzhi.campaigns.models import Campaign

    campaigns = Campaign.objects.visible_to(request.user).order_by("-year", "-id")
    form = form_class(request.POST or request.GET or None, campaigns=campaigns)  # type: ignore[call-arg]
    preview = None
    if form.is_bound and form.is_valid():
        campaign = form.cleaned_data["campaign"]
        try:
            if request.method == "POST":
                batch = feed.feed_scores(campaign, actor=request.user)
                messages.success(request, _("已计入 %(n)s 个数值。") % {"n": batch.rows})
                return redirect(f"{reverse(url_name)}?campaign={campaign.pk}")
            leaves, rows, left_out = feed.feed_rows(campaign, request.user)
            preview = {"campaign": campaign, "leaves": leaves, "rows": rows, "left_out": left_out}
        except Invalid as exc:
            exc.add_to_form(form)
    return render(request, template, {"form": form, "preview": preview})

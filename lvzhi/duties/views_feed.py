"""计入评估指标: the office previews each unit's list statistics for a campaign's list-management indicators, with
the adjustments, claims or items behind each, and writes them into the campaign (lvzhi.duties.feed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import requires

from . import feed
from .forms import FeedForm
from .policy import POLICY


@login_required
@requires(POLICY, "feed_scores")
@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest) -> HttpResponse:
    from lvzhi.campaigns.models import Campaign

    campaigns = Campaign.objects.visible_to(request.user).order_by("-year", "-id")
    form = FeedForm(request.POST or request.GET or None, campaigns=campaigns)
    preview = None
    if form.is_bound and form.is_valid():
        campaign = form.cleaned_data["campaign"]
        try:
            if request.method == "POST":
                batch = feed.feed_scores(campaign, actor=request.user)
                messages.success(request, _("已计入 %(n)s 个数值。") % {"n": batch.rows})
                return redirect(f"{reverse('duties:feed')}?campaign={campaign.pk}")
            leaves, rows, left_out = feed.feed_rows(campaign, request.user)
            preview = {"campaign": campaign, "leaves": leaves, "rows": rows, "left_out": left_out}
        except Invalid as exc:
            exc.add_to_form(form)
    return render(request, "duties/feed.html", {"form": form, "preview": preview})

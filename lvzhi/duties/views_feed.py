"""计入评估指标: the office previews each unit's list statistics for a campaign's list-management indicators, with
the adjustments, claims or items behind each, and writes them into the campaign (lvzhi.duties.feed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from lvzhi.campaigns import feeding_views
from lvzhi.core.policy import requires

from . import feed
from .policy import POLICY


@login_required
@requires(POLICY, "feed_scores")
@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest) -> HttpResponse:
    return feeding_views.feed_page(request, feed=feed, url_name="duties:feed", template="duties/feed.html")

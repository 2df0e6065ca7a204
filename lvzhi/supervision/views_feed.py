"""计入评估指标: the office previews each unit's supervision figures for a campaign's metric indicators, with the
records behind each, and writes them into the campaign (lvzhi.supervision.feed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from lvzhi.campaigns import feeding_views
from lvzhi.core.policy import requires

from . import feed
from .forms import FeedForm
from .policy import POLICY


@login_required
@requires(POLICY, "feed_scores")
@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest) -> HttpResponse:
    return feeding_views.feed_page(request, feed=feed, url_name="supervision:feed", template="supervision/feed.html", form_class=FeedForm)

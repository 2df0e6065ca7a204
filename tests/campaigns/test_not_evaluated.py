"""The office lists a unit apart as not evaluated this period, with the reason (nothing due, no cases): the unit
gets no grade or rank and is not counted in the rank size; taking it back puts it in the ranking again. Only the
office may do it, with a reason; the page, the API and the audit log carry it (issue 8, item 11)."""

import pytest
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage, UnitResult
from lvzhi.core.errors import Invalid, Refused

from .conftest import advance, cu_of

pytestmark = pytest.mark.django_db

REASON = "本期无到期的权责事项"


def review_url(camp, unit):
    return reverse("campaigns:unit_review", args=[camp.pk, unit.pk])


def test_a_unit_marked_not_evaluated_on_the_review_page_is_listed_apart_and_not_ranked(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    client = login(u.admin)
    page = client.get(review_url(camp, world.unit_b)).content.decode()
    assert "标记为不参评" in page
    refused = client.post(review_url(camp, world.unit_b), {"action": "not_evaluated", "not_evaluated": "1"}, follow=True)
    assert "须说明原因" in refused.content.decode()
    done = client.post(
        review_url(camp, world.unit_b),
        {"action": "not_evaluated", "not_evaluated": "1", "not_evaluated_reason": REASON},
        follow=True,
    ).content.decode()
    assert "已标记为不参评" in done and f"本单位本期不参评:{REASON}" in done
    event = AuditEvent.objects.filter(object_id=str(cu_of(camp, world.unit_b).pk), reason=REASON).first()
    assert event is not None and event.actor == u.admin
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    a = UnitResult.objects.get(campaign=camp, unit=world.unit_a)
    b = UnitResult.objects.get(campaign=camp, unit=world.unit_b)
    assert (a.rank, a.summary["rank_size"]) == (1, 1)
    assert b.rank is None and not b.grade and b.summary["not_evaluated"] == REASON
    results = client.get(reverse("campaigns:results", args=[camp.pk])).content.decode()
    assert f"{world.unit_b.name}:{REASON}" in results

    # Taken back in, it is ranked again: two units, each with a rank.
    cu = cu_of(camp, world.unit_b)
    actions.set_not_evaluated(cu, actor=u.admin, not_evaluated=False)
    scoring.compute(camp, actor=u.admin)
    ranks = sorted(UnitResult.objects.filter(campaign=camp).values_list("summary__rank_size", flat=True))
    assert ranks == [2, 2]
    assert UnitResult.objects.get(campaign=camp, unit=world.unit_b).rank is not None


def test_only_the_office_marks_a_unit_not_evaluated_and_only_before_feedback(world, camp):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    cu = cu_of(camp, world.unit_a)
    for user in (u.evaluator, u.contact_a, u.committee):
        with pytest.raises(Refused):
            actions.set_not_evaluated(cu, actor=user, not_evaluated=True, reason=REASON)
    with pytest.raises(Invalid):
        actions.set_not_evaluated(cu, actor=u.admin, not_evaluated=True, reason="  ")
    camp = advance(camp, Stage.FEEDBACK, u.admin)
    with pytest.raises(Refused):
        actions.set_not_evaluated(cu_of(camp, world.unit_a), actor=u.admin, not_evaluated=True, reason=REASON)
    assert cu_of(camp, world.unit_a).not_evaluated_reason == ""


def test_the_api_marks_and_shows_the_reason(world, camp, api):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    url = f"campaigns/{camp.pk}/units/{world.unit_b.pk}/not-evaluated"
    answer = api(u.admin).post(url, {"not_evaluated": True, "reason": REASON})
    assert answer.status_code == 200 and answer.json()["not_evaluated_reason"] == REASON
    own = f"campaigns/{camp.pk}/units/{world.unit_a.pk}/not-evaluated"  # the evaluator's assigned unit
    assert api(u.evaluator).post(own, {"not_evaluated": True, "reason": REASON}).status_code == 403
    assert api(u.evaluator).post(url, {"not_evaluated": False}).status_code == 404  # not one of theirs
    assert cu_of(camp, world.unit_b).not_evaluated_reason == REASON

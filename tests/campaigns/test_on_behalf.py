"""Entry on behalf (代录): the office enters a leader's rating from a paper form. The rating is the leader's; the audit
records both (entered by the office for the leader) and the document; the rated unit sees none of it."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions
from lvzhi.campaigns.models import LeaderRating, Stage
from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.todo import items_for

from .conftest import advance

pytestmark = pytest.mark.django_db

PAPER = "市领导评价表(纸质)2026-07号"


@pytest.fixture
def multi(world, camp):
    return advance(camp, Stage.MULTI_PARTY, world.users.admin)


def test_the_office_enters_a_leaders_rating_from_a_paper_form(world, multi):
    u = world.users
    rating = actions.rate_on_behalf(
        multi, actor=u.admin, leader=u.leader, unit=world.unit_a, rating="良好", period="H1", document=PAPER
    )
    assert (rating.leader, rating.entered_by, rating.source_document) == (u.leader, u.admin, PAPER)
    event = AuditEvent.objects.get(event_type="campaign.rating_on_behalf")
    assert event.actor == u.admin and event.unit_id is None
    assert event.after == {
        "leader": str(u.leader),
        "unit": world.unit_a.name,
        "period": "上半年",
        "document": PAPER,
    }
    assert PAPER in event.reason and str(u.leader) in event.reason
    # the leader's to-do counts it as done for that period
    assert "还有2个单位未评价" in items_for(u.leader)[0].title
    for unit in (world.unit_a, world.unit_b):
        for period in ("H1", "H2"):
            actions.rate_on_behalf(
                multi, actor=u.admin, leader=u.leader, unit=unit, rating="优秀", period=period, document=PAPER
            )
    assert items_for(u.leader) == []


def test_the_rated_unit_sees_no_trace_of_the_entry(world, multi, login):
    u = world.users
    actions.rate_on_behalf(
        multi, actor=u.admin, leader=u.leader, unit=world.unit_a, rating="差", period="H1", document=PAPER
    )
    seen = AuditEvent.objects.visible_to(u.contact_a)
    assert not seen.filter(event_type="campaign.rating_on_behalf").exists()
    assert not seen.filter(content_type__model="leaderrating").exists()
    page = login(u.contact_a).get("/audit/").content.decode()
    assert PAPER not in page and "代录" not in page


def test_a_document_and_a_leader_of_the_unit_are_required(world, multi):
    u = world.users
    with pytest.raises(Invalid) as no_document:
        actions.rate_on_behalf(
            multi, actor=u.admin, leader=u.leader, unit=world.unit_a, rating="良好", document=" "
        )
    assert no_document.value.problems[0].field == "document"
    with pytest.raises(Invalid) as not_theirs:
        actions.rate_on_behalf(
            multi, actor=u.admin, leader=u.evaluator, unit=world.unit_a, rating="良好", document=PAPER
        )
    assert "不在" in str(not_theirs.value)
    with pytest.raises(Refused):
        actions.rate_on_behalf(
            multi, actor=u.leader, leader=u.leader, unit=world.unit_a, rating="良好", document=PAPER
        )
    assert not LeaderRating.objects.exists()


def test_the_leader_rating_again_makes_it_their_own(world, multi):
    u = world.users
    actions.rate_on_behalf(
        multi, actor=u.admin, leader=u.leader, unit=world.unit_a, rating="一般", period="H1", document=PAPER
    )
    rating = actions.rate_unit(multi, actor=u.leader, unit=world.unit_a, rating="良好", period="H1")
    assert (rating.rating, rating.entered_by, rating.source_document) == ("良好", None, "")


def test_the_ratings_page_enters_on_behalf_and_shows_who_entered_what(world, multi, login):
    u = world.users
    client = login(u.admin)
    page = client.get(f"/campaigns/{multi.pk}/ratings/").content.decode()
    assert "代录领导评价(纸质评价表)" in page
    response = client.post(
        f"/campaigns/{multi.pk}/ratings/on-behalf/",
        {"leader": u.leader.pk, "unit": world.unit_b.pk, "period": "H2", "rating": "优秀", "document": PAPER},
        follow=True,
    )
    body = response.content.decode()
    assert f"已代{u.leader}录入对「{world.unit_b.name}」的评价(依据:{PAPER})。" in body
    assert f"{u.admin}代录(依据:{PAPER})" in body
    # a leader's own page has no such form
    assert "代录" not in login(u.leader).get(f"/campaigns/{multi.pk}/ratings/").content.decode()

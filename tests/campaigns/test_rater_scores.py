"""Rater scores as numbers (92 out of 100) as well as labels: a leader rates on the page with either, the office
enters a scored paper form on the leader's behalf, and the engine scores a number as the points it is on the
scale's top score. Wrong entries are refused in Chinese with nothing stored."""

import pytest

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import LeaderRating, Stage
from lvzhi.core.errors import Invalid

from .conftest import advance, cu_of, text_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def multi(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="报告"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    return advance(camp, Stage.MULTI_PARTY, u.admin)


def page(multi):
    return f"/campaigns/{multi.pk}/ratings/"


def a4_points(camp, unit, user):
    camp = advance(camp, Stage.SCORING, user)
    scoring.compute(camp, actor=user)
    row = scoring.UnitResult.objects.select_related("scheme_version", "unit").get(campaign=camp, unit=unit)
    tree = scoring.explanation_for(user, row)[0]
    return next(n for n in scoring._nodes(tree["indicators"]) if n["code"] == "A4")["points"]


def test_a_leader_rates_one_half_with_a_score_and_the_other_with_a_label_and_the_engine_scores_both(
    world, multi, login
):
    u = world.users
    client = login(u.leader)
    body = client.get(page(multi)).content.decode()
    assert "或打分" in body and "满分 100 分" in body
    unit = world.unit_a.pk
    response = client.post(
        page(multi),
        {f"score__{unit}__H1": "92", f"rating__{unit}__H2": "良好", f"comment__{unit}__H1": "成效明显"},
        follow=True,
    )
    assert "已保存2项评价。" in response.content.decode()
    stored = dict(LeaderRating.objects.filter(unit=world.unit_a).values_list("period", "rating"))
    assert stored == {"H1": "92", "H2": "良好"}
    again = client.get(page(multi)).content.decode()
    assert 'value="92"' in again and "成效明显" in again
    # A4 is 10 bonus points over two halves of equal weight: (92/100 + 80/100) / 2 × 10 = 8.6.
    assert a4_points(multi, world.unit_a, u.admin) == 8.6


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"score": "105"}, "0 至 100 之间的分数"),
        ({"score": "89%"}, "不能是「89%」"),
        ({"score": "九十"}, "不能是「九十」"),
        ({"score": "88.125"}, "最多保留两位小数"),
        ({"score": "90", "rating": "优秀"}, "请选择等次或填写分数,不要同时填写"),
    ],
)
def test_a_wrong_score_is_refused_on_the_page_with_what_was_entered_kept_and_nothing_stored(
    world, multi, login, posted, message
):
    client = login(world.users.leader)
    unit_a, unit_b = world.unit_a.pk, world.unit_b.pk
    data = {f"rating__{unit_b}__H1": "优秀", f"comment__{unit_b}__H1": "未保存的评语"}
    data.update({f"{name}__{unit_a}__H2": value for name, value in posted.items()})
    body = client.post(page(multi), data).content.decode()
    assert message in body
    assert f"「{world.unit_a.name}」下半年" in body
    assert "未保存的评语" in body  # what the leader typed is on the page again
    assert not LeaderRating.objects.exists()


def test_the_office_enters_a_scored_paper_form_on_behalf_of_the_leader(world, multi, login):
    u = world.users
    client = login(u.admin)
    form = {"leader": u.leader.pk, "unit": world.unit_a.pk, "period": "H1", "document": "评价表3号"}
    refused = client.post(f"/campaigns/{multi.pk}/ratings/on-behalf/", form, follow=True).content.decode()
    assert "请选择评价等次或填写分数(二选一)。" in refused
    client.post(f"/campaigns/{multi.pk}/ratings/on-behalf/", {**form, "score": "88.50"}, follow=True)
    rating = LeaderRating.objects.get()
    assert (rating.rating, rating.entered_by, rating.source_document) == ("88.5", u.admin, "评价表3号")
    assert "88.5" in client.get(page(multi)).content.decode()


def test_the_api_takes_a_score_and_refuses_one_over_the_top(world, multi, api):
    client = api(world.users.leader)
    ok = client.post(
        f"campaigns/{multi.pk}/ratings", {"unit_id": world.unit_a.pk, "rating": "95", "period": "H1"}
    )
    assert ok.status_code == 200 and ok.json()["rating"] == "95"
    over = client.post(
        f"campaigns/{multi.pk}/ratings", {"unit_id": world.unit_a.pk, "rating": "120", "period": "H2"}
    )
    assert over.status_code == 422 and "0 至 100 之间的分数" in over.content.decode()
    assert LeaderRating.objects.count() == 1


def test_the_action_refuses_a_label_the_scale_does_not_have(world, multi):
    with pytest.raises(Invalid) as wrong:
        actions.rate_unit(multi, actor=world.users.leader, unit=world.unit_a, rating="较好", period="H1")
    assert "优秀、良好、一般、差" in str(wrong.value)

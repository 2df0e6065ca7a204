"""The campaign room's policy table (lvzhi/campaigns/policy.py) is what pages and API ask: one rule says when a
unit contact sees the evaluators' side, the read-only pages take no POST, and an entered value is checked by
the scheme's one check."""

import pytest
from django.urls import reverse

from lvzhi.campaigns import actions
from lvzhi.campaigns.models import Stage
from lvzhi.campaigns.policy import CAMPAIGNS, CONTACT_SEES_REVIEW
from lvzhi.core.errors import Invalid, Refused
from lvzhi.core.policy import POLICIES

from .conftest import advance, cu_of


def test_the_campaign_table_is_registered_with_every_stage_in_order(db):
    assert POLICIES["campaigns"] is CAMPAIGNS
    assert CAMPAIGNS.states == tuple(Stage.values)


def test_a_unit_contact_sees_the_review_only_from_the_feedback_stage_on_and_others_always(world, camp):
    contact, evaluator = world.users.contact_a, world.users.evaluator
    for stage in Stage.values:
        camp.stage = stage
        assert CAMPAIGNS.allowed(contact, "view_review", camp) is (stage in CONTACT_SEES_REVIEW)
        assert CAMPAIGNS.allowed(contact, "view_results", camp) is (stage in CONTACT_SEES_REVIEW)
        assert CAMPAIGNS.allowed(evaluator, "view_review", camp)
        # The rating leader, like the rated unit, from feedback on.
        assert CAMPAIGNS.allowed(world.users.leader, "view_review", camp) is (stage in CONTACT_SEES_REVIEW)
        assert CAMPAIGNS.allowed(world.users.leader, "view_results", camp) is (stage in CONTACT_SEES_REVIEW)
    assert CAMPAIGNS.roles_allowed("view_review", Stage.DESK_REVIEW) == CAMPAIGNS.rule("view_review").roles - {
        "unit_contact",
        "leader",
    }


def test_the_review_page_and_the_api_hide_the_review_from_a_contact_in_the_same_stages(world, camp, login):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    client = login(world.users.contact_a)
    a = world.unit_a.pk
    assert client.get(reverse("campaigns:unit_review", args=[camp.pk, a])).status_code == 404
    assert client.get(f"/api/campaigns/{camp.pk}/units/{a}/visit").status_code == 404
    assert client.get(f"/api/campaigns/{camp.pk}/results").json() == []


def test_the_read_only_pages_answer_a_post_with_405(world, camp, login):
    client = login(world.users.admin)
    a = world.unit_a.pk
    for page in [
        reverse("campaigns:campaign_list"),
        reverse("campaigns:campaign_detail", args=[camp.pk]),
        reverse("campaigns:dashboard", args=[camp.pk]),
        reverse("campaigns:unit_home", args=[camp.pk, a]),
        reverse("campaigns:unit_result", args=[camp.pk, a]),
    ]:
        assert client.post(page).status_code == 405, page
        assert client.get(page).status_code in (200, 302), page


def test_a_negative_self_score_is_refused_with_the_schemes_words(world, camp):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    cu = cu_of(camp, world.unit_a)
    with pytest.raises(Invalid, match="指标「A1 年度目标完成」的自评分 -1 不能为负数。"):
        actions.save_self_assessment(cu, actor=world.users.contact_a, scores={("A1", ""): "-1"})


def test_the_office_cannot_close_the_approval_stage_the_committee_closes_it(world, camp):
    camp = advance(camp, Stage.APPROVAL, world.users.admin)
    assert not CAMPAIGNS.allowed(world.users.admin, "close_stage", camp)
    with pytest.raises(Refused, match="编委会审定阶段由编委会审定结束,公布阶段以公布结果结束。"):
        actions.close_stage(camp, actor=world.users.admin)


def test_the_office_sets_a_stages_deadline_through_the_api(world, camp, login):
    client = login(world.users.admin)
    response = client.put(
        f"/api/campaigns/{camp.pk}/deadlines", {"self_assessment": "2026-11-30"}, content_type="application/json"
    )
    assert response.status_code == 200
    due = {s["stage"]: s["due_date"] for s in response.json()["stages"]}
    assert due["self_assessment"] == "2026-11-30"
    refused = login(world.users.evaluator).put(
        f"/api/campaigns/{camp.pk}/deadlines", {"self_assessment": "2026-11-30"}, content_type="application/json"
    )
    assert refused.status_code == 403

"""Evaluation plans across years as the office uses them: every unit planned once within the term, each year's
campaign scoped from the plan, units the campaign leaves out flagged on the plan and the to-do list, and who may
read and change a plan."""

import json

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import CampaignUnit
from lvzhi.core.errors import Invalid
from lvzhi.core.todo import items_for
from lvzhi.plans import actions, selectors
from lvzhi.plans.models import PlannedUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return actions.create_plan(
        actor=world.users.admin, name="2026—2028年职能运行评估规划", first_year=2026, last_year=2028
    )


def test_distributing_puts_every_unit_in_one_year_and_balances_the_years(world, plan):
    added = actions.distribute(plan, actor=world.users.admin)
    assert added == {2026: 1, 2027: 1, 2028: 1}
    summary = selectors.overview(plan)
    assert summary.complete and summary.planned == summary.in_scope == 3
    assert sorted(e.unit.code for y in summary.years for e in y.entries) == ["HY001", "LY001", "LY002"]
    # Units already planned stay where they are; nothing is left to distribute.
    assert actions.distribute(plan, actor=world.users.admin) == {}
    assert PlannedUnit.objects.filter(plan=plan).count() == 3


def test_a_year_outside_the_term_and_a_term_that_would_strand_units_are_refused(world, plan):
    with pytest.raises(Invalid, match="2029年不在规划期"):
        actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_a, year=2029)
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_a, year=2028)
    with pytest.raises(Invalid, match="1 个单位安排在 2026—2027 年以外"):
        actions.update_plan(plan, actor=world.users.admin, name=plan.name, first_year=2026, last_year=2027)
    with pytest.raises(Invalid, match="终止年度"):
        actions.create_plan(actor=world.users.admin, name="x", first_year=2028, last_year=2026)


def test_the_campaign_of_a_year_takes_the_units_the_plan_puts_in_it(world, plan):
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_a, year=2027)
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_c, year=2027)
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_b, year=2028)
    campaign = campaign_actions.create_campaign(
        actor=world.users.admin, name="2027年度评估", year=2027, plan=plan
    )
    units = CampaignUnit.objects.filter(campaign=campaign)
    assert sorted(cu.unit.code for cu in units) == ["HY001", "LY001"]
    assert {cu.get_included_by_display() for cu in units} == {"按评估规划"}
    # The plan's page shows the campaign against its year, and nothing missing from it.
    year_2027 = next(y for y in selectors.overview(plan).years if y.year == 2027)
    assert year_2027.campaigns == [campaign] and year_2027.not_in_campaign == []
    with pytest.raises(Invalid, match="不含 2030 年"):
        campaign_actions.create_campaign(actor=world.users.admin, name="2030年度评估", year=2030, plan=plan)


def test_a_planned_unit_left_out_of_its_campaign_is_flagged_on_the_plan_and_the_todo(world, plan):
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_a, year=2026)
    actions.plan_unit(plan, actor=world.users.admin, unit=world.unit_b, year=2026)
    campaign = campaign_actions.create_campaign(
        actor=world.users.admin, name="2026年度评估", year=2026, plan=plan
    )
    campaign_actions.remove_unit(campaign, actor=world.users.admin, unit=world.unit_b)
    year_2026 = next(y for y in selectors.overview(plan).years if y.year == 2026)
    assert [e.unit for e in year_2026.not_in_campaign] == [world.unit_b]
    titles = [item.title for item in items_for(world.users.admin)]
    assert "2026年度评估活动未纳入规划安排的 1 个单位" in titles
    assert "「2026—2028年职能运行评估规划」还有 1 个单位未安排评估年度" in titles
    assert not any("评估规划" in t for t in (item.title for item in items_for(world.users.committee)))


def test_the_office_plans_on_the_page_and_others_are_kept_out(world, plan, login):
    office = login(world.users.admin)
    page = office.get(f"/plans/{plan.pk}/").content.decode()
    assert "3 个单位尚未安排评估年度" in page and "莱阳市民政局" in page
    response = office.post(f"/plans/{plan.pk}/units/", {"unit": world.unit_b.pk, "year": 2027})
    assert response.status_code == 302
    assert PlannedUnit.objects.get(plan=plan, unit=world.unit_b).year == 2027
    office.post(f"/plans/{plan.pk}/distribute/")
    page = office.get(f"/plans/{plan.pk}/").content.decode()
    assert "每个单位在规划期内都安排了评估" in page
    assert "评估规划" in office.get("/campaigns/").content.decode()

    committee = login(world.users.committee)
    assert "莱阳市民政局" in committee.get(f"/plans/{plan.pk}/").content.decode()
    assert committee.post(f"/plans/{plan.pk}/distribute/").status_code == 403
    contact = login(world.users.contact_a)
    assert contact.get("/plans/").status_code == 403
    assert contact.get(f"/plans/{plan.pk}/").status_code == 404
    assert "评估规划" not in contact.get("/campaigns/").content.decode()


def test_the_api_makes_a_plan_and_plans_a_unit(world, login):
    office = login(world.users.admin)
    response = office.post(
        "/api/plans/",
        json.dumps({"name": "轮评规划", "first_year": 2026, "last_year": 2027}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = office.put(
        f"/api/plans/{plan_id}/units/{world.unit_a.pk}",
        json.dumps({"year": 2027}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [u["unit_code"] for u in body["years"][1]["units"]] == ["LY001"]
    assert body["planned"] == 1 and body["complete"] is False
    response = office.put(
        f"/api/plans/{plan_id}/units/{world.unit_a.pk}",
        json.dumps({"year": 2031}),
        content_type="application/json",
    )
    assert response.status_code == 422 and "2031年不在规划期" in response.json()["detail"]
    contact = login(world.users.contact_a)
    assert contact.get(f"/api/plans/{plan_id}").status_code == 404


def test_the_audit_log_reads_a_distribution_in_words(world, plan):
    from lvzhi.audit.models import AuditEvent
    from lvzhi.audit.views import event_changes

    actions.distribute(plan, actor=world.users.admin)
    event = AuditEvent.objects.get(event_type="plans.distributed")
    shown = {c.label: c.after for c in event_changes(event)}
    assert shown["新安排的单位数"] == "3"
    assert shown["各年度新安排的单位数"] == "2026年 1 个、2027年 1 个、2028年 1 个"


def test_a_plan_form_with_a_missing_name_is_refused_in_chinese_and_nothing_is_stored(world, login):
    from lvzhi.plans.models import EvaluationPlan

    office = login(world.users.admin)
    response = office.post("/plans/new/", {"first_year": 2026, "last_year": 2028}, follow=True)
    assert "规划名称" in response.content.decode() and "必填" in response.content.decode()
    assert not EvaluationPlan.objects.exists()

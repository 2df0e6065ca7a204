"""The campaign room's items on the workbench to-do list (lvzhi.campaigns.todo): each role finds what it has to
do next in a campaign, with the deadline and a link, and nothing it may not do."""

import datetime

import pytest

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage
from lvzhi.core.todo import items_for
from tests.campaigns.conftest import advance, cu_of, text_evidence

pytestmark = pytest.mark.django_db


def titles(user):
    return [item.title for item in items_for(user)]


def test_the_contact_is_asked_to_fill_in_then_to_fix_a_returned_self_assessment(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    assert titles(u.contact_a) == ["填报并提交自评:莱阳市发展和改革局"]
    item = items_for(u.contact_a)[0]
    assert item.link == f"/campaigns/{camp.pk}/units/{world.unit_a.pk}/self/"
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu,
        actor=u.contact_a,
        scores={("A1", ""): "18", ("A2", ""): "19", ("A3", ""): "17"},
        report="自评报告",
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu_of(camp, world.unit_a), actor=u.contact_a)
    assert titles(u.contact_a) == []
    assert titles(u.evaluator) == ["案头审核:莱阳市发展和改革局已提交自评"]
    actions.return_self_assessment(cu_of(camp, world.unit_a), actor=u.evaluator, reason="A1 佐证不足")
    item = items_for(u.contact_a)[0]
    assert item.title == "自评被退回,请修改后重新提交:莱阳市发展和改革局"
    assert "A1 佐证不足" in item.detail and item.urgent
    # the other unit's contact sees only their own unit
    assert titles(u.contact_b) == ["填报并提交自评:莱阳市民政局"]


def test_the_leader_sees_the_ratings_still_missing(world, camp):
    u = world.users
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    (item,) = items_for(u.leader)
    assert item.title == "评价分管单位:还有2个单位未评价"
    assert item.link == f"/campaigns/{camp.pk}/ratings/"
    for unit in (world.unit_a, world.unit_b):
        for period in camp.leader_rating_periods or ["year"]:
            actions.rate_unit(camp, actor=u.leader, unit=unit, rating="良好", period=period)
    assert titles(u.leader) == []


def test_the_committee_is_asked_to_decide_and_the_office_to_publish(world, camp):
    u = world.users
    # ahead of the approval stage the committee sees its coming decision, dated as planned
    (ahead,) = items_for(u.committee)
    assert ahead.title == "审定评估结果(活动目前处于「部署」阶段,提请审定后办理)"
    assert ahead.link == f"/campaigns/{camp.pk}/"
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    camp = advance(camp, Stage.APPROVAL, u.admin)
    (item,) = items_for(u.committee)
    assert item.title == "审定评估结果" and item.link == f"/campaigns/{camp.pk}/approval/"
    assert not any("审定" in t for t in titles(u.contact_a) + titles(u.evaluator) + titles(u.admin))
    actions.record_decision(
        camp,
        actor=u.committee,
        meeting="编委会第3次会议",
        decided_on=datetime.date(2026, 5, 1),
        outcome="approved",
        text="同意公布。",
        acknowledge_gaps=True,  # nothing was entered in this campaign: its gaps are acknowledged
    )
    assert "公布评估结果" in titles(u.admin)
    assert titles(u.committee) == []


def test_the_office_sees_an_overdue_stage_with_what_is_missing(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    assert not any("截止" in t for t in titles(u.admin))
    camp.stages.filter(stage=Stage.SELF_ASSESSMENT).update(due_date=datetime.date(2020, 1, 1))
    item = next(i for i in items_for(u.admin) if "自查自评" in i.title)
    # past the deadline the stage may close: the units that did not submit are late, and the item names them
    assert item.title == "「自查自评」阶段已过截止日期,可以结束"
    assert "逾期未提交自评" in item.detail and "莱阳市发展和改革局" in item.detail and item.state() == "overdue"
    # the unit contact's own item shows overdue too, and comes first
    assert items_for(u.contact_a)[0].state() == "overdue"


def test_the_workbench_and_the_todo_page_show_the_items(world, camp, login):
    u = world.users
    advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    page = login(u.contact_a).get("/").content.decode()
    assert "待办" in page and "填报并提交自评:莱阳市发展和改革局" in page
    assert "目前没有待办事项" in login(u.third_party).get("/").content.decode()
    assert "填报并提交自评" in login(u.contact_a).get("/todo/").content.decode()


def test_the_api_returns_the_same_list(world, camp, api):
    u = world.users
    advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    body = api(u.contact_a).get("/api/todo").json()
    assert [row["title"] for row in body] == ["填报并提交自评:莱阳市发展和改革局"]
    assert body[0]["room"] == "评估活动" and body[0]["state"] in {"later", "soon", "overdue", "none"}

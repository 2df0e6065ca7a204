"""逐项核查: the on-site checklist of a campaign's visit lists the unit's approved goals and their tasks, item by
item; the evaluators open each goal's progress and evidence, score it (0–100) and the visit cannot close before
every goal item is checked. The campaign room's table (on_site) decides who may."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import ChecklistItem, Stage
from lvzhi.core.errors import Invalid, Refused
from lvzhi.goals import onsite, progress
from lvzhi.goals.models import GoalCheck
from tests.campaigns.conftest import MINI_SCHEME, advance, cu_of, publish_scheme

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit_cu(world):
    u = world.users
    version = publish_scheme(MINI_SCHEME, u.admin)
    campaign = campaign_actions.create_campaign(
        actor=u.admin, name="2026年度履职评估", year=2026, scheme_version=version, categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    campaign_actions.assign(campaign, actor=u.admin, user=u.evaluator, units=[world.unit_a])
    campaign = advance(campaign, Stage.ON_SITE, u.admin)
    cu = cu_of(campaign, world.unit_a)
    campaign_actions.plan_visit(cu, actor=u.evaluator, planned_on=datetime.date(2026, 11, 12))
    return cu


def test_the_checklist_lists_each_approved_goal_and_task_once(world, visit_cu):
    key = file_goal(world, quantitative(), approve=True)
    progress.report_progress(key, 1, progress="新增90户", actual=Decimal(90), actor=world.users.contact_a,
                             today=datetime.date(2026, 4, 10))  # fmt: skip
    file_goal(world, qualitative(), approve=True)
    file_goal(world, quantitative(title="草稿目标"))  # not approved: not on the list
    ev = world.users.evaluator
    assert onsite.add_goal_items(visit_cu, actor=ev) == 4  # two goals, one task each
    items = ChecklistItem.objects.filter(goal_check__isnull=False).order_by("order")
    texts = [(i.group, i.text) for i in items]
    assert texts[0] == ("年度目标逐项核查", "1. 新增市场主体(目标400户,第1季度累计90)")
    assert texts[1][0] == "目标分解任务逐项核查" and texts[1][1].startswith(
        "1-1 规划科:牵头推进,时限2026年12月31日"
    )
    assert texts[2][1] == "2. 完善规划编制机制(定性,0个季度已报进展)"
    assert all(i.mandatory for i in items)
    assert onsite.add_goal_items(visit_cu, actor=ev) == 0  # idempotent
    assert AuditEvent.objects.filter(event_type="goals.checklist_added").count() == 1


def test_each_goal_is_scored_on_site_and_the_visit_closes_only_when_all_are_checked(world, visit_cu):
    file_goal(world, quantitative(), approve=True)
    file_goal(world, qualitative(), approve=True)
    ev = world.users.evaluator
    onsite.add_goal_items(visit_cu, actor=ev)
    visit = ChecklistItem.objects.first().visit
    goal_items = list(
        ChecklistItem.objects.filter(goal_check__isnull=False, goal_check__task__isnull=True).order_by(
            "order"
        )
    )
    with pytest.raises(Invalid, match="0到100"):
        onsite.score_item(visit_cu, goal_items[0].pk, actor=ev, score=Decimal(120))
    onsite.score_item(visit_cu, goal_items[0].pk, actor=ev, score=Decimal("85.5"), note="台账与系统数据一致")
    onsite.score_item(visit_cu, goal_items[1].pk, actor=ev, score=Decimal(70))
    item = ChecklistItem.objects.get(pk=goal_items[0].pk)
    assert item.ticked and item.note == "台账与系统数据一致" and item.ticked_by == ev
    summary = onsite.summary(visit)
    assert (summary.goals, summary.scored, summary.mean) == (2, 2, Decimal("77.75"))
    with pytest.raises(Invalid, match="必查事项尚未完成"):  # the two task items are still unchecked
        campaign_actions.close_visit(visit, actor=ev)
    for check in GoalCheck.objects.filter(task__isnull=False):
        onsite.score_item(visit_cu, check.item_id, actor=ev, score=Decimal(100))
    for rest in ChecklistItem.objects.filter(visit=visit, goal_check__isnull=True):
        campaign_actions.tick_item(rest, actor=ev, ticked=True)
    campaign_actions.close_visit(visit, actor=ev)
    with pytest.raises(Refused, match="已锁定"):
        onsite.score_item(visit_cu, goal_items[0].pk, actor=ev, score=Decimal(90))


def test_only_the_evaluators_in_the_on_site_stage_check_goals(world, visit_cu, login):
    file_goal(world, quantitative(), approve=True)
    with pytest.raises(Refused):
        onsite.add_goal_items(visit_cu, actor=world.users.contact_a)
    campaign = visit_cu.campaign
    page = f"/campaigns/{campaign.pk}/units/{world.unit_a.pk}/visit/"
    evaluator = login(world.users.evaluator)
    assert "列入年度目标和分解任务" in evaluator.get(page).content.decode()
    response = evaluator.post(f"/goals/onsite/{campaign.pk}/{world.unit_a.pk}/add/")
    assert response.status_code == 302
    body = evaluator.get(page).content.decode()
    assert "新增市场主体" in body and "查看目标及进展" in body and "保存得分" in body
    item = ChecklistItem.objects.filter(goal_check__isnull=False, goal_check__task__isnull=True).get()
    response = evaluator.post(f"/goals/onsite/{campaign.pk}/{world.unit_a.pk}/score/",
                              {"item": item.pk, "score": "88", "note": "材料齐全"})  # fmt: skip
    assert response.status_code == 302
    assert "核查得分 88" in evaluator.get(page).content.decode()
    contact = login(world.users.contact_a)
    assert contact.post(f"/goals/onsite/{campaign.pk}/{world.unit_a.pk}/add/").status_code in (403, 404)

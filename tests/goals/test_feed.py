"""Goal completion scored in a campaign: the goal indicators fill themselves through the import path, with the
goals behind each figure in the note; figures worked by hand."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns import scoring
from lvzhi.campaigns.models import ImportedValue, Stage, UnitResult
from lvzhi.core.errors import Invalid, Refused
from lvzhi.goals import feed, progress
from tests.campaigns.conftest import advance, publish_scheme

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db
DEC = datetime.date(2026, 12, 2)
QUARTERS = {"Q1": 25, "Q2": 25, "Q3": 25, "Q4": 25}
GOAL_SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "goals-test",
    "name": "目标考核测试方案",
    "categories": ["党群系统", "政务服务"],
    "period_sets": {"quarters": QUARTERS},
    "indicators": [
        {"code": "A", "name": "职能工作目标", "points": 70, "children": [
            {"code": "A1", "name": "重点工作目标", "points": 50, "periods": "quarters",
             "source": "goals:完成率/重点工作", "rule": {"type": "ratio", "target": 100}},
            {"code": "A2", "name": "目标达标", "points": 20, "source": "年度目标:达标率",
             "rule": {"type": "ratio", "target": 100}}]},
    ],
}  # fmt: skip


@pytest.fixture
def campaign(world):
    version = publish_scheme(GOAL_SCHEME, world.users.admin)
    created = campaign_actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026, scheme_version=version,
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    return advance(created, "multi_party", world.users.admin)


def _report(goal, quarter, contact, **values):
    progress.report_progress(goal, quarter, progress="推进情况", actor=contact, today=DEC, **values)


@pytest.fixture
def goals(world):
    """G1 quantitative key, 400 a year, 80 by the end of Q1 (then 200, 300 at an even pace): 60, 200, 240, 420.
    G2 qualitative key: done, partial, (no Q3 report), not done. G3 qualitative regular: done every quarter.
    G4 a draft: never counted."""
    contact = world.users.contact_a
    g1 = file_goal(world, quantitative(target=Decimal(400), target_q1=Decimal(80)), approve=True)
    g2 = file_goal(world, qualitative(title="项目审批提速", category="key"), approve=True)
    g3 = file_goal(world, qualitative(title="规划编制", category="regular"), approve=True)
    file_goal(world, qualitative(title="草稿目标", category="key"))
    for quarter, actual in zip((1, 2, 3, 4), (60, 200, 240, 420), strict=True):
        _report(g1, quarter, contact, actual=Decimal(actual))
    for quarter, completion in ((1, "done"), (2, "partial"), (4, "not_done")):
        _report(g2, quarter, contact, completion=completion)
    for quarter in (1, 2, 3, 4):
        _report(g3, quarter, contact, completion="done")
    return g1, g2, g3


def test_the_goal_indicators_fill_themselves_with_hand_worked_figures(world, campaign, goals):
    feed.feed_scores(campaign, actor=world.users.admin)
    values = {
        (v.key, v.part): v
        for v in ImportedValue.objects.filter(campaign=campaign, unit=world.unit_a, kind="goals")
    }
    # Key goals' completion per quarter: Q1 (60/80 = 75% + 100%) / 2; Q2 (200/200 + 50%) / 2; Q3 (240/300 = 80%
    # + 0, not reported) / 2; Q4 (420 ≥ 400 → 100% + 0) / 2.
    assert {part: values["A1", part].value for part in QUARTERS} == {
        "Q1": Decimal("87.5"), "Q2": Decimal("75"), "Q3": Decimal("40"), "Q4": Decimal("50"),
    }  # fmt: skip
    # Met: G1 (420 ≥ 400) and G3 (Q4 done) of the three approved goals; the draft does not count.
    assert values["A2", ""].value == Decimal("66.67")
    assert (
        values["A1", "Q3"].note
        == "第3季度重点工作完成率:目标2项平均:1.新增市场主体(80.00%)、2.项目审批提速(未报送,计0)"
    )
    assert values["A2", ""].note.startswith(
        "达标率:目标3项,达标2项:1.新增市场主体(达标)、2.项目审批提速(未达标)"
    )
    assert not ImportedValue.objects.filter(campaign=campaign, unit=world.unit_b).exists()

    scoring.compute(campaign, actor=world.users.admin)
    result = UnitResult.objects.get(campaign=campaign, unit=world.unit_a)
    # A1 = 50 × (87.5% + 75% + 40% + 50%) × 25% = 31.5625 → 31.56; A2 = 20 × 66.67% = 13.334 → 13.33.
    assert result.total == Decimal("44.89")  # the sum of the rounded leaves


def test_only_the_office_feeds_and_a_scheme_without_goal_indicators_is_refused(world, campaign, goals):
    with pytest.raises(Refused, match="只有编办管理员"):
        feed.feed_scores(campaign, actor=world.users.contact_a)
    plain = {**GOAL_SCHEME, "code": "plain", "indicators": [{"code": "A", "name": "履职", "points": 100}]}
    other = campaign_actions.create_campaign(
        actor=world.users.admin, name="无目标指标", year=2026, scheme_version=publish_scheme(plain),
        categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    with pytest.raises(Invalid, match="没有以年度目标为数据来源的指标"):
        feed.feed_scores(advance(other, "multi_party", world.users.admin), actor=world.users.admin)

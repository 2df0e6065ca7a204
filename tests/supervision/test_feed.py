"""A scheme leaf takes a supervision metric for the campaign's year (监管指标:按时办结率, 办结率, 热线满意率) through
the import path, with the records behind each figure in its note; figures worked by hand."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns import scoring
from lvzhi.campaigns.models import ImportedValue, Stage, UnitResult
from lvzhi.core.errors import Invalid, Refused
from lvzhi.supervision import actions, feed
from tests.campaigns.conftest import advance, publish_scheme

TODAY = datetime.date(2026, 3, 31)
SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "sv-test",
    "name": "监管指标测试方案",
    "categories": ["党群系统", "政务服务"],
    "indicators": [
        {"code": "S", "name": "职能运行", "points": 60, "children": [
            {"code": "S1", "name": "按时办结", "points": 30, "source": "监管指标:按时办结率",
             "rule": {"type": "ratio", "target": 100}},
            {"code": "S2", "name": "办结", "points": 10, "source": "supervision_metric:completion",
             "rule": {"type": "ratio", "target": 100}},
            {"code": "S3", "name": "群众满意", "points": 20, "source": "监管指标:热线满意率",
             "rule": {"type": "ratio", "target": 100}}]},
    ],
}  # fmt: skip


def event(case, step, start, end=""):
    return {"unit": "LY001", "case": case, "workflow": "LC-1", "step": step, "start": start, "end": end}


def ticket(n, satisfaction, day="2026-03-02"):
    return {"ticket": f"T{n}", "line": "12345", "day": day, "unit": "LY001", "topic": "项目审批",
            "text": "咨询", "transfers": "", "satisfaction": satisfaction}  # fmt: skip


@pytest.fixture
def campaign(sv):
    version = publish_scheme(SCHEME, sv.world.users.admin)
    created = campaign_actions.create_campaign(
        actor=sv.world.users.admin, name="2026年度履职评估", year=2026, scheme_version=version,
        categories=[sv.world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    return advance(created, "multi_party", sv.world.users.admin)


@pytest.fixture
def records(sv):
    admin = sv.world.users.admin
    events = [
        event("C1", "1", "2026-03-02 09:00", "2026-03-02 11:00"),  # 受理 2 h, within 4 working hours
        event("C2", "1", "2026-03-02 09:00", "2026-03-02 16:00"),  # 受理 5.5 working hours: overdue
        event("C1", "2", "2026-03-03 09:00", "2026-03-04 09:00"),  # 审查 1 working day, within 3
        event("C2", "2", "2026-03-03 09:00"),  # 审查 still open
        event("C0", "1", "2025-12-01 09:00", "2025-12-01 17:00"),  # the year before: not counted
    ]
    assert actions.submit_batch("events", actor=admin, rows=events, today=TODAY).accepted == 5
    tickets = [ticket(1, "满意"), ticket(2, "不满意"), ticket(3, ""), ticket(4, "不满意", "2025-06-01")]
    assert actions.submit_batch("hotline", actor=admin, rows=tickets, today=TODAY).accepted == 4


def test_the_metric_indicators_fill_themselves_with_the_records_in_the_note(sv, campaign, records):
    batch = feed.feed_scores(campaign, actor=sv.world.users.admin)
    assert batch.kind == "supervision"
    values = {v.key: v for v in ImportedValue.objects.filter(campaign=campaign, unit=sv.unit)}
    # 2026: four steps, three finished, one of them overdue → on time 2/3, finished 3/4; tickets 1 of 2 rated.
    assert {k: v.value for k, v in values.items()} == {
        "S1": Decimal("66.67"), "S2": Decimal("75"), "S3": Decimal("50"),
    }  # fmt: skip
    assert values["S1"].note == (
        "2026年流程环节4次,办结3次,超时1次,按时办结率 66.67%:"
        "企业投资项目核准流程 1 受理:2次/办结2/超时1;企业投资项目核准流程 2 审查:2次/办结1/超时0"
    )
    assert values["S3"].note == (
        "2026年热线工单3件,评价2件,满意或基本满意1件,满意率 50%:项目审批 3件(满意1/评价2)"
    )
    assert not ImportedValue.objects.filter(campaign=campaign, unit=sv.world.unit_b).exists()
    scoring.compute(campaign, actor=sv.world.users.admin)
    result = UnitResult.objects.get(campaign=campaign, unit=sv.unit)
    # 30 × 66.67% = 20.00 (20.001), 10 × 75% = 7.5, 20 × 50% = 10
    assert result.total == Decimal("37.50")


def test_the_preview_names_the_units_left_out(sv, campaign, records, login):
    page = login(sv.world.users.admin).get("/supervision/feed/", {"campaign": campaign.pk})
    html = page.content.decode()
    assert "66.67" in html and "企业投资项目核准流程 1 受理" in html
    assert "莱阳市民政局(2026年没有计算按时办结率、办结率、热线满意率所需的记录)" in html


def test_the_leaf_gets_the_figure_its_rule_takes_and_other_metrics_are_left_to_import(sv, records):
    """The seed schemes' forms: 办结率 as a completion ratio without a fixed target (actual and target), 超时办件 as
    occurrences (each overdue step), and a figure supervision does not compute (coverage), left alone."""
    scheme = {**SCHEME, "code": "sv-rules", "indicators": [
        {"code": "T", "name": "工作时效", "points": 10, "children": [
            {"code": "T1", "name": "办结率", "points": 4, "source": "监管指标:办结率", "rule": {"type": "ratio"}},
            {"code": "T2", "name": "超时办件", "points": 3, "kind": "negative", "source": "监管指标:超时率",
             "rule": {"type": "occurrences", "per": 0.5}},
            {"code": "T3", "name": "履职数据采集", "points": 3, "source": "supervision_metric:coverage",
             "rule": {"type": "ratio", "target": 100}}]}]}  # fmt: skip
    created = campaign_actions.create_campaign(
        actor=sv.world.users.admin, name="时效", year=2026, scheme_version=publish_scheme(scheme),
        categories=[sv.world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    campaign = advance(created, "multi_party", sv.world.users.admin)
    feed.feed_scores(campaign, actor=sv.world.users.admin)
    values = {(v.key, v.part): v.value for v in ImportedValue.objects.filter(campaign=campaign, unit=sv.unit)}
    assert values == {("T1", "actual"): Decimal(3), ("T1", "target"): Decimal(4), ("T2", ""): Decimal(1)}
    scoring.compute(campaign, actor=sv.world.users.admin)
    assert UnitResult.objects.filter(campaign=campaign, unit=sv.unit).exists()


def test_only_the_office_feeds_and_a_leaf_must_name_its_metric(sv, campaign, records):
    with pytest.raises(Refused, match="只有编办管理员"):
        feed.feed_scores(campaign, actor=sv.world.users.contact_a)
    vague = {**SCHEME, "code": "vague", "indicators": [
        {"code": "V", "name": "监管", "points": 10, "source": "监管指标", "rule": {"type": "ratio", "target": 100}}]}  # fmt: skip
    other = campaign_actions.create_campaign(
        actor=sv.world.users.admin, name="未写明指标", year=2026, scheme_version=publish_scheme(vague),
        categories=[sv.world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    with pytest.raises(Invalid, match="没有可由监管数据计算的指标"):
        feed.feed_scores(advance(other, "multi_party", sv.world.users.admin), actor=sv.world.users.admin)

"""A scheme leaf takes the unit's list statistics for the campaign's year (清单管理:调整次数, 认领及时率, 依据完整率)
through the campaign's import path, with the adjustments, notices or items behind each figure in its note; the
figures and the scores worked by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns import scoring
from lvzhi.campaigns.models import ImportBatch, ImportedValue, Stage, UnitResult
from lvzhi.core.errors import Invalid, Refused
from lvzhi.duties import actions, feed
from lvzhi.duties.models import NoticeClaim
from tests.campaigns.conftest import advance, publish_scheme

D = datetime.date
SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "lists-test",
    "name": "清单管理测试方案",
    "categories": ["党群系统", "政务服务"],
    "indicators": [
        {"code": "B", "name": "清单管理", "points": 24, "children": [
            {"code": "B1", "name": "清单动态调整", "points": 5, "source": "清单管理:调整次数",
             "rule": {"type": "ratio", "target": 10}},
            {"code": "B2", "name": "上级变更事项认领", "points": 10, "source": "清单管理:认领及时率",
             "rule": {"type": "ratio", "target": 100}},
            {"code": "B3", "name": "设定依据完整", "points": 6, "source": "lists:依据完整率",
             "rule": {"type": "ratio"}},
            {"code": "B4", "name": "逾期认领", "points": 3, "kind": "negative", "source": "清单管理:认领及时率",
             "rule": {"type": "occurrences", "per": 1}}]},
    ],
}  # fmt: skip


def change(day, reason="依据上级文件调整", doc="莱编〔2026〕3号"):
    return actions.Change(reason=reason, effective_date=day, document_number=doc)


def power(world, code, name, basis, day):
    values = {
        "unit": world.unit_a,
        "code": code,
        "name": name,
        "item_type": "licensing",
        "legal_basis": basis,
    }
    return actions.add_item("power", values, change=change(day), actor=world.users.admin)


def notice(world, doc, deadline, units):
    return actions.issue_notice(
        region=world.city, issuer="烟台市委机构编制委员会办公室", document_number=doc,
        title="关于调整部分行政许可事项的通知", change_type="change", deadline=deadline,
        received_on=D(2026, 1, 5), units=units, actor=world.users.admin,
    )  # fmt: skip


def claimed(world, n, unit, user, day):
    claim = n.claims.get(unit=unit)
    actions.claim(claim, note="已调整本单位权责清单", actor=user)
    at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))
    NoticeClaim.objects.filter(pk=claim.pk).update(claimed_at=at)


@pytest.fixture
def lists(world):
    """单位A in 2026: three items added (新增 ×3), one changed (变更), one from 2025 cancelled (取消): five
    adjustments in the year; in force on 31 December: two bases to the article, one not (2 of 3).
    Notices due in 2026: one claimed on time, one claimed late, one never claimed (1 of 3 on time; 2 missed);
    one due in 2027 does not count. 单位B: one notice claimed on time, no power item."""
    old = power(world, "XK-000", "旧事项", "《中华人民共和国行政许可法》第12条", D(2025, 6, 1))
    power(world, "XK-001", "企业投资项目核准", "《企业投资项目核准和备案管理条例》第三条", D(2026, 1, 10))
    b = power(world, "CF-001", "价格违法行为处罚", "《中华人民共和国价格法》", D(2026, 1, 10))
    power(world, "XK-002", "固定资产投资项目节能审查", "《固定资产投资项目节能审查办法》", D(2026, 1, 10))
    actions.change_item(
        b,
        {"legal_basis": "《中华人民共和国价格法》第三十九条"},
        change=change(D(2026, 5, 1)),
        actor=world.users.admin,
    )
    actions.cancel_item(old, change=change(D(2026, 7, 1), reason="上位法修改"), actor=world.users.admin)
    first = notice(world, "烟编办〔2026〕1号", D(2026, 3, 31), [world.unit_a, world.unit_b])
    second = notice(world, "烟编办〔2026〕5号", D(2026, 6, 30), [world.unit_a])
    notice(world, "烟编办〔2026〕9号", D(2026, 9, 30), [world.unit_a])
    notice(world, "烟编办〔2026〕12号", D(2027, 1, 31), [world.unit_a])
    claimed(world, first, world.unit_a, world.users.contact_a, D(2026, 3, 20))
    claimed(world, first, world.unit_b, world.users.contact_b, D(2026, 3, 31))
    claimed(world, second, world.unit_a, world.users.contact_a, D(2026, 7, 5))


@pytest.fixture
def campaign(world):
    version = publish_scheme(SCHEME, world.users.admin)
    created = campaign_actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026, scheme_version=version,
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    return advance(created, "multi_party", world.users.admin)


def test_the_list_indicators_fill_themselves_with_the_items_in_the_note(world, lists, campaign):
    batch = feed.feed_scores(campaign, actor=world.users.admin)
    assert batch.kind == "lists" and ImportBatch.objects.filter(pk=batch.pk).exists()
    values = {(v.key, v.part): v for v in ImportedValue.objects.filter(campaign=campaign, unit=world.unit_a)}
    assert {k: v.value for k, v in values.items()} == {
        ("B1", ""): Decimal(5),  # 3 新增 + 1 变更 + 1 取消 in 2026
        ("B2", ""): Decimal("33.33"),  # 1 of 3 notices due in 2026 claimed by its deadline
        ("B3", "actual"): Decimal(2), ("B3", "target"): Decimal(3),  # 2 of 3 bases name the article
        ("B4", ""): Decimal(2),  # one late, one never claimed
    }  # fmt: skip
    assert values[("B1", "")].note == (
        "2026年清单调整5次(新增3、取消1、变更1):01-10 新增XK-001 企业投资项目核准[莱编〔2026〕3号];"
        "01-10 新增CF-001 价格违法行为处罚[莱编〔2026〕3号];01-10 新增XK-002 固定资产投资项目节能审查[莱编〔2026〕3号];"
        "05-01 变更CF-001 价格违法行为处罚[莱编〔2026〕3号];07-01 取消XK-000 旧事项[莱编〔2026〕3号]"
    )
    assert values[("B2", "")].note == (
        "2026年应认领上级变更3项,按期认领1项,逾期认领1项,未认领1项,认领及时率 33.33%:"
        "烟编办〔2026〕5号关于调整部分行政许可事项的通(逾期,期限06-30);"
        "烟编办〔2026〕9号关于调整部分行政许可事项的通(未认领,期限09-30);"
        "烟编办〔2026〕1号关于调整部分行政许可事项的通(按期,期限03-31)"
    )
    assert values[("B3", "actual")].note == (
        "2026-12-31现行权责事项3项,设定依据具体到条款2项,依据完整率 66.67%;"
        "未到条款:XK-002 固定资产投资项目节能审查(《固定资产投资项目节能审查办法》)"
    )
    b_values = {
        (v.key, v.part): v.value for v in ImportedValue.objects.filter(campaign=campaign, unit=world.unit_b)
    }
    assert b_values == {("B1", ""): Decimal(0), ("B2", ""): Decimal(100), ("B4", ""): Decimal(0)}
    scoring.compute(campaign, actor=world.users.admin)
    result = UnitResult.objects.get(campaign=campaign, unit=world.unit_a)
    # B1 5 × 5/10 = 2.5; B2 10 × 33.33% = 3.333; B3 6 × 2/3 = 4; B4 3 − 1 × 2 = 1 → 10.833
    assert result.total == Decimal("10.83")


def test_the_preview_shows_the_figures_and_names_the_units_left_out(world, lists, campaign, login):
    page = login(world.users.admin).get("/duties/feed/", {"campaign": campaign.pk})
    html = page.content.decode()
    assert "33.33" in html and "烟编办〔2026〕9号" in html
    assert "莱阳市民政局(2026年没有计算依据完整率所需的事项)" in html
    api = login(world.users.admin).get(f"/api/duties/feed/{campaign.pk}")
    assert api.status_code == 200
    rows = {(r["unit_code"], r["indicator"], r["part"]): r["value"] for r in api.json()["rows"]}
    assert rows[("LY001", "B2", "")] == "33.33" and rows[("LY002", "B2", "")] == "100"
    assert login(world.users.admin).post(f"/api/duties/feed/{campaign.pk}").json() == {"rows": 8}


def test_only_the_office_feeds_and_a_leaf_must_name_its_figure(world, lists, campaign):
    with pytest.raises(Refused, match="只有编办管理员"):
        feed.feed_scores(campaign, actor=world.users.contact_a)
    vague = {**SCHEME, "code": "vague", "indicators": [
        {"code": "V", "name": "清单", "points": 10, "source": "清单管理:公示率", "rule": {"type": "ratio", "target": 100}}]}  # fmt: skip
    other = campaign_actions.create_campaign(
        actor=world.users.admin, name="未写明口径", year=2026, scheme_version=publish_scheme(vague),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    with pytest.raises(Invalid, match="清单管理:公示率"):
        feed.feed_scores(advance(other, "multi_party", world.users.admin), actor=world.users.admin)


def test_a_basis_names_the_article():
    assert feed.has_article("《中华人民共和国价格法》第三十九条至第四十二条")
    assert feed.has_article("《中华人民共和国行政许可法》第12条第一款")
    assert not feed.has_article("《中华人民共和国价格法》")
    assert not feed.has_article("")

"""Accountability: the catalogue (seeded, configurable), cases against a unit, a post or a person, kept by the
office only; a case's deduction reaches the unit's score through the scheme's deduction indicator, with the case in
the result's explanation, and a case of a situation that lowers the grade sets the downgrade the scheme defines."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns import scoring
from lvzhi.campaigns.imports import import_file
from lvzhi.campaigns.models import ImportedValue, Stage, UnitResult
from lvzhi.core.errors import Invalid, Refused
from lvzhi.findings import actions, feed
from lvzhi.findings.models import AccountabilityArea, Situation
from tests.campaigns.conftest import advance, publish_scheme

pytestmark = pytest.mark.django_db
SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "acc-test",
    "name": "问责扣分测试方案",
    "categories": ["党群系统", "政务服务"],
    "inputs": [{"name": "accountability_downgrade", "label": "降等问责案件数", "type": "number", "default": 0}],
    "indicators": [
        {"code": "A", "name": "履职", "points": 100, "children": [
            {"code": "A1", "name": "履职情况", "points": 100, "source": "external_import",
             "rule": {"type": "import", "scale": 100}}]},
        {"code": "X", "name": "问责扣分", "kind": "deduction", "points": 20, "children": [
            {"code": "X1", "name": "勤政廉政问责", "kind": "deduction", "points": 10, "source": "问责扣分",
             "rule": {"type": "entered"}},
            {"code": "X2", "name": "安全生产问责", "kind": "deduction", "points": 10,
             "source": "accountability:安全生产", "rule": {"type": "occurrences", "per": 3}}]},
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "诫勉"}],
               "rules": [{"when": "accountability_downgrade > 0", "downgrade": 1, "reason": "问责降等"}]},
}  # fmt: skip


@pytest.fixture
def catalogue(world):
    actions.seed_catalogue(actor=world.users.admin)
    found = {s.name: s for s in Situation.objects.all()}
    for situation in found.values():
        if situation.area.name == "勤政廉政":
            actions.save_situation(situation, actor=world.users.admin, indicator_code="X1")
    return found


@pytest.fixture
def campaign(world):
    created = campaign_actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026, scheme_version=publish_scheme(SCHEME),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    return advance(created, "multi_party", world.users.admin)


def test_the_catalogue_is_seeded_in_four_areas_and_configurable(world, catalogue):
    assert AccountabilityArea.objects.count() == 4
    assert {s.area.name for s in catalogue.values()} == {"勤政廉政", "安全生产", "绩效审计", "预算支出"}
    assert actions.seed_catalogue(actor=world.users.admin) == 0  # kept, not doubled
    area = AccountabilityArea.objects.get(name="绩效审计")
    own = actions.save_situation(actor=world.users.admin, area=area, name="虚报冒领编制经费", deduction="3")
    assert own.deduction == Decimal("3")
    with pytest.raises(Invalid, match="同名"):
        actions.save_situation(actor=world.users.admin, area=area, name="虚报冒领编制经费")
    with pytest.raises(Refused):
        actions.save_situation(actor=world.users.contact_a, area=area, name="x")


def test_a_case_takes_its_situations_deduction_and_only_the_office_records_it(world, catalogue):
    situation = catalogue["不作为、慢作为、乱作为被通报"]
    case = actions.record_case(actor=world.users.admin, situation=situation, unit=world.unit_a,
                               occurred_on=datetime.date(2026, 5, 1))  # fmt: skip
    assert case.deduction == Decimal("1") and case.title == situation.name
    case = actions.record_case(case, actor=world.users.admin, deduction="1.5")
    assert case.deduction == Decimal("1.5")
    with pytest.raises(Refused):
        actions.record_case(actor=world.users.contact_a, situation=situation, unit=world.unit_a)
    with pytest.raises(Invalid, match="单位"):
        actions.record_case(actor=world.users.admin, situation=situation)


def test_a_cases_deduction_reaches_the_units_score_with_the_case_in_the_explanation(
    world, catalogue, campaign, client
):
    admin = world.users.admin
    import_file(campaign, actor=admin, kind="third_party", content="单位代码,A1\nLY001,95\n".encode(),
                filename="a1.csv")  # fmt: skip
    actions.record_case(actor=admin, situation=catalogue["违反中央八项规定精神受到党纪政务处分"], unit=world.unit_a,
                        title="违规公款吃喝被党纪处分", document_number="莱纪发〔2026〕3号",
                        occurred_on=datetime.date(2026, 3, 10))  # fmt: skip
    actions.record_case(actor=admin, situation=catalogue["安全生产监管职责落实不到位被约谈"], unit=world.unit_a,
                        occurred_on=datetime.date(2026, 6, 1))  # fmt: skip
    actions.record_case(
        actor=admin,
        situation=catalogue["违规发放津贴补贴"],
        unit=world.unit_a,
        occurred_on=datetime.date(2025, 6, 1),
    )  # another year: not counted
    feed.feed_scores(campaign, actor=admin)
    values = {v.key: v for v in ImportedValue.objects.filter(campaign=campaign, unit=world.unit_a)}
    assert values["X1"].value == Decimal(2)  # the 八项规定 case, 2 points (its situation names X1)
    assert values["X2"].value == Decimal(1)  # one 安全生产 case, counted
    assert values["accountability_downgrade"].value == Decimal(1)
    assert "违规公款吃喝被党纪处分" in values["X1"].note and "莱纪发〔2026〕3号" in values["X1"].note

    scoring.compute(campaign, actor=admin)
    result = UnitResult.objects.get(campaign=campaign, unit=world.unit_a)
    assert result.total == Decimal(90)  # 95 − 2 (X1) − 1 × 3 (X2)
    assert result.grade == "良好"  # 优秀 by the band, one grade down for the case that lowers the grade
    client.force_login(admin)
    page = client.get(f"/campaigns/{campaign.pk}/units/{world.unit_a.pk}/result/").content.decode()
    assert "违规公款吃喝被党纪处分" in page


def test_a_scheme_without_accountability_indicators_is_refused_and_only_the_office_feeds(world, campaign):
    with pytest.raises(Refused):
        feed.feed_scores(campaign, actor=world.users.contact_a)
    plain = {**SCHEME, "code": "plain", "inputs": [], "grades": {"bands": [{"grade": "达标"}]},
             "indicators": [SCHEME["indicators"][0]]}  # fmt: skip
    other = campaign_actions.create_campaign(
        actor=world.users.admin, name="无问责指标", year=2026, scheme_version=publish_scheme(plain),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    with pytest.raises(Invalid, match="没有以问责为数据来源"):
        feed.feed_scores(advance(other, "multi_party", world.users.admin), actor=world.users.admin)


def test_the_page_shows_the_catalogue_and_the_cases_and_takes_a_case(world, catalogue, client):
    client.force_login(world.users.admin)
    situation = catalogue["违规发放津贴补贴"]
    response = client.post("/findings/accountability/cases/new/", {
        "situation": situation.pk, "unit": world.unit_a.pk, "occurred_on": "2026-04-01", "title": "违规发放加班费",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get("/findings/accountability/").content.decode()
    assert "预算支出" in page and "违规发放加班费" in page and "降低等次" in page
    client.force_login(world.users.contact_a)
    assert client.get("/findings/accountability/cases/new/").status_code == 403

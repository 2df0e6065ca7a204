"""The campaign reads a scheme through the engine: it asks a unit for exactly the leaves the engine scores for
the unit's category, and checks entered and imported values with the engine's one check."""

import datetime

import pytest

from lvzhi.campaigns import actions, imports, schemeinfo
from lvzhi.campaigns.models import Stage
from lvzhi.campaigns.stages import Invalid

from .conftest import advance, cu_of, publish_scheme

# 政务服务 units do not have the 党建 indicator (by_category 0 on the parent): nothing under it applies to them.
PARTY_SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "party-test",
    "name": "分类评估方案",
    "categories": ["党群系统", "政务服务"],
    "indicators": [
        {"code": "P", "name": "党建工作", "points": 30, "by_category": {"政务服务": 0}, "children": [
            {"code": "P1", "name": "党建责任制", "points": 30, "source": "self_assessment",
             "evidence": ["党建工作台账"]},
        ]},
        {"code": "W", "name": "业务工作", "points": 70, "children": [
            {"code": "W1", "name": "年度目标", "points": 70, "source": "self_assessment"},
        ]},
    ],
    "grades": {"bands": [{"grade": "好", "min": 60}, {"grade": "差"}]},
}  # fmt: skip


@pytest.fixture
def party_camp(world):
    version = publish_scheme(PARTY_SCHEME, world.users.admin)
    return actions.create_campaign(actor=world.users.admin, name="2026年分类评估", year=2026, scheme_version=version,
                                   categories=[world.service],
                                   deadlines={"feedback": datetime.date(2099, 12, 31)})  # fmt: skip


def test_self_assessment_does_not_ask_a_unit_for_leaves_under_an_indicator_its_category_does_not_have(
    world, party_camp
):
    camp = advance(party_camp, Stage.SELF_ASSESSMENT, world.users.admin)
    cu = cu_of(camp, world.unit_a)
    contact = world.users.contact_a
    actions.save_self_assessment(cu, actor=contact, scores={("W1", ""): "60"}, report="自评报告")
    problems = actions.self_assessment_problems(cu_of(camp, world.unit_a))
    assert problems == []  # neither a score nor 党建工作台账 for P1
    with pytest.raises(Invalid, match="不适用于政务服务类单位"):
        actions.save_self_assessment(cu, actor=contact, scores={("P1", ""): "20"})
    info = schemeinfo.info_for(party_camp.scheme_version)
    assert [leaf.code for leaf in info.leaves_for({"self_assessment"}, "政务服务")] == ["W1"]
    assert [leaf.code for leaf in info.leaves_for({"self_assessment"}, "党群系统")] == ["P1", "W1"]


def test_a_self_score_and_an_import_are_refused_for_the_same_reason_in_the_same_words(world, camp):
    admin = world.users.admin
    camp = advance(camp, Stage.SELF_ASSESSMENT, admin)
    cu = cu_of(camp, world.unit_a)
    for value, words in (("25", "25 超出满分 20"), ("-1", "-1 不能为负数")):
        with pytest.raises(Invalid, match=f"指标「A1 年度目标完成」的自评分 {words}。"):
            actions.save_self_assessment(cu, actor=world.users.contact_a, scores={("A1", ""): value})
    camp = advance(camp, Stage.MULTI_PARTY, admin)
    with pytest.raises(imports.ImportRejected) as rejected:
        imports.import_file(camp, actor=admin, kind="third_party", filename="第三方.csv",
                            content="单位代码,B2\nLY001,100.5\nLY002,-1\n".encode())
    assert rejected.value.errors == ["第2行「B2」:100.5 超出满分 100", "第3行「B2」:-1 不能为负数"]

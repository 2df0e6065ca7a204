"""Use of results: a staffing recommendation per unit from its grade and findings, with the reasons; accepted it
becomes a staffing matter with its document number, rejected it needs a reason; the office only."""

import datetime

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns import scoring
from lvzhi.campaigns.imports import import_file
from lvzhi.campaigns.models import Stage
from lvzhi.core.errors import Invalid, Refused
from lvzhi.findings import actions
from lvzhi.findings.models import Recommendation
from tests.campaigns.conftest import advance, publish_scheme

from .test_accountability import SCHEME

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    admin = world.users.admin
    created = campaign_actions.create_campaign(
        actor=admin, name="2026年度履职评估", year=2026, scheme_version=publish_scheme(SCHEME),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    campaign = advance(created, "multi_party", admin)
    import_file(campaign, actor=admin, kind="third_party", content="单位代码,A1\nLY001,95\nLY002,50\n".encode(),
                filename="a1.csv")  # fmt: skip
    scoring.compute(campaign, actor=admin)
    return campaign


def test_recommendations_follow_the_grades_and_findings_and_are_decided_by_the_office(world, scored):
    admin = world.users.admin
    actions.raise_finding(actor=admin, unit=world.unit_a, source="on_site", category="staffing",
                          title="超职数配备副科级领导干部", campaign=scored)  # fmt: skip
    recs = {r.unit: r for r in actions.recommend(scored, actor=admin)}
    assert recs[world.unit_b].kind == "reduce"  # 50 points: the last band
    assert recs[world.unit_a].kind == "reorganise"
    assert any("超职数配备副科级领导干部" in r for r in recs[world.unit_a].reasons)
    with pytest.raises(Refused):
        actions.decide_recommendation(recs[world.unit_b], actor=world.users.contact_a, accept=True)
    with pytest.raises(Invalid, match="文号"):
        actions.decide_recommendation(recs[world.unit_b], actor=admin, accept=True)
    done = actions.decide_recommendation(recs[world.unit_b], actor=admin, accept=True,
                                         document_number="莱编〔2026〕12号", matter="核减事业编制2名")  # fmt: skip
    assert done.status == "accepted" and done.matter == "核减事业编制2名"
    with pytest.raises(Invalid, match="理由"):
        actions.decide_recommendation(recs[world.unit_a], actor=admin, accept=False)
    actions.decide_recommendation(recs[world.unit_a], actor=admin, accept=False, note="机构改革方案已统筹")
    assert len(actions.recommend(scored, actor=admin)) == 0  # decided ones are kept
    assert Recommendation.objects.filter(status="accepted").count() == 1

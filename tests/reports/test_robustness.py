"""Ranking robustness on a campaign's stored results: who runs and reads it, what the pages show."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import Stage
from lvzhi.core.errors import Invalid, Refused
from lvzhi.reports import robustness
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to


@pytest.fixture
def scored(camp, world):  # noqa: F811
    """unit_a 54.40 (first: better on A1 and A3, equal on A2), unit_b 51.00; B's inputs missing for both."""
    return run_to(camp, world, publish=False)


def by_code(run):
    return {u["code"]: u for u in run.result["units"]}


def test_a_unit_better_on_every_indicator_keeps_its_rank_under_every_weighting(scored, world):
    run = robustness.run_robustness(scored, actor=world.users.admin, draws=1000, seed=1)
    units = by_code(run)
    assert (units["LY001"]["low"], units["LY001"]["high"], units["LY001"]["median"]) == (1, 1, 1)
    assert (units["LY002"]["low"], units["LY002"]["high"]) == (2, 2)
    assert float(units["LY001"]["total"]) == 54.4 and units["LY001"]["grade"] == "差"
    assert [i["name"] for i in run.result["indicators"]] == ["履职情况", "满意度"]
    assert [i["weight"] for i in run.result["indicators"]] == [60, 40]
    assert [(i["low"], i["high"]) for i in run.result["indicators"]] == [(45, 75), (30, 50)]
    assert run.result["deviation"] == 0
    # unit_a's 54.40 is 90.67% of A's 60 points and nothing of B: with A at two thirds of the weight or more it
    # passes 60 (一般) — in about one draw in nine, over the 10% threshold; unit_b (85% of A) only rarely
    assert units["LY001"]["flagged"] and units["LY001"]["other_grade"] == "一般"
    assert 0.1 < units["LY001"]["change"] < 0.15
    assert not units["LY002"]["flagged"] and units["LY002"]["change"] < 0.02
    assert robustness.is_current(run)
    event = AuditEvent.objects.get(event_type="reports.robustness_run")
    assert event.actor == world.users.admin and event.after == {"draws": 1000, "units": 2, "flagged": 1}


def test_missing_inputs_treated_as_not_applicable_can_lift_a_grade(scored, world):
    # B (40 points) has no input for either unit: scored 0 it leaves both at 差; not applicable, A is rescaled to
    # the full 100 (unit_a 90.67 优秀, unit_b 85 良好)
    run = robustness.run_robustness(scored, actor=world.users.admin, vary_missing=True, seed=2)
    units = by_code(run)
    assert run.result["missing_factor"] is not None
    assert 0.3 < units["LY001"]["change"] < 0.7 and units["LY001"]["flagged"]
    assert units["LY001"]["other_grade"] == "优秀"
    assert units["LY002"]["other_grade"] == "良好"


def test_ranges_the_office_sets_are_checked(scored, world):
    with pytest.raises(Invalid) as caught:
        robustness.run_robustness(scored, actor=world.users.admin, ranges={"A": (70, 50)})
    assert caught.value.as_dicts()[0] == {"field": "low_A", "message": "履职情况:下限不能高于上限。"}
    with pytest.raises(Invalid, match="抽样次数须在 1000 到 10000 之间"):
        robustness.run_robustness(scored, actor=world.users.admin, draws=500)


def test_only_the_office_runs_it_and_only_office_and_committee_read_it(scored, world):
    with pytest.raises(Refused, match="只有编办管理员可以进行排名稳健性分析"):
        robustness.run_robustness(scored, actor=world.users.committee)
    robustness.run_robustness(scored, actor=world.users.admin, seed=3)
    assert robustness.latest_run(world.users.committee, scored) is not None
    for user in (world.users.evaluator, world.users.contact_a, world.users.leader):
        assert robustness.latest_run(user, scored) is None
        assert robustness.summary(user, scored) is None


def test_the_results_and_approval_pages_name_the_units_whose_grade_depends_on_the_weighting(
    scored, world, login
):
    u = world.users
    robustness.run_robustness(scored, actor=u.admin, vary_missing=True, seed=4)
    admin_page = login(u.admin).get(f"/campaigns/{scored.pk}/results/").content.decode()
    assert 'data-testid="robustness-note"' in admin_page
    assert "以下 2 个单位的等次取决于权重的设定" in admin_page
    assert "莱阳市发展和改革局(现为差)" in admin_page
    approval = advance(scored, Stage.APPROVAL, u.admin)
    committee_page = login(u.committee).get(f"/campaigns/{approval.pk}/approval/").content.decode()
    assert "以下 2 个单位的等次取决于权重的设定" in committee_page
    assert "分析已过时" not in committee_page
    contact_page = login(u.contact_a).get(f"/campaigns/{approval.pk}/results/").content.decode()
    assert "robustness-note" not in contact_page and "等次取决于权重" not in contact_page


def test_the_robustness_page_and_api(scored, world, login, api):
    u = world.users
    page = login(u.admin).get(f"/reports/campaigns/{scored.pk}/robustness/")
    assert "本活动还没有进行排名稳健性分析" in page.content.decode()
    response = login(u.admin).post(
        f"/reports/campaigns/{scored.pk}/robustness/run/",
        {"draws": 1000, "spread": 20, "threshold": 10, "low_A": "50", "high_A": "70"},
    )
    assert response.status_code == 302
    shown = login(u.committee).get(f"/reports/campaigns/{scored.pk}/robustness/").content.decode()
    assert "50.0%–70.0%" in shown and "32.0%–48.0%" in shown
    assert "第 1–1 名" in shown
    assert "开始分析" not in shown  # the committee reads, does not run
    assert login(u.contact_a).get(f"/reports/campaigns/{scored.pk}/robustness/").status_code in (403, 404)
    created = api(u.admin).post(
        f"reports/campaigns/{scored.pk}/robustness",
        {"draws": 1000, "vary_missing": True, "ranges": {"B": {"low": 20, "high": 60}}, "seed": 5},
    )
    assert created.status_code == 201
    body = created.json()
    assert (
        body["draws"] == 1000 and body["runs"] == 5000
    )  # N·(k+2): two indicators and the treatment of missing inputs and body["current"] is True
    assert [f["code"] for f in body["indicators"]] == ["A", "B"]
    assert body["indicators"][1]["low"] == 20 and body["missing_factor"] is not None
    read = api(u.committee).get(f"reports/campaigns/{scored.pk}/robustness")
    assert read.status_code == 200 and read.json()["units"] == body["units"]
    assert api(u.evaluator).get(f"reports/campaigns/{scored.pk}/robustness").status_code in (403, 404)

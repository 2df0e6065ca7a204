"""The dashboards' data: a campaign's overview, findings and staffing for the office and the committee only; a unit's
profile over the years from published results the reader may see; each chart's data as Excel."""

import io

import pytest
from openpyxl import load_workbook

from lvzhi.findings.models import Finding
from lvzhi.reports import dashboards
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to


@pytest.fixture
def published(camp, world):  # noqa: F811
    campaign = run_to(camp, world)
    for unit, status in ((world.unit_a, "verified"), (world.unit_a, "open"), (world.unit_b, "open")):
        Finding.objects.create(campaign=campaign, unit=unit, source="on_site", category="underperformance",
                               title="问题", status=status)  # fmt: skip
    return campaign


def by_id(charts):
    return {c["id"]: c for c in charts}


def test_the_overview_has_progress_distribution_ranking_and_grades(published, world):
    charts = by_id(dashboards.overview(published))
    assert set(charts) == {"progress", "distribution", "ranking", "grades"}
    assert charts["ranking"]["categories"] == [world.unit_a.name, world.unit_b.name]
    assert charts["ranking"]["series"][0]["data"] == [54.4, 51.0]
    assert sum(charts["distribution"]["series"][0]["data"]) == 2
    assert sum(charts["progress"]["series"][0]["data"]) == 2


def test_findings_and_rectification_rates(published, world):
    charts = by_id(dashboards.findings(published))
    assert charts["finding_categories"]["series"][0]["data"] == [1]  # rectified
    assert charts["finding_categories"]["series"][1]["data"] == [2]  # not yet
    assert dict(zip(charts["rectification"]["categories"], charts["rectification"]["series"][0]["data"], strict=True)) == {
        world.unit_a.name: 50.0, world.unit_b.name: 0.0}  # fmt: skip


def test_the_unit_profile_shows_published_totals_only_to_those_who_see_them(camp, world, login):  # noqa: F811
    campaign = run_to(camp, world, publish=False)
    contact = login(world.users.contact_a)
    page = contact.get(f"/reports/profiles/{world.unit_a.pk}/")
    assert page.status_code == 200
    charts = by_id(page.context["charts"])
    assert charts["totals"]["series"][0]["data"] == []  # draft scores are not shown
    campaign = run_to_publication(campaign, world)
    charts = by_id(contact.get(f"/reports/profiles/{world.unit_a.pk}/").context["charts"])
    assert charts["totals"]["categories"] == ["2026年"] and charts["totals"]["series"][0]["data"] == [54.4]
    assert [s["name"] for s in charts["level1"]["series"]] == ["履职情况", "满意度"]


def run_to_publication(campaign, world):
    import datetime

    from lvzhi.campaigns import actions
    from lvzhi.campaigns.models import Stage

    u = world.users
    campaign = advance(campaign, Stage.APPROVAL, u.admin)
    actions.record_decision(campaign, actor=u.committee, meeting="编委会会议", decided_on=datetime.date(2026, 11, 28),
                            outcome="approved", text="同意", acknowledge_gaps=True)  # fmt: skip
    actions.publish(campaign, actor=u.admin)
    campaign.refresh_from_db()
    return campaign


def test_campaign_dashboards_are_the_offices_and_the_committees_and_export_each_chart(
    published, world, login
):
    u = world.users
    for board in ("overview", "findings", "staffing"):
        url = f"/reports/campaigns/{published.pk}/dashboard/{board}/"
        page = login(u.committee).get(url)
        assert page.status_code == 200 and 'id="rp-chart-data"' in page.content.decode()
        for user in (u.contact_a, u.evaluator):
            assert login(user).get(url).status_code in (403, 404)
    response = login(u.admin).get(
        f"/reports/campaigns/{published.pk}/dashboard/overview/?chart=ranking&format=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("项目", "总分"), (world.unit_a.name, 54.4), (world.unit_b.name, 51.0)]
    assert login(u.contact_a).get(
        f"/reports/campaigns/{published.pk}/dashboard/overview/?chart=ranking&format=xlsx"
    ).status_code in (403, 404)

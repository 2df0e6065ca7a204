"""In a real browser: the office opens each dashboard (a campaign's overview, findings, staffing, a unit's profile),
sees every chart drawn by ECharts on its canvas with no script error or policy violation, downloads one chart as
PNG and one chart's data as Excel."""

import io

import pytest
from axes.utils import reset as axes_reset
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def published(transactional_db):
    import datetime

    from lvzhi.campaigns import actions
    from lvzhi.campaigns.models import Stage
    from lvzhi.findings.models import Finding
    from tests.campaigns.conftest import MINI_SCHEME, publish_scheme
    from tests.campaigns.test_bulletin import run_to
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    campaign = actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026,
        scheme_version=publish_scheme(MINI_SCHEME, world.users.admin), categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    actions.assign(campaign, actor=world.users.admin, user=world.users.evaluator, units=[world.unit_a])
    world.campaign = run_to(campaign, world)
    Finding.objects.create(campaign=world.campaign, unit=world.unit_a, source="on_site", category="underperformance",
                           title="台账不全", status="verified")  # fmt: skip
    return world


def test_each_dashboard_draws_its_charts_and_one_png_and_one_excel_download(published, page, browser_login):
    world = published
    problems = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    browser_login("admin", world.password)
    boards = [
        f"/reports/campaigns/{world.campaign.pk}/dashboard/{b}/" for b in ("overview", "findings", "staffing")
    ]
    boards.append(f"/reports/profiles/{world.unit_a.pk}/")
    for url in boards:
        page.goto(url)
        charts = page.locator(".rp-chart")
        assert charts.count() >= 1, url
        for i in range(charts.count()):
            chart = charts.nth(i)
            assert chart.get_attribute("data-drawn") == "1", (url, chart.get_attribute("id"))
            assert chart.locator("canvas").count() >= 1
            # ECharts drew something: the canvas is not blank
            assert (
                page.evaluate("el => el.querySelector('canvas').toDataURL().length", chart.element_handle())
                > 5000
            )
    assert problems == []

    page.goto(boards[0])
    with page.expect_download() as png:
        page.locator("[data-png='rp-ranking']").click()
    assert png.value.suggested_filename.endswith(".png")
    with open(png.value.path(), "rb") as fh:
        assert fh.read(8) == PNG
    with page.expect_download() as sheet:
        page.get_by_test_id("xlsx-ranking").click()
    with open(sheet.value.path(), "rb") as fh:
        rows = list(load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))
    assert rows[0] == ("项目", "总分") and rows[1] == (world.unit_a.name, 54.4)

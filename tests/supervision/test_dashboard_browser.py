"""In a real browser: the supervision dashboard draws its ECharts charts from the stored records, and a click on a
figure opens the records behind it — a month's point its records of that month, a unit's overdue bar its workflow
events — through to the workflow's coloured diagram."""

import datetime

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

from lvzhi.supervision import actions
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
TODAY = datetime.date(2026, 3, 31)


def _records(sv):
    admin = sv.world.users.admin
    perf = [
        {"unit": "LY001", "item_kind": "power", "item": "XK-001", "day": day, "action": f"受理{i}", "quantity": 1}
        for i, day in enumerate(["2026-02-10", "2026-02-11", "2026-03-02", "2026-03-03", "2026-03-04"])
    ]  # fmt: skip
    assert actions.submit_batch("performance", actor=admin, rows=perf, today=TODAY).accepted == 5
    events = [
        {"unit": "LY001", "case": c, "workflow": "LC-1", "step": "1", "start": "2026-03-02 09:00", "end": end}
        for c, end in (("C1", "2026-03-02 10:00"), ("C2", "2026-03-02 17:00"))
    ]  # fmt: skip
    assert actions.submit_batch("events", actor=admin, rows=events, today=TODAY).accepted == 2


def _click_point(page, element_id, index, value, below=0):
    """Click the chart's data point (index, value) where ECharts drew it."""
    x, y = page.evaluate(
        """([id, index, value]) => {
            const el = document.getElementById(id);
            const [px, py] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [index, value]);
            const box = el.getBoundingClientRect();
            return [box.left + px, box.top + py];
        }""",
        [element_id, index, value],
    )
    page.mouse.click(x, y + below)


def test_the_charts_are_drawn_and_each_figure_opens_its_records(transactional_db, sv, page, browser_login):
    axes_reset()
    _records(sv)
    browser_login("admin", PASSWORD)
    page.goto("/supervision/")
    for chart in ("#sv-months", "#sv-overdue"):
        expect(page.locator(f"{chart} svg path").first).to_be_attached()
    assert page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('sv-months')).getOption().xAxis[0].data"
    ) == [
        "2026年2月",
        "2026年3月",
    ]
    _click_point(page, "sv-months", 1, 3)  # March: three records
    page.wait_for_url("**/supervision/records/performance/**")
    assert "start=2026-03-01" in page.url and "end=2026-03-31" in page.url
    expect(page.get_by_text("共 3 条,第 1/1 页")).to_be_visible()

    page.goto("/supervision/")
    _click_point(page, "sv-overdue", 0, 50, below=8)  # one of the two 受理 steps over its 4 working hours
    page.wait_for_url("**/supervision/records/events/**")
    assert "unit=LY001" in page.url
    expect(page.get_by_text("共 2 条,第 1/1 页")).to_be_visible()

    page.goto("/supervision/")
    page.locator("#sv-steps").get_by_role("link", name="企业投资项目核准流程").click()
    expect(page.locator("#sv-flow svg")).to_contain_text("超时 1 次(50%)")

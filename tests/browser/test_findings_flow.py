"""In a real browser: an evaluator raises a finding on site; the office issues it; the unit's contact files a plan
and evidence; the office returns it once, the contact submits again, the office verifies and closes it; the
finding's page shows every step in its audit trail."""

import datetime

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def on_site(transactional_db):
    from lvzhi.campaigns import actions
    from lvzhi.campaigns.models import Stage
    from tests.campaigns.conftest import MINI_SCHEME, advance, publish_scheme
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    campaign = actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026,
        scheme_version=publish_scheme(MINI_SCHEME, world.users.admin), categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    actions.assign(campaign, actor=world.users.admin, user=world.users.evaluator, units=[world.unit_a])
    world.campaign = advance(campaign, "on_site", world.users.admin)
    return world


def test_a_finding_raised_on_site_is_rectified_returned_once_verified_and_closed(
    on_site, page, browser_login
):
    from lvzhi.findings.models import Finding

    world = on_site
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login("evaluator", world.password)
    page.goto(f"/campaigns/{world.campaign.pk}/units/{world.unit_a.pk}/visit/")
    page.locator("#id_title").fill("窗口高峰时段排队超过1小时")
    page.locator("#id_category").select_option(label="履职不到位")
    page.get_by_role("button", name="记录问题").click()
    expect(page.get_by_text("窗口高峰时段排队超过1小时")).to_be_visible()
    finding = Finding.objects.get(title="窗口高峰时段排队超过1小时")
    assert finding.source == "on_site"

    page.context.clear_cookies()
    browser_login("admin", world.password)
    page.goto(f"/findings/{finding.pk}/")
    issue = page.locator("form[action$='/issue/']")
    issue.get_by_label("整改期限").fill("2026-12-31")
    issue.get_by_role("button", name="下发给单位").click()
    expect(page.get_by_text("已下发给单位整改。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("contact_a", world.password)
    page.goto(f"/findings/{finding.pk}/")
    page.locator("form[action$='/plan/'] textarea").fill("增设两个综合窗口,高峰时段弹性排班")
    page.get_by_role("button", name="提交整改方案").click()
    expect(page.get_by_text("整改方案已提交。")).to_be_visible()
    page.get_by_label("整改情况说明").fill("已增设窗口")
    page.get_by_role("button", name="提交整改佐证").click()
    expect(page.get_by_text("整改佐证已提交,等待编办核验。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("admin", world.password)
    page.goto(f"/findings/{finding.pk}/")
    page.get_by_label("退回原因").fill("缺少排班表和公示照片")
    page.get_by_role("button", name="退回整改").click()
    expect(page.get_by_text("已退回单位补充整改。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("contact_a", world.password)
    page.goto(f"/findings/{finding.pk}/")
    expect(page.get_by_text("缺少排班表和公示照片").first).to_be_visible()
    page.get_by_label("整改情况说明").fill("已增设窗口,附排班表和公示照片")
    page.get_by_role("button", name="提交整改佐证").click()
    expect(page.get_by_text("整改佐证已提交,等待编办核验。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("admin", world.password)
    page.goto(f"/findings/{finding.pk}/")
    page.get_by_role("button", name="核验通过").click()
    expect(page.get_by_text("已核验。")).to_be_visible()
    page.get_by_role("button", name="销号").click()
    expect(page.get_by_text("已销号。")).to_be_visible()
    expect(page.get_by_role("link", name="修改")).to_have_count(0)  # a closed finding cannot be edited
    trail = page.locator("table").last
    for step in ("下发整改", "提交整改方案", "提交整改佐证", "退回整改", "核验整改", "销号"):
        expect(trail).to_contain_text(step)
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.returns == 1

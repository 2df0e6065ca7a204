"""In a real browser: sign in, find a unit, change its data, see the change in the audit log; and on a phone."""

import re

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def registry(transactional_db):
    """The `world` registry, with no lockout left from elsewhere."""
    from tests.factories import make_registry_world

    axes_reset()
    return make_registry_world()


def test_an_administrator_finds_a_unit_renames_it_and_sees_the_audit_entry(registry, page, browser_login):
    browser_login("admin", registry.password)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构编制").click()
    expect(page.get_by_role("heading", name="单位", exact=True)).to_be_visible()

    page.get_by_label("名称或代码").fill("民政")
    page.get_by_role("button", name="查询").click()
    table = page.locator("#unit-table")
    expect(table.get_by_text("共 1 个单位")).to_be_visible()
    table.get_by_role("link", name="莱阳市民政局").click()
    expect(page.get_by_role("heading", name="莱阳市民政局", exact=True)).to_be_visible()

    page.get_by_role("link", name="修改单位信息").click()
    page.get_by_label("单位名称").fill("莱阳市民政局(社会事务)")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("单位信息已保存。")).to_be_visible()
    expect(page.get_by_role("heading", name="莱阳市民政局(社会事务)")).to_be_visible()

    # The unit's own history, then the log room with the comparison.
    history = page.locator("#history")
    expect(history.get_by_text("莱阳市民政局(社会事务)")).to_be_visible()
    expect(history.get_by_text("赵管理")).to_be_visible()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="操作日志").click()
    page.get_by_label("单位(名称或代码)").fill("LY002")
    page.get_by_label("操作", exact=True).select_option("update")
    page.get_by_role("button", name="筛选").click()
    row = page.locator("tbody tr").filter(has_text="莱阳市民政局(社会事务)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("赵管理")
    expect(row).to_contain_text("单位名称")
    row.get_by_role("link", name=re.compile("对比")).click()
    change = page.locator("tbody tr").filter(has_text="单位名称")
    expect(change.locator("td.diff-before")).to_have_text("莱阳市民政局")
    expect(change.locator("td.diff-after")).to_have_text("莱阳市民政局(社会事务)")


def test_pages_fit_a_phone_screen_and_the_menu_opens_from_its_button(
    registry, playwright_browser, live_server
):
    context = playwright_browser.new_context(locale="zh-CN", base_url=live_server.url, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill("contact_a")
        page.get_by_label("密码").fill(registry.password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

        nav = page.get_by_role("navigation", name="主导航")
        menu_link = nav.get_by_role("link", name="机构编制")
        expect(menu_link).to_be_hidden()  # folded behind the menu button on a phone
        nav.get_by_role("button", name="展开导航").click()
        expect(menu_link).to_be_visible()
        box = nav.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

        for path in ("/", "/registry/units/", f"/registry/units/{registry.unit_a.pk}/", "/audit/"):
            page.goto(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} 在手机宽度下横向溢出 {overflow}px"
    finally:
        context.close()

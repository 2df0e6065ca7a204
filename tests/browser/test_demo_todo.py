"""After `make run` (the demo county, `lvzhi setup_demo`), each demo user signs in on a phone-sized screen and finds
their next task on the workbench's to-do list, with its deadline, and the link opens the page where it is done. The
office then gives the evaluator one more unit with the scope picker (search as you type)."""

import io
import re

import pytest
from axes.utils import reset as axes_reset
from django.core.management import call_command
from playwright.sync_api import expect

from lvzhi.accounts.models import User
from lvzhi.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# username -> (the item they must find, a text of the page its link opens)
NEXT_TASKS = {
    "lianluo": ("自评被退回,请修改后重新提交:莱阳市发展和改革局", "自评被退回修改"),
    "pinggu": ("案头审核:", "案头审核"),
    "lingdao": (re.compile(r"评价分管单位:还有\d+个单位未评价"), "请对分管领域的部门履职情况"),
    "bianwei": ("审定评估结果(活动目前处于「案头审核」阶段,提请审定后办理)", "莱阳市2026年度职能运行评估"),
    "disanfang": ("上传测评结果", "导入"),
    "admin": ("案头审核:莱阳市人力资源和社会保障局已提交自评", "案头审核"),
}


@pytest.fixture
def demo_site(settings, transactional_db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    axes_reset()
    call_command("setup_demo", stdout=io.StringIO())


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return context, page


def test_each_demo_user_finds_their_next_task_and_the_office_widens_a_scope(
    demo_site, playwright_browser, live_server
):
    for username, (task, landing) in NEXT_TASKS.items():
        context, page = sign_in(playwright_browser, live_server, username)
        try:
            todo = page.locator("#todo")
            expect(todo.get_by_role("heading", name=re.compile("待办"))).to_be_visible()
            item = todo.locator(".todo-item").filter(has_text=task).first
            expect(item).to_be_visible()
            expect(item.locator(".todo-deadline")).to_contain_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))
            # it reads on a phone: nothing wider than the screen
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), username
            item.locator("a.todo-title").click()
            expect(page.locator("main")).to_contain_text(landing)
        finally:
            context.close()

    context, page = sign_in(playwright_browser, live_server, "admin")
    try:
        pinggu = User.objects.get(username="pinggu")
        page.goto(f"/users/{pinggu.pk}/edit/")
        chosen = page.locator(".unit-picker-chosen button")
        expect(chosen).to_have_count(5)
        page.get_by_role("searchbox", name="负责单位:输入单位名称或代码搜索").fill("审计")
        page.get_by_role("option", name="LY061 莱阳市审计局").click()
        expect(chosen).to_have_count(6)
        page.get_by_role("button", name="保存").click()
        expect(page.locator("main")).to_contain_text("莱阳市审计局")
        assert "LY061" in set(pinggu.scope_units.values_list("code", flat=True))
    finally:
        context.close()

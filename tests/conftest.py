"""Shared fixtures: named users per role and per unit (healthchecks/Zulip style), and the browser."""

import os
import shutil

import pytest
from django.test import Client

from tests.factories import make_registry_world

CHROMIUM = os.environ.get("LVZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's chromium through Playwright")


def _browser_missing_reason():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return f"未找到浏览器 {CHROMIUM}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "未安装 playwright"
    return None


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    reason = _browser_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI 必须运行浏览器测试,但{reason}")
    print(f"\n跳过 {len(browser_items)} 个浏览器测试:{reason}。")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def world(db):
    """Two counties' worth of registry: regions, categories, units A and B with 三定, bodies, posts, persons,
    and one user per role. Returns a namespace (see tests/factories.py)."""
    return make_registry_world()


@pytest.fixture
def login():
    """login(user) -> a Django test client signed in as that user."""

    def _login(user):
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def playwright_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser, live_server):
    context = playwright_browser.new_context(locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """browser_login(username, password) signs in through the real login form."""

    def _login(username, password):
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _login

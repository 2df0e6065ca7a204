"""The 试算 (try it) panel in a real browser: fill the small form, or paste inputs, and read the explained tree."""

import pytest
from playwright.sync_api import expect

from lvzhi.schemes import actions
from tests.schemes.conftest import small

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(transactional_db, world):
    draft = actions.create_scheme(actor=world.users.admin, code="small", name="小型测试方案", level="central",
                                  definition=small())
    return world, actions.publish_version(draft, actor=world.users.admin)


def test_a_unit_contact_tries_a_published_scheme_and_reads_each_leaf(published, page, browser_login):
    world, _version = published
    browser_login("contact_a", world.password)
    page.goto("/schemes/small/v1/")
    page.get_by_role("link", name="试算").click()
    page.get_by_label("A1 重点工作").fill("36")
    page.get_by_label("A2 常规工作").fill("8")
    page.get_by_label("B1 领导评价").fill("优秀、良好")
    page.get_by_label("X1 问责").fill("1")
    page.get_by_role("button", name="试算").click()
    expect(page.locator("#try-total")).to_have_text("84")
    expect(page.locator("#try-grade")).to_have_text("良好")
    a2 = page.locator('.try-tree tr[data-code="A2"]')
    expect(a2).to_contain_text("8")
    expect(a2).to_contain_text("完成率")
    expect(a2).to_contain_text("16")
    expect(page.locator('.try-tree tr[data-code="X1"]')).to_contain_text("-5")


def test_pasted_inputs_for_a_party_unit_use_its_category_points_and_list_what_is_missing(published, page,
                                                                                      browser_login):
    world, _version = published
    browser_login("evaluator", world.password)
    page.goto("/schemes/small/v1/try/")
    page.get_by_label("单位类别").select_option("党群系统")
    page.get_by_text("批量试算:粘贴或上传原始数据文件").click()
    page.get_by_label("原始数据", exact=True).fill("A1: 40\nA2: 10")
    page.get_by_role("button", name="试算").click()
    # 党群系统: A1 out of 30 (40 entered, clamped), A2 30 × 10/10; B1 missing.
    expect(page.locator("#try-total")).to_have_text("60")
    expect(page.get_by_text("缺少数据(按 0 分计):B1 领导评价")).to_be_visible()

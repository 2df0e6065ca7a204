"""The tree editor in a real browser: add a node, re-weight, see the validation message, save, publish."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.schemes import actions
from lvzhi.schemes.models import SchemeVersion
from tests.schemes.conftest import node, small

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scheme_world(transactional_db, world):
    draft = actions.create_scheme(actor=world.users.admin, code="small", name="小型测试方案", level="central",
                                  definition=small())
    return world, draft


def row(page, code):
    return page.locator(f'.editor-row[data-code="{code}"]')


def test_an_administrator_builds_a_draft_in_the_tree_editor_and_publishes_it(scheme_world, page, browser_login):
    world, draft = scheme_world
    browser_login("admin", world.password)
    page.goto(f"/schemes/small/v{draft.number}/edit/")
    expect(page.get_by_text("校验通过")).to_be_visible()

    # Add a child under A: it appears right after A's last child with a fresh code.
    row(page, "A").get_by_role("button", name="＋下级").click()
    new_row = row(page, "A.1")
    expect(new_row).to_be_visible()
    new_row.get_by_label("名称", exact=True).fill("新增考核事项")
    new_row.get_by_label("分值", exact=True).fill("10")

    # A's children now add up to 70, not 60: the message appears next to A as we type.
    expect(row(page, "A").locator(".row-issues")).to_contain_text("60")
    expect(page.get_by_text(re.compile("校验发现 \\d+ 个问题"))).to_be_visible()

    # Re-weight A1 from 40 to 30 (and from 30 to 20 for 党群系统 units): the sums agree again.
    a1 = row(page, "A1")
    a1.get_by_label("分值", exact=True).fill("30")
    a1.locator("summary").click()
    a1.get_by_label(re.compile("分类分值")).fill("党群系统 20")
    expect(page.get_by_text("校验通过")).to_be_visible()
    expect(row(page, "A").locator(".row-issues")).to_be_empty()
    # The rule is picked by its Chinese name; the fields of that rule appear with its meaning.
    a1.get_by_label("规则类型").select_option(label="按次")
    expect(row(page, "A1").get_by_text("按发生次数计分")).to_be_visible()
    row(page, "A1").get_by_label("每次分值").fill("2")
    expect(page.get_by_text("校验通过")).to_be_visible()

    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存,校验通过。")).to_be_visible()
    saved = SchemeVersion.objects.get(pk=draft.pk)
    assert node(saved.definition, "A1")["points"] == 30
    assert node(saved.definition, "A1")["by_category"] == {"党群系统": 20}
    assert node(saved.definition, "A1")["rule"] == {"type": "occurrences", "per": 2}
    assert node(saved.definition, "A.1") == {"code": "A.1", "name": "新增考核事项", "points": 10}

    page.goto(f"/schemes/small/v{draft.number}/")
    expect(page.locator("#scheme-tree")).to_contain_text("新增考核事项")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text(re.compile("已发布 v1"))).to_be_visible()
    assert SchemeVersion.objects.get(pk=draft.pk).status == SchemeVersion.Status.PUBLISHED
    expect(page.get_by_role("link", name="编辑草稿")).to_have_count(0)


def test_moving_and_removing_rows_in_the_editor(scheme_world, page, browser_login):
    world, draft = scheme_world
    browser_login("admin", world.password)
    page.goto(f"/schemes/small/v{draft.number}/edit/")
    row(page, "B").get_by_role("button", name="上移").click()
    rows = page.locator(".editor-row")
    expect(rows.first).to_have_attribute("data-code", "B")
    codes = rows.evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes == ["B", "B1", "A", "A1", "A2", "X", "X1"]
    page.once("dialog", lambda dialog: dialog.accept())
    row(page, "A2").get_by_role("button", name="删除").click()
    expect(row(page, "A2")).to_have_count(0)
    expect(row(page, "A").locator(".row-issues")).to_contain_text("60")

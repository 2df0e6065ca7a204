"""In a real browser: a unit contact draws a workflow with a sub-step and submits it, the office adopts it; the
contact redesigns it (a step cut), the office adopts that, and the comparison shows what was cut; the diagram is
an SVG on the page and a download."""

import datetime

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def world_with_item(transactional_db):
    from lvzhi.duties import actions
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    actions.add_item(
        "power",
        {"unit": world.unit_a, "code": "XK-001", "name": "企业投资项目核准", "item_type": "licensing"},
        change=actions.Change(reason="清单", effective_date=datetime.date(2025, 1, 1)),
        actor=world.users.admin,
    )
    return world


def add_step(page, name, *, post="", responsible="", limit="", sign_off="", parent="", materials=""):
    page.get_by_role("link", name="添加环节").click()
    page.get_by_label("环节名称").fill(name)
    if parent:
        page.get_by_label("所属环节").select_option(label=parent)
    if post:
        page.get_by_label("责任岗位").select_option(label=post)
    if responsible:
        page.get_by_label("责任主体").fill(responsible)
    if limit:
        page.locator("#id_time_limit").fill(limit)
    if sign_off:
        page.get_by_label("签批层级").select_option(label=sign_off)
    if materials:
        page.get_by_label("材料").fill(materials)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存环节。")).to_be_visible()


def test_a_workflow_is_drawn_submitted_adopted_and_redesigned(world_with_item, page, browser_login):
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login("contact_a", world_with_item.password)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="流程图").click()
    page.get_by_role("button", name="新建流程图").click()
    page.get_by_label("流程编码").fill("LC-1")
    page.get_by_label("流程名称").fill("企业投资项目核准流程")
    page.get_by_label("事项类别").select_option(label="权责事项")
    page.get_by_label("权责事项").select_option(label="XK-001 企业投资项目核准")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="企业投资项目核准流程")).to_be_visible()

    add_step(page, "受理", post="文秘岗", limit="1", sign_off="经办岗位", materials="项目申请报告\n营业执照")
    add_step(page, "审查", post="文秘岗")
    add_step(page, "征求意见", responsible="相关部门", limit="5", parent="2 审查")
    add_step(page, "局长签发", post="局长", limit="2", sign_off="主要负责人")
    diagram = page.locator("[data-diagram] svg")
    expect(diagram).to_be_visible()
    expect(diagram.locator("text", has_text="2.1  征求意见")).to_have_count(1)
    expect(page.locator("[data-figures]")).to_contain_text("环节 3 个")
    page.get_by_role("button", name="报送编办审定").click()
    expect(page.get_by_text("已报送编办审定。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("admin", world_with_item.password)
    page.goto("/")
    page.get_by_role("link", name="审定莱阳市发展和改革局报送的流程图「企业投资项目核准流程」").click()
    page.get_by_label("启用日期").fill("2026-01-05")
    page.get_by_role("button", name="审定启用").click()
    expect(page.get_by_text("已审定启用第1版。")).to_be_visible()

    page.context.clear_cookies()
    browser_login("contact_a", world_with_item.password)
    page.goto("/workflows/")
    page.get_by_role("link", name="企业投资项目核准流程").click()
    page.get_by_text("流程再造:新建一版").click()
    page.get_by_label("修订说明").fill("取消局长签发,由科室审批")
    page.get_by_role("button", name="新建草稿").click()
    expect(page.get_by_text("已新建第2版草稿")).to_be_visible()
    row = page.locator("tbody tr").filter(has_text="局长签发")
    row.get_by_role("button", name="删除").click()
    expect(page.get_by_text("已删除环节。")).to_be_visible()
    page.get_by_role("button", name="报送编办审定").click()

    page.context.clear_cookies()
    browser_login("admin", world_with_item.password)
    page.goto("/workflows/")
    page.get_by_role("link", name="企业投资项目核准流程").click()
    page.get_by_role("button", name="审定启用").click()
    expect(page.get_by_text("已审定启用第2版。")).to_be_visible()
    page.get_by_role("link", name="与第1版对比").click()
    cuts = page.locator("[data-cuts]")
    expect(cuts).to_contain_text("减环节")
    expect(cuts).to_contain_text("环节:3 → 2(减少 1 个):取消 局长签发")
    with page.expect_download() as download:
        page.goto("/workflows/")
        page.get_by_role("link", name="企业投资项目核准流程").click()
        page.get_by_role("link", name="下载流程图(SVG)").click()
    assert download.value.suggested_filename.endswith(".svg")

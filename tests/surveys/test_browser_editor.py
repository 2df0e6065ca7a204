"""The office in a browser: edits a question of a draft questionnaire, moves one up, is refused moving a question
above the one its condition uses; the campaign's page offers the export of every group and it downloads."""

import pytest
from playwright.sync_api import expect

from lvzhi.surveys import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_edits_and_reorders_a_draft_and_exports_the_campaign(
    transactional_db, world, camp, helpers, page, browser_login
):
    admin = world.users.admin
    version, qs = helpers.build_questionnaire(admin, "浏览器编辑问卷")
    group = actions.create_group(camp, actor=admin, version=version, units=[world.unit_a], name="管理服务对象",
                                 leaf_code="C1")  # fmt: skip
    browser_login("admin", world.password)
    page.goto(f"/surveys/questionnaires/{version.questionnaire_id}/v{version.number}/")
    page.get_by_role("link", name="修改第4题").click()
    page.get_by_label("题目").fill("其他意见和建议")
    page.get_by_label("必答").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存第4题。")).to_be_visible()
    expect(page.locator(f"#q-{qs.q4.pk}")).to_contain_text("4. 其他意见和建议")
    page.get_by_role("button", name="第5题上移").click()
    expect(page.get_by_text("已将「办事效率评分」移到第4题。")).to_be_visible()
    expect(page.locator(f"#q-{qs.q5.pk}")).to_contain_text("4. 办事效率评分")
    # Question 3 is shown only after question 2: it cannot move above it.
    page.get_by_role("button", name="第3题上移").click()
    expect(page.get_by_text("须排在它后面")).to_be_visible()
    expect(page.locator(f"#q-{qs.q3.pk}")).to_contain_text("3. 办理的是哪类业务")
    page.goto(f"/surveys/campaigns/{camp.pk}/")
    with page.expect_download() as download:
        page.locator("#campaign-export").get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == f"{camp.name}-满意度汇总.xlsx"
    assert group.campaign_id == camp.pk  # the export link is offered once the campaign has a group

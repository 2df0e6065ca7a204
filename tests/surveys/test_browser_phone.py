"""A respondent on a phone-sized screen: opens a QR link, answers, loses the network mid-submit (the first
request reaches the server but its answer never comes back), submits again, sees the thank-you page; opening
the link again says it has been used. One answer is stored."""

import pytest
from playwright.sync_api import expect

from lvzhi.surveys import actions
from lvzhi.surveys.models import Answer, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link(transactional_db, world, camp, helpers):
    admin = world.users.admin
    version, _qs = helpers.build_questionnaire(admin)
    group = actions.create_group(camp, actor=admin, version=version, units=[world.unit_a], name="管理服务对象",
                                 leaf_code="C1")  # fmt: skip
    actions.open_group(group, actor=admin)
    token = actions.issue_invitations(group, actor=admin, count=1, unit=world.unit_a)[0][0]
    return f"/s/{token}/"


def test_a_phone_answers_through_a_lost_response_and_the_link_is_then_used(link, page):
    page.set_viewport_size({"width": 375, "height": 740})  # a phone's screen
    dropped = []

    def lose_first_answer(route):
        if not dropped:
            dropped.append(route.request.url)
            route.fetch()  # the server receives and stores it …
            route.abort("internetdisconnected")  # … but the phone never hears back
            return
        route.continue_()

    page.route("**/s/submit/", lose_first_answer)
    page.goto(link)
    expect(page.get_by_role("heading", name="管理服务对象满意度问卷")).to_be_visible()
    # Question 3 appears only when question 2 is answered 是.
    expect(page.get_by_text("办理的是哪类业务")).to_be_hidden()
    page.get_by_label("基本满意").check()
    page.get_by_label("是", exact=True).check()
    expect(page.get_by_text("办理的是哪类业务")).to_be_visible()
    # Submitting without question 3 names it.
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#status")).to_contain_text("第3题")
    page.get_by_label("咨询").check()
    page.get_by_role("textbox").fill("希望增加周末窗口。")
    # Progress is kept on the phone: a reload keeps the answers.
    page.reload()
    expect(page.get_by_label("咨询")).to_be_checked()
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#status")).to_contain_text("网络中断")
    assert dropped and Response.objects.count() == 1  # stored once already
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#message")).to_have_text("答卷已提交,感谢您的参与!")
    assert Response.objects.count() == 1
    assert Answer.objects.filter(text="希望增加周末窗口。").count() == 1
    page.goto(link)
    expect(page.locator("#message")).to_contain_text("此邀请已经使用过")

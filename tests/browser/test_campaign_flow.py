"""In a real browser, a small campaign through every stage with the real roles: the unit contact self-assesses
with evidence, the evaluator reviews and ticks the on-site checklist, a leader rates, the contact objects, the
evaluator answers, the committee approves, and the bulletin shows the ranking."""

import datetime
import re

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

from lvzhi.campaigns import actions
from lvzhi.campaigns.models import Campaign, IndicatorEntry, Stage, UnitResult

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign_world(settings, transactional_db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.campaigns.conftest import MINI_SCHEME, publish_scheme
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    u = world.users
    version = publish_scheme(MINI_SCHEME, u.admin)
    camp = actions.create_campaign(
        actor=u.admin, name="2026年度履职评估", year=2026, scheme_version=version, categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    actions.assign(camp, actor=u.admin, user=u.evaluator, units=[world.unit_a])
    actions.assign_leaders_from_portfolios(camp, actor=u.admin)
    world.campaign = camp
    return world


@pytest.fixture
def as_user(playwright_browser, live_server, campaign_world):
    """as_user(username) -> a page signed in as that user, in its own browser context."""
    contexts = []

    def _open(username):
        context = playwright_browser.new_context(locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        # Submitting, closing, approving and publishing ask first (lvzhi/static/lvzhi/forms.js): say yes, and keep
        # the questions so the flow can check they were asked.
        page.questions = []
        page.on("dialog", lambda dialog: (page.questions.append(dialog.message), dialog.accept()))
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(campaign_world.password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield _open
    for context in contexts:
        context.close()


def close_stage(page, camp, label):
    page.goto(f"/campaigns/{camp.pk}/")
    page.get_by_role("button", name="结束本阶段,进入下一阶段").click()
    expect(page.get_by_text(f"「{label}」阶段已结束。")).to_be_visible()


def unit_b_by_the_office(world, camp, step):
    """The second unit's part, done through the same actions, so that there is a ranking to show."""
    u = world.users
    camp = Campaign.objects.get(pk=camp.pk)
    cu = camp.units.get(unit=world.unit_b)
    cu.campaign = camp
    if step == "self":
        actions.save_self_assessment(
            cu,
            actor=u.contact_b,
            scores={("A1", ""): "15", ("A2", ""): "16", ("A3", ""): "15"},
            report="报告",
        )
        actions.add_evidence(cu, actor=u.contact_b, code="A1", text="目标完成情况台账")
        actions.submit_self_assessment(cu, actor=u.contact_b)
    elif step == "review":
        # Not planned for a visit: its on-site indicator A3 is scored in the desk review (the set-up's default).
        actions.review_scores(
            cu, actor=u.admin, scores={("A1", ""): "15", ("A2", ""): "16", ("A3", ""): "14"},
            reasons={("A3", ""): "按案头材料核定"},
        )  # fmt: skip
        actions.complete_review(cu, actor=u.admin)


def test_a_small_campaign_runs_through_every_stage_with_the_real_roles(campaign_world, as_user, tmp_path):
    world, camp = campaign_world, campaign_world.campaign
    a = world.unit_a.pk
    admin = as_user("admin")
    close_stage(admin, camp, "部署")

    # The unit contact self-assesses with evidence and submits.
    contact = as_user("contact_a")
    contact.goto(f"/campaigns/{camp.pk}/units/{a}/self/")
    contact.get_by_label("A1 年度目标完成 自评分").fill("18")
    contact.get_by_label("A2 三定规定执行 自评分").fill("19")
    contact.get_by_label("A3 重点任务落实 自评分").fill("17")
    contact.get_by_label("自评报告", exact=True).fill("对照年度目标逐项自查,12项目标完成11项。")
    contact.get_by_role("button", name="保存草稿").click()
    expect(contact.get_by_text("已保存。")).to_be_visible()
    evidence = tmp_path / "年度目标台账.pdf"
    evidence.write_bytes(b"%PDF-1.4 ledger")
    contact.get_by_label("A1 佐证文件").set_input_files(str(evidence))
    contact.locator("#ind-A1").get_by_role("button", name="添加佐证").click()
    expect(contact.get_by_text("材料已添加。")).to_be_visible()
    expect(contact.get_by_role("link", name="年度目标台账.pdf")).to_be_visible()
    contact.get_by_role("button", name="提交自评").click()
    expect(contact.get_by_text("自评已提交。")).to_be_visible()
    expect(contact.get_by_label("A1 年度目标完成 自评分")).to_be_disabled()

    unit_b_by_the_office(world, camp, "self")
    close_stage(admin, camp, "自查自评")

    # The evaluator reviews: a different score needs a reason.
    evaluator = as_user("evaluator")
    evaluator.goto(f"/campaigns/{camp.pk}/units/{a}/review/")
    expect(evaluator.get_by_role("link", name="年度目标台账.pdf")).to_be_visible()
    evaluator.get_by_label("A1 审核分").fill("16")
    evaluator.get_by_role("button", name="保存并完成审核").click()
    expect(evaluator.get_by_text("指标「A1 年度目标完成」的审核分与自评分不同,须说明理由。")).to_be_visible()
    evaluator.get_by_label("A1 审核分").fill("16")
    evaluator.get_by_label("A1 审核说明").fill("一项目标未按期完成")
    evaluator.get_by_role("button", name="保存并完成审核").click()
    expect(evaluator.get_by_text("案头审核已完成。")).to_be_visible()
    evaluator.goto(f"/campaigns/{camp.pk}/units/{a}/visit/")
    evaluator.get_by_label("计划日期").fill("2026-12-03")
    evaluator.get_by_label("地点").fill("发改局三楼会议室")
    evaluator.get_by_role("button", name="制定计划").click()
    expect(evaluator.get_by_text("实地评估计划已保存。")).to_be_visible()

    unit_b_by_the_office(world, camp, "review")
    close_stage(admin, camp, "案头审核")

    # On site: every mandatory item ticked before the visit can close.
    evaluator.goto(f"/campaigns/{camp.pk}/units/{a}/visit/")
    evaluator.get_by_role("button", name="完成实地评估").click()
    expect(evaluator.get_by_text(re.compile("不能完成实地评估,以下必查事项尚未完成"))).to_be_visible()
    for item in ["巡视巡察报告及整改材料", "审计报告", "自评材料", "机构编制动议材料", "三定规定细化材料",
                 "机构编制违规违纪违法问题材料", "各业务分管领导", "派驻纪检组组长(纪委书记)", "内设机构负责人"]:  # fmt: skip
        row = evaluator.locator("li.list-group-item").filter(has_text=item)
        row.get_by_label(f"{item} 记录").fill("已查阅/已访谈")
        row.get_by_label(f"已完成:{item}").check()
        row.get_by_role("button", name="保存").click()
        expect(evaluator.get_by_text(f"「{item}」已更新。")).to_be_visible()
    evaluator.get_by_label("A3 实地评估得分").fill("18")
    evaluator.get_by_label("A3 理由").fill("现场核实重点任务台账")
    evaluator.get_by_role("button", name="保存得分").click()
    expect(evaluator.get_by_text("实地评估得分已保存。")).to_be_visible()
    evaluator.get_by_label("评估小结").fill("职能运转总体顺畅。")
    evaluator.get_by_role("button", name="完成实地评估").click()
    expect(evaluator.get_by_text("实地评估已完成。")).to_be_visible()

    close_stage(admin, camp, "实地评估")

    # The leader rates the units of the portfolio for both half-years.
    leader = as_user("leader")
    leader.goto(f"/campaigns/{camp.pk}/ratings/")
    leader.get_by_label("莱阳市发展和改革局 上半年评价").select_option("优秀")
    leader.get_by_label("莱阳市发展和改革局 下半年评价").select_option("良好")
    leader.get_by_label("莱阳市民政局 上半年评价").select_option("良好")
    leader.get_by_label("莱阳市民政局 下半年评价").select_option("一般")
    leader.get_by_role("button", name="保存评价").click()
    expect(leader.get_by_text("已保存4项评价。")).to_be_visible()

    # The office imports hotline and third-party figures, then scores.
    for kind, text in (
        ("hotline", "单位代码,B1\nLY001,92.5\nLY002,80\n"),
        ("third_party", "单位代码,B2\nLY001,88\nLY002,75\n"),
    ):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        admin.goto(f"/campaigns/{camp.pk}/imports/")
        admin.get_by_label("数据类型").select_option(kind)
        admin.get_by_label("文件(.xlsx 或 .csv)").set_input_files(str(path))
        admin.get_by_role("button", name="导入").click()
        expect(admin.get_by_text(re.compile("已导入「.*」共2项数据。"))).to_be_visible()
    close_stage(admin, camp, "多方评议")
    admin.goto(f"/campaigns/{camp.pk}/results/")
    admin.get_by_role("button", name="按最新数据计算").click()
    expect(admin.get_by_text("已按最新数据计算2个单位的结果。")).to_be_visible()
    close_stage(admin, camp, "综合评定")

    # The contact sees the draft result and objects; the evaluator upholds it.
    contact.goto(f"/campaigns/{camp.pk}/units/{a}/result/")
    expect(contact.get_by_test_id("unit-total")).to_have_text("98.10")
    contact.goto(f"/campaigns/{camp.pk}/units/{a}/objections/")
    contact.get_by_label("指标").select_option("A1")
    contact.get_by_label("异议理由").fill("第12项目标已于12月完成验收,附验收报告。")
    contact.get_by_role("button", name="提交异议").click()
    expect(contact.get_by_text("异议已提交,评估人员将复核答复。")).to_be_visible()
    evaluator.goto(f"/campaigns/{camp.pk}/units/{a}/objections/")
    evaluator.get_by_label("复核意见").fill("验收报告属实,予以采纳。")
    evaluator.get_by_label("复核后分值(采纳时填写)").fill("18")
    evaluator.get_by_role("button", name="采纳并改分").click()
    expect(evaluator.get_by_text("复核意见已保存,并通知单位。")).to_be_visible()
    assert IndicatorEntry.objects.get(campaign_unit__unit=world.unit_a, code="A1").reviewed_score == 18
    admin.goto(f"/campaigns/{camp.pk}/results/")
    admin.get_by_role("button", name="按最新数据计算").click()
    expect(admin.get_by_text("已按最新数据计算2个单位的结果。")).to_be_visible()
    close_stage(admin, camp, "征求意见/复核")

    # The committee approves with a decision record; the office publishes; the bulletin ranks.
    committee = as_user("committee")
    committee.goto(f"/campaigns/{camp.pk}/approval/")
    committee.get_by_label("会议").fill("2026年第4次编委会会议")
    committee.get_by_label("审定日期").fill("2026-11-28")
    committee.get_by_label("审定结论").select_option("approved")
    committee.get_by_label("文号").fill("莱编〔2026〕30号")
    committee.get_by_label("决定内容").fill("审定通过,按类别排名通报。")
    committee.get_by_role("button", name="保存审定记录").click()
    expect(committee.get_by_text("审定记录已保存。")).to_be_visible()
    assert committee.questions == ["审定记录保存后不能修改;审定通过即进入公布阶段。确定保存审定记录?"]
    admin.goto(f"/campaigns/{camp.pk}/approval/")
    admin.get_by_role("button", name="公布结果").click()
    expect(admin.get_by_text("评估结果已公布。")).to_be_visible()
    expect(admin.get_by_role("heading", name="2026年度履职评估结果通报")).to_be_visible()
    rows = admin.locator("table tbody tr")
    expect(rows.nth(0)).to_contain_text("莱阳市发展和改革局")
    expect(rows.nth(0)).to_contain_text("100.1")
    expect(rows.nth(1)).to_contain_text("莱阳市民政局")
    contact.goto(f"/campaigns/{camp.pk}/bulletin/")
    expect(contact.locator("table tbody tr").nth(0)).to_contain_text("1")
    assert UnitResult.objects.get(unit=world.unit_a).rank == 1

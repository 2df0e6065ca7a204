"""In a real browser, the demo's 2026 campaign (`lvzhi setup_demo`) from where `make run` leaves it to publication,
as the demo's own users, no stage forced: the contact resubmits the returned self-assessment, the evaluator
finishes the desk review and visits the three units planned for a visit (the other 72 are scored as the set-up
says: on-site indicators from the desk review), the leader rates the second half-year, the third party imports the
survey, the office scores and checks the flags, the committee approves after acknowledging what is incomplete, the
office publishes. The published ranking is then the engine's on the same inputs, and a unit not visited says why
its on-site indicators have the scores they have."""

import re
from decimal import Decimal

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

from lvzhi import scoring as engine
from lvzhi.campaigns import schemeinfo, selectors
from lvzhi.campaigns.demo import PENDING_REVIEW_2026, VISITED_2026
from lvzhi.campaigns.models import Campaign, CampaignUnit, IndicatorEntry, UnitResult
from lvzhi.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHECKLIST = [
    "巡视巡察报告及整改材料", "审计报告", "自评材料", "机构编制动议材料", "三定规定细化材料",
    "机构编制违规违纪违法问题材料", "各业务分管领导", "派驻纪检组组长(纪委书记)", "内设机构负责人",
]  # fmt: skip


@pytest.fixture
def demo_world(settings, transactional_db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.campaigns.test_confidentiality_walk import build_demo

    axes_reset()
    build_demo()
    from lvzhi.accounts.models import User

    for user in User.objects.all():  # the demo's shared password (the administrator's too)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return Campaign.objects.get(year=2026)


@pytest.fixture
def as_user(playwright_browser, live_server, demo_world):
    contexts = []

    def _open(username):
        context = playwright_browser.new_context(locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(30000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the confirmations a person answers 确定
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield _open
    for context in contexts:
        context.close()


def close_stage(page, camp, label):
    page.goto(f"/campaigns/{camp.pk}/")
    expect(page.get_by_text("结束条件已满足。")).to_be_visible()  # nothing forced
    page.get_by_role("button", name="结束本阶段,进入下一阶段").click()
    expect(page.get_by_text(f"「{label}」阶段已结束。")).to_be_visible()


def unit_id(camp, name):
    return CampaignUnit.objects.get(campaign=camp, unit__name=name).unit_id


def claimed(camp, name):
    return {
        (e.code, e.period): e.self_score
        for e in IndicatorEntry.objects.filter(campaign_unit__campaign=camp, campaign_unit__unit__name=name)
    }


def test_the_demo_2026_campaign_reaches_publication_in_the_browser_without_forcing(
    demo_world, as_user, tmp_path
):
    camp = demo_world
    admin = as_user("admin")
    admin.goto(f"/campaigns/{camp.pk}/")
    expect(admin.get_by_text(re.compile("「莱阳市发展和改革局」:退回修改后尚未重新提交自评"))).to_be_visible()
    expect(admin.get_by_test_id("closing-note")).to_contain_text("已安排实地评估3个单位;其余72个单位")

    # The contact adds the missing ledger and resubmits.
    fgj = unit_id(camp, "莱阳市发展和改革局")
    contact = as_user("lianluo")
    contact.goto(f"/campaigns/{camp.pk}/units/{fgj}/self/")
    ledger = tmp_path / "年度目标完成情况台账.pdf"
    ledger.write_bytes(b"%PDF-1.4 ledger")
    contact.get_by_label("A1 佐证文件").set_input_files(str(ledger))
    contact.locator("#ind-A1").get_by_role("button", name="添加佐证").click()
    expect(contact.get_by_text("材料已添加。")).to_be_visible()
    contact.get_by_role("button", name="提交自评").click()
    expect(contact.get_by_text("自评已提交。")).to_be_visible()

    # The evaluator finishes the desk review: the resubmitted unit, and one not visited (its on-site indicators too).
    evaluator = as_user("pinggu")
    for name in ("莱阳市发展和改革局", PENDING_REVIEW_2026):
        evaluator.goto(f"/campaigns/{camp.pk}/units/{unit_id(camp, name)}/review/")
        if name == PENDING_REVIEW_2026:
            expect(evaluator.get_by_test_id("sampling-note")).to_contain_text("本单位未列入实地评估")
            evaluator.get_by_label("A10 审核分").fill("1")
        evaluator.get_by_role("button", name="保存并完成审核").click()
        expect(evaluator.get_by_text("案头审核已完成。")).to_be_visible()
    close_stage(admin, camp, "案头审核")

    # The three visits.
    info = schemeinfo.info_for(camp.scheme_version)
    on_site = [leaf for leaf in info.leaves if leaf.source == "on_site"]
    for name in VISITED_2026:
        evaluator.goto(f"/campaigns/{camp.pk}/units/{unit_id(camp, name)}/visit/")
        for item in CHECKLIST:
            row = evaluator.locator("li.list-group-item").filter(has_text=item)
            row.get_by_label(f"{item} 记录").fill("已查阅/已访谈")
            row.get_by_label(f"已完成:{item}").check()
            row.get_by_role("button", name="保存").click()
            expect(evaluator.get_by_text(f"「{item}」已更新。")).to_be_visible()
        own = claimed(camp, name)
        for leaf in on_site:
            for part in leaf.parts:
                value = own.get((leaf.code, part))
                evaluator.get_by_label(f"{leaf.code} 实地评估得分").fill(
                    str(value if value is not None else 0)
                )
        evaluator.get_by_role("button", name="保存得分").click()
        expect(evaluator.get_by_text("实地评估得分已保存。")).to_be_visible()
        evaluator.get_by_label("评估小结").fill("职能运转总体顺畅。")
        evaluator.get_by_role("button", name="完成实地评估").click()
        expect(evaluator.get_by_text("实地评估已完成。")).to_be_visible()
    close_stage(admin, camp, "实地评估")

    # The leader's second half-year; the third party's survey results.
    leader = as_user("lingdao")
    leader.goto(f"/campaigns/{camp.pk}/ratings/")
    pending = [name for name, who, period in selectors.missing_leader_rating_rows(camp)]
    for name in pending:
        leader.get_by_label(f"{name} 下半年评价").select_option("良好")
    leader.get_by_role("button", name="保存评价").click()
    expect(leader.get_by_text(re.compile(r"已保存\d+项评价。"))).to_be_visible()
    assert not selectors.missing_leader_rating_rows(camp)
    survey = tmp_path / "服务对象问卷结果.csv"
    lines = ["单位代码,单位名称,数据项,子项,数值"]
    for i, cu in enumerate(camp.units.select_related("unit").order_by("unit__code")):
        for part, n in (("满意", 30 + i % 17), ("基本满意", 6 + i % 5), ("不满意", i % 3)):
            lines.append(f"{cu.unit.code},{cu.unit.name},C1,{part},{n}")
    survey.write_text("\n".join(lines), encoding="utf-8")
    third = as_user("disanfang")
    third.goto(f"/campaigns/{camp.pk}/imports/")
    third.get_by_label("数据类型").select_option("survey")
    third.get_by_label("文件(.xlsx 或 .csv)").set_input_files(str(survey))
    third.get_by_role("button", name="导入").click()
    expect(third.get_by_text(re.compile(r"已导入「.*」共225项数据。"))).to_be_visible()
    close_stage(admin, camp, "多方评议")

    # The office scores and checks every flag.
    admin.goto(f"/campaigns/{camp.pk}/results/")
    admin.get_by_role("button", name="按最新数据计算").click()
    expect(admin.get_by_text("已按最新数据计算75个单位的结果。")).to_be_visible()
    admin.goto(f"/campaigns/{camp.pk}/triangulation/")
    while admin.get_by_role("button", name="已核实").count():
        form = admin.locator("form").filter(has=admin.get_by_role("button", name="已核实")).first
        form.get_by_placeholder("核实情况").fill("经核实,以核定分为准。")
        form.get_by_role("button", name="已核实").click()
        expect(admin.get_by_text("已核实。")).to_be_visible()
    close_stage(admin, camp, "综合评定")
    close_stage(admin, camp, "征求意见/复核")

    # The committee sees what is incomplete and approves only acknowledging it.
    committee = as_user("bianwei")
    committee.goto(f"/campaigns/{camp.pk}/approval/")
    expect(committee.get_by_test_id("completeness")).to_contain_text("逾期未提交自评的单位")
    committee.get_by_label("审定日期").fill("2026-12-01")
    committee.get_by_label("审定结论").select_option("approved")
    committee.get_by_label("文号").fill("莱编〔2026〕30号")
    committee.get_by_label("决定内容").fill("审定通过2026年度职能运行评估结果。")
    committee.get_by_role("button", name="保存审定记录").click()
    expect(committee.get_by_text(re.compile("评估数据尚不完整.*审定通过须勾选"))).to_be_visible()
    committee.get_by_label("审定日期").fill("2026-12-01")
    committee.get_by_label("审定结论").select_option("approved")
    committee.get_by_label("决定内容").fill("审定通过2026年度职能运行评估结果。")
    committee.get_by_label("已知悉上述不完整情况,仍审定通过").check()
    committee.get_by_role("button", name="保存审定记录").click()
    expect(committee.get_by_text("审定记录已保存。")).to_be_visible()

    admin.goto(f"/campaigns/{camp.pk}/approval/")
    admin.get_by_role("button", name="公布结果").click()
    expect(admin.get_by_test_id("bulletin-gaps")).to_contain_text("逾期未提交自评的单位")

    # The published ranking is the engine's on the same inputs.
    camp = Campaign.objects.get(pk=camp.pk)
    assert camp.is_published
    scheme = engine.load_scheme(schemeinfo.effective_definition(camp.scheme_version))
    stored = {
        r.unit.code: r for r in UnitResult.objects.filter(campaign=camp).select_related("unit", "category")
    }
    batch = engine.score_units(scheme, {code: r.inputs for code, r in stored.items()})
    bulletin = admin.locator("table tbody tr")
    shown = {}
    for i in range(bulletin.count()):
        cells = bulletin.nth(i).locator("td").all_inner_texts()
        shown[cells[1].strip()] = cells
    for code, r in stored.items():
        summary = batch.units[code].to_dict(scheme.precision)
        assert Decimal(str(summary["total"])) == r.total and summary["rank"] == r.rank, code
        cells = shown[r.unit.name]
        assert cells[0].strip() == str(r.rank) and f"{r.total.quantize(Decimal('0.01'))}" in cells, cells
    # A unit not visited: its on-site indicators are its desk-review scores, and its result says so.
    hrs = stored[CampaignUnit.objects.get(campaign=camp, unit__name=PENDING_REVIEW_2026).unit.code]
    entries = {
        e.code: e
        for e in IndicatorEntry.objects.filter(campaign_unit__campaign=camp, campaign_unit__unit=hrs.unit)
    }
    for leaf in on_site:
        assert Decimal(hrs.inputs["values"][leaf.code]) == entries[leaf.code].reviewed_score
        assert entries[leaf.code].review_source == "desk_review"
    admin.goto(f"/campaigns/{camp.pk}/units/{hrs.unit_id}/result/")
    expect(admin.get_by_test_id("treatment").first).to_contain_text("实地评估指标按活动设置以案头审核得分计")

"""In a real browser (issue 11's check): a unit contact files two annual goals and submits them, the office approves
one and returns the other with its reasons, the contact corrects and resubmits it and the office approves it, the
contact reports the fourth quarter's progress, and the campaign's goal indicator shows the figure (达标率 50%: one
of the two goals met) with the goals behind it, written into the campaign."""

import datetime

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
YEAR = datetime.date.today().year


@pytest.fixture
def goal_world(transactional_db):
    from lvzhi.campaigns.actions import create_campaign
    from tests.campaigns.conftest import advance, publish_scheme
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    scheme = {"format": "lvzhi-scheme/1", "code": "goals-browser", "name": "目标考核", "categories": ["政务服务"],
              "indicators": [{"code": "G1", "name": "年度目标达标", "points": 20, "source": "goals:达标率",
                              "rule": {"type": "ratio", "target": 100}}]}  # fmt: skip
    campaign = create_campaign(
        actor=world.users.admin, name=f"{YEAR}年度履职评估", year=YEAR, scheme_version=publish_scheme(scheme),
        categories=[world.service],
    )  # fmt: skip
    world.campaign = advance(campaign, "multi_party", world.users.admin)
    return world


def file_goal(page, unit_id, title, *, quantitative):
    page.goto(f"/goals/units/{unit_id}/{YEAR}/")
    page.get_by_role("link", name="填报目标").click()
    page.get_by_label("目标内容").fill(title)
    page.get_by_label("目标来源").select_option(label="中心工作")
    page.get_by_label("来源说明").fill("政府工作报告")
    if quantitative:
        page.get_by_label("目标性质").select_option(label="定量")
        page.get_by_label("指标名称(定量)").fill("开工项目")
        page.get_by_label("计量单位(定量)").fill("个")
        page.get_by_label("年度目标值(定量)").fill("8")
    else:
        page.get_by_label("目标性质").select_option(label="定性")
        for n in "一二三四":
            page.get_by_label(f"{n}季度措施(定性)").fill(f"{n}季度推进政务服务事项“一网通办”")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存目标草稿")).to_be_visible()
    page.get_by_label("责任科室").select_option(label="规划科")
    page.get_by_label("工作任务").fill("逐月调度,按季报送")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_text("已添加分解任务。")).to_be_visible()
    page.get_by_role("button", name="报送审核").click()
    expect(page.get_by_text("已报送编办审核。")).to_be_visible()
    return int(page.url.rstrip("/").split("/")[-1])


def review(page, goal_id, decision, reason=""):
    page.goto(f"/goals/{goal_id}/")
    page.get_by_label("审核意见").select_option(label=decision)
    if reason:
        page.get_by_label("理由(退回时必填)").fill(reason)
    page.get_by_role("button", name="提交审核意见").click()


def report(page, goal_id, *, actual="", completion=""):
    page.goto(f"/goals/{goal_id}/progress/4/")
    if actual:
        page.get_by_label("累计完成值").fill(actual)
    if completion:
        page.get_by_label("本季度措施完成情况").select_option(label=completion)
    page.get_by_label("进展情况").fill("按计划推进,佐证见台账。")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_text("已报送第4季度进展。")).to_be_visible()


def test_goals_are_filed_returned_corrected_reported_and_scored(goal_world, page, browser_login):
    world = goal_world
    page.on("dialog", lambda dialog: dialog.accept())
    unit = world.unit_a.pk
    browser_login("contact_a", world.password)
    projects = file_goal(page, unit, "全年新开工重点项目8个", quantitative=True)
    service = file_goal(page, unit, "优化营商环境", quantitative=False)
    page.context.clear_cookies()

    browser_login("admin", world.password)
    review(page, projects, "审核通过")
    review(page, service, "退回修改", "目标表述过于笼统,请写明具体事项。")
    page.context.clear_cookies()

    browser_login("contact_a", world.password)
    page.goto(f"/goals/{service}/")
    expect(page.get_by_text("编办退回理由:目标表述过于笼统,请写明具体事项。")).to_be_visible()
    page.get_by_role("link", name="修改").click()
    page.get_by_label("目标内容").fill("政务服务事项“一网通办”率达到90%以上")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存修改。")).to_be_visible()
    page.get_by_role("button", name="报送审核").click()
    expect(page.get_by_text("已报送编办审核。")).to_be_visible()
    page.context.clear_cookies()

    browser_login("admin", world.password)
    review(page, service, "审核通过")
    page.context.clear_cookies()

    browser_login("contact_a", world.password)
    report(page, projects, actual="8")
    report(page, service, completion="部分完成")
    page.goto(f"/goals/units/{unit}/{YEAR}/")
    expect(page.get_by_role("link", name="政务服务事项“一网通办”率达到90%以上")).to_be_visible()
    page.context.clear_cookies()

    browser_login("admin", world.password)
    page.goto(f"/goals/feed/?campaign={world.campaign.pk}")
    row = page.get_by_role("row").filter(has_text=world.unit_a.name)
    expect(row).to_contain_text("G1")
    expect(row).to_contain_text("50.00")
    expect(row).to_contain_text("达标率:目标2项,达标1项")
    page.get_by_role("button", name="计入活动").click()
    expect(page.get_by_text("已计入 1 个数值。")).to_be_visible()

    from lvzhi.campaigns.models import ImportedValue

    value = ImportedValue.objects.get(campaign=world.campaign, unit=world.unit_a, key="G1")
    assert value.value == 50 and "全年新开工重点项目8个(达标)" in value.note

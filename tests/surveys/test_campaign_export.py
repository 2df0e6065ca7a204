"""A campaign's export across all its respondent groups (summary per unit and group with the weighted figure, and
the raw anonymous answers; Excel and CSV; page and API), and open answers of a unit with too few answer sheets
withheld on the page, in the raw exports and from 转为问题. A unit below a group's minimum is hidden and left out
of every total and of the raw answers; every other unit is shown, the same on every page and in every file."""

import csv
import io

from openpyxl import load_workbook

from lvzhi.surveys import actions, selectors
from lvzhi.surveys.models import Answer
from tests.api.conftest import ApiClient


def _answer(group, qs, respondent, helpers, admin, unit, ratings, text=""):
    for i, rating in enumerate(ratings):
        token = actions.issue_invitations(group, actor=admin, count=1, unit=unit)[0][0]
        data = helpers.answers(qs, unit, rating=rating, text=f"{text}{i}" if text else "")
        del data["unit"]
        sid = f"export-{group.pk}-{unit.pk}-{i:08d}"
        assert respondent(token).submit(data, sid=sid).status_code == 302


def _csv(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _two_groups(world, survey, respondent, helpers):
    """管理服务对象 (weight 100): unit_a 6 sheets, unit_b 6; 干部职工 (weight 60): unit_a 3 (too few), unit_b 8."""
    admin = world.users.admin
    staff = actions.create_group(survey.campaign, actor=admin, version=survey.version, name="干部职工", weight=60,
                                 units=[world.unit_a, world.unit_b])  # fmt: skip
    actions.open_group(staff, actor=admin)
    _answer(survey.group, survey.q, respondent, helpers, admin, world.unit_a, ["满意"] * 6, "服务对象甲意见")
    _answer(survey.group, survey.q, respondent, helpers, admin, world.unit_b, ["基本满意"] * 6)
    _answer(staff, survey.q, respondent, helpers, admin, world.unit_a, ["不满意"] * 3, "职工小组意见")
    _answer(staff, survey.q, respondent, helpers, admin, world.unit_b, ["满意"] * 8, "职工乙意见")
    return staff


def test_the_campaign_export_gives_every_group_with_the_same_suppression(
    world, survey, respondent, helpers, login
):
    _two_groups(world, survey, respondent, helpers)
    office = login(world.users.admin)
    page = office.get(f"/surveys/campaigns/{survey.campaign.pk}/").content.decode()
    link = f"/surveys/campaigns/{survey.campaign.pk}/export/summary.xlsx"
    assert link in page and f"/surveys/campaigns/{survey.campaign.pk}/export/raw.csv" in page
    rows = _csv(office.get(f"/surveys/campaigns/{survey.campaign.pk}/export/summary.csv"))
    assert rows[0] == ["单位代码", "单位名称", "评价群体", "答卷数", "满意率(%)"]
    figures = {(r[1], r[2]): r[4] for r in rows[1:]}
    a, b = world.unit_a.name, world.unit_b.name
    # 干部职工 at unit_a has 3 sheets: hidden, and unit_a's weighted figure with it. Everything else is shown.
    assert figures[(a, "干部职工")] == "*" and figures[(a, "加权")] == "*"
    assert figures[(a, "管理服务对象")] == "100.0" and figures[(b, "管理服务对象")] == "60.0"
    assert figures[(b, "干部职工")] == "100.0" and figures[(b, "加权")] == "75.0"  # (60×100 + 100×60) / 160
    # The totals: 管理服务对象 over both units; 干部职工 over unit_b only, and the label says so.
    assert figures[("合计", "管理服务对象")] == "80.0"
    assert figures[("合计(不含答卷不足5份的单位)", "干部职工")] == "100.0"
    for group in (
        "管理服务对象",
        "干部职工",
    ):  # each total is the sum of the shown cells: nothing to subtract
        shown = [int(r[3]) for r in rows[1:] if r[2] == group and r[0] and r[4] != "*"]
        (total,) = [int(r[3]) for r in rows[1:] if r[2] == group and not r[0]]
        assert total == sum(shown)
    # The group's own page and export show the same figures as the campaign's.
    own = _csv(office.get(f"/surveys/groups/{survey.group.pk}/export/summary.csv"))
    assert {(r[1], r[2]): r[4] for r in own[1:]} == {
        k: v for k, v in figures.items() if k[1] == "管理服务对象"
    }
    results = office.get(f"/surveys/groups/{survey.group.pk}/results/").content.decode()
    table = results.split('id="satisfaction-table"', 1)[1].split("</table>", 1)[0]
    assert "100.0%" in table and "60.0%" in table and "80.0%" in table
    campaign_table = page.split('id="satisfaction-table"', 1)[1].split("</table>", 1)[0]
    assert "合计(不含答卷不足5份的单位)" in campaign_table and "75.0%" in campaign_table
    # Excel: the same rows, read back.
    workbook = load_workbook(io.BytesIO(office.get(link).content))
    sheet = [
        [str(c) if c is not None else "" for c in r] for r in workbook.active.iter_rows(values_only=True)
    ]
    assert [r[1:3] + r[4:] for r in sheet] == [r[1:3] + r[4:] for r in rows]
    # Raw answers of every group, one row per answer; no sheet about the small unit, and a note that counts them.
    raw = _csv(office.get(f"/surveys/campaigns/{survey.campaign.pk}/export/raw.csv"))
    assert raw[0] == ["评价群体", "答卷编号", "提交日期", "评价单位", "题目", "答案"]
    text = "\n".join(",".join(r) for r in raw)
    assert "职工乙意见" in text and "服务对象甲意见" in text
    assert "职工小组意见" not in text and "不满意" not in text  # unit_a's three sheets of 干部职工
    answers = [r for r in raw[1:] if r[4] != "说明"]
    assert "*" not in {r[3] for r in answers} and (a, "干部职工") not in {(r[3], r[0]) for r in answers}
    assert len({r[1] for r in answers}) == 6 + 6 + 8
    notes = [r for r in raw[1:] if r[4] == "说明"]
    assert [(r[0], r[5].split(":")[0]) for r in notes] == [
        ("干部职工", "未列出关于答卷不足5份的单位的答卷3份")
    ]
    # API: the same file; the committee reads the summary, not the raw answers.
    api = ApiClient(world.users.admin).get(f"/api/surveys/campaigns/{survey.campaign.pk}/export/summary/csv")
    assert _csv(api) == rows
    committee = ApiClient(world.users.committee)
    assert (
        committee.get(f"/api/surveys/campaigns/{survey.campaign.pk}/export/summary/xlsx").status_code == 200
    )
    assert committee.get(f"/api/surveys/campaigns/{survey.campaign.pk}/export/raw/csv").status_code == 403
    assert ApiClient(world.users.contact_a).get(
        f"/api/surveys/campaigns/{survey.campaign.pk}/export/summary/csv"
    ).status_code in (403, 404)


def test_open_answers_of_a_unit_with_too_few_sheets_are_not_shown(world, survey, respondent, helpers, login):
    admin = world.users.admin
    _answer(survey.group, survey.q, respondent, helpers, admin, world.unit_a, ["满意"] * 6, "大单位意见")
    _answer(survey.group, survey.q, respondent, helpers, admin, world.unit_b, ["不满意"] * 2, "小单位意见")
    office = login(admin)
    page = office.get(f"/surveys/groups/{survey.group.pk}/results/").content.decode()
    assert "大单位意见0" in page and "小单位意见" not in page
    assert "答卷少于 5 份的单位(或群体)的意见不列出" in page
    raw = _csv(office.get(f"/surveys/groups/{survey.group.pk}/export/raw.csv"))
    text = "\n".join(",".join(r) for r in raw)
    assert "小单位意见" not in text and world.unit_b.name not in text
    # unit_a's six sheets are listed in full; unit_b's two are left out, and the last row says so.
    assert [r[2] for r in raw[1:-1]] == [world.unit_a.name] * 6 and "大单位意见0" in text and "*" not in text
    assert raw[-1][0] == "说明" and raw[-1][1].startswith("未列出关于答卷不足5份的单位的答卷2份")
    workbook = load_workbook(
        io.BytesIO(office.get(f"/surveys/groups/{survey.group.pk}/export/raw.xlsx").content)
    )
    assert [[c or "" for c in r] for r in workbook.active.iter_rows(values_only=True)][-1][:2] == raw[-1][:2]
    small = Answer.objects.get(text="小单位意见0")
    refused = office.post(f"/surveys/groups/{survey.group.pk}/answers/{small.pk}/finding/",
                          {"unit": world.unit_b.pk, "category": "other", "severity": "medium", "title": "x"})  # fmt: skip
    assert refused.status_code == 404
    assert [a.text for a in selectors.open_answers(survey.group)] == sorted(
        [f"大单位意见{i}" for i in range(6)], key=lambda t: str(Answer.objects.get(text=t).pk)
    )


def test_a_group_below_its_minimum_lists_no_open_answer(world, survey, respondent, helpers, login):
    _answer(
        survey.group, survey.q, respondent, helpers, world.users.admin, world.unit_a, ["满意"] * 4, "四人意见"
    )
    office = login(world.users.admin)
    page = office.get(f"/surveys/groups/{survey.group.pk}/results/").content.decode()
    assert "四人意见" not in page and "没有开放题意见" in page
    raw = _csv(office.get(f"/surveys/groups/{survey.group.pk}/export/raw.csv"))
    assert raw[1:] == [["说明", "本群体答卷4份,少于最少答卷数5份,均不列出。"]]

"""评估结果明细: the Excel of every unit's points per indicator with level-1 subtotals, total and rank by category,
with hand-worked figures; the desk-review treatment of a unit not visited on site; a contact's copy before and
after results open to it."""

import io
from urllib.parse import unquote

from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage, UnitResult

from .conftest import advance, cu_of, text_evidence


def _sheet(client, camp):
    response = client.get(reverse("campaigns:results_details", args=[camp.pk]))
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(f"{camp.name}评估结果明细.xlsx")
    return load_workbook(io.BytesIO(response.content))


def test_the_details_workbook_lists_each_units_points_subtotals_total_and_rank(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu,
        actor=u.contact_a,
        scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"},
        report="自评报告",
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)  # unit_b did not submit: late, reviewed by the office
    cu = cu_of(camp, world.unit_a)
    # Not visited on site: its on-site indicator A3 is scored in the desk review (the default set-up).
    actions.review_scores(
        cu, actor=u.evaluator, scores={("A2", ""): "16", ("A3", ""): "15"},
        reasons={("A2", ""): "重点任务有一项未完成", ("A3", ""): "按案头材料核定"},
    )  # fmt: skip
    scoring.compute(camp, actor=u.admin)
    result = UnitResult.objects.get(campaign=camp, unit=world.unit_a)
    assert result.total == 49  # A: 18 + 16 + 15 (no bonus, no deduction); B: no data yet
    assert result.treatments[0]["text"] == "本单位未列入实地评估:实地评估指标按活动设置以案头审核得分计。"

    wb = _sheet(login(u.admin), camp)
    ws = wb["政务服务"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026年度履职评估评估结果明细(政务服务)"
    assert rows[1][:4] == ("序号", "单位代码", "单位名称", "A 履职情况(60分)")
    header = rows[2]
    assert header[3:9] == (
        "A1 年度目标完成(20分)", "A2 三定规定执行(20分)", "A3 重点任务落实(20分)", "A4 领导评价(10分)",
        "A5 察访核验减分(10分)", "小计",
    )  # fmt: skip
    assert header[9:12] == ("B1 热线满意率(20分)", "B2 第三方评估(20分)", "小计")
    assert rows[1][12:] == ("总分", "等次", "类别内排名")
    first = rows[3]
    assert first[:3] == (1, "LY001", world.unit_a.name)
    assert first[3:6] == (18, 16, 15)
    assert first[8] == 49  # A's subtotal
    assert first[11] == 0  # B's subtotal
    assert (first[12], first[14]) == (49, 1)
    assert rows[4][1] == "LY002" and rows[4][12] == 0 and rows[4][14] == 2

    # A unit contact: refused before results open to it; its own row from the feedback stage.
    contact = login(u.contact_a)
    assert contact.get(reverse("campaigns:results_details", args=[camp.pk])).status_code == 403
    camp = advance(camp, Stage.FEEDBACK, u.admin)
    scoring.compute(camp, actor=u.admin)
    rows = list(_sheet(contact, camp)["政务服务"].iter_rows(values_only=True))
    assert [r[1] for r in rows[3:]] == ["LY001"]

"""Every campaign page renders for the roles that use it, and pages refuse what the stage does not allow."""

from django.urls import reverse

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage

from .conftest import advance, cu_of, text_evidence


def url(name, camp, **kwargs):
    return reverse(f"campaigns:{name}", kwargs={"pk": camp.pk, **kwargs})


def test_the_office_sees_every_page_of_a_campaign_in_deployment(world, camp, login):
    client = login(world.users.admin)
    a = world.unit_a.pk
    for page in [
        reverse("campaigns:campaign_list"),
        reverse("campaigns:campaign_create"),
        reverse("campaigns:notifications"),
        url("campaign_detail", camp),
        url("campaign_setup", camp),
        url("dashboard", camp),
        url("ratings", camp),
        url("imports", camp),
        url("results", camp),
        url("triangulation", camp),
        url("approval", camp),
        url("unit_self", camp, unit_id=a),
        url("unit_sheet", camp, unit_id=a, form="performance_report"),
        url("unit_sheet", camp, unit_id=a, form="power_list_stats"),
        url("unit_review", camp, unit_id=a),
        url("unit_visit", camp, unit_id=a),
        url("unit_result", camp, unit_id=a),
        url("unit_objections", camp, unit_id=a),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert '<meta charset="utf-8">' in response.content.decode()


def test_a_unit_contact_fills_in_its_self_assessment_through_the_page(world, camp, login):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    client = login(world.users.contact_a)
    page = url("unit_self", camp, unit_id=world.unit_a.pk)
    response = client.get(page)
    assert "年度目标完成" in response.content.decode()
    response = client.post(
        page,
        {"score__A1__": "18", "score__A2__": "19", "score__A3__": "17", "report": "报告", "action": "submit"},
        follow=True,
    )
    assert "指标「A1 年度目标完成」需要佐证材料" in response.content.decode()
    cu = cu_of(camp, world.unit_a)
    assert cu.self_status == "draft"
    text_evidence(cu, world.users.contact_a)
    response = client.post(page, {"action": "submit"}, follow=True)
    assert "自评已提交" in response.content.decode()
    assert cu_of(camp, world.unit_a).self_status == "submitted"
    # Locked: a further change is refused with a 403 naming why.
    response = client.post(page, {"score__A1__": "20", "action": "save"})
    assert response.status_code == 403
    assert "自评已提交,不能再修改" in response.content.decode()


def test_pages_of_another_unit_are_404_for_a_contact_and_an_unassigned_evaluator(world, camp, login):
    b = world.unit_b.pk
    assert login(world.users.contact_a).get(url("unit_self", camp, unit_id=b)).status_code == 404
    assert login(world.users.evaluator).get(url("unit_review", camp, unit_id=b)).status_code == 404
    assert (
        login(world.users.evaluator).get(url("unit_review", camp, unit_id=world.unit_a.pk)).status_code == 200
    )


def test_the_sheets_download_as_excel_and_read_back(world, camp, login):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    client = login(world.users.contact_a)
    page = url("unit_sheet", camp, unit_id=world.unit_a.pk, form="power_list_stats")
    data = {
        "行政许可__start": "20",
        "行政许可__added": "2",
        "行政许可__cancelled": "1",
        "行政许可__end": "21",
        "notes": "莱政发〔2026〕3号",
    }
    assert client.post(page, data).status_code == 302
    xlsx = client.get(page + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    upload = BytesIO(xlsx.content)
    upload.name = "表.xlsx"
    response = client.post(page, {"excel": upload}, follow=True)
    assert "已保存" in response.content.decode()
    bad = dict(data, **{"行政许可__end": "30"})
    response = client.post(page, bad, follow=True)
    assert (
        "「行政许可」行:年末事项数应为年初事项数+本年新增−本年取消−下放(=21),填写的是30。"
        in response.content.decode()
    )


def test_results_pages_show_ranks_and_the_explained_tree_with_sources(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "19", ("A3", ""): "17"}, report="r"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.review_scores(
        cu_of(camp, world.unit_a),
        actor=u.evaluator,
        scores={("A1", ""): "16"},
        reasons={("A1", ""): "两项未完成"},
    )
    scoring.compute(camp, actor=u.admin)
    client = login(u.admin)
    page = client.get(url("results", camp)).content.decode()
    assert "莱阳市发展和改革局" in page and "政务服务" in page
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert "A1 年度目标完成" in detail
    assert "两项未完成" in detail and "钱评估" in detail and "孙联络" in detail
    xlsx = client.get(url("results", camp) + "?format=xlsx")
    assert xlsx.status_code == 200


def test_the_import_page_lists_every_problem_of_a_rejected_file(world, camp, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    camp = advance(camp, Stage.MULTI_PARTY, world.users.admin)
    bad = SimpleUploadedFile("热线.csv", "单位代码,B1\nLY001,九十\nLY404,80\n".encode())
    response = login(world.users.admin).post(url("imports", camp), {"kind": "hotline", "file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "文件未导入,请修改后重新上传(共2处问题)" in page
    assert "第2行「B1」:「九十」不是数字" in page and "第3行「单位代码」:找不到单位代码「LY404」" in page
    template = login(world.users.admin).get(url("imports", camp) + "?template=hotline")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

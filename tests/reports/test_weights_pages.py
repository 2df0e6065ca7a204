"""The weight study pages and API as office staff use them."""

from lvzhi.reports.models import WeightStudy
from lvzhi.schemes.models import SchemeVersion


def test_the_office_starts_a_study_judges_in_words_and_sees_the_weights(world, weighted_version, login):
    client = login(world.users.admin)
    page = client.get("/reports/")
    assert "发起权重判断" in page.content.decode()
    response = client.post("/reports/weights/new/", {"version": weighted_version.pk, "parent_code": ""})
    study = WeightStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/weights/{study.pk}/"
    form_page = client.get(f"/reports/weights/{study.pk}/").content.decode()
    assert "「职能履行」比「机构编制管理」稍微重要(3)" in form_page
    assert "「机构编制管理」与「社会评价」同等重要(1)" in form_page
    response = client.post(
        f"/reports/weights/{study.pk}/judge/", {"judge": "专家甲", "0-1": "2", "0-2": "4", "1-2": "2"}
    )
    assert response.status_code == 302
    shown = client.get(f"/reports/weights/{study.pk}/").content.decode()
    assert "57.1%" in shown and "28.6%" in shown and "14.3%" in shown
    assert "一致性比率 CR = <strong>0.000</strong>" in shown
    assert "通过一致性检验" in shown
    response = client.post(f"/reports/weights/{study.pk}/accept/")
    draft = SchemeVersion.objects.get(scheme=weighted_version.scheme, number=2)
    assert response["Location"] == "/schemes/weighted/v2/"
    assert draft.definition["indicators"][0]["weight"] == 57.1


def test_an_inconsistent_panel_sees_the_pairs_to_revisit(world, weighted_version, login):
    client = login(world.users.admin)
    client.post("/reports/weights/new/", {"version": weighted_version.pk})
    study = WeightStudy.objects.get()
    client.post(
        f"/reports/weights/{study.pk}/judge/", {"judge": "专家甲", "0-1": "9", "0-2": "1/9", "1-2": "9"}
    )
    shown = client.get(f"/reports/weights/{study.pk}/").content.decode()
    assert "未通过一致性检验" in shown
    assert "以下指标对的判断与导出的权重偏离最大" in shown
    response = client.post(f"/reports/weights/{study.pk}/accept/", follow=True)
    assert "大于 0.1,判断矩阵不一致,不能导出权重" in response.content.decode()
    assert SchemeVersion.objects.filter(scheme=weighted_version.scheme).count() == 1


def test_a_missing_pair_is_named_on_the_form(world, weighted_version, login):
    client = login(world.users.admin)
    client.post("/reports/weights/new/", {"version": weighted_version.pk})
    study = WeightStudy.objects.get()
    response = client.post(f"/reports/weights/{study.pk}/judge/", {"judge": "专家甲", "0-1": "2", "0-2": "4"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert study.judgements.count() == 0


def test_a_unit_contact_sees_no_study(world, weighted_version, login):
    admin = login(world.users.admin)
    admin.post("/reports/weights/new/", {"version": weighted_version.pk})
    study = WeightStudy.objects.get()
    contact = login(world.users.contact_a)
    assert contact.get("/reports/").status_code == 403
    assert contact.get(f"/reports/weights/{study.pk}/").status_code == 404


def test_the_api_takes_judgements_and_answers_422_with_the_pairs(world, weighted_version, api):
    client = api(world.users.admin)
    created = client.post("reports/weights", {"scheme": "weighted", "version": 1})
    assert created.status_code == 201
    study_id = created.json()["id"]
    assert created.json()["pairs"] == ["0-1", "0-2", "1-2"]
    bad = client.put(
        f"reports/weights/{study_id}/judgements",
        {"judge": "专家甲", "values": {"0-1": "9", "0-2": "1/9", "1-2": "9"}},
    )
    assert bad.status_code == 200 and bad.json()["acceptable"] is False
    assert bad.json()["revisit"][0]["a"] == "职能履行"
    refused = client.post(f"reports/weights/{study_id}/accept")
    assert refused.status_code == 422
    assert "不能导出权重" in refused.json()["detail"]
    good = client.put(
        f"reports/weights/{study_id}/judgements",
        {"judge": "专家甲", "values": {"0-1": "2", "0-2": "4", "1-2": "2"}},
    )
    assert [round(w["weight"], 3) for w in good.json()["weights"]] == [0.571, 0.286, 0.143]
    accepted = client.post(f"reports/weights/{study_id}/accept")
    assert accepted.json() == {"scheme": "weighted", "number": 2, "status": "draft"}
    again = client.put(
        f"reports/weights/{study_id}/judgements",
        {"judge": "专家甲", "values": {"0-1": "2", "0-2": "4", "1-2": "2"}},
    )
    assert again.status_code == 409
    assert api(world.users.evaluator).post(f"reports/weights/{study_id}/accept").status_code == 403

"""Deadline reminders, Excel exports, category-specific scheme versions and the campaign set up through the API."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Notification, Stage, UnitResult
from lvzhi.campaigns.reminders import send_deadline_reminders

from .conftest import MINI_SCHEME, advance, cu_of, publish_scheme, text_evidence


def test_the_people_who_still_have_work_are_reminded_of_a_deadline_once(
    world, camp, django_capture_on_commit_callbacks
):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    actions.set_deadline(
        camp, actor=u.admin, stage=Stage.SELF_ASSESSMENT, due_date=datetime.date(2026, 11, 30)
    )
    cu = cu_of(camp, world.unit_b)
    actions.save_self_assessment(
        cu, actor=u.contact_b, scores={("A1", ""): "15", ("A2", ""): "15", ("A3", ""): "15"}, report="r"
    )
    text_evidence(cu, u.contact_b)
    actions.submit_self_assessment(cu, actor=u.contact_b)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(today=datetime.date(2026, 11, 20))  # ten days ahead: nothing yet
        send_deadline_reminders(today=datetime.date(2026, 11, 28))
        send_deadline_reminders(today=datetime.date(2026, 11, 29))  # the same reminder again
    notes = Notification.objects.all()
    assert [(n.user.username, n.text) for n in notes] == [
        ("contact_a", "「2026年度履职评估」自查自评将于2026年11月30日截止,请抓紧办理。")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(today=datetime.date(2026, 12, 2))
    assert Notification.objects.filter(user=u.contact_a, text__contains="已于2026年11月30日截止").count() == 1
    assert not Notification.objects.filter(user=u.contact_b).exists()


def test_progress_findings_and_results_export_to_excel(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.raise_finding(camp, actor=u.evaluator, unit=world.unit_a, source="desk_review", category="overlap",
                          title="与市场监管局职责交叉", indicator_code="A2")  # fmt: skip
    scoring.compute(camp, actor=u.admin)
    client = login(u.admin)
    progress = load_workbook(
        io.BytesIO(client.get(reverse("campaigns:dashboard", args=[camp.pk]) + "?format=xlsx").content)
    )
    rows = list(progress.active.iter_rows(values_only=True))
    assert rows[1][:4] == ("类别", "单位代码", "单位", "自评")
    assert {r[1] for r in rows[2:]} == {"LY001", "LY002"}
    findings = load_workbook(
        io.BytesIO(client.get(reverse("campaigns:findings_export", args=[camp.pk])).content)
    )
    assert list(findings.active.iter_rows(values_only=True))[2][6] == "与市场监管局职责交叉"
    results = load_workbook(
        io.BytesIO(client.get(reverse("campaigns:results", args=[camp.pk]) + "?format=xlsx").content)
    )
    assert {r[2] for r in list(results.active.iter_rows(values_only=True))[2:]} == {"LY001", "LY002"}
    # An evaluator's export holds only the units assigned to them.
    own = load_workbook(
        io.BytesIO(login(u.evaluator).get(reverse("campaigns:findings_export", args=[camp.pk])).content)
    )
    assert len(list(own.active.iter_rows(values_only=True))) == 3


def test_a_category_may_use_its_own_scheme_version_where_weights_differ(world, camp):
    u = world.users
    heavier = dict(MINI_SCHEME, code="mini-party", name="党群类方案")
    heavier["indicators"] = [dict(MINI_SCHEME["indicators"][0]), dict(MINI_SCHEME["indicators"][1])]
    party_version = publish_scheme(heavier, u.admin)
    actions.add_units(camp, actor=u.admin, units=[world.unit_c])
    actions.set_category_scheme(camp, actor=u.admin, category=world.party, scheme_version=party_version)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    scoring.compute(camp, actor=u.admin)
    versions = dict(UnitResult.objects.filter(campaign=camp).values_list("unit__code", "scheme_version_id"))
    assert versions == {
        "LY001": camp.scheme_version_id,
        "LY002": camp.scheme_version_id,
        "HY001": party_version.pk,
    }


def test_an_office_administrator_sets_up_a_campaign_through_the_api(world, mini_version, api):
    client = api(world.users.admin)
    created = client.post(
        "campaigns/",
        {"name": "2027年度履职评估", "year": 2027, "scheme_version_id": mini_version.pk, "category_ids": [world.service.pk],
         "deadlines": {"self_assessment": "2027-11-30"}},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["unit_count"] == 2 and body["stage"] == "deploy"
    assert next(s for s in body["stages"] if s["stage"] == "self_assessment")["due_date"] == "2027-11-30"
    pk = body["id"]
    assigned = client.post(
        f"campaigns/{pk}/assignments", {"user_id": world.users.evaluator.pk, "unit_ids": [world.unit_a.pk]}
    )
    assert assigned.json() == {"count": 1}
    assert (
        client.put(
            f"campaigns/{pk}/checklist", [{"group": "三必看", "text": "审计报告", "mandatory": True}]
        ).status_code
        == 200
    )
    assert client.post(f"campaigns/{pk}/stage/close", {}).json()["stage"] == "self_assessment"
    units = api(world.users.evaluator).get(f"campaigns/{pk}/units").json()
    assert [u["unit_code"] for u in units] == ["LY001"]
    assert api(world.users.evaluator).post("campaigns/", {"name": "x", "year": 2027}).status_code == 403
    assert api(world.users.third_party).get(f"campaigns/{pk}").status_code == 404

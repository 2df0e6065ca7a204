"""Consequences for a 诫勉 unit and person, tracked to done: imposed from a published campaign (a written report
and a talk with the principal for each 诫勉 unit, a talk for each person with an accountability case), the
unit's contact files the report (its to-do), the office marks each done (its to-do until then); audited."""

import datetime

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import UnitResult
from lvzhi.core.errors import Invalid
from lvzhi.core.todo import items_for
from lvzhi.findings import actions
from lvzhi.findings.models import Measure, Situation
from lvzhi.registry.models import Person

pytestmark = pytest.mark.django_db


def test_a_probation_unit_reports_in_writing_and_its_leader_and_person_are_talked_to(
    world, published, client
):
    admin, contact = world.users.admin, world.users.contact_b
    UnitResult.objects.filter(campaign=published, unit=world.unit_b).update(grade="诫勉")
    actions.seed_catalogue(actor=admin)
    person = Person.objects.get(unit=world.unit_b)
    actions.record_case(actor=admin, situation=Situation.objects.first(), unit=world.unit_b, person=person,
                        title="推诿扯皮", occurred_on=datetime.date(published.year, 5, 1))  # fmt: skip
    client.force_login(admin)
    client.post("/findings/consequences/impose/", {"campaign": published.pk})
    made = Measure.objects.filter(unit=world.unit_b).order_by("id")
    assert [(m.kind, m.person) for m in made] == [
        ("written_report", ""),
        ("talk", "主要负责人"),
        ("talk", person.name),
    ]
    assert not Measure.objects.filter(unit=world.unit_a).exists()  # 54.4 is not 诫勉
    assert all(m.due for m in made)
    assert actions.impose_consequences(published, actor=admin) == []  # not twice
    assert any("3项诫勉措施" in i.title for i in items_for(admin))
    report = made[0]
    with pytest.raises(Invalid, match="尚未提交书面报告"):
        actions.complete_measure(report, actor=admin)
    assert any(i.title.startswith("提交书面报告") for i in items_for(contact))
    client.force_login(contact)
    client.post(
        f"/findings/measures/{report.pk}/report/", {"report": "已召开党组会研究整改,调整了审批科人员。"}
    )
    report.refresh_from_db()
    assert report.reported_at and "党组会" in report.report
    assert not any(i.title.startswith("提交书面报告") for i in items_for(contact))
    assert client.post(f"/findings/measures/{report.pk}/done/").status_code == 403  # the office marks it done
    page = client.get("/findings/consequences/").content.decode()
    assert "已报告,待办结" in page and world.unit_a.name not in page
    client.force_login(admin)
    for m in made:
        client.post(f"/findings/measures/{m.pk}/done/", {"next": "consequences", "note": "已办结"})
    assert not Measure.objects.filter(unit=world.unit_b, done_at__isnull=True).exists()
    assert not any("诫勉措施" in i.title for i in items_for(admin))
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"findings.consequences_imposed", "findings.report_submitted", "findings.measure_done"} <= events


def test_the_api_imposes_only_for_published_campaigns_and_a_contact_reports_for_its_own_unit(
    world, published, unpublished, client
):
    UnitResult.objects.filter(campaign=published, unit=world.unit_b).update(grade="诫勉")
    client.force_login(world.users.admin)
    refused = client.post("/api/findings/consequences/impose", {"campaign_id": unpublished.pk},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 409 and "尚未公布" in refused.json()["detail"]
    made = client.post("/api/findings/consequences/impose", {"campaign_id": published.pk},
                       content_type="application/json").json()  # fmt: skip
    report = next(m for m in made if m["kind"] == "written_report")
    client.force_login(world.users.contact_a)
    assert client.post(f"/api/findings/consequences/{report['id']}/report", {"report": "x"},
                       content_type="application/json").status_code in (403, 404)  # fmt: skip
    client.force_login(world.users.contact_b)
    ok = client.post(f"/api/findings/consequences/{report['id']}/report", {"report": "整改报告"},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["report"] == "整改报告"
    client.force_login(world.users.admin)
    done = client.post(f"/api/findings/consequences/{report['id']}/done", {}, content_type="application/json")
    assert done.json()["done_at"] is not None
    again = client.post(f"/api/findings/consequences/{report['id']}/report", {"report": "再报"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409

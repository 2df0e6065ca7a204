"""Audit log API: administrators read and filter everything; a unit contact reads its own unit's history."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.audit.context import audit_context
from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import Person


def change_person_a(actor, name="李秀英(改)"):
    person = Person.objects.get(staff_no="P0002")
    with audit_context(actor=actor, source="web"):
        person.name = name
        person.save()
    return person


def change_person_b(actor):
    person = Person.objects.get(staff_no="P0003")
    with audit_context(actor=actor, source="web"):
        person.name = "张伟(改)"
        person.save()
    return person


def test_admin_filters_the_log_by_object_and_sees_each_changed_field(world, api):
    person = change_person_a(world.users.contact_a)
    response = api(world.users.admin).get(
        "audit/events", {"model": "registry.person", "object_id": person.pk, "action": "update"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    event = body["items"][0]
    assert event["actor"]["username"] == "contact_a"
    assert event["actor_name"] == "孙联络"
    assert (event["model_label"], event["object_repr"], event["action_label"]) == (
        "实名制人员",
        "李秀英(改)",
        "修改",
    )
    assert event["changes"] == [{"field": "name", "before": "李秀英", "after": "李秀英(改)"}]


def test_admin_filters_by_actor_unit_and_date(world, api):
    change_person_a(world.users.contact_a)
    change_person_b(world.users.admin)
    client = api(world.users.admin)
    by_actor = client.get("audit/events", {"actor": world.users.contact_a.pk}).json()
    assert [e["object_repr"] for e in by_actor["items"]] == ["李秀英(改)"]
    by_unit = client.get("audit/events", {"unit": world.unit_b.pk, "action": "update"}).json()
    assert [e["object_repr"] for e in by_unit["items"]] == ["张伟(改)"]
    today = timezone.localdate()
    assert client.get("audit/events", {"since": str(today)}).json()["count"] == AuditEvent.objects.count()
    tomorrow = today + datetime.timedelta(days=1)
    assert client.get("audit/events", {"since": str(tomorrow)}).json()["count"] == 0
    backwards = client.get("audit/events", {"since": str(tomorrow), "until": str(today)})
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "until"


def test_an_unknown_object_type_filter_names_the_parameter(world, api):
    response = api(world.users.admin).get("audit/events", {"model": "registry.nothing"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "model"


def test_unit_contact_reads_only_its_own_units_history(world, api):
    change_person_a(world.users.admin)
    change_person_b(world.users.admin)
    client = api(world.users.contact_a)
    body = client.get("audit/events", {"limit": 500}).json()
    assert body["count"] == AuditEvent.objects.filter(unit_id=world.unit_a.pk).count()
    assert {e["unit_id"] for e in body["items"]} == {world.unit_a.pk}
    other = AuditEvent.objects.filter(unit_id=world.unit_b.pk).first()
    assert client.get(f"audit/events/{other.pk}").status_code == 404
    own = AuditEvent.objects.filter(unit_id=world.unit_a.pk).first()
    assert client.get(f"audit/events/{own.pk}").status_code == 200


@pytest.mark.parametrize("name", ["evaluator", "leader", "committee", "third_party"])
def test_roles_without_access_to_the_log_get_403(world, api, name):
    client = api(getattr(world.users, name))
    event = AuditEvent.objects.filter(unit_id=world.unit_a.pk).first()
    assert client.get("audit/events").status_code == 403
    response = client.get(f"audit/events/{event.pk}")
    assert response.status_code == 403
    assert response.json()["detail"] == "只有编办管理员和单位联络员可以查看操作日志。"


def test_the_log_is_read_only(world, api):
    event = AuditEvent.objects.first()
    client = api(world.users.admin)
    assert client.delete(f"audit/events/{event.pk}").status_code == 405
    assert client.patch(f"audit/events/{event.pk}", {"reason": "x"}).status_code == 405
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_event_list_query_count_does_not_grow_with_the_page(world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    change_person_a(world.users.contact_a)
    client = api(world.users.admin)

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get("audit/events", {"limit": limit}).json()["items"]) == limit
        return len(ctx.captured_queries)

    assert queries(2) == queries(30)

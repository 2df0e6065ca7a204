from lvzhi.audit.context import audit_context
from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import Unit


def test_a_changed_unit_records_who_and_the_values_before_and_after(world):
    unit = world.unit_a
    with audit_context(actor=world.users.admin, reason="更名"):
        unit.name = "莱阳市发展改革局"
        unit.save()
    event = AuditEvent.objects.for_object(unit).filter(action="update").get()
    assert event.actor == world.users.admin
    assert event.actor_name == "赵管理"
    assert event.reason == "更名"
    assert event.unit_id == unit.pk
    assert {"field": "name", "before": "莱阳市发展和改革局", "after": "莱阳市发展改革局"} in event.changes
    assert [c["field"] for c in event.changes] == ["name"]


def test_saving_without_a_change_writes_no_record(world):
    count = AuditEvent.objects.count()
    world.unit_a.save()
    assert AuditEvent.objects.count() == count


def test_a_deleted_unit_keeps_its_history_and_last_values(world):
    unit = Unit.objects.create(code="X1", name="临时单位", kind="government", region=world.laiyang)
    pk = unit.pk
    unit.delete()
    events = AuditEvent.objects.filter(object_id=str(pk), unit_id=pk).order_by("id")
    assert [e.action for e in events] == ["create", "delete"]
    assert events[1].before["name"] == "临时单位"
    assert events[1].after is None


def test_a_unit_contact_sees_only_its_own_units_history(world):
    visible = AuditEvent.objects.visible_to(world.users.contact_a)
    assert visible.exists()
    assert set(visible.values_list("unit_id", flat=True)) == {world.unit_a.pk}
    assert not AuditEvent.objects.visible_to(world.users.evaluator).exists()
    assert AuditEvent.objects.visible_to(world.users.admin).count() == AuditEvent.objects.count()

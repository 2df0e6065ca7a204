"""Browsing the audit log: filters, pages, the before/after comparison, and who may see what."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lvzhi.audit.context import audit_context
from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import Person, Unit

EVENTS = reverse("audit:event_list")


@pytest.fixture
def admin(world, login):
    return login(world.users.admin)


@pytest.fixture
def edits(world):
    """Changes by named people: the administrator renames unit C, contact A renames a person of unit A."""
    with audit_context(actor=world.users.admin, reason="更名", source="web"):
        world.unit_c.name = "海阳市委宣传部(新)"
        world.unit_c.save()
    with audit_context(actor=world.users.contact_a, source="web"):
        person = Person.objects.get(staff_no="P0002")
        person.name = "李秀瑛"
        person.save()
    return person


def events_in(response):
    return [row.event for row in response.context["rows"]]


def test_an_administrator_sees_every_record_newest_first(world, admin, edits):
    events = events_in(admin.get(EVENTS))
    assert len(events) == min(AuditEvent.objects.count(), 50)
    assert events[0].object_repr == "李秀瑛"
    assert events[1].object_repr == "海阳市委宣传部(新)"


def test_records_can_be_filtered_by_unit_actor_type_and_action(world, admin, edits):
    by_unit = events_in(admin.get(EVENTS, {"unit": "HY001"}))
    assert by_unit and {e.unit_id for e in by_unit} == {world.unit_c.pk}
    by_actor = events_in(admin.get(EVENTS, {"actor": "孙联络"}))
    assert [e.object_repr for e in by_actor] == ["李秀瑛"]
    person_type = ContentType.objects.get_for_model(Person).pk
    by_type = events_in(admin.get(EVENTS, {"model": person_type, "action": "update"}))
    assert [e.object_repr for e in by_type] == ["李秀瑛"]
    assert events_in(admin.get(EVENTS, {"action": "delete"})) == []


def test_records_can_be_filtered_by_a_date_range(world, admin, edits):
    AuditEvent.objects.filter(object_repr="海阳市委宣传部(新)").update(
        at=timezone.make_aware(datetime.datetime(2025, 3, 15, 10, 0))
    )
    march = events_in(admin.get(EVENTS, {"date_from": "2025-03-01", "date_to": "2025-03-15"}))
    assert [e.object_repr for e in march] == ["海阳市委宣传部(新)"]
    assert events_in(admin.get(EVENTS, {"date_from": "2025-03-16", "date_to": "2025-03-31"})) == []


def test_a_backwards_date_range_is_explained(world, admin):
    response = admin.get(EVENTS, {"date_from": "2025-03-16", "date_to": "2025-03-01"})
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_the_log_pages_by_fifty(world, admin):
    with audit_context(actor=world.users.admin):
        for i in range(60):
            Unit.objects.create(code=f"T{i:03d}", name=f"测试{i}", kind="government", region=world.laiyang)
    total = AuditEvent.objects.count()
    first = admin.get(EVENTS)
    assert first.context["page"].paginator.count == total
    assert len(events_in(first)) == 50
    last = admin.get(EVENTS, {"page": first.context["page"].paginator.num_pages})
    assert len(events_in(last)) == total - 50 * (first.context["page"].paginator.num_pages - 1)


def test_the_comparison_shows_field_labels_and_values_before_and_after(world, admin, edits):
    event = AuditEvent.objects.get(object_repr="海阳市委宣传部(新)", action="update")
    response = admin.get(reverse("audit:event_detail", args=[event.pk]))
    html = response.content.decode()
    assert [(c.label, c.before, c.after) for c in response.context["changes"]] == [
        ("单位名称", "海阳市委宣传部", "海阳市委宣传部(新)")
    ]
    assert "赵管理" in html and "更名" in html and "修改前" in html and "修改后" in html


def test_a_creation_record_lists_the_values_with_choice_labels_and_related_names(world, admin):
    event = AuditEvent.objects.for_object(world.unit_a).get(action="create")
    changes = {
        c.label: c.after for c in admin.get(reverse("audit:event_detail", args=[event.pk])).context["changes"]
    }
    assert changes["单位性质"] == "政府工作部门"
    assert changes["所属区划"] == "莱阳市"
    assert changes["在用"] == "是"


def test_a_unit_contact_sees_only_its_own_units_history(world, login, edits):
    client = login(world.users.contact_a)
    events = events_in(client.get(EVENTS))
    assert events and {e.unit_id for e in events} == {world.unit_a.pk}
    other = AuditEvent.objects.get(object_repr="海阳市委宣传部(新)", action="update")
    assert client.get(reverse("audit:event_detail", args=[other.pk])).status_code == 404
    own = AuditEvent.objects.get(object_repr="李秀瑛")
    assert client.get(reverse("audit:event_detail", args=[own.pk])).status_code == 200
    assert "单位(名称或代码)" not in client.get(EVENTS).content.decode()  # no unit filter for a single unit


@pytest.mark.parametrize("role", ["evaluator", "leader", "committee", "third_party"])
def test_other_roles_have_no_audit_room(world, login, role, edits):
    client = login(getattr(world.users, role))
    assert client.get(EVENTS).status_code == 403
    event = AuditEvent.objects.first()
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 403


def test_the_unit_page_links_to_the_units_full_history(world, admin, edits):
    html = admin.get(reverse("registry:unit_detail", args=[world.unit_a.pk])).content.decode()
    assert "李秀瑛" in html
    assert f"{EVENTS}?unit=LY001" in html

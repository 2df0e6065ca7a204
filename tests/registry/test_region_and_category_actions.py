"""Regions and categories change through registry actions like every other registry object: one transaction,
the acting user, the audit record inside; moving a region takes its whole subtree along, or nothing at all."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.registry import actions
from lvzhi.registry.models import Category, Region, Unit
from tests.factories import make_unit
from tests.registry.test_views import unit_form_data


@pytest.fixture
def townships(world):
    """Two townships under 莱阳市, one with a unit, so that a move has a subtree below the county."""
    town = Region.objects.create(code="370682001", name="城厢街道", level=Region.Level.TOWNSHIP, parent=world.laiyang)
    other = Region.objects.create(code="370682002", name="古柳街道", level=Region.Level.TOWNSHIP, parent=world.laiyang)
    make_unit("LY900", "城厢街道办事处", town, world.service)
    return town, other


def paths():
    return dict(Region.objects.values_list("code", "path"))


def test_creating_a_region_is_audited_with_the_acting_user(world):
    region = actions.save_region(
        Region(code="370683", name="莱州市", level=Region.Level.COUNTY, parent=world.city),
        actor=world.users.admin,
        reason="区划调整",
    )
    assert region.path == "370000/370600/370683"
    event = AuditEvent.objects.for_object(region).get()
    assert (event.action, event.actor, event.reason) == ("create", world.users.admin, "区划调整")


def test_moving_a_region_moves_its_subtree_and_audits_every_region_it_changes(world, townships):
    new_city = actions.save_region(
        Region(code="370700", name="潍坊市", level=Region.Level.CITY, parent=world.province), actor=world.users.admin
    )
    actions.move_region(world.laiyang, new_city, actor=world.users.admin, reason="行政区划调整")

    assert paths()["370682"] == "370000/370700/370682"
    assert paths()["370682001"] == "370000/370700/370682/370682001"
    assert paths()["370682002"] == "370000/370700/370682/370682002"
    moved = AuditEvent.objects.filter(action="update", reason="行政区划调整")
    assert sorted(e.object_repr for e in moved) == ["古柳街道", "城厢街道", "莱阳市"]
    assert {e.actor for e in moved} == {world.users.admin}


def test_a_failure_in_the_middle_of_a_move_leaves_every_region_as_it_was(world, townships, monkeypatch):
    before = paths()
    events_before = AuditEvent.objects.count()
    save = Region.save

    def save_failing_on_the_second_township(self, *args, **kwargs):
        if self.code == "370682002":
            raise RuntimeError("磁盘已满")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Region, "save", save_failing_on_the_second_township)
    with pytest.raises(RuntimeError):
        actions.move_region(world.laiyang, world.province, actor=world.users.admin)

    monkeypatch.undo()
    assert paths() == before
    assert Region.objects.get(code="370682").parent == world.city
    assert AuditEvent.objects.count() == events_before


def test_recoding_a_region_keeps_its_subtree_findable(world, townships):
    world.city.code = "370601"
    actions.save_region(world.city, actor=world.users.admin)
    assert paths()["370682001"] == "370000/370601/370682/370682001"


def test_a_region_cannot_sit_below_one_of_its_own_level_or_lower(world):
    with pytest.raises(ValidationError) as refused:
        actions.move_region(world.city, world.laiyang, actor=world.users.admin)
    assert refused.value.message_dict == {"level": ["下级区划的层级必须低于上级区划。"]}
    assert Region.objects.get(pk=world.city.pk).parent == world.province


def test_a_region_still_in_use_is_not_deleted(world):
    with pytest.raises(ProtectedError):
        actions.delete_region(world.laiyang, actor=world.users.admin)
    assert Region.objects.filter(pk=world.laiyang.pk).exists()


def test_deleting_an_unused_region_is_audited_with_the_reason(world):
    region = Region.objects.create(code="370699", name="待撤销", level=Region.Level.COUNTY, parent=world.city)
    actions.delete_region(region, actor=world.users.admin, reason="撤销")
    event = AuditEvent.objects.get(action="delete", object_repr="待撤销")
    assert (event.actor, event.reason) == (world.users.admin, "撤销")


def test_category_changes_are_audited_like_other_registry_changes(world):
    category = actions.save_category(
        Category(code="JJ", name="经济发展", order=3), actor=world.users.admin, reason="新增类别"
    )
    category.name = "经济发展类"
    actions.save_category(category, actor=world.users.admin, reason="改名")
    actions.delete_category(category, actor=world.users.admin, reason="合并")

    events = AuditEvent.objects.filter(object_repr__startswith="经济发展").order_by("at", "id")
    assert [(e.action, e.reason, e.actor) for e in events] == [
        ("create", "新增类别", world.users.admin),
        ("update", "改名", world.users.admin),
        ("delete", "合并", world.users.admin),
    ]


def test_a_duplicate_category_code_names_the_field(world):
    with pytest.raises(ValidationError) as refused:
        actions.save_category(Category(code="DQ", name="另一个"), actor=world.users.admin)
    assert "code" in refused.value.message_dict


def test_a_category_still_in_use_is_not_deleted(world):
    with pytest.raises(ProtectedError):
        actions.delete_category(world.service, actor=world.users.admin)
    assert Category.objects.filter(pk=world.service.pk).exists()


def test_a_save_that_collides_with_another_writer_is_shown_on_the_form(world, login, monkeypatch):
    def collide(self, *args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: registry_unit.code")

    monkeypatch.setattr(Unit, "save", collide)
    response = login(world.users.admin).post(
        reverse("registry:unit_edit", args=[world.unit_a.pk]), unit_form_data(world.unit_a, name="莱阳市发展改革局")
    )
    assert response.status_code == 200
    assert "与已有数据冲突(可能是重复的代码或编号),请刷新后重试。" in response.content.decode()

"""The lists' history (the list as of a past date is exactly what it was), adjustments, localisation from the
higher-level catalogue, delegation, and what the table lets each role change."""

import datetime

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Invalid, Refused
from lvzhi.duties import actions
from lvzhi.duties.models import Adjustment, CatalogueItem, DelegationItem, PowerItem
from lvzhi.duties.selectors import item_history

D = datetime.date


def change(day, reason="依据烟编〔2024〕5号调整", doc="莱编〔2024〕12号"):
    return actions.Change(reason=reason, effective_date=day, document_number=doc)


def add_power(world, name="企业投资项目核准", code="XK-370682-001", day=None, actor=None):
    return actions.add_item(
        "power",
        {
            "unit": world.unit_a,
            "code": code,
            "name": name,
            "item_type": "licensing",
            "initiation": "application",
            "legal_basis": "《企业投资项目核准和备案管理条例》第三条",
        },
        change=change(day or D(2024, 1, 1)),
        actor=actor or world.users.admin,
    )


@pytest.mark.django_db
def test_the_list_as_of_a_past_date_is_what_it_was(world):
    admin = world.users.admin
    first = add_power(world)
    other = add_power(world, name="价格违法行为处罚", code="CF-001", day=D(2024, 3, 1))
    second = actions.change_item(
        first, {"name": "企业投资项目核准(含变更)"}, change=change(D(2024, 6, 1)), actor=admin
    )
    actions.cancel_item(other, change=change(D(2025, 1, 1), reason="上位法废止"), actor=admin)

    def names(day):
        return set(PowerItem.objects.as_of(day).filter(unit=world.unit_a).values_list("name", flat=True))

    assert names(D(2023, 12, 31)) == set()
    assert names(D(2024, 2, 1)) == {"企业投资项目核准"}
    assert names(D(2024, 5, 31)) == {"企业投资项目核准", "价格违法行为处罚"}
    assert names(D(2024, 6, 1)) == {"企业投资项目核准(含变更)", "价格违法行为处罚"}
    assert names(D(2025, 1, 1)) == {"企业投资项目核准(含变更)"}
    # Both versions share the key and carry their own adjustment; the history reads in order.
    history = list(item_history(PowerItem, first.key))
    assert [v.name for v in history] == ["企业投资项目核准", "企业投资项目核准(含变更)"]
    assert second.key == first.key and history[0].valid_to == D(2024, 6, 1)
    kinds = list(
        Adjustment.objects.filter(item_key=first.key)
        .order_by("effective_date")
        .values_list("adjustment_type", flat=True)
    )
    assert kinds == ["add", "change"]
    # A change carries the unchanged fields over.
    assert second.legal_basis == first.legal_basis and second.item_type == "licensing"


@pytest.mark.django_db
def test_every_adjustment_names_a_reason_and_is_audited(world):
    item = add_power(world)
    with pytest.raises(Invalid) as exc:
        actions.change_item(
            item, {"name": "x"}, change=change(D(2024, 2, 1), reason=" "), actor=world.users.admin
        )
    assert exc.value.field == "reason"
    assert PowerItem.objects.filter(key=item.key).count() == 1  # nothing of the refused change was stored
    event = AuditEvent.objects.filter(event_type="duties.adjusted").latest("id")
    assert event.after["调整类型"] == "新增" and event.reason == "依据烟编〔2024〕5号调整"


@pytest.mark.django_db
def test_a_change_cannot_start_before_the_version_in_force(world):
    item = add_power(world, day=D(2024, 5, 1))
    with pytest.raises(Invalid) as exc:
        actions.change_item(item, {"name": "x"}, change=change(D(2024, 4, 1)), actor=world.users.admin)
    assert exc.value.field == "effective_date"


@pytest.mark.django_db
def test_a_cancelled_item_cannot_be_changed(world):
    item = add_power(world)
    actions.cancel_item(item, change=change(D(2024, 2, 1)), actor=world.users.admin)
    with pytest.raises(Refused, match="已取消"):
        actions.change_item(item, {"name": "x"}, change=change(D(2024, 3, 1)), actor=world.users.admin)


@pytest.mark.django_db
def test_a_unit_contact_changes_its_own_list_only(world):
    mine = add_power(world, actor=world.users.contact_a)
    assert mine.unit == world.unit_a
    with pytest.raises(Refused):
        actions.add_item(
            "power",
            {"unit": world.unit_b, "code": "1", "name": "x", "item_type": "other"},
            change=change(D(2024, 1, 1)),
            actor=world.users.contact_a,
        )
    with pytest.raises(Refused):
        actions.change_item(
            mine, {"unit": world.unit_b}, change=change(D(2024, 2, 1)), actor=world.users.contact_a
        )
    with pytest.raises(Refused):
        add_power(world, actor=world.users.evaluator)
    with pytest.raises(Refused):
        actions.publish("power", unit=world.unit_a, actor=world.users.contact_a)


@pytest.mark.django_db
def test_an_item_from_the_higher_level_catalogue_keeps_its_name_type_code_and_basis(world):
    item = CatalogueItem.objects.create(
        region=world.province,
        code="370000-XK-0012",
        name="建设项目用地预审",
        item_type="licensing",
        initiation="application",
        legal_basis="《土地管理法》第五十二条",
    )
    local = actions.localise(
        item,
        world.unit_a,
        values={"localisation": "由规划科承办"},
        change=change(D(2024, 1, 1)),
        actor=world.users.admin,
    )
    assert (local.code, local.name, local.legal_basis, local.catalogue_item) == (
        "370000-XK-0012",
        "建设项目用地预审",
        "《土地管理法》第五十二条",
        item,
    )
    with pytest.raises(Invalid):
        actions.localise(
            item,
            world.unit_b,
            values={"name": "用地预审"},
            change=change(D(2024, 1, 1)),
            actor=world.users.admin,
        )


@pytest.mark.django_db
def test_delegating_down_and_taking_back(world):
    item = add_power(world)
    delegated = actions.delegate_power(
        item,
        receiving_body="古柳街道办事处",
        manner="委托",
        change=change(D(2024, 7, 1)),
        actor=world.users.admin,
    )
    assert DelegationItem.objects.as_of(D(2024, 8, 1)).get().power_item_key == item.key
    actions.take_back(delegated, change=change(D(2025, 7, 1)), actor=world.users.admin)
    assert not DelegationItem.objects.as_of(D(2025, 8, 1)).exists()
    assert set(Adjustment.objects.values_list("adjustment_type", flat=True)) == {
        "add",
        "delegate",
        "take_back",
    }


@pytest.mark.django_db
def test_publishing_marks_the_versions_in_force(world):
    add_power(world)
    count = actions.publish("power", unit=world.unit_a, actor=world.users.admin)
    assert count == 1 and PowerItem.objects.published().count() == 1

"""Who sees and changes what in the registry pages, role by role, inside and outside the user's scope.

Scopes in the `world` fixture: the evaluator has unit A, the leader rater units A and B, contact_a unit A,
the committee and the administrator every unit, the third party none. Unit C is outside every scope.
A hidden unit is a 404 (never a 403 that confirms it exists); a visible unit the user may not change is a 403.
"""

import pytest
from django.urls import reverse

from lvzhi.registry.models import Person, StaffingKind, Unit

# (role, unit) -> what the user may do: "edit", "view" or "hidden".
EXPECTED = {
    ("admin", "unit_a"): "edit",
    ("admin", "unit_c"): "edit",
    ("committee", "unit_a"): "view",
    ("committee", "unit_c"): "view",
    ("evaluator", "unit_a"): "view",
    ("evaluator", "unit_c"): "hidden",
    ("leader", "unit_a"): "view",
    ("leader", "unit_c"): "hidden",
    ("contact_a", "unit_a"): "edit",
    ("contact_a", "unit_c"): "hidden",
    ("third_party", "unit_a"): "hidden",
    ("third_party", "unit_c"): "hidden",
}
CASES = sorted(EXPECTED)


def status_for(access, *, editing):
    if access == "hidden":
        return 404
    if editing and access == "view":
        return 403
    return 200


@pytest.mark.parametrize(("role", "which"), CASES)
def test_the_unit_page_is_shown_only_to_users_who_see_the_unit(world, login, role, which):
    unit = getattr(world, which)
    response = login(getattr(world.users, role)).get(reverse("registry:unit_detail", args=[unit.pk]))
    assert response.status_code == status_for(EXPECTED[role, which], editing=False)


@pytest.mark.parametrize(("role", "which"), CASES)
def test_the_unit_edit_page_opens_only_for_users_who_may_change_the_unit(world, login, role, which):
    unit = getattr(world, which)
    response = login(getattr(world.users, role)).get(reverse("registry:unit_edit", args=[unit.pk]))
    assert response.status_code == status_for(EXPECTED[role, which], editing=True)


@pytest.mark.parametrize(("role", "which"), CASES)
def test_adding_a_person_works_only_for_users_who_may_change_the_unit(world, login, role, which):
    unit = getattr(world, which)
    url = reverse("registry:child_create", args=[unit.pk, "persons"])
    data = {
        "staff_no": "NEW1",
        "name": "新人",
        "staffing_kind": StaffingKind.ADMINISTRATIVE,
        "is_active": "on",
    }
    response = login(getattr(world.users, role)).post(url, data)
    access = EXPECTED[role, which]
    if access == "edit":
        assert response.status_code == 302
        assert Person.objects.get(staff_no="NEW1").unit == unit
    else:
        assert response.status_code == status_for(access, editing=True)
        assert not Person.objects.filter(staff_no="NEW1").exists()


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("admin", {"LY001", "LY002", "HY001"}),
        ("committee", {"LY001", "LY002", "HY001"}),
        ("evaluator", {"LY001"}),
        ("leader", {"LY001", "LY002"}),
        ("contact_a", {"LY001"}),
        ("third_party", set()),
    ],
)
def test_the_unit_list_shows_exactly_the_units_the_user_sees(world, login, role, codes):
    response = login(getattr(world.users, role)).get(reverse("registry:unit_list"))
    assert {unit.code for unit, _figures in response.context["rows"]} == codes


def test_a_unit_contact_reaching_another_units_person_by_id_gets_not_found(world, login):
    client = login(world.users.contact_a)
    other = Person.objects.get(staff_no="P0003")  # unit B
    for url in (
        reverse("registry:child_edit", args=[world.unit_b.pk, "persons", other.pk]),
        reverse(
            "registry:child_edit", args=[world.unit_a.pk, "persons", other.pk]
        ),  # own unit id, foreign person
        reverse("registry:child_delete", args=[world.unit_a.pk, "persons", other.pk]),
    ):
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"staff_no": "P0003", "name": "改名", "staffing_kind": "administrative"}
            ).status_code
            == 404
        )
    other.refresh_from_db()
    assert other.name == "张伟"


def test_a_unit_contact_changes_only_the_contact_fields_of_its_own_unit(world, login):
    client = login(world.users.contact_a)
    url = reverse("registry:unit_edit", args=[world.unit_a.pk])
    client.post(
        url, {"short_name": "发改局", "note": "联系电话 0535-1234567", "name": "改掉的名称", "code": "X"}
    )
    unit = Unit.objects.get(pk=world.unit_a.pk)
    assert (unit.short_name, unit.note) == ("发改局", "联系电话 0535-1234567")
    assert (unit.name, unit.code) == ("莱阳市发展和改革局", "LY001")


@pytest.mark.parametrize(
    "name", ["registry:quotas_edit", "registry:duties_edit", "registry:sanding_new", "registry:unit_delete"]
)
def test_the_sanding_and_deleting_units_are_for_the_office_not_the_unit_contact(world, login, name):
    assert login(world.users.contact_a).get(reverse(name, args=[world.unit_a.pk])).status_code == 403
    assert login(world.users.contact_a).get(reverse(name, args=[world.unit_b.pk])).status_code == 404
    assert login(world.users.admin).get(reverse(name, args=[world.unit_a.pk])).status_code == 200


def test_only_the_office_creates_units(world, login):
    assert login(world.users.contact_a).get(reverse("registry:unit_create")).status_code == 403
    assert login(world.users.admin).get(reverse("registry:unit_create")).status_code == 200


def test_read_only_users_see_no_edit_buttons(world, login):
    html = (
        login(world.users.evaluator)
        .get(reverse("registry:unit_detail", args=[world.unit_a.pk]))
        .content.decode()
    )
    assert "修改单位信息" not in html
    assert "新增人员" not in html
    assert "操作记录" not in html  # the audit history is for the office and the unit itself


def test_region_figures_for_a_scoped_user_count_only_the_units_in_scope(world, login):
    response = login(world.users.evaluator).get(reverse("registry:region_list"), {"region": world.city.pk})
    assert response.context["report"].total.unit_count == 1
    assert "只统计您负责的单位" in response.content.decode()


def test_signed_out_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("registry:unit_detail", args=[world.unit_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

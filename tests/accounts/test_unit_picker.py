"""The scope picker: the user form carries only the chosen units (so it stays small with 10,000 units), a search box
asks GET /api/registry/units?q= as the user types (lvzhi/static/lvzhi/unit-picker.js), and any unit may be posted."""

import pytest

from lvzhi.accounts.models import User
from lvzhi.registry.models import Unit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_the_form_lists_only_the_chosen_units_whatever_the_registry_holds(world, login):
    for i in range(300):
        Unit.objects.create(
            code=f"X{i:04d}", name=f"测试单位{i}", kind=world.unit_a.kind, region=world.laiyang
        )
    page = login(world.users.admin).get(f"/users/{world.users.evaluator.pk}/edit/").content.decode()
    assert 'data-unit-picker="/api/registry/units"' in page and "lvzhi/unit-picker.js" in page
    assert "LY001 莱阳市发展和改革局" in page  # the evaluator's scope
    assert "测试单位" not in page and "LY002" not in page
    assert len(page) < 40_000


def test_a_unit_found_by_the_search_can_be_saved_into_the_scope(world, login):
    other = make_unit("LY077", "莱阳市审计局", world.laiyang, world.service)
    client = login(world.users.admin)
    found = client.get("/api/registry/units", {"q": "审计", "limit": 20, "is_active": "true"}).json()
    assert [u["name"] for u in found["items"]] == ["莱阳市审计局"]
    evaluator = world.users.evaluator
    response = client.post(
        f"/users/{evaluator.pk}/edit/",
        {
            "username": evaluator.username,
            "full_name": evaluator.full_name,
            "role": evaluator.role,
            "scope_units": [world.unit_a.pk, other.pk],
            "unit": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(User.objects.get(pk=evaluator.pk).scope_units.all()) == {world.unit_a, other}

"""The higher-level catalogue (三级四同) in the API: the office keeps it, everyone searches it, a unit's contact
takes an item into its own power list by localising it (name, type, code and basis from the catalogue)."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.duties.models import Adjustment, CatalogueItem, PowerItem

CHANGE = {
    "reason": "承接省级标准目录",
    "effective_date": "2026-02-01",
    "document_number": "莱编办〔2026〕2号",
}


@pytest.fixture
def catalogue(world):
    return CatalogueItem.objects.create(
        region=world.province, code="370000-XK-0012", name="建设项目用地预审", item_type="licensing",
        initiation="application", legal_basis="《中华人民共和国土地管理法》第五十二条",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_office_adds_an_item_and_everyone_finds_it(world, login, catalogue):
    body = {"region": world.province.pk, "code": "370000-CF-0003", "name": "价格违法行为处罚",
            "item_type": "penalty", "initiation": "ex_officio", "legal_basis": "《中华人民共和国价格法》第三十九条"}  # fmt: skip
    assert (
        login(world.users.contact_a)
        .post("/api/duties/catalogue", body, content_type="application/json")
        .status_code
        == 403
    )
    created = login(world.users.admin).post("/api/duties/catalogue", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["item_type_label"] == "行政处罚"
    again = login(world.users.admin).post("/api/duties/catalogue", body, content_type="application/json")
    assert again.status_code == 422 and "370000-CF-0003" in again.content.decode()
    found = login(world.users.contact_a).get("/api/duties/catalogue", {"q": "土地管理法"}).json()
    assert [i["code"] for i in found] == ["370000-XK-0012"]
    assert [
        i["code"]
        for i in login(world.users.evaluator).get("/api/duties/catalogue", {"item_type": "penalty"}).json()
    ] == ["370000-CF-0003"]


@pytest.mark.django_db
def test_a_contact_localises_an_item_into_its_own_list_without_retyping_it(world, login, catalogue):
    client = login(world.users.contact_a)
    url = f"/api/duties/catalogue/{catalogue.pk}/localise"
    retyped = client.post(url, {"unit": world.unit_a.pk, "values": {"name": "用地预审"}, "change": CHANGE},
                          content_type="application/json")  # fmt: skip
    assert retyped.status_code == 422 and "不能改动" in retyped.content.decode()
    done = client.post(url, {"unit": world.unit_a.pk, "values": {"internal_body": world.planning.pk,
                                                                "localisation": "由规划科承办"},
                             "links": {"posts": [world.clerk_post.pk]}, "change": CHANGE},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 201, done.content
    item = PowerItem.objects.get(pk=done.json()["id"])
    assert (item.unit, item.code, item.name, item.legal_basis, item.catalogue_item) == (
        world.unit_a, "370000-XK-0012", "建设项目用地预审", "《中华人民共和国土地管理法》第五十二条", catalogue,
    )  # fmt: skip
    assert item.internal_body == world.planning and list(item.posts.all()) == [world.clerk_post]
    adjustment = Adjustment.objects.get(item_key=item.key)
    assert (adjustment.adjustment_type, adjustment.document_number) == ("add", "莱编办〔2026〕2号")
    assert AuditEvent.objects.filter(event_type="duties.adjusted", unit_id=world.unit_a.pk).exists()
    twice = client.post(url, {"unit": world.unit_a.pk, "change": CHANGE}, content_type="application/json")
    assert twice.status_code == 422 and "已有该标准目录事项" in twice.content.decode()
    other = client.post(url, {"unit": world.unit_b.pk, "change": CHANGE}, content_type="application/json")
    assert other.status_code == 422  # another unit's list: not even named as existing
    assert login(world.users.evaluator).post(url, {"unit": world.unit_a.pk, "change": CHANGE},
                                             content_type="application/json").status_code == 403  # fmt: skip
    listed = login(world.users.admin).get("/api/duties/catalogue").json()
    assert listed[0]["localised_units"] == 1


@pytest.mark.django_db
def test_a_city_catalogue_does_not_apply_to_another_city(world, login):
    other = type(world.city).objects.create(code="370200", name="青岛市", level=2, parent=world.province)
    item = CatalogueItem.objects.create(region=other, code="X-1", name="某事项", item_type="other")
    answer = login(world.users.admin).post(f"/api/duties/catalogue/{item.pk}/localise",
                                           {"unit": world.unit_a.pk, "change": CHANGE}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 422 and "不适用" in answer.content.decode()

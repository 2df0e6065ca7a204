"""The catalogue's pages (上级标准目录, 三级四同): the office searches, adds and corrects items; a unit contact finds
an item and takes it into its own unit's power list (纳入本单位权力清单) but cannot edit the catalogue or take an
item into another unit's list; an evaluator only reads. Refusals are shown in Chinese on the item's page."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.duties.models import Adjustment, CatalogueItem, PowerItem
from lvzhi.registry.models import Region


@pytest.fixture
def items(world):
    def make(code, name, item_type, region=None, **extra):
        return CatalogueItem.objects.create(
            region=region or world.province, code=code, name=name, item_type=item_type, **extra
        )

    return {
        "land": make("370000-XK-0012", "建设项目用地预审", "licensing", initiation="application",
                     legal_basis="《中华人民共和国土地管理法》第五十二条"),
        "price": make("370000-CF-0003", "价格违法行为处罚", "penalty", initiation="ex_officio",
                      legal_basis="《中华人民共和国价格法》第三十九条"),
        "old": make("370000-QR-0001", "农业机械登记", "confirmation", is_active=False),
        "city": make("370600-JC-0001", "燃气经营安全监督检查", "inspection", region=world.city),
    }  # fmt: skip


def localise_form(**extra):
    return {"reason": "承接省级标准目录", "document_number": "莱编办〔2026〕2号", "effective_date": "2026-02-01",
            **extra}  # fmt: skip


@pytest.mark.django_db
def test_the_duties_room_links_to_the_catalogue_and_its_search_filters_and_pages(world, login, items):
    client = login(world.users.admin)
    assert "/duties/catalogue/" in client.get("/duties/").content.decode()
    page = client.get("/duties/catalogue/").content.decode()
    assert all(i.name in page for i in items.values()) and "共 4 个事项" in page
    assert "新增事项" in page and "导入" in page and ">licensing<" not in page  # office wording, no codes
    found = client.get("/duties/catalogue/", {"q": "土地管理法"}).content.decode()
    assert "建设项目用地预审" in found and "价格违法行为处罚" not in found
    assert "价格违法行为处罚" in client.get("/duties/catalogue/", {"item_type": "penalty"}).content.decode()
    city = client.get("/duties/catalogue/", {"region": world.city.pk}).content.decode()
    assert "燃气经营安全监督检查" in city and "建设项目用地预审" not in city
    withdrawn = client.get("/duties/catalogue/", {"status": "withdrawn"}).content.decode()
    assert "农业机械登记" in withdrawn and "已停用" in withdrawn and "价格违法行为处罚" not in withdrawn
    for n in range(35):
        CatalogueItem.objects.create(region=world.province, code=f"370000-QT-{n:04d}", name=f"其他事项{n}",
                                     item_type="other")  # fmt: skip
    first = client.get("/duties/catalogue/", {"item_type": "other"}).content.decode()
    assert "第 1 / 2 页" in first and "item_type=other&amp;page=2" in first
    second = client.get("/duties/catalogue/", {"item_type": "other", "page": 2}).content.decode()
    assert "其他事项34" in second and "其他事项0<" not in second


@pytest.mark.django_db
def test_the_office_adds_and_corrects_an_item_through_the_forms(world, login, items):
    client = login(world.users.admin)
    assert client.get("/duties/catalogue/new/").status_code == 200
    answer = client.post("/duties/catalogue/new/", {
        "region": world.province.pk, "code": "370000-ZS-0001", "name": "耕地占用税征收", "item_type": "levy",
        "initiation": "ex_officio", "legal_basis": "《中华人民共和国耕地占用税法》第二条", "is_active": "on",
    })  # fmt: skip
    item = CatalogueItem.objects.get(code="370000-ZS-0001")
    assert answer.status_code == 302 and answer["Location"] == f"/duties/catalogue/{item.pk}/"
    assert (item.region, item.item_type, item.is_active) == (world.province, "levy", True)
    detail = client.get(answer["Location"]).content.decode()
    assert "耕地占用税征收" in detail and "行政征收" in detail and "修改" in detail
    taken = client.post("/duties/catalogue/new/", {"region": world.province.pk, "code": "370000-ZS-0001",
                                                   "name": "重复", "item_type": "levy"})  # fmt: skip
    assert (
        taken.status_code == 200
        and "该层级的标准目录中已有编码为「370000-ZS-0001」的事项" in taken.content.decode()
    )
    county = client.post("/duties/catalogue/new/", {"region": world.laiyang.pk, "code": "X-1", "name": "县级事项",
                                                    "item_type": "other"})  # fmt: skip
    assert county.status_code == 200 and not CatalogueItem.objects.filter(code="X-1").exists()
    edit = f"/duties/catalogue/{items['price'].pk}/edit/"
    assert "价格违法行为处罚" in client.get(edit).content.decode()
    done = client.post(edit, {"region": world.province.pk, "code": "370000-CF-0003", "name": "对价格违法行为的处罚",
                              "item_type": "penalty", "initiation": "ex_officio"})  # fmt: skip
    assert done.status_code == 302
    items["price"].refresh_from_db()
    assert (items["price"].name, items["price"].is_active) == ("对价格违法行为的处罚", False)
    change = AuditEvent.objects.get(
        content_type__model="catalogueitem", object_id=str(items["price"].pk), action="update"
    )
    assert change.before["name"] == "价格违法行为处罚" and change.after["name"] == "对价格违法行为的处罚"


@pytest.mark.django_db
def test_a_contact_localises_into_its_own_unit_only_and_cannot_edit_the_catalogue(world, login, items):
    client = login(world.users.contact_a)
    listed = client.get("/duties/catalogue/").content.decode()
    assert "建设项目用地预审" in listed and "新增事项" not in listed
    assert client.get("/duties/catalogue/new/").status_code == 403
    assert client.get(f"/duties/catalogue/{items['land'].pk}/edit/").status_code == 403
    assert client.post("/duties/catalogue/new/", {"region": world.province.pk, "code": "Y", "name": "Y",
                                                  "item_type": "other"}).status_code == 403  # fmt: skip
    assert client.get("/duties/catalogue/import/").status_code == 403

    url = f"/duties/catalogue/{items['land'].pk}/"
    detail = client.get(url).content.decode()
    assert "纳入本单位权力清单" in detail and "修改</a>" not in detail
    assert world.unit_a.name in detail and world.unit_b.name not in detail  # only its own unit to choose
    other_unit = client.post(url + "localise/", localise_form(unit=world.unit_b.pk))
    assert other_unit.status_code == 200 and not PowerItem.objects.filter(unit=world.unit_b).exists()
    assert "选择一个有效的选项" in other_unit.content.decode()
    done = client.post(url + "localise/", localise_form(unit=world.unit_a.pk, internal_body=world.planning.pk,
                                                        localisation="由规划科承办"))  # fmt: skip
    assert done.status_code == 302 and done["Location"] == f"/duties/units/{world.unit_a.pk}/#power"
    item = PowerItem.objects.current().get(unit=world.unit_a, catalogue_item=items["land"])
    assert (item.name, item.code, item.legal_basis, item.internal_body, item.localisation) == (
        "建设项目用地预审", "370000-XK-0012", "《中华人民共和国土地管理法》第五十二条", world.planning, "由规划科承办",
    )  # fmt: skip
    adjustment = Adjustment.objects.get(item_key=item.key)
    assert (adjustment.adjustment_type, adjustment.document_number) == ("add", "莱编办〔2026〕2号")
    unit_page = client.get(done["Location"]).content.decode()
    assert "已将“建设项目用地预审”纳入莱阳市发展和改革局的权责清单。" in unit_page
    assert f"/duties/catalogue/{items['land'].pk}/" in unit_page  # the item links back to the catalogue
    assert "本单位已承接" in client.get("/duties/catalogue/").content.decode()

    again = client.post(url + "localise/", localise_form(unit=world.unit_a.pk)).content.decode()
    assert "莱阳市发展和改革局的权责清单中已有该标准目录事项。" in again
    has_it = client.get(url).content.decode()
    assert "莱阳市发展和改革局的权责清单中已有该标准目录事项。" in has_it and "查看本单位权责清单" in has_it
    assert 'action="/duties/catalogue/' not in has_it  # no second form
    qingdao = Region.objects.create(code="370200", name="青岛市", level=2, parent=world.province)
    foreign = CatalogueItem.objects.create(
        region=qingdao, code="370200-XK-1", name="海域使用审核", item_type="licensing"
    )
    assert (
        "「青岛市」的标准目录不适用于莱阳市发展和改革局。"
        in client.get(f"/duties/catalogue/{foreign.pk}/").content.decode()
    )
    withdrawn = client.get(f"/duties/catalogue/{items['old'].pk}/").content.decode()
    assert "该标准目录事项已停用,不能再承接。" in withdrawn
    refused = client.post(
        f"/duties/catalogue/{items['old'].pk}/localise/", localise_form(unit=world.unit_a.pk)
    )
    assert "该标准目录事项已停用,不能再承接。" in refused.content.decode()
    assert PowerItem.objects.filter(unit=world.unit_a).count() == 1


@pytest.mark.django_db
def test_the_office_chooses_the_unit_and_another_citys_catalogue_is_refused(world, login, items):
    qingdao = Region.objects.create(code="370200", name="青岛市", level=2, parent=world.province)
    foreign = CatalogueItem.objects.create(
        region=qingdao, code="370200-XK-1", name="海域使用审核", item_type="licensing"
    )
    client = login(world.users.admin)
    detail = client.get(f"/duties/catalogue/{items['city'].pk}/").content.decode()
    assert world.unit_a.name in detail and world.unit_b.name in detail and world.unit_c.name in detail
    done = client.post(f"/duties/catalogue/{items['city'].pk}/localise/", localise_form(unit=world.unit_b.pk))
    assert done.status_code == 302 and PowerItem.objects.current().filter(unit=world.unit_b).count() == 1
    refused = client.post(f"/duties/catalogue/{foreign.pk}/localise/", localise_form(unit=world.unit_a.pk))
    assert "「青岛市」的标准目录不适用于莱阳市发展和改革局。" in refused.content.decode()
    wrong_body = client.post(f"/duties/catalogue/{items['land'].pk}/localise/",
                             localise_form(unit=world.unit_b.pk, internal_body=world.planning.pk))  # fmt: skip
    assert "承办机构须是莱阳市民政局的内设机构。" in wrong_body.content.decode()
    assert not PowerItem.objects.filter(catalogue_item__in=[foreign, items["land"]]).exists()
    listed = client.get(f"/duties/catalogue/{items['city'].pk}/").content.decode()
    assert "已承接的单位" in listed and world.unit_b.name in listed


@pytest.mark.django_db
def test_an_evaluator_reads_the_catalogue_but_neither_edits_nor_localises(world, login, items):
    client = login(world.users.evaluator)
    assert "建设项目用地预审" in client.get("/duties/catalogue/").content.decode()
    detail = client.get(f"/duties/catalogue/{items['land'].pk}/").content.decode()
    assert "《中华人民共和国土地管理法》第五十二条" in detail and "纳入本单位权力清单" not in detail
    assert client.post(f"/duties/catalogue/{items['land'].pk}/localise/",
                       localise_form(unit=world.unit_a.pk)).status_code == 403  # fmt: skip
    assert client.get("/duties/catalogue/new/").status_code == 403
    assert client.get("/duties/catalogue/export/").status_code == 200
    assert not PowerItem.objects.exists()

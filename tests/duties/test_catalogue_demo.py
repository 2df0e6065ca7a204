"""The demo county's catalogue (三级四同): the provincial and the city items the page shows, some already taken up
by the county's departments, one withdrawn."""

import random

import pytest

from lvzhi.accounts.models import Role, User
from lvzhi.audit.context import audit_context
from lvzhi.audit.models import AuditEvent
from lvzhi.demo import registry
from lvzhi.duties import demo
from lvzhi.duties.models import CatalogueItem, PowerItem


@pytest.mark.django_db
def test_the_demo_catalogue_has_content_for_the_page(login):
    User.objects.create_user(
        username="admin", password="Lvzhi-demo-2026", role=Role.ADMIN
    )  # as setup_demo does
    with audit_context(reason="演示数据", source="demo"):
        registry.build(random.Random("2026:lvzhi.demo.registry"))
        demo.build(random.Random("2026:lvzhi.duties.demo"))
    items = CatalogueItem.objects.select_related("region")
    assert items.count() >= 20 and {i.region.name for i in items} == {"山东省", "烟台市"}
    assert len({i.item_type for i in items}) >= 10 and items.filter(is_active=False).count() == 1
    assert (
        AuditEvent.objects.filter(content_type__model="catalogueitem", action="create").count()
        == items.count()
    )
    localised = PowerItem.objects.current().exclude(catalogue_item=None)
    assert localised.filter(catalogue_item__region__name="烟台市").exists() and localised.count() >= 7

    contact = User.objects.get(username="lianluo")  # the demo's contact of 莱阳市发展和改革局
    page = login(contact).get("/duties/catalogue/").content.decode()
    assert "企业投资项目核准" in page and "本单位已承接" in page and "城市建筑垃圾处置核准" in page

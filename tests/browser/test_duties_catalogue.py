"""In a real browser: a unit's contact finds an item of the provincial catalogue (三级四同), opens it and takes it
into the unit's power list (纳入本单位权力清单); the unit's page lists it; the item's page then says in Chinese that the unit has it, and offers no second time."""

import pytest
from axes.utils import reset as axes_reset
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(transactional_db):
    from lvzhi.duties.models import CatalogueItem
    from tests.factories import make_registry_world

    axes_reset()
    world = make_registry_world()
    for code, name, item_type, basis in (
        ("370000-XK-0012", "建设项目用地预审", "licensing", "《中华人民共和国土地管理法》第五十二条"),
        ("370000-CF-0003", "价格违法行为处罚", "penalty", "《中华人民共和国价格法》第三十九条"),
    ):
        CatalogueItem.objects.create(region=world.province, code=code, name=name, item_type=item_type,
                                     initiation="application", legal_basis=basis)  # fmt: skip
    return world


def test_a_contact_searches_opens_and_localises_a_catalogue_item(catalogue, page, browser_login):
    from lvzhi.duties.models import PowerItem

    world = catalogue
    browser_login("contact_a", world.password)
    page.goto("/duties/")
    page.get_by_role("link", name="上级标准目录").click()
    page.get_by_label("事项名称").fill("土地管理法")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_text("共 1 个事项。")).to_be_visible()
    expect(page.get_by_role("link", name="价格违法行为处罚")).to_have_count(0)
    page.get_by_role("link", name="建设项目用地预审").click()

    expect(page.get_by_role("heading", name="纳入本单位权力清单")).to_be_visible()
    expect(page.get_by_label("承接单位")).to_have_value(str(world.unit_a.pk))
    page.get_by_label("承办机构").select_option(label="莱阳市发展和改革局 · 规划科")
    page.get_by_label("本地化说明").fill("由规划科承办,窗口受理")
    page.get_by_label("调整原因").fill("承接省级标准目录")
    page.get_by_label("文号").fill("莱编办〔2026〕2号")
    page.get_by_label("生效日期").fill("2026-02-01")
    page.get_by_role("button", name="纳入本单位权力清单").click()

    expect(page.get_by_text("已将“建设项目用地预审”纳入莱阳市发展和改革局的权责清单。")).to_be_visible()
    power = page.locator("#power")
    expect(power.get_by_role("cell", name="370000-XK-0012")).to_be_visible()
    expect(power.get_by_text("规划科")).to_be_visible()
    item = PowerItem.objects.current().get(unit=world.unit_a, code="370000-XK-0012")
    assert item.localisation == "由规划科承办,窗口受理" and item.internal_body == world.planning

    power.get_by_role("link", name="标准目录", exact=True).click()
    expect(page.get_by_role("rowheader", name="莱阳市发展和改革局")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "莱阳市发展和改革局的权责清单中已有该标准目录事项。 查看本单位权责清单"
    )
    expect(page.get_by_role("button", name="纳入本单位权力清单")).to_have_count(0)
    assert PowerItem.objects.filter(unit=world.unit_a).count() == 1

"""A finding about duties is settled by an adjustment of the three lists: the office links it (the unit's own or
the region's adjustment), the finding's page and the API show it, the trail records it, a closed finding keeps
it and other units' adjustments are refused."""

import datetime

import pytest

from lvzhi.core.errors import Invalid
from lvzhi.duties.models import Adjustment
from lvzhi.findings import actions

from .conftest import raise_for, to_state

pytestmark = pytest.mark.django_db


def _adjustment(world, unit, label="油烟污染监管", number="莱编〔2026〕15号"):
    return Adjustment.objects.create(
        list_kind="boundary", item_key=f"k-{label}", item_label=label, adjustment_type="change",
        reason="明确综合执法、生态环境、市场监管的职责分工", document_number=number,
        effective_date=datetime.date(2026, 9, 1), unit=unit, region=world.laiyang,
    )  # fmt: skip


def test_the_office_links_the_settling_adjustment_on_the_page_and_the_trail_shows_it(world, client):
    finding = raise_for(world, category="overlap", source="list_review", title="油烟污染管理职责交叉")
    own = _adjustment(world, world.unit_a)
    other = _adjustment(world, world.unit_b, label="占道经营", number="莱编〔2026〕16号")
    client.force_login(world.users.admin)
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "莱编〔2026〕15号" in page and "莱编〔2026〕16号" not in page  # only the unit's own are offered
    client.post(f"/findings/{finding.pk}/adjustment/", {"adjustment": own.pk})
    finding.refresh_from_db()
    assert finding.settled_by == own
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "职责边界清单 · 变更「油烟污染监管」" in page and "关联清单调整" in page
    refused = client.post(f"/findings/{finding.pk}/adjustment/", {"adjustment": other.pk}, follow=True)
    assert "选择一个有效的选项" in refused.content.decode() or "有效" in refused.content.decode()
    finding.refresh_from_db()
    assert finding.settled_by == own
    with pytest.raises(Invalid, match="只能关联本单位"):
        actions.link_adjustment(finding, actor=world.users.admin, adjustment=other)
    client.force_login(world.users.contact_a)
    assert client.post(f"/findings/{finding.pk}/adjustment/", {"adjustment": ""}).status_code == 403


def test_the_api_links_a_region_adjustment_and_a_closed_finding_cannot_change(world, client):
    finding = raise_for(world, category="lists", title="权责清单未动态调整")
    region_wide = _adjustment(world, None, label="全市行政检查事项", number="莱编〔2026〕20号")
    client.force_login(world.users.admin)
    linked = client.post(f"/api/findings/{finding.pk}/adjustment", {"adjustment_id": region_wide.pk},
                         content_type="application/json")  # fmt: skip
    assert linked.status_code == 200, linked.content
    assert linked.json()["settled_by_id"] == region_wide.pk
    assert linked.json()["settled_by"] == "职责边界清单 · 变更 全市行政检查事项 莱编〔2026〕20号"
    finding.refresh_from_db()
    to_state(world, finding, "closed")
    again = client.post(f"/api/findings/{finding.pk}/adjustment", {"adjustment_id": None},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409
    finding.refresh_from_db()
    assert finding.settled_by == region_wide

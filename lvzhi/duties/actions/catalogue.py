"""The higher-level catalogue (上级标准目录, 三级四同): the office keeps its items; a unit takes one into its power
list by localising it (`lists.localise`), never by retyping its name, type, code or basis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.core.text import normalize_code
from lvzhi.registry.models import Region, Unit

from ..models import CatalogueItem, PowerItem
from ..policy import POLICY
from .common import audited, require_text, validate

FIELDS = (
    "code",
    "name",
    "item_type",
    "initiation",
    "legal_basis",
    "responsibilities",
    "accountability",
    "is_active",
)


def save_catalogue_item(
    values: Mapping[str, Any], *, region: Region, item: CatalogueItem | None = None, actor: Any
) -> CatalogueItem:
    """Add an item to the catalogue of `region` (a province or a city), or correct one (audited before/after)."""
    POLICY.require(actor, "edit_catalogue")
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise Invalid(_("不能填写「%(field)s」。") % {"field": unknown[0]}, field=unknown[0])
    if region.level not in (Region.Level.PROVINCE, Region.Level.CITY):
        raise Invalid(
            _("标准目录由省级或市级发布,「%(region)s」不是省、市。") % {"region": region.name}, field="region"
        )
    with audited(actor=actor):
        obj = item or CatalogueItem(region=region)
        obj.region = region
        for name, value in values.items():
            setattr(obj, name, value)
        obj.code = normalize_code(require_text(obj.code, "code", _("事项编码")))
        obj.name = require_text(obj.name, "name", _("事项名称"))
        validate(obj, exclude=["region"])
        if CatalogueItem.objects.filter(region=region, code=obj.code).exclude(pk=obj.pk).exists():
            raise Invalid(
                _("该层级的标准目录中已有编码为「%(code)s」的事项。") % {"code": obj.code}, field="code"
            )
        obj.save()
    return obj


def applies_to(item: CatalogueItem, unit: Unit) -> bool:
    """A catalogue applies to the units of its region and of the regions below it."""
    mine, theirs = unit.region.path, item.region.path
    return mine == theirs or mine.startswith(theirs + "/")


def check_localisable(item: CatalogueItem, unit: Unit) -> None:
    if not item.is_active:
        raise Invalid(_("该标准目录事项已停用,不能再承接。"), field="catalogue_item")
    if not applies_to(item, unit):
        raise Invalid(
            _("「%(region)s」的标准目录不适用于%(unit)s。") % {"region": item.region.name, "unit": unit.name},
            field="unit",
        )
    if PowerItem.objects.current().filter(unit=unit, catalogue_item=item).exists():
        raise Invalid(
            _("%(unit)s的权责清单中已有该标准目录事项。") % {"unit": unit.name}, field="catalogue_item"
        )

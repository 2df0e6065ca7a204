"""Every change to a list is an adjustment (新增、取消、变更、下放、收回) with a reason, a document number and an
effective date. A change closes the version in force on the effective date and adds the next version; a
cancellation closes it; the versions are kept, so the list as of any day can be shown (models.base)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.registry.models import InternalBody, Region, Unit

from ..models import (
    VERSIONED_MODELS,
    Adjustment,
    AdjustmentType,
    CatalogueItem,
    DelegationItem,
    ListKind,
    NoticeClaim,
    PowerItem,
    VersionedItem,
)
from ..policy import POLICY
from .common import ListsConflict, audited, require_text, validate

M2M_FIELDS: dict[str, tuple[str, ...]] = {
    ListKind.POWER: ("posts",),
    ListKind.BOUNDARY: ("cooperating_units", "cooperating_bodies", "power_items", "sanding_clauses"),
    ListKind.TERRITORIAL: ("supporting_units",),
    ListKind.DELEGATION: (),
}
# The fields a version carries over from the one it follows, besides the ones a change names.
NOT_COPIED = {"id", "key", "valid_from", "valid_to", "adjustment", "is_published", "published_at"}


@dataclass(frozen=True)
class Change:
    """Why and from when: what every adjustment records."""

    reason: str
    effective_date: datetime.date
    document_number: str = ""
    claim: NoticeClaim | None = None


def kind_of(item: VersionedItem) -> str:
    for kind, model in VERSIONED_MODELS.items():
        if isinstance(item, model):
            return str(kind)
    raise ValueError(f"not a list item: {item!r}")


def rule_for(kind: str) -> str:
    return "edit_boundary" if kind == ListKind.BOUNDARY else "edit_list"


def _label(item: VersionedItem) -> str:
    return str(item)[:400]


def _region_of(item: VersionedItem) -> Region:
    region: Region | None = getattr(item, "region", None)
    if region is not None:
        return region
    unit: Unit = item.unit  # type: ignore[attr-defined]
    return unit.region


def _record(item: VersionedItem, kind: str, adjustment_type: str, change: Change, actor: Any) -> Adjustment:
    reason = require_text(change.reason, "reason", _("调整原因"))
    if change.effective_date is None:
        raise Invalid(_("请填写生效日期。"), field="effective_date")
    adjustment = Adjustment.objects.create(
        list_kind=kind,
        item_key=item.key,
        item_label=_label(item),
        adjustment_type=adjustment_type,
        reason=reason,
        document_number=(change.document_number or "").strip(),
        effective_date=change.effective_date,
        unit_id=getattr(item, "unit_id", None),
        region=_region_of(item),
        claim=change.claim,
        made_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        "duties.adjusted",
        adjustment,
        after={
            "清单": str(ListKind(kind).label),
            "调整类型": adjustment.get_adjustment_type_display(),
            "事项": adjustment.item_label,
            "文号": adjustment.document_number,
            "生效日期": change.effective_date.isoformat(),
        },
        reason=reason,
        unit_id=adjustment.unit_id,
    )
    return adjustment


def _set_m2m(item: VersionedItem, kind: str, m2m: Mapping[str, Iterable[Any]]) -> None:
    for name in M2M_FIELDS[kind]:
        if name in m2m:
            getattr(item, name).set(list(m2m[name]))


def _apply(item: VersionedItem, values: Mapping[str, Any]) -> None:
    fields = [f for f in item._meta.concrete_fields if f.name not in NOT_COPIED]
    names = {f.name for f in fields} | {f.attname for f in fields}
    for name, value in values.items():
        if name not in names:
            raise Invalid(_("未知字段:%(name)s") % {"name": name}, field=name)
        setattr(item, name, value)


def _authorise(actor: Any, kind: str, item: VersionedItem) -> None:
    if kind == ListKind.BOUNDARY:
        POLICY.require(actor, "edit_boundary")
    else:
        POLICY.require(actor, "edit_list", item.unit)  # type: ignore[attr-defined]


def add_item(
    kind: str,
    values: Mapping[str, Any],
    *,
    change: Change,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    actor: Any,
    adjustment_type: str = AdjustmentType.ADD,
) -> VersionedItem:
    """A new item (its first version) in force from the change's effective date."""
    model = VERSIONED_MODELS[ListKind(kind)]
    item = model(valid_from=change.effective_date)
    _apply(item, values)
    _authorise(actor, kind, item)
    with audited(actor=actor, reason=change.reason):
        validate(item, exclude=["adjustment", "valid_from"])
        item.save()
        item.adjustment = _record(item, kind, adjustment_type, change, actor)
        item.save(update_fields=["adjustment"])
        _set_m2m(item, kind, m2m or {})
    return item


def _current(item: VersionedItem) -> VersionedItem:
    """The version in force of `item`'s key, locked; refused when the item was cancelled."""
    model: Any = type(item)
    current: VersionedItem | None = (
        model.objects.select_for_update().filter(key=item.key, valid_to__isnull=True).first()
    )
    if current is None:
        raise ListsConflict(_("该事项已取消,不能再调整。"))
    return current


def _close(current: VersionedItem, change: Change) -> None:
    if change.effective_date < current.valid_from:
        raise Invalid(
            _("生效日期不能早于现行版本的生效日期(%(day)s)。") % {"day": current.valid_from},
            field="effective_date",
        )
    current.valid_to = change.effective_date
    current.save(update_fields=["valid_to"])


def change_item(
    item: VersionedItem,
    values: Mapping[str, Any],
    *,
    change: Change,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    actor: Any,
    adjustment_type: str = AdjustmentType.CHANGE,
) -> VersionedItem:
    """The next version of an item: the current one closes on the effective date, the new one starts then."""
    kind = kind_of(item)
    _authorise(actor, kind, item)
    with audited(actor=actor, reason=change.reason):
        current = _current(item)
        _close(current, change)
        nxt = type(current)()
        for field in current._meta.concrete_fields:
            if field.name not in NOT_COPIED:
                setattr(nxt, field.attname, getattr(current, field.attname))
        nxt.key = current.key
        nxt.valid_from = change.effective_date
        _apply(nxt, values)
        if kind != ListKind.BOUNDARY:
            _authorise(actor, kind, nxt)  # a unit contact cannot move an item to another unit
        validate(nxt, exclude=["adjustment", "valid_from", "key"])
        nxt.save()
        nxt.adjustment = _record(nxt, kind, adjustment_type, change, actor)
        nxt.save(update_fields=["adjustment"])
        for name in M2M_FIELDS[kind]:
            getattr(nxt, name).set(getattr(current, name).all())
        _set_m2m(nxt, kind, m2m or {})
    return nxt


def cancel_item(
    item: VersionedItem, *, change: Change, actor: Any, adjustment_type: str = AdjustmentType.CANCEL
) -> Adjustment:
    """取消: the item is no longer in force from the effective date (its versions stay in the history)."""
    kind = kind_of(item)
    _authorise(actor, kind, item)
    with audited(actor=actor, reason=change.reason):
        current = _current(item)
        _close(current, change)
        return _record(current, kind, adjustment_type, change, actor)


def localise(
    catalogue_item: CatalogueItem,
    unit: Unit,
    *,
    change: Change,
    values: Mapping[str, Any] | None = None,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    actor: Any,
) -> VersionedItem:
    """A power item taken from the higher-level catalogue (三级四同): name, type, code and basis come from it;
    `values` adds what is local (internal body, responsibilities, localisation note)."""
    from .catalogue import check_localisable

    POLICY.require(actor, "edit_list", unit)
    check_localisable(catalogue_item, unit)
    local = dict(values or {})
    for field in ("code", "name", "item_type", "legal_basis"):
        if field in local and local[field] != getattr(catalogue_item, field):
            raise Invalid(_("标准目录事项的名称、类型、编码和依据须与上级一致,不能改动。"), field=field)
    body = getattr(local.get("internal_body"), "pk", local.get("internal_body_id"))
    if body is not None and not InternalBody.objects.filter(pk=body, unit=unit).exists():
        raise Invalid(_("承办机构须是%(unit)s的内设机构。") % {"unit": unit.name}, field="internal_body")
    fields = {
        "code": catalogue_item.code,
        "name": catalogue_item.name,
        "item_type": catalogue_item.item_type,
        "initiation": catalogue_item.initiation,
        "legal_basis": catalogue_item.legal_basis,
        "responsibilities": catalogue_item.responsibilities,
        "accountability": catalogue_item.accountability,
        **local,
        "unit": unit,
        "catalogue_item": catalogue_item,
    }
    return add_item(ListKind.POWER, fields, change=change, m2m=m2m, actor=actor)


def delegate_power(
    item: PowerItem,
    *,
    receiving_body: str,
    change: Change,
    receiving_region: Region | None = None,
    manner: str = "",
    actor: Any,
) -> VersionedItem:
    """下放: the power item goes down to a township or a park; the delegation list gets the item."""
    POLICY.require(actor, "edit_list", item.unit)
    with audited(actor=actor, reason=change.reason):
        values = {
            "unit": item.unit,
            "power_item_key": item.key,
            "code": item.code,
            "name": item.name,
            "item_type": item.item_type,
            "receiving_body": require_text(receiving_body, "receiving_body", _("承接主体")),
            "receiving_region": receiving_region,
            "manner": manner,
            "legal_basis": item.legal_basis,
        }
        return add_item(
            ListKind.DELEGATION, values, change=change, actor=actor, adjustment_type=AdjustmentType.DELEGATE
        )


def take_back(item: DelegationItem, *, change: Change, actor: Any) -> Adjustment:
    """收回: a delegated power returns to the delegating unit."""
    return cancel_item(item, change=change, actor=actor, adjustment_type=AdjustmentType.TAKE_BACK)


def publish(kind: str, *, actor: Any, unit: Unit | None = None, region: Region | None = None) -> int:
    """公示: the versions of a unit's (or a region's) list in force today and not yet published become public.
    Returns how many were published."""
    POLICY.require(actor, "publish")
    model: Any = VERSIONED_MODELS[ListKind(kind)]
    today = timezone.localdate()
    queryset = model.objects.as_of(today).filter(is_published=False)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if region is not None:
        field = "region__path" if hasattr(model, "region") else "unit__region__path"
        queryset = queryset.filter(**{f"{field}__startswith": region.path})
    with audited(actor=actor):
        now = timezone.now()
        count: int = queryset.update(is_published=True, published_at=now)
        record_event(
            "duties.published",
            unit,
            after={"清单": str(ListKind(kind).label), "事项数": count},
            unit_id=unit.pk if unit else None,
        )
    return count

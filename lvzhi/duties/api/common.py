"""Lookups and serialisers the duties API modules share."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from lvzhi.audit.models import json_value
from lvzhi.core.policy import get_for

from ..actions import Change
from ..models import VERSIONED_MODELS, ListKind, NoticeClaim
from ..policy import POLICY
from .schemas import ChangeIn

READ_FIELDS_SKIP = {
    "id",
    "key",
    "valid_from",
    "valid_to",
    "adjustment",
    "is_published",
    "published_at",
    "unit",
}


def model_of(kind: str) -> Any:
    try:
        return VERSIONED_MODELS[ListKind(kind)]
    except ValueError as exc:
        raise Http404 from exc


def item_out(item: Any, kind: str) -> dict[str, Any]:
    fields = {
        f.attname: json_value(getattr(item, f.attname))
        for f in item._meta.concrete_fields
        if f.name not in READ_FIELDS_SKIP
    }
    unit = getattr(item, "unit", None)
    return {
        "id": item.pk,
        "key": item.key,
        "list": kind,
        "code": item.code,
        "name": getattr(item, "name", None) or getattr(item, "matter", ""),
        "unit": unit.pk if unit else None,
        "unit_name": unit.name if unit else "",
        "valid_from": item.valid_from,
        "valid_to": item.valid_to,
        "is_published": item.is_published,
        "fields": fields,
    }


def change_of(user: Any, data: ChangeIn) -> Change:
    claim = None
    if data.claim is not None:
        claim = get_for(user, NoticeClaim.objects.all(), "view", policy=POLICY, pk=data.claim)
    return Change(
        reason=data.reason,
        effective_date=data.effective_date,
        document_number=data.document_number,
        claim=claim,
    )


def resolve_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Foreign keys named by id ("unit": 3) as the field's attname ("unit_id": 3)."""
    model = model_of(kind)
    out: dict[str, Any] = {}
    for name, value in values.items():
        field = next((f for f in model._meta.concrete_fields if f.name == name), None)
        out[field.attname if field is not None and field.is_relation else name] = value
    return out

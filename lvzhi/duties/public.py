"""The public page (公示): the published lists in force today, read-only and without login — search by unit,
type, matter and legal basis, and each item's published history. Nothing unpublished, and nothing internal
(internal bodies' posts, persons, notes, claims) is read here: `public_items` is the one query and names the
fields it shows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from lvzhi.registry.models import Unit

from .forms import PublicSearchForm
from .models import VERSIONED_MODELS, ListKind

PAGE_SIZE = 20
# What the public page shows of each list (no posts, persons, notes, internal bodies' staff).
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    ListKind.POWER: (
        "key",
        "code",
        "name",
        "item_type",
        "initiation",
        "legal_basis",
        "responsibilities",
        "accountability",
        "valid_from",
        "unit__name",
    ),
    ListKind.BOUNDARY: (
        "key",
        "code",
        "matter",
        "division",
        "mechanism",
        "dispute",
        "decided_by",
        "valid_from",
        "unit__name",
    ),
    ListKind.TERRITORIAL: (
        "key",
        "code",
        "matter",
        "county_duties",
        "township_duties",
        "support",
        "legal_basis",
        "valid_from",
        "unit__name",
    ),
    ListKind.DELEGATION: (
        "key",
        "code",
        "name",
        "item_type",
        "receiving_body",
        "manner",
        "legal_basis",
        "valid_from",
        "unit__name",
    ),
}
NAME_FIELD = {
    ListKind.POWER: "name",
    ListKind.BOUNDARY: "matter",
    ListKind.TERRITORIAL: "matter",
    ListKind.DELEGATION: "name",
}
BASIS_FIELD = {
    ListKind.POWER: "legal_basis",
    ListKind.BOUNDARY: "decided_by",
    ListKind.TERRITORIAL: "legal_basis",
    ListKind.DELEGATION: "legal_basis",
}


def public_items(
    kind: str, *, q: str = "", unit: str = "", item_type: str = "", basis: str = ""
) -> QuerySet[Any]:
    """The published items of a list in force today, filtered; values only (the public fields)."""
    kind = ListKind(kind)
    model: Any = VERSIONED_MODELS[kind]
    queryset = model.objects.published().as_of(timezone.localdate())
    if q:
        queryset = queryset.filter(**{f"{NAME_FIELD[kind]}__icontains": q})
    if unit:
        # The few units so named first: their items are then found by the unit index instead of a join per row.
        named = Unit.objects.filter(name__icontains=unit).values_list("pk", flat=True)
        queryset = queryset.filter(unit_id__in=list(named))
    if item_type and kind in (ListKind.POWER, ListKind.DELEGATION):
        queryset = queryset.filter(item_type=item_type)
    if basis:
        queryset = queryset.filter(**{f"{BASIS_FIELD[kind]}__icontains": basis})
    return queryset.order_by("unit__order", "unit__code", "code").values(*PUBLIC_FIELDS[kind])


def public_history(kind: str, key: str) -> list[dict[str, Any]]:
    """The published versions of one item, oldest first, with the adjustment behind each."""
    model: Any = VERSIONED_MODELS[ListKind(kind)]
    fields = (
        *PUBLIC_FIELDS[kind],
        "valid_to",
        "adjustment__adjustment_type",
        "adjustment__reason",
        "adjustment__document_number",
    )
    return list(model.objects.published().filter(key=key).order_by("valid_from", "id").values(*fields))


def _labels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from .models import AdjustmentType, Initiation, PowerType

    types, ways, adjustments = dict(PowerType.choices), dict(Initiation.choices), dict(AdjustmentType.choices)
    for row in rows:
        row["title"] = row.get("name") or row.get("matter") or ""
        row["type_label"] = types.get(row.get("item_type", ""), "")
        row["initiation_label"] = ways.get(row.get("initiation", ""), "")
        row["adjustment_label"] = adjustments.get(row.get("adjustment__adjustment_type", ""), "")
    return rows


@cache_control(public=True, max_age=60)
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or ListKind.POWER
    items = public_items(
        kind,
        q=data.get("q", ""),
        unit=data.get("unit", ""),
        item_type=data.get("item_type", ""),
        basis=data.get("basis", ""),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": _labels(list(page.object_list)),
        "kind": kind,
        "kinds": ListKind.choices,
        "query": query.urlencode(),
        "kind_label": ListKind(kind).label,
    }
    return render(request, "duties/public/search.html", context)


@cache_control(public=True, max_age=60)
@require_safe
def history(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    if kind not in VERSIONED_MODELS:
        raise Http404
    versions = _labels(public_history(kind, key))
    if not versions:
        raise Http404
    return render(
        request,
        "duties/public/history.html",
        {"versions": versions, "latest": versions[-1], "kind": kind, "kind_label": ListKind(kind).label},
    )

"""Pages of the higher-level catalogue (上级标准目录, 三级四同): search it, read an item and the units that took it
up, keep it (the office: add, correct, import, export) and take an item into a unit's power list (纳入本单位权力清单).
Thin: form in, selector or action, template out; the table (policy.py) decides, an `Invalid` goes back to the
form with its Chinese message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, exports, imports, selectors
from .actions.catalogue import check_localisable
from .forms import CatalogueImportForm, CatalogueItemForm, CatalogueSearchForm, LocaliseForm
from .models import CatalogueItem
from .policy import POLICY

PAGE_SIZE = 30
ITEM_FIELDS = ("code", "name", "item_type", "initiation", "legal_basis", "responsibilities", "accountability")


def _item(request: HttpRequest, catalogue_id: int) -> CatalogueItem:
    item: CatalogueItem = get_for(
        request.user, CatalogueItem.objects.select_related("region"), "view", policy=POLICY, pk=catalogue_id
    )
    return item


def _search_form(request: HttpRequest) -> CatalogueSearchForm:
    return CatalogueSearchForm(request.GET or None, regions=selectors.catalogue_regions())


def _localise_units(user: Any) -> Any:
    """The units the user may take an item into: a unit contact its own, the office every unit it sees."""
    units = selectors.visible_units(user).order_by("region__path", "order", "code")
    if POLICY.own_unit_only(user, "edit_list"):
        units = units.filter(pk=user.unit_id)
    return units


@enforces(POLICY, "view")
@login_required
@require_safe
def catalogue_list(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    items = selectors.catalogue_search(request.user, **form.filters())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = list(page.object_list)
    counts = selectors.localised_counts(rows)
    own = getattr(request.user, "unit_id", None)
    mine = selectors.localised_by(own, rows) if own else set()
    for row in rows:
        row.localised_units = counts.get(row.pk, 0)  # type: ignore[attr-defined]
        row.mine = row.pk in mine  # type: ignore[attr-defined]
    page.object_list = rows
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can": POLICY.allowed_actions(request.user, None, ["edit_catalogue", "export"]),
    }
    return render(request, "duties/catalogue/list.html", context)


def _detail(
    request: HttpRequest, item: CatalogueItem, form: LocaliseForm | None, status: int = 200
) -> HttpResponse:
    """The item's page; the localise form for whoever may `edit_list`, unless the item cannot be taken up at all
    (withdrawn) or, for one who has a single unit to choose (a contact), not by that unit (the reason instead)."""
    can = POLICY.allowed_actions(request.user, None, ["edit_catalogue", "edit_list"])
    blocked, own = "", None
    if form is None and can["edit_list"]:
        units = _localise_units(request.user)
        only = list(units[:2])
        try:
            if len(only) == 1:
                own = only[0]
                check_localisable(item, own)
            elif not item.is_active:
                raise Invalid(_("该标准目录事项已停用,不能再承接。"))
        except Invalid as exc:
            blocked = exc.message
        else:
            form = LocaliseForm(units=units, initial={"effective_date": timezone.localdate()})
    context = {
        "item": item,
        "localised": selectors.localised_items(request.user, item),
        "form": form,
        "blocked": blocked,
        "own": own,
        "can": can,
    }
    return render(request, "duties/catalogue/detail.html", context, status=status)


@enforces(POLICY, "view")
@login_required
@require_safe
def catalogue_detail(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    return _detail(request, _item(request, catalogue_id), None)


@enforces(POLICY, "edit_list")
@login_required
@require_POST
def catalogue_localise(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    """纳入本单位权力清单: one 新增 adjustment in the chosen unit's power list; a refusal (another region's
    catalogue, a withdrawn item, a unit that has it already) is shown on the item's page."""
    POLICY.require(request.user, "edit_list")
    item = _item(request, catalogue_id)
    form = LocaliseForm(request.POST, units=_localise_units(request.user))
    if form.is_valid():
        data = form.cleaned_data
        unit: Unit = data["unit"]
        local = {k: data[k] for k in ("internal_body", "localisation") if data[k]}
        try:
            actions.localise(
                item,
                unit,
                values=local,
                change=actions.Change(
                    reason=data["reason"],
                    effective_date=data["effective_date"],
                    document_number=data["document_number"],
                ),
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("已将“%(name)s”纳入%(unit)s的权责清单。") % {"name": item.name, "unit": unit.name}
            )
            return redirect(reverse("duties:unit", args=[unit.pk]) + "#power")
    return _detail(request, item, form)


def _edit(request: HttpRequest, item: CatalogueItem | None) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if item is not None:
        initial = {f: getattr(item, f) for f in (*ITEM_FIELDS, "is_active")} | {"region": item.region_id}
    form = CatalogueItemForm(request.POST or None, regions=selectors.catalogue_regions(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        try:
            saved = actions.save_catalogue_item(data, region=region, item=item, actor=request.user)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存标准目录事项“%(name)s”。") % {"name": saved.name})
            return redirect("duties:catalogue_item", saved.pk)
    back = reverse("duties:catalogue_item", args=[item.pk]) if item else reverse("duties:catalogue")
    title = _("修改标准目录事项") if item else _("新增标准目录事项")
    return render(
        request, "duties/catalogue/form.html", {"form": form, "title": title, "back": back, "item": item}
    )


@enforces(POLICY, "edit_catalogue")
@login_required
@require_http_methods(["GET", "POST"])
def catalogue_new(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "edit_catalogue")
    return _edit(request, None)


@enforces(POLICY, "edit_catalogue")
@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    POLICY.require(request.user, "edit_catalogue")
    return _edit(request, _item(request, catalogue_id))


@enforces(POLICY, "edit_catalogue")
@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """导入上级标准目录: the whole file is checked first; the result names what was added and what changed."""
    POLICY.require(request.user, "edit_catalogue")
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    result: dict[str, Any] | None = None
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_catalogue_upload(
                form.cleaned_data["file"], actor=request.user, reason=form.cleaned_data["reason"]
            )
        except Invalid as exc:
            errors = list(getattr(exc, "errors", []))
            form.add_error(None, exc.message)
    return render(
        request, "duties/catalogue/import.html", {"form": form, "result": result, "errors": errors[:500]}
    )


@enforces(POLICY, "view")
@login_required
@require_safe
def catalogue_template(request: HttpRequest) -> FileResponse:
    content, name = exports.catalogue_template()
    return FileResponse(content, as_attachment=True, filename=name)


@enforces(POLICY, "export")
@login_required
@require_safe
def catalogue_export(request: HttpRequest) -> FileResponse:
    """The catalogue as the search shows it (same filters), as Excel or CSV (?format=csv)."""
    POLICY.require(request.user, "export")
    items = selectors.catalogue_search(request.user, **_search_form(request).filters())
    content, name = exports.export_catalogue(items, request.GET.get("format", "xlsx"))
    return FileResponse(content, as_attachment=True, filename=name)

"""Pages of the two result lists (特色亮点清单, 制度完善清单): the list with its filters, one item with its links and
audit trail, adding and changing an item. Thin: a form in, the action, a template out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.audit.models import AuditEvent
from lvzhi.audit.views import event_rows
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import actions, selectors
from .formats import KINDS
from .forms import LIST_FORMS
from .policy import POLICY


def _kind(kind: str) -> Any:
    if kind not in actions.LIST_MODELS:
        raise Http404
    return actions.LIST_MODELS[kind]


@login_required
@require_GET
@enforces(POLICY, "view")
def list_page(request: HttpRequest, kind: str) -> HttpResponse:
    _kind(kind)
    POLICY.require(request.user, "view")
    items = selectors.list_items(request.user, kind, request.GET)
    return render(request, "findings/lists.html", {
        "kind": kind, "title": KINDS[kind].label, "items": items[:500], "counts": selectors.list_counts(items, kind),
        "can": POLICY.allowed_actions(request.user, None, ("manage_lists", "import", "export")),
        "active": kind,
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "view")
def item_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = _kind(kind)
    item = get_for(request.user, model.objects.select_related("unit", "campaign", "finding"), "view", pk=pk)
    trail = AuditEvent.objects.for_object(item).order_by("at", "id")
    return render(request, "findings/list_item.html", {
        "kind": kind, "item": item, "list_title": KINDS[kind].label, "trail": event_rows(trail),
        "can_edit": POLICY.allowed(request.user, "manage_lists", item),
    })  # fmt: skip


def _save(request: HttpRequest, kind: str, item: Any = None) -> HttpResponse:
    form_class = LIST_FORMS[kind]
    if item is not None:
        initial = {name: getattr(item, name) for name in form_class.base_fields}
    else:
        initial = {k: request.GET.get(k) for k in ("unit", "campaign", "finding") if request.GET.get(k)}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.save_list_item(kind, item, actor=request.user, **form.cleaned_data)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("findings:list_item", kind=kind, pk=item.pk)
    title = _("修改%(list)s") if item is not None else _("登记%(list)s")
    return render(request, "findings/form.html", {
        "form": form, "title": title % {"list": KINDS[kind].label},
        "back": reverse("findings:list", args=[kind]),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_lists")
def create_item(request: HttpRequest, kind: str) -> HttpResponse:
    _kind(kind)
    POLICY.require(request.user, "manage_lists")
    return _save(request, kind)


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_lists")
def edit_item(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_for(request.user, _kind(kind).objects.all(), "manage_lists", pk=pk)
    return _save(request, kind, item)

"""Pages of 一表一图一规范一机制: a unit's sections, one section's four parts (with its norms' uploads), and the
missing parts per section and unit. Thin: form in, action or selector, template out; lookups through get_for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import InternalBody, Unit

from . import norms, sections, selectors
from .forms import NormForm, RegionForm
from .models import WorkNorm
from .policy import POLICY


def _body(request: HttpRequest, pk: int, action: str = "view") -> InternalBody:
    body: InternalBody = get_for(
        request.user, InternalBody.objects.select_related("unit"), action, policy=POLICY, pk=pk
    )
    return body


@enforces(POLICY, "view")
@login_required
@require_safe
def unit_sections(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit: Unit = get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
    parts = sections.sections_of(Unit.objects.filter(pk=unit.pk))
    loose = selectors.workflows_of(request.user, unit).filter(internal_body__isnull=True)
    context = {
        "unit": unit,
        "parts": parts,
        "loose": loose,
        "labels": sections.PARTS,
        "can_create": POLICY.allowed(request.user, "create", unit),
    }
    return render(request, "workflows/unit_sections.html", context)


@enforces(POLICY, "view")
@login_required
@require_safe
def section_page(request: HttpRequest, body_id: int) -> HttpResponse:
    body = _body(request, body_id)
    part = sections.sections_of(
        Unit.objects.filter(pk=body.unit_id), InternalBody.objects.filter(pk=body.pk)
    )[0]
    context = {
        "unit": body.unit,
        "body": body,
        "part": part,
        "roles": {item.pk: sections.role_in(item, body) for item in part.boundaries},
        "norm_form": NormForm(),
        "can_norms": POLICY.allowed(request.user, "edit_norms", body),
        "can_create": POLICY.allowed(request.user, "create", body.unit),
    }
    return render(request, "workflows/section.html", context)


@enforces(POLICY, "edit_norms")
@login_required
@require_POST
def norm_add(request: HttpRequest, body_id: int) -> HttpResponse:
    body = _body(request, body_id, "edit_norms")
    form = NormForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Invalid(_("请填写规范名称。"), field="title")
    data = form.cleaned_data
    norms.add_norm(
        body,
        title=data["title"],
        document_number=data["document_number"],
        issued_on=data["issued_on"],
        upload=data["file"],
        actor=request.user,
    )
    messages.success(request, _("已添加工作规范。"))
    return redirect("workflows:section", body.pk)


@enforces(POLICY, "edit_norms")
@login_required
@require_POST
def norm_delete(request: HttpRequest, pk: int) -> HttpResponse:
    norm: WorkNorm = get_for(request.user, WorkNorm.objects.all(), "edit_norms", pk=pk)
    body_id = norm.internal_body_id
    norms.delete_norm(norm, actor=request.user)
    messages.success(request, _("已删除工作规范。"))
    return redirect("workflows:section", body_id)


@enforces(POLICY, "view_region")
@login_required
@require_safe
def missing_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_region")
    form = RegionForm(request.GET)
    region = form.cleaned_data["region"] if form.is_valid() else None
    rows, total = sections.missing_by_unit(selectors.region_units(request.user, region))
    context = {"form": form, "rows": rows, "total": total, "labels": sections.PARTS, "region": region}
    return render(request, "workflows/missing.html", context)

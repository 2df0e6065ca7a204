"""Pages of the duties room: the units' lists and decomposition, coverage, claims. Thin: form in, selector or
action, template out; lookups through get_for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import selectors
from .forms import AsOfForm, RegionForm
from .models import ClaimStatus, ListKind
from .policy import POLICY


def _unit(request: HttpRequest, pk: int, action: str = "view") -> Unit:
    unit: Unit = get_for(request.user, Unit.objects.select_related("region"), action, policy=POLICY, pk=pk)
    return unit


@enforces(POLICY, "view")
@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    units = selectors.visible_units(request.user).order_by("region__path", "order", "code")
    figures = selectors.coverage(units, detail_limit=0)
    by_unit = {row.unit_id: row for row in figures.units}
    rows = [(unit, by_unit[unit.pk]) for unit in units]
    context = {
        "rows": rows,
        "coverage": figures,
        "can": POLICY.allowed_actions(
            request.user, None, ["view_region", "review_overlaps", "issue_notice", "import", "feed_scores"]
        ),
    }
    return render(request, "duties/index.html", context)


@enforces(POLICY, "view")
@login_required
@require_safe
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    form = AsOfForm(request.GET)
    day = form.day()
    lists = selectors.unit_lists(request.user, unit, day)
    context = {
        "unit": unit,
        "form": form,
        "day": day,
        "power": lists[ListKind.POWER],
        "boundary": lists[ListKind.BOUNDARY],
        "territorial": lists[ListKind.TERRITORIAL],
        "delegation": lists[ListKind.DELEGATION],
        "tree": selectors.decomposition_tree(unit),
        "coverage": selectors.coverage(Unit.objects.filter(pk=unit.pk)),
        "adjustments": selectors.adjustments_of(request.user, unit)[:50],
        "claims": selectors.claims_of(request.user, unit),
        "can": POLICY.allowed_actions(request.user, unit, ["edit_decomposition", "edit_list", "claim"]),
    }
    return render(request, "duties/unit.html", context)


@enforces(POLICY, "view_region")
@login_required
@require_safe
def coverage_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_region")
    form = RegionForm(request.GET)
    region = form.cleaned_data["region"] if form.is_valid() else None
    figures = selectors.coverage(selectors.region_units(request.user, region))
    return render(request, "duties/coverage.html", {"form": form, "coverage": figures, "region": region})


@enforces(POLICY, "view")
@login_required
@require_safe
def claims_page(request: HttpRequest) -> HttpResponse:
    claims = selectors.claims_of(request.user).order_by("status", "deadline", "unit__code")
    context = {
        "claims": claims,
        "pending": ClaimStatus.PENDING,
        "can": POLICY.allowed_actions(request.user, None, ["remind", "issue_notice"]),
    }
    return render(request, "duties/claims.html", context)

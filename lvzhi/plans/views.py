"""The evaluation plans' pages: the list, a plan's years with their units and campaigns, and — for office
administrators — making and changing a plan, a unit's year, and spreading the unplanned units over the years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import actions, selectors
from .forms import PlanForm, PlanUnitForm
from .models import EvaluationPlan
from .policy import POLICY


@enforces(POLICY, "view")
@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    plans = [selectors.overview(plan) for plan in selectors.plans_for(request.user)]
    return render(
        request, "plans/plan_list.html", {"plans": plans, "may_edit": POLICY.allowed(request.user, "edit")}
    )


@enforces(POLICY, "edit")
@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "edit")
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            raise Invalid.from_form(form)
        plan = actions.create_plan(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已制定评估规划「%(name)s」。") % {"name": plan.name})
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@enforces(POLICY, "view")
@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, EvaluationPlan, pk=pk)
    return render(
        request,
        "plans/plan_detail.html",
        {"summary": selectors.overview(plan), "may_edit": POLICY.allowed(request.user, "edit", plan)},
    )


@enforces(POLICY, "edit")
@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, EvaluationPlan, "edit", pk=pk)
    initial = {
        "name": plan.name,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "note": plan.note,
    }
    form = PlanForm(request.POST or None, initial={**initial, "region": plan.region})
    if request.method == "POST":
        if not form.is_valid():
            raise Invalid.from_form(form)
        data = form.cleaned_data
        actions.update_plan(
            plan,
            actor=request.user,
            name=data["name"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            note=data["note"],
        )
        messages.success(request, _("已保存。"))
        return redirect("plans:plan_detail", pk=plan.pk)
    form.fields["region"].disabled = True
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@enforces(POLICY, "edit")
@login_required
@require_POST
def plan_unit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, EvaluationPlan, "edit", pk=pk)
    form = PlanUnitForm(request.POST)
    if not form.is_valid():
        raise Invalid.from_form(form)
    unit = get_for(request.user, plan.units_in_scope(), pk=form.cleaned_data["unit"])
    year = form.cleaned_data["year"]
    if year is None:
        actions.unplan_unit(plan, actor=request.user, unit=unit)
        messages.success(request, _("已取消「%(unit)s」的评估安排。") % {"unit": unit})
    else:
        actions.plan_unit(plan, actor=request.user, unit=unit, year=year)
        messages.success(request, _("「%(unit)s」安排在 %(year)s 年评估。") % {"unit": unit, "year": year})
    return redirect("plans:plan_detail", pk=plan.pk)


@enforces(POLICY, "edit")
@login_required
@require_POST
def plan_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, EvaluationPlan, "edit", pk=pk)
    added = actions.distribute(plan, actor=request.user)
    if added:
        summary = "、".join(_("%(year)s年 %(n)s 个") % {"year": y, "n": n} for y, n in added.items())
        messages.success(request, _("已把未安排的单位分配到各年度:%(summary)s。") % {"summary": summary})
    else:
        messages.info(request, _("所有单位都已安排评估年度。"))
    return redirect("plans:plan_detail", pk=plan.pk)

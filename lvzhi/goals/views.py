"""Pages of the goals room: the year's units, a unit's goals, one goal with its tasks, review and progress.
Thin: form in, action or selector, template out; lookups through get_for. Progress, reminders and files:
lvzhi.goals.views_progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for, requires
from lvzhi.registry.models import Unit

from . import actions, deadlines, owners, selectors
from .forms import GoalForm, InternalSchemeForm, ReviewForm, TaskForm, YearForm, goal_initial
from .models import Goal, GoalTask, Status
from .policy import POLICY

GOAL_ACTIONS = ["edit", "submit", "review", "report"]


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _unit(request: HttpRequest, pk: int, action: str = "view") -> Unit:
    unit: Unit = get_for(request.user, Unit.objects.select_related("region"), action, policy=POLICY, pk=pk)
    return unit


def _goal(request: HttpRequest, pk: int, action: str = "view") -> Goal:
    goal: Goal = get_for(request.user, selectors.goals_of(request.user), action, pk=pk)
    return goal


def goal_url(goal: Goal) -> str:
    return reverse("goals:goal", args=[goal.pk])


@login_required
@requires(POLICY, "view")
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    today = timezone.localdate()
    rows = selectors.year_summary(request.user, year, today)
    context = {
        "year": year,
        "years": selectors.years_of(request.user, today),
        "rows": rows,
        "statuses": Status.choices,
        "can": POLICY.allowed_actions(request.user, None, ["remind", "import", "export", "feed_scores"]),
    }
    return render(request, "goals/index.html", context)


@enforces(POLICY, "view")
@login_required
@require_safe
def unit_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = _unit(request, pk)
    today = timezone.localdate()
    periods = deadlines.periods(year)
    goals = selectors.unit_goals(request.user, unit, year)
    rows = [
        (
            goal,
            selectors.quarter_cells(goal, periods, today),
            POLICY.allowed_actions(request.user, goal, GOAL_ACTIONS),
        )
        for goal in goals
    ]
    context = {
        "unit": unit,
        "year": year,
        "rows": rows,
        "periods": periods,
        "can": {
            **POLICY.allowed_actions(request.user, unit, ["file", "export"]),
            **POLICY.allowed_actions(request.user, None, ["import"]),
        },
    }
    return render(request, "goals/unit.html", context)


@enforces(POLICY, "file")
@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = _unit(request, pk, "file")
    form = GoalForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            goal = actions.save_goal(unit, form.goal_fields(year), actor=request.user)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存目标草稿,请分解到内设机构后报送。"))
            return redirect(goal_url(goal))
    title = _("填报%(year)s年度工作目标") % {"year": year}
    back = reverse("goals:unit", args=[unit.pk, year])
    return render(
        request, "goals/form.html", {"unit": unit, "year": year, "form": form, "title": title, "back": back}
    )


@enforces(POLICY, "view")
@login_required
@require_safe
def goal_page(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    goal = (
        selectors.with_detail(Goal.objects.filter(pk=goal.pk))
        .select_related("unit", "internal_body", "person")
        .get()
    )
    can = POLICY.allowed_actions(request.user, goal, GOAL_ACTIONS)
    context = {
        "goal": goal,
        "unit": goal.unit,
        "year": goal.year,
        "cells": selectors.quarter_cells(goal, deadlines.periods(goal.year), timezone.localdate()),
        "can": can,
        "task_form": TaskForm(unit=goal.unit) if can["edit"] else None,
        "review_form": ReviewForm() if can["review"] else None,
    }
    return render(request, "goals/goal.html", context)


@enforces(POLICY, "edit")
@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, "edit")
    form = GoalForm(request.POST or None, unit=goal.unit, initial=goal_initial(goal))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_goal(goal.unit, form.goal_fields(goal.year), goal=goal, actor=request.user)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect(goal_url(goal))
    context = {
        "unit": goal.unit, "year": goal.year, "form": form, "goal": goal,
        "title": _("修改年度工作目标"), "back": goal_url(goal),
    }  # fmt: skip
    return render(request, "goals/form.html", context)


@enforces(POLICY, "edit")
@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, "edit")
    unit_id, year = goal.unit_id, goal.year
    actions.delete_goal(goal, actor=request.user)
    messages.success(request, _("已删除该目标。"))
    return redirect("goals:unit", unit_id, year)


@enforces(POLICY, "submit")
@login_required
@require_POST
def goal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, "submit")
    actions.submit_goal(goal, actor=request.user)
    messages.success(request, _("已报送编办审核。"))
    return redirect(goal_url(goal))


@enforces(POLICY, "review")
@login_required
@require_POST
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, "review")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("请选择审核意见。"), field="decision")
    review = actions.review_goal(
        goal, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"], actor=request.user
    )
    messages.success(
        request, _("已审核通过。") if review.decision == "approve" else _("已退回,单位将收到通知。")
    )
    return redirect("goals:unit", goal.unit_id, goal.year)


@enforces(POLICY, "edit")
@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, "edit")
    form = TaskForm(request.POST, unit=goal.unit)
    if not form.is_valid():
        raise Invalid(_("请选择责任科室并填写工作任务。"), field="text")
    actions.save_task(goal, actor=request.user, **form.cleaned_data)
    messages.success(request, _("已添加分解任务。"))
    return redirect(goal_url(goal))


@enforces(POLICY, "edit")
@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task: Any = get_for(request.user, GoalTask.objects.select_related("goal"), "edit", pk=pk)
    goal = task.goal
    actions.delete_task(task, actor=request.user)
    messages.success(request, _("已删除分解任务。"))
    return redirect(goal_url(goal))


@enforces(POLICY, "view")
@login_required
@require_safe
def plans_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The unit's sections' and people's 目标计划书 scored by an internal scheme's goal indicators."""
    unit = _unit(request, pk)
    versions = owners.internal_versions(request.user)
    form = InternalSchemeForm(request.GET or None, versions=versions)
    version = (form.cleaned_data.get("scheme") if form.is_valid() else None) or versions.first()
    leaves, rows = owners.owner_rows(request.user, version, unit, year) if version else ([], [])
    context = {
        "unit": unit, "year": year, "form": form, "version": version, "leaves": leaves,
        "rows": [(row, [(cell, owners.mean(cell)) for cell in row.cells]) for row in rows],
    }  # fmt: skip
    return render(request, "goals/plans.html", context)

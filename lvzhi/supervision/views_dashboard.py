"""The supervision dashboard (charts by region, category, unit and period), the records behind a figure (paged),
and the office's warnings with the key-supervision list."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.workflows.models import Workflow

from . import actions, selectors, warnings
from . import metrics as M
from .forms import DecisionForm
from .models import KeySupervision, Warning
from .policy import POLICY
from .schema import KIND_LABELS, KINDS, SPECS, column_label


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.Filters:
    g = request.GET
    return selectors.Filters(
        region=g.get("region", ""),
        category=g.get("category", ""),
        unit=g.get("unit", ""),
        start=_date(g.get("start")),
        end=_date(g.get("end")),
    )


TIME_UNIT_LABELS = {"days": "工作日", "hours": "工作小时"}
# Columns the records page shows by name rather than by code.
NAMED_HEADERS = {"unit": "单位", "workflow": "流程"}


def _shown(column: str, value: object, names: dict[str, Any]) -> object:
    """A stored value as office staff read it: a unit, region, category or workflow by its name."""
    if value is None or column not in names:
        return value
    return names[column].get(value, value)


def _month_label(month: object) -> str:
    """ "202601" or 2026-01-01 as 2026年1月."""
    text = str(month).replace("-", "")
    return f"{text[:4]}年{int(text[4:6])}月" if len(text) >= 6 and text[:6].isdigit() else str(month)


@enforces(POLICY, "view")
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    f = _filters(request)
    t = selectors.tables(request.user, f)
    run = M.run
    months = run("records_by_month", t)
    steps = run("step_durations", t)
    for s in steps:
        s["median_hours"] = round(s["median_secs"] / 3600, 1) if s["median_secs"] is not None else None
        s["p90_hours"] = round(s["p90_secs"] / 3600, 1) if s["p90_secs"] is not None else None
        s["overdue_rate"] = (s["overdue"] / s["completed"]) if s["completed"] else 0
    overdue = run("overdue_by_unit", t)
    hotline = run("hotline_by_unit", t)
    names = dict(Unit.objects.values_list("code", "name"))
    flows = dict(Workflow.objects.values_list("code", "name"))
    flow_pks = {(u, c): pk for pk, u, c in Workflow.objects.values_list("pk", "unit__code", "code")}
    bottlenecks = run("bottlenecks", t)
    conformance = run("conformance", t)
    for row in [*steps, *hotline, *bottlenecks, *conformance]:
        row["unit_name"] = names.get(row["unit"], row["unit"])
        flow = str(row.get("workflow") or "")
        row["workflow_name"] = flows.get(flow, flow)
        row["workflow_pk"] = flow_pks.get((row["unit"], flow))
    chart = {
        "months": [_month_label(m["month"]) for m in months],
        "month_keys": [str(m["month"]) for m in months],
        "unit_codes": [o["unit"] for o in overdue],
        "records": [m["records"] for m in months],
        "units": [names.get(o["unit"], o["unit"]) for o in overdue],
        "overdue_rate": [
            round(100 * o["overdue"] / o["finished"], 1) if o["finished"] else 0 for o in overdue
        ],
    }
    return render(
        request,
        "supervision/dashboard.html",
        {
            "f": f,
            "chart": chart,
            "steps": steps,
            "hotline": hotline,
            "names": names,
            "by_unit": run("records_by_unit", t),
            "conformance": conformance,
            "bottlenecks": bottlenecks,
            "regions": Region.objects.order_by("code"),
            "categories": Category.objects.order_by("order", "code"),
            "units": Unit.objects.visible_to(request.user).order_by("code"),
            "query": request.GET.urlencode(),
            "can": POLICY.allowed_actions(request.user, None, ["submit", "view_warnings", "feed_scores"]),
        },
    )


@enforces(POLICY, "view")
@login_required
@require_GET
def records(request: HttpRequest, kind: str) -> HttpResponse:
    POLICY.require(request.user, "view")
    if kind not in KINDS:
        kind = KINDS[0]
    f = _filters(request)
    where = {c: request.GET[c] for c in SPECS[kind].stored.names if c in request.GET and c not in ("unit",)}
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows, total = selectors.records(request.user, kind, f, where, page=page)
    names = {
        "unit": dict(Unit.objects.values_list("code", "name")),
        "region": dict(Region.objects.values_list("code", "name")),
        "category": dict(Category.objects.values_list("code", "name")),
        "workflow": dict(Workflow.objects.values_list("code", "name")),
        "time_unit": TIME_UNIT_LABELS,
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/records.html",
        {
            "kind": kind,
            "columns": [
                NAMED_HEADERS.get(c) or column_label(SPECS[kind], c) for c in SPECS[kind].stored.names[2:]
            ],
            "kind_label": KIND_LABELS[kind],
            "rows": [[_shown(c, r[c], names) for c in SPECS[kind].stored.names[2:]] for r in rows],
            "total": total,
            "page": page,
            "pages": max(1, math.ceil(total / 50)),
            "query": query.urlencode(),
        },
    )


@enforces(POLICY, "view_warnings")
@login_required
@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_warnings")
    return render(
        request,
        "supervision/warnings.html",
        {
            "warnings": Warning.objects.visible_to(request.user).select_related("unit", "finding")[:300],
            "listed": KeySupervision.objects.visible_to(request.user)
            .filter(active=True)
            .select_related("unit"),
            "can_evaluate": POLICY.allowed(request.user, "evaluate"),
            "form": DecisionForm(),
        },
    )


@enforces(POLICY, "evaluate")
@login_required
@require_POST
def evaluate(request: HttpRequest) -> HttpResponse:
    made = warnings.run(request.user)
    messages.success(request, _("生成预警 %(n)s 条。") % {"n": len(made)})
    return redirect("supervision:warnings")


@enforces(POLICY, "confirm", "dismiss")
@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    action = "confirm" if decision == "confirm" else "dismiss"
    warning = get_for(request.user, Warning, action, pk=pk)
    reason = request.POST.get("reason", "")
    try:
        if action == "confirm":
            actions.confirm_warning(warning, actor=request.user, reason=reason)
            messages.success(request, _("已确认预警,并转入问题台账。"))
        else:
            actions.dismiss_warning(warning, actor=request.user, reason=reason)
            messages.success(request, _("已排除预警。"))
    except Invalid as exc:
        messages.error(request, exc.message)
    return redirect("supervision:warnings")

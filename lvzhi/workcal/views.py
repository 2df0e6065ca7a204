"""The working calendar's pages: the years (published or provisional) with a calculator, a year's days with
their versions, and — for office administrators — changing a day and loading a year from a file."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.io.importers.base import ImportRejected

from . import actions, fileload, selectors, service
from .forms import CalculatorForm, DayForm, LoadForm, RemoveDayForm
from .models import CalendarDay, CalendarYear
from .policy import POLICY


@enforces(POLICY, "view")
@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    calc = CalculatorForm(request.GET or None)
    result = None
    if calc.is_bound and calc.is_valid():
        calendar = service.current()
        start, end, n = calc.cleaned_data["start"], calc.cleaned_data["end"], calc.cleaned_data["n"]
        if end is not None:
            answer = calendar.workdays(start, end)
            result = {"kind": "workdays", "start": start, "end": end, "value": answer.value, "answer": answer}
        elif n is not None:
            answer = calendar.add_workdays(start, n)
            result = {"kind": "add", "start": start, "n": n, "value": answer.value, "answer": answer}
    return render(
        request,
        "workcal/index.html",
        {
            "years": selectors.years(request.user),
            "calc": calc,
            "result": result,
            "may_edit": POLICY.allowed(request.user, "edit"),
            "load_form": LoadForm(),
            "office_hours": service.office_hours(),
        },
    )


@enforces(POLICY, "view")
@login_required
@require_GET
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    POLICY.require(request.user, "view")
    record = CalendarYear.objects.visible_to(request.user).filter(year=year).first()
    if record is None and not 1949 <= year <= 2200:
        raise Http404
    days = list(record.days.order_by("date")) if record else []
    revisions = list(record.revisions.select_related("actor")) if record else []
    return render(
        request,
        "workcal/year.html",
        {
            "year": year,
            "record": record,
            "days": days,
            "revisions": revisions,
            "may_edit": POLICY.allowed(request.user, "edit"),
            "form": DayForm(initial={"date": dt.date(year, 1, 1)}),
        },
    )


@enforces(POLICY, "edit")
@login_required
@require_POST
def day_set(request: HttpRequest, year: int) -> HttpResponse:
    POLICY.require(request.user, "edit")
    form = DayForm(request.POST)
    if not form.is_valid():
        raise Invalid.from_form(form)
    data = form.cleaned_data
    if data["date"].year != year:
        raise Invalid(_("日期须在 %(year)s 年内。") % {"year": year}, field="date")
    actions.set_day(data["date"], data["kind"], data["note"], actor=request.user, reason=data["reason"])
    messages.success(request, _("已保存 %(date)s。") % {"date": data["date"].isoformat()})
    return redirect("workcal:year", year=year)


@enforces(POLICY, "edit")
@login_required
@require_POST
def day_remove(request: HttpRequest, year: int, date: str) -> HttpResponse:
    POLICY.require(request.user, "edit")
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404 from exc
    get_for(request.user, CalendarDay.objects.all(), "edit", policy=POLICY, date=day, year__year=year)
    form = RemoveDayForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if not reason:
        raise Invalid(_("请填写删除原因。"), field="reason")
    actions.remove_day(day, actor=request.user, reason=reason)
    messages.success(request, _("已删除 %(date)s。") % {"date": date})
    return redirect("workcal:year", year=year)


@enforces(POLICY, "edit")
@login_required
@require_POST
def load(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "edit")
    form = LoadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise Invalid(_("请选择要导入的文件。"), field="file")
    try:
        done = fileload.load_upload(
            form.cleaned_data["file"], actor=request.user, note=form.cleaned_data["note"]
        )
    except ImportRejected as exc:  # every row and column named, nothing stored
        messages.error(request, exc.message)
        for error in exc.errors[:20]:
            messages.error(request, str(error))
        return redirect("workcal:index")
    summary = "、".join(_("%(year)s 年 %(n)s 天") % {"year": y, "n": n} for y, n in done.items())
    messages.success(request, _("已导入:%(summary)s。") % {"summary": summary})
    return redirect("workcal:index")

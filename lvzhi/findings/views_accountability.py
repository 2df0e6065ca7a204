"""Pages of accountability (问责): the catalogue by area with its cases, a situation or a case added or changed,
the model catalogue loaded, a campaign's deduction indicators fed from the cases. Thin: form, action, template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import actions, feed
from .forms import CaseForm, FeedForm, SituationForm
from .models import AccountabilityArea, AccountabilityCase, Situation
from .policy import POLICY


@login_required
@require_GET
@enforces(POLICY, "view")
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    cases = AccountabilityCase.objects.visible_to(request.user).select_related(
        "situation__area", "unit", "post", "person", "finding")  # fmt: skip
    return render(request, "findings/accountability.html", {
        "areas": AccountabilityArea.objects.prefetch_related("situations"), "cases": cases[:500],
        "can": POLICY.allowed_actions(request.user, None, ("manage_accountability", "feed_deductions")),
        "feed_form": FeedForm(), "active": "accountability",
    })  # fmt: skip


def _form_page(request: HttpRequest, form: Any, title: str, save: Any) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("findings:accountability")
    return render(request, "findings/form.html", {
        "form": form, "title": title, "back": reverse("findings:accountability"),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_accountability")
def situation_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    POLICY.require(request.user, "manage_accountability")
    item = get_object_or_404(Situation, pk=pk) if pk else None
    initial = {n: getattr(item, n) for n in SituationForm.base_fields} if item else {}
    form = SituationForm(request.POST or None, initial=initial)
    return _form_page(
        request, form, _("问责情形"), lambda d: actions.save_situation(item, actor=request.user, **d)
    )


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_accountability")
def case_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    POLICY.require(request.user, "manage_accountability")
    item = (
        get_for(request.user, AccountabilityCase.objects.all(), "manage_accountability", pk=pk)
        if pk
        else None
    )
    initial = (
        {n: getattr(item, n) for n in CaseForm.base_fields} if item else {"unit": request.GET.get("unit")}
    )
    form = CaseForm(request.POST or None, initial=initial)
    return _form_page(
        request, form, _("问责案件"), lambda d: actions.record_case(item, actor=request.user, **d)
    )


@login_required
@require_POST
@enforces(POLICY, "manage_accountability")
def seed(request: HttpRequest) -> HttpResponse:
    added = actions.seed_catalogue(actor=request.user)
    messages.success(request, _("已载入示范问责情形%(n)s条。") % {"n": added})
    return redirect("findings:accountability")


@login_required
@require_POST
@enforces(POLICY, "feed_deductions")
def feed_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "feed_deductions")
    form = FeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择评估活动。"))
        return redirect("findings:accountability")
    try:
        batch = feed.feed_scores(form.cleaned_data["campaign"], actor=request.user)
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已将问责案件计入评估指标(%(n)s项数据)。") % {"n": batch.rows})
    return redirect("findings:accountability")

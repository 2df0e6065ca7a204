"""The ledger's pages: the ledger with its filters and counts, a finding with its rectification steps and audit
trail, a unit's findings (open first), the overdue list, raising a finding or a common one, the categories.
Thin: a form in, an action or a selector, a template out; refusals and bad input are answered by
lvzhi.core.middleware."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.audit.views import event_rows
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, selectors, selectors_use
from .forms import (
    AdjustmentLinkForm,
    CategoryForm,
    CommonForm,
    EditForm,
    EvidenceForm,
    FilterForm,
    IssueForm,
    MeasureForm,
    NoteForm,
    PlanForm,
    RaiseForm,
    ReasonForm,
)
from .models import AccountabilityCase, ExtraCategory, Finding, Measure
from .policy import POLICY

STEPS = (
    "issue",
    "edit",
    "file_plan",
    "submit_evidence",
    "return",
    "verify",
    "close",
    "record_measure",
    "link_adjustment",
)


def _finding(request: HttpRequest, pk: int, action: str = "view") -> Finding:
    return get_for(request.user, Finding.objects.select_related("unit", "campaign", "common", "settled_by"),
                   action, pk=pk)  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "view")
def index(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    form = FilterForm(request.GET or None, categories=actions.categories())
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {**filters, "unit": filters["unit"].pk if filters.get("unit") else None,
               "campaign": request.GET.get("campaign") or None}  # fmt: skip
    findings = selectors.ledger(request.user, filters)
    return render(request, "findings/index.html", {
        "form": form, "findings": findings[:200], "shown": min(findings.count(), 200),
        "counts": selectors.counts(findings), "can": POLICY.allowed_actions(
            request.user, None, ("raise", "import", "export", "remind", "manage_categories")),
        "query": request.GET.urlencode(),
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    can = POLICY.allowed_actions(request.user, finding, STEPS)
    cats = actions.categories()
    return render(request, "findings/detail.html", {
        "f": finding, "can": can, "trail": event_rows(selectors.trail(finding)),
        "evidence": finding.evidence.all(), "measures": finding.measures.all(),
        "issue_form": IssueForm(initial={"deadline": finding.deadline}),
        "plan_form": PlanForm(initial={"plan": finding.plan, "responsible": finding.responsible,
                                       "deadline": finding.deadline}),
        "evidence_form": EvidenceForm(initial={"note": finding.evidence_note}), "reason_form": ReasonForm(),
        "note_form": NoteForm(), "measure_form": MeasureForm(),
        "adjustment_form": AdjustmentLinkForm(finding=finding, initial={"adjustment": finding.settled_by_id})
        if can["link_adjustment"] else None,
        "overdue": finding.is_overdue(), "category_label": dict(cats).get(finding.category, finding.category),
    })  # fmt: skip


def _step(request: HttpRequest, pk: int, action: str, form_class: type, run: Any, done: str) -> HttpResponse:
    finding = _finding(request, pk, action)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "".join(e for errors in form.errors.values() for e in errors))
        return redirect("findings:detail", pk=finding.pk)
    run(finding, form.cleaned_data)
    messages.success(request, done)
    return redirect("findings:detail", pk=finding.pk)


@login_required
@require_POST
@enforces(POLICY, "issue")
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "issue", IssueForm, lambda f, d: actions.issue_finding(
        f, actor=request.user, deadline=d["deadline"]), _("已下发给单位整改。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "file_plan")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "file_plan", PlanForm, lambda f, d: actions.file_plan(
        f, actor=request.user, plan=d["plan"], responsible=d["responsible"], deadline=d["deadline"]),
        _("整改方案已提交。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "submit_evidence")
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit_evidence", EvidenceForm, lambda f, d: actions.submit_evidence(
        f, actor=request.user, note=d["note"], files=d["files"]), _("整改佐证已提交,等待编办核验。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "return")
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "return", ReasonForm, lambda f, d: actions.return_finding(
        f, actor=request.user, reason=d["reason"]), _("已退回单位补充整改。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "verify")
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "verify", NoteForm, lambda f, d: actions.verify_finding(
        f, actor=request.user, note=d["note"]), _("已核验。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "close")
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "close", NoteForm, lambda f, d: actions.close_finding(
        f, actor=request.user, note=d["note"]), _("已销号。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "record_measure")
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "record_measure", MeasureForm, lambda f, d: actions.record_measure(
        actor=request.user, unit=f.unit, finding=f, kind=d["kind"], person=d["person"], taken_on=d["taken_on"],
        document_number=d["document_number"], note=d["note"]), _("督促措施已记录。"))  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "link_adjustment")
def link_adjustment(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk, "link_adjustment")
    form = AdjustmentLinkForm(request.POST, finding=finding)
    if not form.is_valid():
        messages.error(request, Invalid.from_form(form).message)
        return redirect("findings:detail", pk=finding.pk)
    actions.link_adjustment(finding, actor=request.user, adjustment=form.cleaned_data["adjustment"])
    messages.success(request, _("已关联清单调整。") if form.cleaned_data["adjustment"] else _("已取消关联。"))
    return redirect("findings:detail", pk=finding.pk)


@login_required
@require_POST
@enforces(POLICY, "complete_measure")
def measure_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for(request.user, Measure.objects.all(), "complete_measure", pk=pk)
    try:
        actions.complete_measure(item, actor=request.user, note=request.POST.get("note", ""))
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("措施已办结。"))
    if request.POST.get("next") == "consequences":
        return redirect("findings:consequences")
    return redirect("findings:detail", pk=item.finding_id) if item.finding_id else redirect(
        "findings:unit", pk=item.unit_id)  # fmt: skip


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    names = ("title", "category", "severity", "description", "root_cause", "indicator_code", "deduction",
             "immediate", "deadline", "responsible")  # fmt: skip
    return {n: data[n] for n in names if n in data}


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "edit")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk, "edit")
    initial = {n: getattr(finding, n) for n in _fields(dict.fromkeys(EditForm.base_fields, 1))}
    form = EditForm(request.POST or None, initial=initial, categories=actions.categories())
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_finding(finding, actor=request.user, **_fields(form.cleaned_data))
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("问题已修改。"))
            return redirect("findings:detail", pk=finding.pk)
    return render(
        request,
        "findings/form.html",
        {"form": form, "title": _("修改问题"), "back": finding.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "raise")
def create(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "raise")
    form = RaiseForm(request.POST or None, categories=actions.categories(),
                     initial={"unit": request.GET.get("unit")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = actions.raise_finding(actor=request.user, unit=data["unit"], source=data["source"],
                                            **_fields(data))  # fmt: skip
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("问题已登记并下发给单位。"))
            return redirect("findings:detail", pk=finding.pk)
    return render(
        request, "findings/form.html", {"form": form, "title": _("登记问题"), "back": _ledger_url()}
    )


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "raise")
def create_common(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "raise")
    form = CommonForm(request.POST or None, categories=actions.categories())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            common = actions.raise_common_finding(actor=request.user, units=list(data["units"]),
                                                  source=data["source"], **_fields(data))  # fmt: skip
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("共性问题已下发给%(n)s个单位,各单位分别整改、逐一销号。")
                             % {"n": common.findings.count()})  # fmt: skip
            return redirect(f"{_ledger_url()}?common=1")
    return render(
        request, "findings/form.html", {"form": form, "title": _("下发共性问题"), "back": _ledger_url()}
    )


def _ledger_url() -> str:
    from django.urls import reverse

    return reverse("findings:index")


@login_required
@require_GET
@enforces(POLICY, "view")
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    POLICY.require(request.user, "view")
    unit = get_for(request.user, Unit, pk=pk)
    findings = selectors.unit_findings(request.user, unit)
    return render(request, "findings/unit.html", {
        "unit": unit, "findings": findings, "counts": selectors.counts(findings),
        "measures": Measure.objects.visible_to(request.user).filter(unit=unit).select_related("finding"),
        "can_complete": POLICY.allowed(request.user, "complete_measure"),
        "highlights": selectors.list_items(request.user, "highlights", {"unit": unit.pk}),
        "institutions": selectors.list_items(request.user, "institutions", {"unit": unit.pk}),
        "cases": AccountabilityCase.objects.visible_to(request.user).filter(unit=unit).select_related("situation"),
        "recommendations": selectors_use.recommendations(request.user, {"unit": unit.pk}),
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "view")
def overdue_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view")
    return render(request, "findings/overdue.html", {
        "findings": selectors.overdue(request.user), "can_remind": POLICY.allowed(request.user, "remind"),
    })  # fmt: skip


@login_required
@require_POST
@enforces(POLICY, "remind")
def remind(request: HttpRequest) -> HttpResponse:
    count = actions.remind_overdue(actor=request.user)
    messages.success(request, _("已向%(n)s个逾期问题的单位发出催办提醒。") % {"n": count})
    return redirect("findings:overdue")


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "manage_categories")
def categories_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "manage_categories")
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_category(actor=request.user, name=form.cleaned_data["name"],
                                  order=form.cleaned_data["order"] or 0)  # fmt: skip
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("问题类别已添加。"))
            return redirect("findings:categories")
    return render(request, "findings/categories.html", {
        "form": form, "builtin": Finding.Category.choices, "extra": ExtraCategory.objects.all(),
    })  # fmt: skip

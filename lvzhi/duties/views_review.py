"""Pages for reading across the lists and reviewing them: a post's and a person's duties, the difference between
two dates, the statistics table, exports, and the overlap review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Person, Post, Unit

from . import exports, history, selectors
from .actions import overlaps as review
from .forms import DecisionForm, DifferenceForm, PeriodForm, ScanForm, SettleForm
from .models import VERSIONED_MODELS, ListKind, OverlapCandidate, PowerItem
from .policy import POLICY


@enforces(POLICY, "view")
@login_required
@require_safe
def post_page(request: HttpRequest, post_id: int) -> HttpResponse:
    """岗位说明书: the post's tasks (with the internal-body duty and 三定 clause behind each) and power items."""
    post = get_for(
        request.user, Post.objects.select_related("unit", "internal_body"), "view", policy=POLICY, pk=post_id
    )
    tasks = post.duty_tasks.select_related("body_duty__internal_body", "body_duty__main_duty").order_by(
        "body_duty", "seq"
    )
    items = PowerItem.objects.current().filter(posts=post).order_by("code")
    persons = post.persons.filter(is_active=True)
    return render(
        request,
        "duties/post.html",
        {"post": post, "unit": post.unit, "tasks": tasks, "items": items, "persons": persons},
    )


@enforces(POLICY, "view")
@login_required
@require_safe
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_for(
        request.user, Person.objects.select_related("unit", "post"), "view", policy=POLICY, pk=person_id
    )
    post = person.post
    tasks = (
        post.duty_tasks.select_related("body_duty__internal_body").order_by("body_duty", "seq")
        if post
        else []
    )
    items = PowerItem.objects.current().filter(posts=post).order_by("code") if post else []
    return render(
        request,
        "duties/person.html",
        {"person": person, "post": post, "unit": person.unit, "tasks": tasks, "items": items},
    )


@enforces(POLICY, "view")
@login_required
@require_safe
def difference_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=pk)
    form = DifferenceForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or ListKind.POWER
    end = data.get("end") or timezone.localdate()
    start = data.get("start") or end.replace(month=1, day=1)
    queryset = VERSIONED_MODELS[ListKind(kind)].objects.visible_to(request.user)  # type: ignore[attr-defined]
    queryset = (
        queryset.filter(Q(unit=unit) | Q(cooperating_units=unit)).distinct()
        if kind == "boundary"
        else (queryset.filter(unit=unit))
    )
    diff = history.difference(queryset, kind, start, end)
    return render(
        request,
        "duties/difference.html",
        {"unit": unit, "form": form, "diff": diff, "kind_label": ListKind(kind).label},
    )


@enforces(POLICY, "view_region")
@login_required
@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "view_region")
    form = PeriodForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or timezone.localdate()
    start = data.get("start") or end.replace(month=1, day=1)
    rows = history.statistics(selectors.region_units(request.user, data.get("region")), start, end)
    return render(request, "duties/statistics.html", {"form": form, "rows": rows, "start": start, "end": end})


@enforces(POLICY, "export")
@login_required
@require_safe
def export_page(request: HttpRequest, kind: str) -> FileResponse:
    units = Unit.objects.visible_to(request.user)
    unit_id = request.GET.get("unit")
    if unit_id:
        units = units.filter(
            pk=get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=unit_id).pk
        )
    form = DifferenceForm(request.GET)
    day = (form.cleaned_data.get("end") if form.is_valid() else None) or timezone.localdate()
    content, name = exports.export(kind, request.user, units, day)
    return FileResponse(content, as_attachment=True, filename=name)


@enforces(POLICY, "view")
@login_required
@require_safe
def overlaps_page(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", OverlapCandidate.Status.PENDING)
    rows = OverlapCandidate.objects.visible_to(request.user).select_related("unit_a", "unit_b", "finding")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-score", "id"), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": OverlapCandidate.Status.choices,
        "scan_form": ScanForm(),
        "settle_form": SettleForm(user=request.user),
        "can_review": POLICY.allowed(request.user, "review_overlaps"),
        "gaps": selectors.gaps(request.user),
    }
    return render(request, "duties/overlaps.html", context)


@enforces(POLICY, "review_overlaps")
@login_required
@require_POST
def overlaps_scan(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "review_overlaps")
    form = ScanForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("请选择区划。"), field="region")
    stats = review.scan_overlaps(form.cleaned_data["region"], actor=request.user)
    messages.success(
        request,
        _("已扫描 %(n)s 条职责,疑似交叉 %(p)s 对,新增线索 %(new)s 条。")
        % {"n": stats.texts, "p": stats.pairs, "new": stats.notes[-1] if stats.notes else 0},
    )
    return redirect("duties:overlaps")


@enforces(POLICY, "review_overlaps")
@login_required
@require_POST
def overlap_decide(request: HttpRequest, candidate_id: int, decision: str) -> HttpResponse:
    candidate = get_for(request.user, OverlapCandidate.objects.all(), "review_overlaps", pk=candidate_id)
    decision_form = DecisionForm(request.POST)
    note = decision_form.cleaned_data["note"] if decision_form.is_valid() else ""
    if decision == "confirm":
        review.confirm_overlap(candidate, note=note, actor=request.user)
        messages.success(request, _("已确认为职责交叉,记入问题台账。"))
    elif decision == "dismiss":
        review.dismiss_overlap(candidate, note=note, actor=request.user)
        messages.success(request, _("已排除,以后扫描不再列出。"))
    else:
        form = SettleForm(request.POST, user=request.user)
        if not form.is_valid():
            raise Invalid(_("请选择职责边界清单事项。"), field="boundary_item")
        review.settle_overlap(candidate, form.cleaned_data["boundary_item"], actor=request.user)
        messages.success(request, _("已以职责边界清单事项化解。"))
    return redirect("duties:overlaps")

"""Pages of the workflows room: the list, a workflow with its versions and diagram, the step editor, the
comparison of two versions, the image downloads. Thin: form in, action or selector, template out; lookups
through get_for."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, charts, checks, selectors
from .diagram import layout, to_svg
from .forms import (
    AdoptForm,
    ConfirmForm,
    RegionForm,
    ReturnForm,
    ScheduleForm,
    StepForm,
    VersionForm,
    WorkflowForm,
)
from .images import png_response
from .models import Step, Workflow, WorkflowVersion
from .policy import POLICY

VERSION_ACTIONS = ["edit", "submit", "adopt", "return", "create"]


def _workflow(request: HttpRequest, pk: int, action: str = "view") -> Workflow:
    workflow: Workflow = get_for(
        request.user, Workflow.objects.select_related("unit", "internal_body"), action, pk=pk
    )
    return workflow


def _version(request: HttpRequest, pk: int, action: str = "view") -> WorkflowVersion:
    version: WorkflowVersion = get_for(
        request.user, WorkflowVersion.objects.select_related("workflow__unit"), action, pk=pk
    )
    return version


def _step(request: HttpRequest, pk: int, action: str = "view") -> Step:
    step: Step = get_for(request.user, Step.objects.select_related("version__workflow__unit"), action, pk=pk)
    return step


@enforces(POLICY, "view")
@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    workflows = (
        selectors.workflows_of(request.user)
        .prefetch_related("versions")
        .order_by("unit__region__path", "unit__order", "unit__code", "code")
    )
    units = Unit.objects.none()
    if POLICY.allowed(request.user, "create"):
        units = Unit.objects.visible_to(request.user).filter(is_active=True).order_by("code")
        if POLICY.own_unit_only(request.user, "create"):
            units = units.filter(pk=request.user.unit_id)
    context = {
        "workflows": workflows,
        "creatable_units": units[:200],
        "can": POLICY.allowed_actions(request.user, None, ["view_region", "import", "export"]),
    }
    return render(request, "workflows/index.html", context)


@enforces(POLICY, "view")
@login_required
@require_safe
def workflow_page(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = _workflow(request, pk)
    versions = list(workflow.versions.order_by("number"))
    if not versions:
        raise Http404
    chosen = request.GET.get("v")
    version = next((v for v in versions if str(v.number) == chosen), None)
    if version is None:
        version = selectors.open_version(workflow) or selectors.current_version(workflow) or versions[-1]
    tree = selectors.step_tree(version)
    chart, figures = charts.chart_of(version, tree)
    schedule_form = ScheduleForm(request.GET)
    start = schedule_form.day()
    previous = next((v for v in reversed(versions) if v.number < version.number), None)
    context = {
        "workflow": workflow,
        "unit": workflow.unit,
        "versions": versions,
        "version": version,
        "previous": previous,
        "tree": tree,
        "figures": figures,
        "svg": mark_safe(to_svg(layout(chart), standalone=False)),  # noqa: S308 - every text is escaped
        "schedule": charts.schedule(tree, start),
        "schedule_caption": charts.schedule_caption(start),
        "schedule_form": schedule_form,
        "can": POLICY.allowed_actions(request.user, version, VERSION_ACTIONS),
        "can_create": POLICY.allowed(request.user, "create", workflow),
        "open_version": selectors.open_version(workflow),
        "version_form": VersionForm(),
        "adopt_form": AdoptForm(),
        "return_form": ReturnForm(),
        "step_form": StepForm(version=version),
    }
    return render(request, "workflows/workflow.html", context)


@enforces(POLICY, "view")
@login_required
@require_safe
def version_image(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The diagram of a version as an SVG or PNG file."""
    version = _version(request, pk)
    drawing = charts.layout_of(version)
    name = file_name(
        version.workflow.unit.name,
        version.workflow.name,
        _("流程图(第%(n)s版)") % {"n": version.number},
        suffix=fmt,
    )
    if fmt == "svg":
        return attach(HttpResponse(to_svg(drawing), content_type="image/svg+xml; charset=utf-8"), name)
    if fmt == "png":
        return attach(png_response(drawing), name)
    raise Http404


@enforces(POLICY, "view")
@login_required
@require_safe
def compare_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side: what the later one cut (减环节、减程序、减材料、减时限)."""
    workflow = _workflow(request, pk)
    versions = {v.number: v for v in workflow.versions.order_by("number")}
    numbers = sorted(versions)
    try:
        new_n = int(request.GET.get("b") or numbers[-1])
        old_n = int(request.GET.get("a") or max([n for n in numbers if n < new_n], default=new_n))
    except (ValueError, IndexError) as exc:
        raise Http404 from exc
    if old_n not in versions or new_n not in versions:
        raise Http404
    old, new = versions[old_n], versions[new_n]
    comparison = selectors.compare(old, new)
    old_chart, _f = charts.chart_of(
        old, marked={*comparison.removed_steps, *comparison.removed_subs}, mark="removed"
    )
    new_chart, _g = charts.chart_of(
        new, marked={*comparison.added_steps, *comparison.added_subs}, mark="added"
    )
    context = {
        "workflow": workflow,
        "unit": workflow.unit,
        "old": old,
        "new": new,
        "numbers": numbers,
        "comparison": comparison,
        "old_svg": mark_safe(to_svg(layout(old_chart), standalone=False, ident="old")),  # noqa: S308 - escaped
        "new_svg": mark_safe(to_svg(layout(new_chart), standalone=False, ident="new")),  # noqa: S308 - escaped
    }
    return render(request, "workflows/compare.html", context)


@enforces(POLICY, "create")
@login_required
@require_safe
def workflow_pick(request: HttpRequest) -> HttpResponse:
    """The unit picked on the list → its new-workflow form."""
    POLICY.require(request.user, "create")
    try:
        unit_id = int(request.GET.get("unit", ""))
    except ValueError:
        messages.error(request, _("请选择单位。"))
        return redirect("workflows:index")
    unit: Unit = get_for(request.user, Unit.objects.all(), "create", policy=POLICY, pk=unit_id)
    return redirect("workflows:workflow_new", unit.pk)


@enforces(POLICY, "create")
@login_required
@require_http_methods(["GET", "POST"])
def workflow_new(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit: Unit = get_for(request.user, Unit.objects.all(), "create", policy=POLICY, pk=unit_id)
    form = WorkflowForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow = actions.create_workflow(
                unit,
                code=data["code"],
                name=data["name"],
                subject_kind=data["subject_kind"],
                power_item_key=data["power_item"] or "",
                task=data["task"],
                internal_body=data["internal_body"],
                note=data["note"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已新建流程图,请添加环节。"))
            return redirect("workflows:workflow", workflow.pk)
    return render(request, "workflows/form.html", {"form": form, "unit": unit, "title": _("新建流程图")})


@enforces(POLICY, "create")
@login_required
@require_POST
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = _workflow(request, pk, "create")
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("请填写修订说明。"), field="reason")
    version = actions.new_version(workflow, reason=form.cleaned_data["reason"], actor=request.user)
    messages.success(
        request,
        _("已新建第%(n)s版草稿(复制自现行版本),可在此减环节、减材料、减时限。") % {"n": version.number},
    )
    return redirect(f"{workflow_url(workflow)}?v={version.number}")


def workflow_url(workflow: Workflow) -> str:
    from django.urls import reverse

    return reverse("workflows:workflow", args=[workflow.pk])


def _back(version: WorkflowVersion) -> HttpResponse:
    return redirect(f"{workflow_url(version.workflow)}?v={version.number}")


@enforces(POLICY, "edit")
@login_required
@require_http_methods(["GET", "POST"])
def step_new(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "edit")
    return _step_form(request, version, None)


@enforces(POLICY, "edit")
@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk, "edit")
    return _step_form(request, step.version, step)


def _step_form(request: HttpRequest, version: WorkflowVersion, step: Step | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if step is not None:
        initial = {
            "name": step.name, "parent": step.parent_id, "post": step.post_id, "responsible": step.responsible,
            "time_limit": step.time_limit, "time_unit": step.time_unit, "limit_basis": step.limit_basis,
            "materials": step.materials, "sign_off": step.sign_off, "description": step.description,
        }  # fmt: skip
    form = StepForm(request.POST or None, version=version, step=step, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_step(
                version,
                step=step,
                name=data["name"],
                parent=data["parent"],
                post=data["post"],
                responsible=data["responsible"],
                time_limit=data["time_limit"],
                time_unit=data["time_unit"],
                limit_basis=data["limit_basis"],
                materials=data["materials"],
                sign_off=data["sign_off"],
                description=data["description"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已保存环节。"))
            return _back(version)
    title = _("修改环节") if step is not None else _("添加环节")
    context = {"form": form, "unit": version.workflow.unit, "workflow": version.workflow, "title": title}
    return render(request, "workflows/form.html", context)


@enforces(POLICY, "edit")
@login_required
@require_POST
def step_delete(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk, "edit")
    version = step.version
    actions.delete_step(step, actor=request.user)
    messages.success(request, _("已删除环节。"))
    return _back(version)


@enforces(POLICY, "edit")
@login_required
@require_POST
def step_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    step = _step(request, pk, "edit")
    if direction not in {"up", "down"}:
        raise Http404
    actions.move_step(step, up=direction == "up", actor=request.user)
    return _back(step.version)


@enforces(POLICY, "edit")
@login_required
@require_POST
def version_delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "edit")
    workflow = actions.delete_draft(version, actor=request.user)
    messages.success(request, _("已删除草稿。"))
    return redirect("workflows:workflow", workflow.pk) if workflow else redirect("workflows:index")


@enforces(POLICY, "submit")
@login_required
@require_POST
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "submit")
    ConfirmForm(request.POST).is_valid()
    actions.submit(version, actor=request.user)
    messages.success(request, _("已报送编办审定。"))
    return _back(version)


@enforces(POLICY, "adopt")
@login_required
@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "adopt")
    form = AdoptForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("启用日期无法识别。"), field="valid_from")
    actions.adopt(version, valid_from=form.day(), actor=request.user)
    messages.success(request, _("已审定启用第%(n)s版。") % {"n": version.number})
    return _back(version)


@enforces(POLICY, "return")
@login_required
@require_POST
def version_return(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "return")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("请填写退回原因。"), field="reason")
    actions.return_version(version, reason=form.cleaned_data["reason"], actor=request.user)
    messages.success(request, _("已退回单位修改。"))
    return _back(version)


@enforces(POLICY, "view_region")
@login_required
@require_safe
def checks_page(request: HttpRequest) -> HttpResponse:
    """Sign-off levels and what the redesigns cut, per unit of a region."""
    POLICY.require(request.user, "view_region")
    form = RegionForm(request.GET)
    region = form.cleaned_data["region"] if form.is_valid() else None
    figures = checks.unit_checks(request.user, selectors.region_units(request.user, region))
    return render(request, "workflows/checks.html", {"form": form, "checks": figures, "region": region})

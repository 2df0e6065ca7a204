"""Pages that change the room: the decomposition tree, imports, notices and claims. Thin: form in, action,
redirect; errors are the actions' (an `Invalid` goes back to the form, a `Refused` is the 403 page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, imports, selectors
from .forms import BodyDutyForm, ClaimForm, DeleteForm, ImportForm, NoticeForm, TaskForm
from .models import BodyDuty, NoticeClaim, Task
from .policy import POLICY


def _unit(request: HttpRequest, pk: int, action: str) -> Unit:
    unit: Unit = get_for(request.user, Unit.objects.select_related("region"), action, policy=POLICY, pk=pk)
    return unit


def _tree_url(unit_id: int) -> str:
    return reverse("duties:decomposition", args=[unit_id])


@enforces(POLICY, "edit_decomposition")
@login_required
@require_http_methods(["GET", "POST"])
def decomposition(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree editor: add an internal-body duty, and under each duty its tasks and posts."""
    unit = _unit(request, pk, "edit_decomposition")
    form = BodyDutyForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_body_duty(
                unit,
                internal_body=data["internal_body"],
                main_duty=data["main_duty"],
                text=data["text"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已新增内设机构职责。"))
            return redirect(_tree_url(unit.pk))
    context = {
        "unit": unit,
        "form": form,
        "tree": selectors.decomposition_tree(unit),
        "task_form": TaskForm(unit=unit),
        "coverage": selectors.coverage(Unit.objects.filter(pk=unit.pk)),
    }
    return render(request, "duties/decomposition.html", context)


@enforces(POLICY, "edit_decomposition")
@login_required
@require_http_methods(["GET", "POST"])
def body_duty_edit(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = get_for(request.user, BodyDuty.objects.select_related("unit"), "edit_decomposition", pk=duty_id)
    initial = {"internal_body": duty.internal_body_id, "main_duty": duty.main_duty_id, "text": duty.text}
    form = BodyDutyForm(request.POST or None, unit=duty.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_body_duty(
                duty.unit,
                duty=duty,
                internal_body=data["internal_body"],
                main_duty=data["main_duty"],
                text=data["text"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            return redirect(_tree_url(duty.unit_id))
    return render(
        request,
        "duties/form.html",
        {"unit": duty.unit, "form": form, "title": _("修改内设机构职责"), "back": _tree_url(duty.unit_id)},
    )


@enforces(POLICY, "edit_decomposition")
@login_required
@require_POST
def body_duty_delete(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = get_for(request.user, BodyDuty.objects.all(), "edit_decomposition", pk=duty_id)
    form = DeleteForm(request.POST)
    form.is_valid()
    actions.delete_body_duty(duty, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    messages.success(request, _("已删除该项内设机构职责及其工作任务。"))
    return redirect(_tree_url(duty.unit_id))


@enforces(POLICY, "edit_decomposition")
@login_required
@require_POST
def task_create(request: HttpRequest, duty_id: int) -> HttpResponse:
    duty = get_for(request.user, BodyDuty.objects.select_related("unit"), "edit_decomposition", pk=duty_id)
    form = TaskForm(request.POST, unit=duty.unit)
    if not form.is_valid():
        raise Invalid(_("请填写工作任务。"), field="text")
    actions.save_task(
        duty, text=form.cleaned_data["text"], posts=form.cleaned_data["posts"], actor=request.user
    )
    messages.success(request, _("已新增工作任务。"))
    return redirect(_tree_url(duty.unit_id))


@enforces(POLICY, "edit_decomposition")
@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_for(
        request.user, Task.objects.select_related("unit", "body_duty"), "edit_decomposition", pk=task_id
    )
    form = TaskForm(
        request.POST or None, unit=task.unit, initial={"text": task.text, "posts": list(task.posts.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_task(
                task.body_duty,
                task=task,
                text=form.cleaned_data["text"],
                posts=form.cleaned_data["posts"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            return redirect(_tree_url(task.unit_id))
    return render(
        request,
        "duties/form.html",
        {"unit": task.unit, "form": form, "title": _("修改工作任务及岗位"), "back": _tree_url(task.unit_id)},
    )


@enforces(POLICY, "edit_decomposition")
@login_required
@require_POST
def task_delete(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_for(request.user, Task.objects.all(), "edit_decomposition", pk=task_id)
    actions.delete_task(task, actor=request.user)
    return redirect(_tree_url(task.unit_id))


@enforces(POLICY, "import")
@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "import")
    form = ImportForm(request.POST or None, request.FILES or None)
    result: dict[str, Any] | None = None
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        path = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else None
        import tempfile

        with tempfile.NamedTemporaryFile(suffix="." + upload.name.rsplit(".", 1)[-1]) as tmp:
            if path is None:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
            try:
                if data["kind"] == "decomposition":
                    result = imports.import_decomposition(
                        path or tmp.name, upload.name, actor=request.user, reason=data["reason"]
                    )
                else:
                    change = actions.Change(
                        reason=data["reason"] or _("导入清单"),
                        effective_date=data["effective_date"] or timezone.localdate(),
                        document_number=data["document_number"],
                    )
                    result = imports.import_list(
                        data["kind"],
                        path or tmp.name,
                        upload.name,
                        change=change,
                        actor=request.user,
                        region=data["region"],
                    )
            except Invalid as exc:
                errors = list(getattr(exc, "errors", []))
                form.add_error(None, exc.message)
    return render(request, "duties/import.html", {"form": form, "result": result, "errors": errors[:200]})


@enforces(POLICY, "issue_notice")
@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "issue_notice")
    form = NoticeForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.issue_notice(
                region=data["region"],
                issuer=data["issuer"],
                document_number=data["document_number"],
                title=data["title"],
                summary=data["summary"],
                change_type=data["change_type"],
                deadline=data["deadline"],
                received_on=data["received_on"],
                units=data["units"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已录入上级变更通知,并发给涉及的单位认领。"))
            return redirect("duties:claims")
    return render(
        request,
        "duties/form.html",
        {"form": form, "title": _("录入上级变更通知"), "back": reverse("duties:claims")},
    )


@enforces(POLICY, "claim")
@login_required
@require_http_methods(["GET", "POST"])
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    found = get_for(
        request.user,
        NoticeClaim.objects.select_related("notice", "unit"),
        "claim",
        policy=POLICY,
        pk=claim_id,
    )
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.claim(
                found,
                applies=form.cleaned_data["applies"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已认领。"))
            return redirect("duties:claims")
    return render(
        request,
        "duties/form.html",
        {
            "form": form,
            "unit": found.unit,
            "notice": found.notice,
            "title": _("认领上级变更"),
            "back": reverse("duties:claims"),
        },
    )


@enforces(POLICY, "remind")
@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    count = actions.remind_unclaimed(actor=request.user)
    messages.success(request, _("已提醒 %(n)s 项未认领的变更。") % {"n": count})
    return redirect("duties:claims")

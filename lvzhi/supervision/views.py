"""The supervision pages: quick entry of records (and a file of them), the batches received."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces

from . import actions, files
from .forms import FileForm, RecordForm
from .models import Batch
from .policy import POLICY
from .schema import PERFORMANCE


def _report(request: HttpRequest, batch: Batch) -> None:
    text = _(
        "批次 %(id)s:收到 %(received)s 条,新存 %(accepted)s 条,重复 %(duplicates)s 条,退回 %(refused)s 条。"
    ) % {
        "id": batch.batch_id,
        "received": batch.received,
        "accepted": batch.accepted,
        "duplicates": batch.duplicates,
        "refused": batch.refused,
    }
    for problem in batch.problems[:10]:
        text += " " + _("第%(row)s行:%(reasons)s。") % {
            "row": problem["row"],
            "reasons": ";".join(problem["reasons"]),
        }
    (messages.warning if batch.refused else messages.success)(request, text)


@enforces(POLICY, "submit")
@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "submit")
    record_form = RecordForm(request.POST if request.POST.get("form") == "record" else None)
    file_form = FileForm(request.POST if request.POST.get("form") == "file" else None, request.FILES or None)
    own = getattr(request.user, "unit", None)
    if own is not None and not record_form.is_bound:
        record_form.initial["unit"] = own.code
    try:
        if record_form.is_bound and record_form.is_valid():
            _report(
                request,
                actions.submit_batch(
                    PERFORMANCE,
                    actor=request.user,
                    rows=[record_form.cleaned_data],
                    channel=Batch.Channel.FORM,
                ),
            )
            return redirect("supervision:entry")
        if file_form.is_bound and file_form.is_valid():
            data = file_form.cleaned_data
            _report(
                request,
                files.submit_file(
                    data["kind"],
                    data["file"],
                    actor=request.user,
                    batch_id=data["batch_id"],
                    allow_partial=data["allow_partial"],
                ),
            )
            return redirect("supervision:entry")
    except Invalid as exc:
        exc.add_to_form(file_form if file_form.is_bound else record_form)
    batches = Batch.objects.visible_to(request.user)[:20]
    return render(
        request,
        "supervision/entry.html",
        {"record_form": record_form, "file_form": file_form, "batches": batches},
    )


@enforces(POLICY, "submit")
@login_required
@require_GET
def batches(request: HttpRequest) -> HttpResponse:
    POLICY.require(request.user, "submit")
    return render(
        request, "supervision/batches.html", {"batches": Batch.objects.visible_to(request.user)[:200]}
    )

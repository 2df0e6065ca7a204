"""The goals room's files on pages: import (atomic; row and column errors listed) and export (Excel or CSV, the
import's columns). Thin: form in, import or export, template or file out."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import get_for, requires
from lvzhi.registry.models import Unit

from . import exports, imports, selectors
from .forms import ExportForm, ImportForm
from .policy import POLICY

RESULT_LABELS = {
    "rows": _("行"), "goals": _("目标"), "created": _("新建目标"), "updated": _("修改目标"), "tasks": _("分解任务"),
    "reports": _("季度进展"), "new_reports": _("新报"), "corrected": _("修改"),
}  # fmt: skip
IMPORTERS = {"goals": imports.import_goals, "progress": imports.import_progress}


@login_required
@requires(POLICY, "import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    result: list[tuple[str, int]] = []
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = "." + (upload.name or "x.xlsx").rsplit(".", 1)[-1]
        importer = IMPORTERS[form.cleaned_data["kind"]]
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                counts = importer(
                    tmp.name, upload.name, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except Invalid as exc:
                errors = list(getattr(exc, "errors", []))
                form.add_error(None, exc.message)
            else:
                result = [(str(RESULT_LABELS.get(k, k)), v) for k, v in counts.items()]
    return render(request, "goals/import.html", {"form": form, "result": result, "errors": errors[:200]})


@login_required
@requires(POLICY, "export")
@require_safe
def export_page(request: HttpRequest) -> HttpResponse:
    """The goals the user sees (?unit= one unit's, ?year= one year's); ?kind=progress their quarterly progress;
    ?format=csv a CSV file."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Invalid.from_form(form)
    data = form.cleaned_data
    goals = selectors.goals_of(request.user, "export")
    if data["unit"]:
        unit = get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=data["unit"])
        goals = goals.filter(unit=unit)
    if data["year"]:
        goals = goals.filter(year=data["year"])
    handle, name = exports.export(data["kind"] or "goals", goals, data["format"] or "xlsx")
    return FileResponse(handle, as_attachment=True, filename=name)

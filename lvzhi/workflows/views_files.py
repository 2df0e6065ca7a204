"""The workflows file: import (atomic; row and column errors listed) and export (Excel, the import's columns).
Thin: form in, import or export, template or file out."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for, requires
from lvzhi.registry.models import Unit

from . import exports, imports, selectors
from .forms import ImportForm
from .policy import POLICY

RESULT_LABELS = {
    "rows": _("行"), "workflows": _("流程图"), "created": _("新建流程图"), "new_versions": _("新建版本"),
    "steps": _("环节"),
}  # fmt: skip


@login_required
@requires(POLICY, "import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result: list[tuple[str, int]] = []
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = "." + (upload.name or "x.xlsx").rsplit(".", 1)[-1]
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                counts = imports.import_workflows(
                    tmp.name, upload.name, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except Invalid as exc:
                errors = list(getattr(exc, "errors", []))
                form.add_error(None, exc.message)
            else:
                result = [(str(RESULT_LABELS.get(k, k)), v) for k, v in counts.items()]
    return render(request, "workflows/import.html", {"form": form, "result": result, "errors": errors[:200]})


@enforces(POLICY, "export")
@login_required
@require_safe
def export_page(request: HttpRequest) -> HttpResponse:
    """The workflows the user sees (or one unit's, ?unit=): the version in force, or the draft with ?latest=1."""
    workflows = selectors.workflows_of(request.user)
    if request.GET.get("unit"):
        try:
            unit_id = int(request.GET["unit"])
        except ValueError as exc:
            raise Invalid(str(_("单位无法识别。")), field="unit") from exc
        unit = get_for(request.user, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
        workflows = workflows.filter(unit=unit)
    handle, name = exports.export(workflows, latest=request.GET.get("latest") == "1")
    return FileResponse(handle, as_attachment=True, filename=name)

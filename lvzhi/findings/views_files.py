"""Import and export pages of the ledger and the two result lists: a file in (checked whole, nothing stored when
any row is wrong, the errors listed by row and column), a workbook out in the same layout."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces

from . import exports, imports, imports_cases, selectors
from .formats import KINDS
from .forms import ImportForm
from .models import AccountabilityCase
from .policy import POLICY


def _kind(kind: str) -> Any:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@login_required
@require_http_methods(["GET", "POST"])
@enforces(POLICY, "import")
def import_page(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    POLICY.require(request.user, "import")
    form = ImportForm(request.POST or None, request.FILES or None)
    result: Any = None
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(suffix="." + upload.name.rsplit(".", 1)[-1]) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                if kind == "findings":
                    result = {
                        _("新增问题"): imports.import_findings(tmp.name, upload.name, actor=request.user)
                    }
                elif kind == "cases":
                    result = {
                        _("新增问责案件"): imports_cases.import_cases(
                            tmp.name, upload.name, actor=request.user
                        )
                    }
                else:
                    counts = imports.import_list(kind, tmp.name, upload.name, actor=request.user)
                    result = {_("新增"): counts["created"], _("更新"): counts["updated"]}
            except Invalid as exc:
                errors = list(getattr(exc, "errors", []))
                form.add_error(None, exc.message)
    return render(request, "findings/import.html", {
        "form": form, "result": result, "errors": errors[:200], "spec": spec, "kind": kind,
    })  # fmt: skip


@login_required
@require_GET
@enforces(POLICY, "export")
def export(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    POLICY.require(request.user, "export")
    if kind == "findings":
        filters = {k: request.GET.get(k) for k in ("unit", "category", "campaign", "status", "source")}
        filters["overdue"] = bool(request.GET.get("overdue"))
        queryset: Any = selectors.ledger(request.user, filters)
    elif kind == "cases":
        queryset = AccountabilityCase.objects.visible_to(request.user)
    else:
        queryset = exports.LIST_MODELS[kind].objects.visible_to(request.user)
    response = HttpResponse(exports.workbook(kind, queryset), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(spec.label, suffix="xlsx"))

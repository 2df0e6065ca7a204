"""The checks, 一表一图一规范一机制, work norms, import and export."""

from __future__ import annotations

import tempfile
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import InternalBody, Region, Unit

from .. import checks, exports, imports, norms, sections, selectors
from ..models import WorkNorm
from ..policy import POLICY
from .schemas import (
    WorkflowChecksOut,
    WorkflowImportOut,
    WorkflowMissingOut,
    WorkflowNormOut,
    WorkflowSectionOut,
)
from .serialise import checks_out, missing_out, norm_out, section_out

router = Router()
NO_CONTENT = {204: None, **ERROR_RESPONSES}


def _region(pk: int | None) -> Region | None:
    return Region.objects.filter(pk=pk).first() if pk else None


@router.get(
    "/checks",
    response={200: WorkflowChecksOut, **ERROR_RESPONSES},
    summary=_("签批层级与流程再造核查(按单位、区划)"),
)
@enforces(POLICY, "view_region")
def region_checks(request: Any, region: int | None = None) -> Any:
    POLICY.require(request.auth, "view_region")
    figures = checks.unit_checks(request.auth, selectors.region_units(request.auth, _region(region)))
    return {
        "units": [checks_out(row) for row in figures.units],
        "total": checks_out(figures.total),
        "flagged_workflows": [c.workflow.pk for c in figures.total.flagged_workflows],
    }


@router.get(
    "/units/{int:unit_id}/sections",
    response={200: list[WorkflowSectionOut], **ERROR_RESPONSES},
    summary=_("单位各科室的一表一图一规范一机制"),
)
@enforces(POLICY, "view")
def unit_sections(request: Any, unit_id: int) -> Any:
    unit = get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit_id)
    return [section_out(p) for p in sections.sections_of(Unit.objects.filter(pk=unit.pk))]


@router.get(
    "/sections/missing",
    response={200: WorkflowMissingOut, **ERROR_RESPONSES},
    summary=_("各单位科室缺少的部分"),
)
@enforces(POLICY, "view_region")
def missing(request: Any, region: int | None = None) -> Any:
    POLICY.require(request.auth, "view_region")
    rows, total = sections.missing_by_unit(selectors.region_units(request.auth, _region(region)))
    return {"units": [missing_out(r) for r in rows], "total": {**missing_out(total), "unit": None}}


def _body(user: Any, pk: int, action: str = "view") -> InternalBody:
    body: InternalBody = get_for(user, InternalBody.objects.all(), action, policy=POLICY, pk=pk)
    return body


@router.post(
    "/sections/{int:body_id}/norms",
    response={201: WorkflowNormOut, **ERROR_RESPONSES},
    summary=_("上传科室的工作规范"),
)
@enforces(POLICY, "edit_norms")
def add_norm(
    request: Any,
    body_id: int,
    title: Form[str],
    document_number: Form[str] = "",
    file: File[UploadedFile] | None = None,
) -> Any:
    body = _body(request.auth, body_id)
    norm = norms.add_norm(body, title=title, document_number=document_number, upload=file, actor=request.auth)
    return Status(201, norm_out(norm))


@router.delete("/norms/{int:norm_id}", response=NO_CONTENT, summary=_("删除工作规范"))
@enforces(POLICY, "edit_norms")
def delete_norm(request: Any, norm_id: int) -> Any:
    norm = get_for(request.auth, WorkNorm.objects.all(), "view", pk=norm_id)
    norms.delete_norm(norm, actor=request.auth)
    return Status(204, None)


@router.post(
    "/imports",
    response={201: WorkflowImportOut, **ERROR_RESPONSES},
    summary=_("导入流程图(整份文件校验,有错则不导入)"),
)
@enforces(POLICY, "import")
def import_file(request: Any, file: File[UploadedFile], reason: Form[str] = "") -> Any:
    POLICY.require(request.auth, "import")
    with tempfile.NamedTemporaryFile(suffix="." + (file.name or "x.xlsx").rsplit(".", 1)[-1]) as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        result = imports.import_workflows(tmp.name, file.name or "", actor=request.auth, reason=reason)
    return Status(201, {"result": result})


@router.get("/exports", response={200: None, **ERROR_RESPONSES}, summary=_("导出流程图(Excel,导入的列)"))
@enforces(POLICY, "export")
def export_file(request: Any, unit: int | None = None, latest: bool = False) -> Any:
    workflows = selectors.workflows_of(request.auth)
    if unit is not None:
        workflows = workflows.filter(
            unit=get_for(request.auth, Unit.objects.all(), "view", policy=POLICY, pk=unit)
        )
    handle, name = exports.export(workflows, latest=latest)
    return FileResponse(handle, as_attachment=True, filename=name)

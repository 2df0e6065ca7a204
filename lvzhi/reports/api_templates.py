"""Reports API of the unit report's Word templates, mounted under /api/reports/ (lvzhi.reports.api): the list of
uploaded versions, upload of a new one, one version, its file as uploaded, putting it in use and going back to the
built-in layout. Each asks the rule of the template pages (`manage_templates`, lvzhi.reports.views_templates) and
goes through the same actions (lvzhi.reports.templating: the file checked as on upload there — a readable .docx,
every placeholder known, each unknown one named with its paragraph, nothing stored — and audited)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for

from . import documents, templating
from .api_documents import FILE, WRITE
from .models import ReportTemplate
from .policy import POLICY

router = Router(tags=[gettext_lazy("报告与分析")])
OPTIONAL_FILE = File(None)


class TemplateOut(Schema):
    id: int
    name: str
    file_name: str
    placeholders: list[str]
    in_use: bool
    uploaded_at: str
    uploaded_by: str


def _out(template: ReportTemplate) -> dict[str, Any]:
    by = template.uploaded_by
    return {
        "id": template.pk,
        "name": template.name,
        "file_name": template.file_name,
        "placeholders": [str(p) for p in template.placeholders],
        "in_use": template.in_use,
        "uploaded_at": template.uploaded_at.isoformat(),
        "uploaded_by": (getattr(by, "full_name", "") or getattr(by, "username", "")) if by else "",
    }


def _template(request: Any, template_id: int) -> ReportTemplate:
    """As the template's page: not visible (404) unless the office or the committee; then the office's (403)."""
    found: ReportTemplate = get_for(
        request.auth, ReportTemplate.objects.select_related("uploaded_by"), "manage_templates", pk=template_id
    )
    return found


@router.get(
    "/templates",
    response={200: list[TemplateOut], **ERROR_RESPONSES},
    summary=gettext_lazy("单位评估报告的 Word 模板(各次上传的版本,最近的在前)"),
)
@enforces(POLICY, "manage_templates")
def templates(request):
    POLICY.require(request.auth, "manage_templates")
    rows = ReportTemplate.objects.visible_to(request.auth).select_related("uploaded_by").defer("content")
    return [_out(t) for t in rows]


@router.post(
    "/templates",
    response={201: TemplateOut, **WRITE},
    summary=gettext_lazy("上传单位评估报告的 Word 模板(file: .docx,name: 模板名称;占位符检查同上传页面)"),
)
@enforces(POLICY, "manage_templates")
def upload_template(request, name: Form[str] = "", file: UploadedFile | None = OPTIONAL_FILE):
    POLICY.require(request.auth, "manage_templates")
    if file is None:
        raise Invalid(_("请选择模板文件。"), field="file")
    template = templating.upload_template(
        actor=request.auth, name=name, file_name=file.name or "", content=file.read()
    )
    return Status(201, _out(template))


@router.get(
    "/templates/{template_id}",
    response={200: TemplateOut, **ERROR_RESPONSES},
    summary=gettext_lazy("一个报告模板版本(占位符、是否使用中)"),
)
@enforces(POLICY, "manage_templates")
def get_template(request, template_id: int):
    return _out(_template(request, template_id))


@router.get(
    "/templates/{template_id}/file",
    response=FILE,
    summary=gettext_lazy("下载报告模板(上传的 Word 文件)"),
)
@enforces(POLICY, "manage_templates")
def template_file(request, template_id: int):
    template = _template(request, template_id)
    response = HttpResponse(bytes(template.content), content_type=documents.WORD_TYPE)
    return attach(
        response, file_name(template.file_name.removesuffix(".docx") or template.name, suffix="docx")
    )


@router.post(
    "/templates/{template_id}/use",
    response={200: TemplateOut, **WRITE},
    summary=gettext_lazy("启用此报告模板(同一时间只用一个;单位评估报告的模板下载按它生成)"),
)
@enforces(POLICY, "manage_templates")
def use_template(request, template_id: int):
    template = _template(request, template_id)
    templating.use_template(template, actor=request.auth)
    template.refresh_from_db()
    return _out(template)


@router.post(
    "/templates/{template_id}/stop",
    response={200: TemplateOut, **WRITE},
    summary=gettext_lazy("停用此报告模板,报告恢复默认格式(未在使用的版本不变)"),
)
@enforces(POLICY, "manage_templates")
def stop_template(request, template_id: int):
    template = _template(request, template_id)
    POLICY.require(request.auth, "manage_templates", template)
    if template.in_use:  # stopping a version not in use changes nothing
        templating.use_template(None, actor=request.auth)
    template.refresh_from_db()
    return _out(template)

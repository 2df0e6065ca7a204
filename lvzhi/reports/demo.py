"""The demo's unit evaluation reports: every demo campaign with results gets its units' opinions drafted (the
office's to-do then lists them to release); a sample Word template of the feedback letter (not in use) shows the
templates page with its placeholders and preview."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from lvzhi.accounts.models import Role, User
from lvzhi.campaigns.models import Campaign

from . import templating, unitactions
from .models import ReportTemplate, UnitReport


def sample_template() -> bytes:
    """A one-page feedback letter: title, the unit's figures, one paragraph per opinion, the office and the date."""
    document = Document()
    for text in (
        "关于{{单位名称}}{{活动名称}}情况的反馈",
        "{{单位名称}}:",
        "根据{{活动名称}}安排,现将你单位评估情况反馈如下。你单位得分{{总分}}分(满分{{满分}}分),"
        "本类别平均{{本类别平均分}}分,评定等次{{等次}}。",
        "{{总体情况}}",
        "{{评估意见}}",
        "请对照评估意见认真整改,整改情况按期报送。",
        "{{发文机关}}",
        "{{日期}}",
    ):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(rng: Any, stdout: Any = None) -> int:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if admin is None or UnitReport.objects.exists():
        return 0
    drafted = 0
    for campaign in Campaign.objects.filter(results__isnull=False).distinct().order_by("pk"):
        drafted += unitactions.draft_reports(campaign, actor=admin)
    if not ReportTemplate.objects.exists():
        templating.upload_template(
            actor=admin, name="评估情况反馈函", file_name="评估情况反馈函.docx", content=sample_template()
        )
    if stdout is not None and drafted:
        stdout.write(f"  单位评估报告:起草 {drafted} 份评估意见;报告模板 1 个(未启用)")
    return drafted

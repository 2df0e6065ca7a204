"""Word templates of the unit evaluation report that the office changes without code: a .docx with its own cover,
sections and wording, and placeholders in double braces that each unit's report fills in. A paragraph that holds
only {{评估意见}} (or {{问题整改}}, {{特色亮点}}) becomes one paragraph per item; every other placeholder is replaced
inside its paragraph or table cell (the paragraph keeps the font of its first run: Word may split a placeholder
over runs, and the text is joined again).

`upload_template` checks the file (a readable .docx, every placeholder known — an unknown one is named with its
paragraph, nothing is stored), `use_template` puts one in use (the others not), `render` fills it for one report.
One transaction each, the office only (`manage_templates`), audited (the file's bytes are left out of the log)."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from docx import Document
from docx.text.paragraph import Paragraph

from lvzhi.audit.context import audit_context
from lvzhi.campaigns.bulletin import issuing_office
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_score

from .models import ReportTemplate
from .policy import POLICY
from .unitreport import ReportData

MAX_BYTES = 5 * 1024 * 1024
PATTERN = re.compile(r"{{\s*([^{}]+?)\s*}}")
PLACEHOLDERS = {
    "单位名称": "the unit",
    "活动名称": "the campaign",
    "报告标题": "the report's title",
    "单位类别": "the unit's category",
    "总分": "the total",
    "满分": "the full marks",
    "名次": "the rank",
    "等次": "the grade",
    "本类别平均分": "the category's average total",
    "本类别最高分": "the category's best total",
    "总体情况": "the summary paragraph",
    "发文机关": "the issuing office",
    "日期": "the date (publication, or the results' computation)",
    "评估意见": "block: one paragraph per level-1 indicator, (一)name:opinion",
    "问题整改": "block: one paragraph per finding with its state",
    "特色亮点": "block: one paragraph per highlight",
}
BLOCKS = ("评估意见", "问题整改", "特色亮点")


def _paragraphs(document: Any) -> list[Any]:
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    for section in document.sections:
        out.extend(section.header.paragraphs)
        out.extend(section.footer.paragraphs)
    return out


def inspect(content: bytes) -> list[str]:
    """The placeholders of a .docx in order of first use; Invalid naming each unknown one with its paragraph."""
    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:
        raise Invalid(_("无法读取该文件,请上传 Word(.docx)文件。"), field="file") from exc
    found: list[str] = []
    problems = []
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        for name in PATTERN.findall(paragraph.text):
            if name not in PLACEHOLDERS:
                problems.append(
                    FieldProblem(
                        "file", _("第%(n)s段:未知的占位符「{{%(name)s}}」。") % {"n": number, "name": name}
                    )
                )
            elif name not in found:
                found.append(name)
    if problems:
        raise Invalid.many(problems)
    return found


def upload_template(*, actor: Any, name: str, file_name: str, content: bytes) -> ReportTemplate:
    POLICY.require(actor, "manage_templates")
    if not name.strip():
        raise Invalid(_("请填写模板名称。"), field="name")
    if len(content) > MAX_BYTES:
        raise Invalid(_("模板文件不能超过5MB。"), field="file")
    placeholders = inspect(content)
    with transaction.atomic(), audit_context(actor=actor):
        return ReportTemplate.objects.create(
            name=name.strip(), content=content, file_name=file_name[:200], placeholders=placeholders,
            uploaded_by=actor,
        )  # fmt: skip


def use_template(template: ReportTemplate | None, *, actor: Any) -> None:
    """Put `template` in use (None: back to the built-in layout)."""
    POLICY.require(actor, "manage_templates", template)
    with transaction.atomic(), audit_context(actor=actor):
        for other in ReportTemplate.objects.filter(in_use=True):
            if template is None or other.pk != template.pk:
                other.in_use = False
                other.save(update_fields=["in_use"])
        if template is not None and not template.in_use:
            template.in_use = True
            template.save(update_fields=["in_use"])


def in_use() -> ReportTemplate | None:
    template: ReportTemplate | None = ReportTemplate.objects.filter(in_use=True).first()
    return template


def values(data: ReportData) -> dict[str, str]:
    return {
        "单位名称": data.unit_name,
        "活动名称": data.campaign.name,
        "报告标题": data.title,
        "单位类别": data.category_name,
        "总分": cn_score(data.total),
        "满分": cn_score(data.max_total),
        "名次": str(data.rank) if data.rank else "—",
        "等次": data.grade or "—",
        "本类别平均分": cn_score(data.average_total),
        "本类别最高分": cn_score(data.best_total),
        "总体情况": data.summary,
        "发文机关": issuing_office(data.campaign),
        "日期": cn_date(data.campaign.published_at or data.result.computed_at),
    }


def blocks(data: ReportData) -> dict[str, list[str]]:
    return {
        "评估意见": [f"({o['ordinal']}){o['name']}:{o['text']}" for o in data.opinions],
        "问题整改": [
            _("%(n)s. %(title)s(%(status)s)") % {"n": i, "title": f["title"], "status": f["status"]}
            for i, f in enumerate(data.findings, start=1)
        ]
        or [_("无。")],
        "特色亮点": [
            f"{h['title']}" + (f":{h['description']}" if h["description"] else "") for h in data.highlights
        ]
        or [_("无。")],
    }


def _set_text(paragraph: Any, text: str) -> None:
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def render(template: ReportTemplate, data: ReportData) -> bytes:
    """The template filled for one report (the caller has checked that the user may read the report)."""
    document = Document(io.BytesIO(bytes(template.content)))
    simple = values(data)
    block_values = blocks(data)
    for paragraph in _paragraphs(document):
        text = paragraph.text
        if "{{" not in text:
            continue
        names = PATTERN.findall(text)
        if len(names) == 1 and names[0] in BLOCKS and PATTERN.sub("", text).strip() == "":
            items = block_values[names[0]]
            _set_text(paragraph, items[0])
            anchor = paragraph
            for item in items[1:]:
                copy = _clone_after(anchor)
                _set_text(copy, item)
                anchor = copy
            continue
        _set_text(
            paragraph,
            PATTERN.sub(lambda m: simple.get(m.group(1), "\n".join(block_values.get(m.group(1), []))), text),
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clone_after(paragraph: Any) -> Any:
    element = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(element)
    return Paragraph(element, paragraph._parent)

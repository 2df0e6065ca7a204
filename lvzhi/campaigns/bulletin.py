"""The published ranking as a Word (.docx) bulletin in the layout of Chinese government documents (GB/T 9704):
A4 with margins 3.7 cm (top), 3.5 cm (bottom), 2.8 cm (left), 2.6 cm (right); the document number line; the
title in 方正小标宋简体 二号 (22 pt) centred; body text in 仿宋_GB2312 三号 (16 pt); headings in 黑体; one
ranking table per category (名次, 单位, 总分, and 等次 when the scheme defines grades); the issuing office and the
date in Chinese at the end.

Every run carries its East Asian font name (w:eastAsia) as well as the Latin one: Word chooses the font of Chinese
characters from w:eastAsia and would otherwise show them in the default font."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lvzhi.core.downloads import file_name
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_score

from . import formats, scoring
from .models import CommitteeDecision, UnitResult
from .selectors import grouped

TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 14  # 四号: the ranking tables
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    """The run's Latin, East Asian and complex-script font, its size and weight."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings 一、二、…; up to 99)."""
    digits = formats.CHINESE_NUMERALS
    if n <= 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + digits[10] + (digits[ones] if ones else "")


def _paragraph(doc, text, *, font=formats.FONT_BODY, size=BODY_SIZE, bold=False, align=None, indent=True):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)  # 28-29 pt lines, as 三号 government text is set
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters
    set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _cell(cell, text, *, font=formats.FONT_BODY, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    set_font(paragraph.add_run(text), font, TABLE_SIZE, bold)


def issuing_office(campaign) -> str:
    if campaign.region_id:
        return _("%(region)s机构编制委员会办公室") % {"region": campaign.region.name}
    return _("机构编制委员会办公室")


def build(campaign) -> bytes:
    """The .docx of a published campaign's bulletin (the caller checks that the user may see it)."""
    rows = list(UnitResult.objects.filter(campaign=campaign).select_related("unit", "category"))
    decision = campaign.decisions.filter(outcome=CommitteeDecision.Outcome.APPROVED).first()
    show_grade = scoring.has_grades(campaign)

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = formats.FONT_BODY
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), formats.FONT_BODY)
    doc.core_properties.title = _("%(name)s结果通报") % {"name": campaign.name}

    if decision is not None and decision.document_number:
        _paragraph(doc, decision.document_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    _paragraph(
        doc,
        _("%(name)s结果通报") % {"name": campaign.name},
        font=formats.FONT_TITLE,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(doc, "", indent=False)
    published = cn_date(campaign.published_at)
    if decision is None:
        intro = _("现将%(name)s结果通报如下(按类别排名)。") % {"name": campaign.name}
    elif decision.document_number:
        intro = _("经%(meeting)s(%(day)s)审定(%(number)s),现将%(name)s结果通报如下(按类别排名)。") % {
            "meeting": decision.meeting,
            "day": cn_date(decision.decided_on),
            "number": decision.document_number,
            "name": campaign.name,
        }
    else:
        intro = _("经%(meeting)s(%(day)s)审定,现将%(name)s结果通报如下(按类别排名)。") % {
            "meeting": decision.meeting,
            "day": cn_date(decision.decided_on),
            "name": campaign.name,
        }
    _paragraph(doc, intro)

    header = [_("名次"), _("单位"), _("总分")] + ([_("等次")] if show_grade else [])
    for number, group in enumerate(grouped(rows), start=1):
        category = group["category"].name if group["category"] else _("未分类")
        heading = _("%(ordinal)s、%(category)s(%(count)s个单位)") % {
            "ordinal": chinese_ordinal(number),
            "category": category,
            "count": len(group["rows"]),
        }
        _paragraph(doc, heading, font=formats.FONT_HEADING)
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _cell(cell, text, font=formats.FONT_HEADING)
        for r in group["rows"]:
            values = [str(r.rank) if r.rank else "—", r.unit.name, cn_score(r.total)]
            if show_grade:
                values.append(r.grade or "—")
            cells = table.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                _cell(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)
        widths = [Cm(2.2), Cm(9.6), Cm(2.8)] + ([Cm(2.0)] if show_grade else [])
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        if group["apart"]:
            apart = "、".join(_("%(unit)s(%(reason)s)") % {"unit": a["result"].unit.name, "reason": a["reason"]}
                             for a in group["apart"])
            _paragraph(doc, _("不参评单位(不排名):%(units)s") % {"units": apart})
        _paragraph(doc, "", indent=False)

    _paragraph(doc, "", indent=False)
    signature = [issuing_office(campaign), published]
    for text in signature:
        paragraph = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE * 2)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def filename(campaign) -> str:
    """莱阳市2026年度职能运行评估通报.docx"""
    return file_name(campaign.name, _("通报"), suffix="docx")

"""A Word document laid out as Chinese government documents are (GB/T 9704-2012), for the reports room's unit
report, campaign report and bulletin: A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm, the title in 方正小标宋简体 二号
(22 pt) centred, body text in 仿宋_GB2312 三号 (16 pt) on 28 pt lines with a two-character indent, first-level
headings in 黑体 and second-level in 楷体_GB2312, tables in 四号, and the page number in the footer as 「— 1 —」
(宋体 四号, centred). The fonts are named as East Asian fonts too (w:eastAsia), so Word sets Chinese in them;
the reader's Word supplies them (lvzhi.campaigns.bulletin does the same for the campaign's own bulletin)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lvzhi.campaigns.bulletin import chinese_ordinal, set_font
from lvzhi.campaigns.formats import FONT_BODY, FONT_HEADING, FONT_TITLE

FONT_SUBHEADING = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 12  # 小四: the wide score tables
PAGE_NUMBER_SIZE = 14  # 四号
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

__all__ = ["CONTENT_TYPE", "GovDocument", "chinese_ordinal"]


def _page_number(paragraph: Any) -> None:
    """「— PAGE —」 as a field Word fills in."""
    set_font(paragraph.add_run("— "), FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    set_font(run, FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
    set_font(paragraph.add_run(" —"), FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE)


class GovDocument:
    """A python-docx Document with the layout set and the paragraph kinds the reports use."""

    def __init__(self, title: str) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.footer_distance = Cm(2.0)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT_BODY
        normal.font.size = Pt(BODY_SIZE)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)
        self.doc.core_properties.title = title
        footer = section.footer.paragraphs[0]
        footer.alignment = CENTER
        _page_number(footer)

    def paragraph(
        self,
        text: str,
        *,
        font: str = FONT_BODY,
        size: float = BODY_SIZE,
        bold: bool = False,
        align: Any = None,
        indent: bool = True,
    ) -> Any:
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(28)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        set_font(paragraph.add_run(text), font, size, bold)
        return paragraph

    def blank(self) -> None:
        self.paragraph("", indent=False)

    def title(self, text: str) -> None:
        self.paragraph(text, font=FONT_TITLE, size=TITLE_SIZE, align=CENTER, indent=False)

    def heading(self, text: str) -> None:
        """一、… in 黑体."""
        self.paragraph(text, font=FONT_HEADING)

    def subheading(self, text: str) -> None:
        """(一)… in 楷体."""
        self.paragraph(text, font=FONT_SUBHEADING)

    def signature(self, lines: Sequence[str]) -> None:
        for text in lines:
            p = self.paragraph(text, align=RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(BODY_SIZE * 2)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Any:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self._cell(cell, text, font=FONT_HEADING)
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                self._cell(cell, text, align=LEFT if i == 1 or len(text) > 12 else CENTER)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        return table

    @staticmethod
    def _cell(cell: Any, text: str, *, font: str = FONT_BODY, align: Any = CENTER) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        set_font(paragraph.add_run(text), font, TABLE_SIZE)

    def picture(self, png: bytes, width_cm: float = 15.0) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))

    def page_break(self) -> None:
        self.doc.add_page_break()

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

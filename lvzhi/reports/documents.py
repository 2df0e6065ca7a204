"""A unit's evaluation report as files: Word (.docx, the government document layout of lvzhi.reports.govdoc), and
its charts. Everything comes from the read model (lvzhi.reports.unitreport.ReportData); the caller has checked
that the user may read the report."""

from __future__ import annotations

import base64

from django.utils.translation import gettext as _

from lvzhi.campaigns.bulletin import issuing_office
from lvzhi.core import spreadsheets
from lvzhi.core.downloads import file_name
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_score

from . import charts
from . import pdf as pdf_render
from .govdoc import CENTER, CONTENT_TYPE, GovDocument, chinese_ordinal
from .opinions import pct
from .unitreport import ReportData

WORD_TYPE = CONTENT_TYPE

# The sections in order: (key, heading); a section with nothing in it is left out, and the rest are numbered.
SECTIONS = (
    ("summary", "总体情况"),
    ("scores", "指标得分情况"),
    ("opinions", "评估意见"),
    ("findings", "发现问题及整改情况"),
    ("highlights", "特色亮点"),
    ("rechecks", "复核情况"),
)


def chart_images(data: ReportData) -> dict[str, bytes]:
    """{"radar", "bars", "trend"}: PNG of each chart the report has figures for."""
    level1 = data.level1
    labels = [r.name for r in level1]
    out: dict[str, bytes] = {}
    if level1:
        out["radar"] = charts.radar(
            labels, [r.rate or 0 for r in level1], [r.average_rate for r in level1], _("一级指标得分率(%)")
        )
        out["bars"] = charts.bars(
            labels,
            [float(r.points or 0) for r in level1],
            [float(r.average or 0) for r in level1],
            [float(data.best.get(r.code, 0)) for r in level1],
            _("与同类别单位比较(得分)"),
        )
    if len(data.trend) >= 2:
        out["trend"] = charts.trend(
            [t[0] for t in data.trend], [float(t[1]) for t in data.trend], _("历年总分")
        )
    return out


def chart_uris(data: ReportData, images: dict[str, bytes] | None = None) -> dict[str, str]:
    """The charts as data: URIs, for the report's page and its PDF (the same HTML)."""
    images = chart_images(data) if images is None else images
    return {k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in images.items()}


def score_rows(data: ReportData) -> list[list[str]]:
    """The score tree as table rows: 指标 (indented by level), 满分, 得分, 得分率, 本类别平均."""
    rows = []
    for r in data.rows:
        if r.level > 2:
            continue
        name = ("  " * (r.level - 1)) + (f"{r.code} " if r.code else "") + r.name
        if r.not_applicable:
            rows.append([name, cn_score(r.max), _("不适用"), "—", "—"])
            continue
        rows.append([name, cn_score(r.max), cn_score(r.points), pct(r.rate), cn_score(r.average)])
    return rows


def sections(data: ReportData) -> list[tuple[str, str]]:
    present = {
        "summary": True,
        "scores": bool(data.rows),
        "opinions": bool(data.opinions),
        "findings": bool(data.findings),
        "highlights": bool(data.highlights),
        "rechecks": bool(data.rechecks),
    }
    kept = [(key, heading) for key, heading in SECTIONS if present[key]]
    return [(key, f"{chinese_ordinal(i)}、{_(heading)}") for i, (key, heading) in enumerate(kept, start=1)]


def word(data: ReportData, images: dict[str, bytes] | None = None) -> bytes:
    images = chart_images(data) if images is None else images
    doc = GovDocument(data.title)
    # Cover
    for _i in range(4):
        doc.blank()
    doc.title(data.unit_name)
    doc.title(_("%(campaign)s报告") % {"campaign": data.campaign.name})
    for _i in range(6):
        doc.blank()
    doc.paragraph(issuing_office(data.campaign), align=CENTER, indent=False)
    doc.paragraph(cn_date(data.campaign.published_at or data.result.computed_at), align=CENTER, indent=False)
    doc.page_break()
    doc.title(data.title)
    doc.blank()
    for key, heading in sections(data):
        doc.heading(heading)
        if key == "summary":
            doc.paragraph(data.summary)
            if "radar" in images:
                doc.picture(images["radar"], 12)
        elif key == "scores":
            doc.paragraph(
                _("总分%(total)s分(满分%(max)s分),本类别平均%(avg)s分,本类别最高%(best)s分。")
                % {
                    "total": cn_score(data.total),
                    "max": cn_score(data.max_total),
                    "avg": cn_score(data.average_total),
                    "best": cn_score(data.best_total),
                }
            )
            doc.table(
                [_("指标"), _("满分"), _("得分"), _("得分率"), _("本类别平均")],
                score_rows(data),
                [7.6, 2.0, 2.0, 2.2, 2.6],
            )
            if "bars" in images:
                doc.picture(images["bars"])
            if "trend" in images:
                doc.picture(images["trend"])
        elif key == "opinions":
            for item in data.opinions:
                doc.subheading(f"({item['ordinal']}){item['name']}")
                doc.paragraph(item["text"])
        elif key == "findings":
            doc.table(
                [_("序号"), _("问题"), _("类别"), _("整改状态"), _("整改期限")],
                [
                    [
                        str(i),
                        f["title"],
                        f["category"],
                        f["status"],
                        cn_date(f["deadline"]) if f["deadline"] else "—",
                    ]
                    for i, f in enumerate(data.findings, start=1)
                ],
                [1.4, 7.0, 2.6, 2.2, 3.2],
            )
        elif key == "highlights":
            for h in data.highlights:
                doc.paragraph(f"{h['title']}{':' if h['description'] else ''}{h['description']}")
        elif key == "rechecks":
            for o in data.rechecks:
                change = (
                    _(",分值由%(old)s分调整为%(new)s分")
                    % {"old": cn_score(o["old"]), "new": cn_score(o["new"])}
                    if o["new"] is not None and o["old"] != o["new"]
                    else ""
                )
                doc.paragraph(
                    _("对「%(name)s」提出异议:%(reason)s。复核结论:%(status)s%(change)s。%(answer)s")
                    % {
                        "name": o["name"],
                        "reason": o["reason"].rstrip("。"),
                        "status": o["status"],
                        "change": change,
                        "answer": o["answer"],
                    }
                )
    doc.blank()
    doc.signature(
        [issuing_office(data.campaign), cn_date(data.campaign.published_at or data.result.computed_at)]
    )
    return doc.to_bytes()


PDF_TYPE = "application/pdf"
XLSX_TYPE = spreadsheets.XLSX_CONTENT_TYPE


def excel(data: ReportData) -> bytes:
    """Every table behind the report, one sheet each, through the product's one Excel writer (text stays text):
    指标得分 (the score tree), 评估意见, 问题整改, 特色亮点, 复核情况, 历年总分."""
    book = spreadsheets.new_workbook(title=_("指标得分"))
    sheet = book.active
    spreadsheets.append(
        sheet, [_("指标代码"), _("指标"), _("层级"), _("满分"), _("得分"), _("得分率(%)"), _("本类别平均")]
    )
    for r in data.rows:
        rate = r.rate
        spreadsheets.append(
            sheet,
            [r.code, r.name, r.level, r.max, None if r.not_applicable else r.points,
             None if rate is None else round(rate, 1), r.average],
        )  # fmt: skip
    tables = [
        (_("评估意见"), [_("指标"), _("评估意见")],
         [[_("总体情况"), data.summary]] + [[o["name"], o["text"]] for o in data.opinions]),
        (_("问题整改"), [_("问题"), _("类别"), _("严重程度"), _("关联指标"), _("整改状态"), _("整改期限")],
         [[f["title"], f["category"], f["severity"], f["indicator"], f["status"], f["deadline"]] for f in data.findings]),
        (_("特色亮点"), [_("名称"), _("具体内容")], [[h["title"], h["description"]] for h in data.highlights]),
        (_("复核情况"), [_("指标"), _("异议理由"), _("复核结论"), _("原分值"), _("复核后分值"), _("复核意见")],
         [[o["name"], o["reason"], o["status"], o["old"], o["new"], o["answer"]] for o in data.rechecks]),
        (_("历年总分"), [_("评估期"), _("总分")], [[label, total] for label, total in data.trend]),
    ]  # fmt: skip
    for title, header, rows in tables:
        sheet = book.create_sheet(spreadsheets.sheet_title(title))
        spreadsheets.append(sheet, header)
        for row in rows:
            spreadsheets.append(sheet, row)
    return spreadsheets.to_bytes(book)


def context(data: ReportData, images: dict[str, bytes] | None = None) -> dict[str, object]:
    """What the report's page and its PDF render (reports/_unit_report_body.html)."""
    return {
        "data": data,
        "sections": sections(data),
        "score_rows": score_rows(data),
        "images": chart_uris(data, images),
        "office": issuing_office(data.campaign),
        "date": cn_date(data.campaign.published_at or data.result.computed_at),
    }


def pdf(data: ReportData, images: dict[str, bytes] | None = None) -> bytes:
    """The same report as PDF: the HTML of the page's body in the government layout (lvzhi.reports.pdf)."""
    images = chart_images(data) if images is None else images
    return pdf_render.render("reports/unit_report_pdf.html", context(data, images), images)


def filename(data: ReportData, suffix: str) -> str:
    return file_name(data.title, suffix=suffix)


def unit_files(data: ReportData, with_pdf: bool) -> list[tuple[str, bytes]]:
    """A unit's report as the batch job's zip holds it: <category>/<title>.docx (and .pdf), the charts drawn once
    for both."""
    images = chart_images(data)
    folder = data.result.category.name if data.result.category_id else _("未分类")
    files = [(f"{folder}/{filename(data, 'docx')}", word(data, images))]
    if with_pdf:
        files.append((f"{folder}/{filename(data, 'pdf')}", pdf(data, images)))
    return files

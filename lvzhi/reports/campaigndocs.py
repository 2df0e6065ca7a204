"""A campaign's report and its bulletin (通报) as files: the report in Word and PDF with its charts and the Excel of
every table behind it; the bulletin as a one-page Word document ready to send and as PDF. Everything comes from
the read model (lvzhi.reports.campaignreport); the caller has checked that the user may read it."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets
from lvzhi.core.downloads import file_name
from lvzhi.core.templatetags.lvzhi_format import cn_score

from . import charts
from . import pdf as pdf_render
from .campaignreport import CampaignReportData, bulletin_grades
from .govdoc import CENTER, CONTENT_TYPE, GovDocument, chinese_ordinal
from .opinions import pct

WORD_TYPE = CONTENT_TYPE
PDF_TYPE = "application/pdf"
XLSX_TYPE = spreadsheets.XLSX_CONTENT_TYPE
DRAFT_MARK = "(草稿,结果未公布,不得外传)"


def chart_images(data: CampaignReportData) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if data.distribution:
        out["distribution"] = charts.distribution(
            [label for label, _n in data.distribution], [n for _l, n in data.distribution], _("总分分布")
        )
    rated = [i for i in data.indicators if i.rate is not None]
    if rated:
        out["indicators"] = charts.rates(
            [i.name for i in rated], [i.rate or 0 for i in rated], _("一级指标平均得分率(%)")
        )
    return out


def chart_uris(images: dict[str, bytes]) -> dict[str, str]:
    return {k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in images.items()}


def ranking_rows(group, show_grade: bool) -> list[list[str]]:
    rows = []
    for r in group.rows:
        row = [str(r.rank) if r.rank else "—", r.unit.name, cn_score(r.total)]
        if show_grade:
            row.append(r.grade or "—")
        rows.append(row)
    return rows


def indicator_rows(data: CampaignReportData) -> list[list[str]]:
    return [[i.name, cn_score(i.max), cn_score(i.average), pct(i.rate)] for i in data.indicators]


def sections(data: CampaignReportData) -> list[tuple[str, str]]:
    present = {
        "summary": True,
        "ranking": bool(data.groups),
        "indicators": bool(data.indicators),
        "findings": bool(data.findings or data.common),
        "highlights": bool(data.highlights),
        "robustness": bool(data.flagged),
        "recommendations": bool(data.recommendations),
    }
    names = {
        "summary": _("总体情况"),
        "ranking": _("排名及等次"),
        "indicators": _("指标得分情况"),
        "findings": _("共性问题"),
        "highlights": _("特色亮点"),
        "robustness": _("排名稳健性"),
        "recommendations": _("意见建议"),
    }
    kept = [key for key in names if present[key]]
    return [(key, f"{chinese_ordinal(i)}、{names[key]}") for i, key in enumerate(kept, start=1)]


def context(data: CampaignReportData, images: dict[str, bytes] | None = None) -> dict[str, object]:
    images = chart_images(data) if images is None else images
    show_grade = bool(data.grades)
    return {
        "data": data,
        "sections": sections(data),
        "show_grade": show_grade,
        "rankings": [(g, ranking_rows(g, show_grade)) for g in data.groups],
        "indicator_rows": indicator_rows(data),
        "images": chart_uris(images),
        "bulletin": bulletin_grades(data),
        "draft_mark": "" if data.published else _(DRAFT_MARK),
    }


def word(data: CampaignReportData) -> bytes:
    images = chart_images(data)
    doc = GovDocument(data.title)
    doc.title(data.title)
    if not data.published:
        doc.paragraph(_(DRAFT_MARK), align=CENTER, indent=False)
    doc.blank()
    show_grade = bool(data.grades)
    for key, heading in sections(data):
        doc.heading(heading)
        if key == "summary":
            doc.paragraph(data.summary)
            if "distribution" in images:
                doc.picture(images["distribution"], 14)
            if data.distribution:
                doc.table(
                    [_("分数段"), _("单位数")], [[label, str(n)] for label, n in data.distribution], [8, 4]
                )
        elif key == "ranking":
            header = [_("名次"), _("单位"), _("总分")] + ([_("等次")] if show_grade else [])
            widths = [2.0, 9.6, 2.8] + ([2.2] if show_grade else [])
            for i, (group, rows) in enumerate(
                ((g, ranking_rows(g, show_grade)) for g in data.groups), start=1
            ):
                line = _("(%(n)s)%(category)s:%(count)s个单位,平均%(avg)s分") % {
                    "n": chinese_ordinal(i),
                    "category": group.name,
                    "count": len(group.rows),
                    "avg": cn_score(group.average),
                }
                if group.grades:
                    line += _(",其中") + "、".join(
                        f"{grade}{group.grades[grade]}个" for grade in data.grades if group.grades.get(grade)
                    )
                doc.subheading(line + "。")
                doc.table(header, rows, widths)
                if group.apart:
                    doc.paragraph(
                        _("不参评单位(不排名):%(units)s")
                        % {"units": "、".join(f"{a['result'].unit.name}({a['reason']})" for a in group.apart)}
                    )
        elif key == "indicators":
            doc.table(
                [_("一级指标"), _("满分"), _("平均得分"), _("平均得分率")],
                indicator_rows(data),
                [8, 2.6, 2.6, 3],
            )
            if "indicators" in images:
                doc.picture(images["indicators"], 14)
        elif key == "findings":
            doc.paragraph(
                _("评估共发现问题%(n)s个,涉及%(units)s个单位,已整改到位%(done)s个。")
                % {"n": data.finding_count, "units": data.finding_units, "done": data.finding_done}
            )
            if data.findings:
                doc.table(
                    [_("问题类别"), _("问题数"), _("涉及单位"), _("已整改")],
                    [
                        [f["category"], str(f["count"]), str(f["units"]), str(f["done"])]
                        for f in data.findings
                    ],
                    [7, 3, 3, 3],
                )
            for c in data.common:
                doc.paragraph(
                    _("%(title)s(涉及%(units)s个单位)。")
                    % {"title": c["title"].rstrip("。"), "units": c["units"]}
                )
        elif key == "highlights":
            for h in data.highlights:
                doc.paragraph(
                    f"{h['unit']}:{h['title']}" + (f"。{h['description']}" if h["description"] else "")
                )
        elif key == "robustness":
            doc.paragraph(
                _("经排名稳健性分析,以下单位的等次随指标权重变化而改变的比例较高,请审定时关注:")
                + ("" if data.flagged_current else _("(分析后结果已重新计算,建议重新分析)"))
            )
            doc.table(
                [_("单位"), _("等次"), _("名次区间(90%)"), _("等次改变比例")],
                [
                    [u["name"], u["grade"] or "—", f"{u['low']}–{u['high']}", f"{u['percent']}%"]
                    for u in data.flagged or []
                ],
                [8, 2.4, 3.2, 3],
            )
        elif key == "recommendations":
            for i, text in enumerate(data.recommendations, start=1):
                doc.paragraph(f"{i}. {text}")
    doc.blank()
    doc.signature([data.office, data.date or _("(待公布)")])
    return doc.to_bytes()


def bulletin_word(data: CampaignReportData) -> bytes:
    """One page: the document number, the title, what was evaluated and decided, the grades by category, the
    common problems, the requirements, the office and the date (`bulletin_paragraphs` keeps it to one page)."""
    doc = GovDocument(data.bulletin_title)
    if data.document_number:
        doc.paragraph(data.document_number, align=CENTER, indent=False)
    if not data.published:
        doc.paragraph(_(DRAFT_MARK), align=CENTER, indent=False)
    doc.title(data.bulletin_title)
    for text in bulletin_paragraphs(data):
        if text.startswith("#"):
            doc.heading(text[1:])
        else:
            doc.paragraph(text)
    doc.signature([data.office, data.date or _("(待公布)")])
    return doc.to_bytes()


# GB/T 9704: 22 lines of 28 characters on a page of body text (三号 on 28 pt lines).
PAGE_LINES = 22
LINE_CHARS = 28
# From the fullest bulletin to the tersest: (units named per grade, name the lowest grade too, problem kinds,
# recommendations); the first that fits on one page is used.
BULLETIN_LEVELS = ((6, True, 3, 3), (3, True, 3, 2), (3, False, 2, 2), (0, False, 2, 1), (0, False, 0, 1))


def _width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)


def _lines(paragraphs: list[str], data: CampaignReportData) -> float:
    # the title: 二号 on 36 pt lines (1.3 body lines), 20 characters a line, and a blank line under it
    lines = 1.3 * -(-_width(data.bulletin_title) // 20) + 1
    lines += (
        bool(data.document_number) + (not data.published) + 2
    )  # the number, the draft mark, the signature
    for text in paragraphs:
        lines += -(-(_width(text.lstrip("#")) + 2) // LINE_CHARS)
    return lines


def bulletin_paragraphs(data: CampaignReportData) -> list[str]:
    """The bulletin's text, headings marked with a leading "#": the same words in Word, PDF and on the page; the
    fullest version that fits on one page."""
    for level in BULLETIN_LEVELS:
        paragraphs = _bulletin(data, *level)
        if _lines(paragraphs, data) <= PAGE_LINES:
            return paragraphs
    return paragraphs


def _bulletin(data: CampaignReportData, names: int, bottom: bool, kinds: int, advice: int) -> list[str]:
    intro = _("%(decision)s现将%(name)s结果通报如下。") % {
        "decision": (data.decision + ",") if data.decision else "",
        "name": data.campaign.name,
    }
    out = [intro, _("#一、总体情况"), data.summary, _("#二、评估结果")]
    for item in bulletin_grades(data, names):
        line = _("%(category)s%(count)s个单位,平均%(avg)s分") % {
            "category": item["category"],
            "count": item["count"],
            "avg": cn_score(item["average"]),
        }
        if names and item.get("top") and item["top"][1]:
            line += _(";「%(grade)s」:%(names)s") % {"grade": item["top"][0], "names": item["top"][1]}
        if names and bottom and item.get("bottom") and item["bottom"][1]:
            line += _(";「%(grade)s」:%(names)s") % {"grade": item["bottom"][0], "names": item["bottom"][1]}
        if not names and item["grades"]:
            line += _(",其中") + "、".join(f"{g}{n}个" for g, n in item["grades"])
        if names and item.get("first"):
            line += _(";排名第一:%(names)s") % {"names": item["first"]}
        out.append(line + "。")
    number = 3
    if data.findings and kinds:
        out.append("#" + _("%(n)s、存在的主要问题") % {"n": chinese_ordinal(number)})
        out.append(
            _("评估共发现问题%(n)s个,主要是%(kinds)s。")
            % {
                "n": data.finding_count,
                "kinds": "、".join(_("%(category)s%(count)s个") % f for f in data.findings[:kinds]),
            }
        )
        number += 1
    out.append("#" + _("%(n)s、下步要求") % {"n": chinese_ordinal(number)})
    out += [f"{i}. {t}" for i, t in enumerate(data.recommendations[:advice], start=1)]
    return out


def pdf(data: CampaignReportData, template: str) -> bytes:
    images = chart_images(data)
    return pdf_render.render(
        template, {**context(data, images), "paragraphs": bulletin_paragraphs(data)}, images
    )


def excel(data: CampaignReportData) -> bytes:
    """Every table behind the report, one sheet each: 排名 (by category), 分数段分布, 等次统计, 一级指标,
    问题类别, 共性问题, 特色亮点, 稳健性提示 (when the reader may see it), 意见建议."""
    book = spreadsheets.new_workbook(title=_("排名"))
    sheet = book.active
    spreadsheets.append(
        sheet, [_("类别"), _("名次"), _("单位代码"), _("单位"), _("总分"), _("等次"), _("说明")]
    )
    for g in data.groups:
        for r in g.rows:
            spreadsheets.append(sheet, [g.name, r.rank, r.unit.code, r.unit.name, r.total, r.grade, ""])
        for a in g.apart:
            spreadsheets.append(
                sheet, [g.name, None, a["result"].unit.code, a["result"].unit.name, None, "", a["reason"]]
            )
    tables: list[tuple[str, list[Any], list[list[Any]]]] = [
        (_("分数段分布"), [_("分数段"), _("单位数")], [[label, n] for label, n in data.distribution]),
        (_("等次统计"), [_("类别"), *data.grades, _("参评单位"), _("平均分"), _("最高分"), _("最低分")],
         [[g.name, *[g.grades.get(x, 0) for x in data.grades], len(g.rows), g.average, g.best, g.lowest]
          for g in data.groups]),
        (_("一级指标"), [_("指标代码"), _("指标"), _("满分"), _("平均得分"), _("平均得分率(%)"), _("单位数")],
         [[i.code, i.name, i.max, i.average, None if i.rate is None else round(i.rate, 1), i.units]
          for i in data.indicators]),
        (_("问题类别"), [_("问题类别"), _("问题数"), _("涉及单位"), _("已整改")],
         [[f["category"], f["count"], f["units"], f["done"]] for f in data.findings]),
        (_("共性问题"), [_("共性问题"), _("涉及单位"), _("已整改")],
         [[c["title"], c["units"], c["done"]] for c in data.common]),
        (_("特色亮点"), [_("单位"), _("名称"), _("具体内容")],
         [[h["unit"], h["title"], h["description"]] for h in data.highlights]),
    ]  # fmt: skip
    if data.flagged is not None:
        tables.append(
            (_("稳健性提示"), [_("单位"), _("类别"), _("总分"), _("名次"), _("等次"), _("中位名次"), _("名次区间下限"),
                            _("名次区间上限"), _("等次改变比例(%)"), _("最常改为")],
             [[u["name"], u["category"], dec_text(u["total"]), u["rank"], u["grade"], u["median"], u["low"], u["high"],
               u["percent"], u["other_grade"] or ""] for u in data.flagged])
        )  # fmt: skip
    tables.append(
        (_("意见建议"), [_("序号"), _("意见建议")], [[i, t] for i, t in enumerate(data.recommendations, 1)])
    )
    for title, header, rows in tables:
        sheet = book.create_sheet(spreadsheets.sheet_title(title))
        spreadsheets.append(sheet, header)
        for row in rows:
            spreadsheets.append(sheet, row)
    return spreadsheets.to_bytes(book)


def dec_text(value: object) -> object:
    return Decimal(str(value)) if value not in (None, "") else None


def filename(data: CampaignReportData, kind: str, suffix: str) -> str:
    return file_name(data.title if kind == "report" else data.bulletin_title, suffix=suffix)

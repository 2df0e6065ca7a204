"""The supervision analysis report (职能运行监管分析报告) for a region, category, unit and period, as Word and PDF in
the government layout of the reports room (lvzhi.reports.govdoc, reports/_govdoc_style.html), with its charts
(lvzhi.reports.charts: records by month, overdue rate by unit) and, for those the table lets see them, the warnings.

`build(user, f)` gathers the figures (the user's units only, the metrics of lvzhi.supervision.metrics); `word` and
`pdf` lay out the same sections.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.downloads import file_name
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.reports import charts
from lvzhi.reports import pdf as pdf_render
from lvzhi.reports.govdoc import CENTER, GovDocument, chinese_ordinal
from lvzhi.workflows.models import Workflow

from . import metrics as M
from . import selectors
from .models import Warning
from .policy import POLICY

TOP = 15  # rows of each ranking table


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    chart: str = ""  # key of `images`
    table: tuple[list[str], list[list[str]], list[float]] | None = None


@dataclass
class ReportData:
    title: str
    scope: str
    period: str
    sections: list[Section]
    images: dict[str, bytes]
    chart_note: str = ""
    date: str = ""


def _month(m: object) -> str:
    text = str(m)
    return f"{text[:4]}年{int(text[4:6])}月" if len(text) >= 6 and text[:6].isdigit() else text


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _hours(secs: object) -> str:
    return "—" if secs is None else f"{int(secs) / 3600:.1f}"  # type: ignore[call-overload]


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _scope(f: selectors.Filters) -> str:
    parts = []
    if f.region:
        parts.append(Region.objects.filter(code=f.region).values_list("name", flat=True).first() or f.region)
    if f.category:
        parts.append(
            Category.objects.filter(code=f.category).values_list("name", flat=True).first() or f.category
        )
    if f.unit:
        parts.append(Unit.objects.filter(code=f.unit).values_list("name", flat=True).first() or f.unit)
    return "、".join(parts) or _("全部单位")


def _period(f: selectors.Filters) -> str:
    if f.start and f.end:
        return _("%(a)s至%(b)s") % {"a": _cn(f.start), "b": _cn(f.end)}
    if f.start:
        return _("%(a)s以来") % {"a": _cn(f.start)}
    if f.end:
        return _("截至%(b)s") % {"b": _cn(f.end)}
    return _("全部期间")


def _images(
    months: list[dict[str, Any]], overdue: list[dict[str, Any]], names: dict[str, Any]
) -> tuple[dict[str, bytes], str]:
    try:
        charts.cjk_font()
    except charts.FontMissing as exc:
        return {}, str(exc)
    out = {}
    if months:
        out["months"] = charts.distribution(
            [_month(m["month"]) for m in months], [int(m["records"]) for m in months], _("履职记录(按月)")
        )
    rated = [o for o in overdue if o["finished"]][:TOP]
    if rated:
        out["overdue"] = charts.rates(
            [names.get(o["unit"], o["unit"]) for o in rated],
            [100 * o["overdue"] / o["finished"] for o in rated],
            _("流程环节超时率(按单位,%)"),
        )
    return out, ""


def build(user: Any, f: selectors.Filters) -> ReportData:
    """The figures of the report as `user` may see them."""
    t = selectors.tables(user, f)
    run = M.run
    names = dict(Unit.objects.values_list("code", "name"))
    flows = dict(Workflow.objects.values_list("code", "name"))
    months = run("records_by_month", t)
    by_unit = sorted(run("records_by_unit", t), key=lambda r: (-int(r["records"]), str(r["unit"])))
    steps = run("step_durations", t)
    overdue = sorted(
        run("overdue_by_unit", t),
        key=lambda r: (-(r["overdue"] / r["finished"]) if r["finished"] else 0, str(r["unit"])),
    )
    bottlenecks = run("bottlenecks", t)
    conformance = run("conformance", t)
    hotline = run("hotline_by_unit", t)
    records = sum(int(m["records"]) for m in months)
    events = sum(int(s["count"]) for s in steps)
    done = sum(int(s["completed"]) for s in steps)
    late = sum(int(s["overdue"]) for s in steps)
    tickets = sum(int(h["tickets"]) for h in hotline)
    rated = sum(int(h["rated"]) for h in hotline)
    satisfied = sum(int(h["satisfied"]) for h in hotline)
    bounced = sum(int(h["bounced"]) for h in hotline)
    images, chart_note = _images(months, overdue, names)
    sections = [
        Section(
            _("总体情况"),
            [
                _(
                    "期间共收集履职记录%(records)s条,涉及%(units)s个单位;流程环节%(events)s次,办结%(done)s次"
                    "(办结率%(rate)s),超时%(late)s次(超时率%(late_rate)s);热线工单%(tickets)s件,"
                    "评价%(rated)s件,满意率%(sat)s,在单位间转办两次及以上的%(bounced)s件。"
                )
                % {
                    "records": records,
                    "units": len(by_unit),
                    "events": events,
                    "done": done,
                    "rate": _pct(done, events),
                    "late": late,
                    "late_rate": _pct(late, done),
                    "tickets": tickets,
                    "rated": rated,
                    "sat": _pct(satisfied, rated),
                    "bounced": bounced,
                }
            ],
        ),
        Section(
            _("履职记录"),
            [_("各月履职记录数见下图;记录最多的单位见下表。")] if months else [_("期间没有履职记录。")],
            chart="months",
            table=(
                [_("序号"), _("单位"), _("记录数"), _("数量合计")],
                [
                    [str(i), names.get(r["unit"], r["unit"]), str(r["records"]), str(r["quantity"])]
                    for i, r in enumerate(by_unit[:TOP], start=1)
                ],
                [1.5, 8.0, 3.0, 3.0],
            )
            if by_unit
            else None,
        ),
        Section(
            _("流程运行"),
            [
                _(
                    "%(unit)s %(flow)s的瓶颈环节为“%(step)s %(name)s”,中位用时%(m)s个工作小时,P90 %(p)s个工作小时。"
                )
                % {
                    "unit": names.get(b["unit"], b["unit"]),
                    "flow": flows.get(b["workflow"], b["workflow"]),
                    "step": b["step"],
                    "name": b["step_name"],
                    "m": _hours(b["median_secs"]),
                    "p": _hours(b["p90_secs"]),
                }
                for b in bottlenecks[:TOP]
            ]
            + [
                _("%(unit)s %(flow)s共%(n)s件,环节颠倒%(o)s件,跳过环节%(s)s件。")
                % {
                    "unit": names.get(c["unit"], c["unit"]),
                    "flow": flows.get(c["workflow"], c["workflow"]),
                    "n": c["cases"],
                    "o": c["out_of_order"],
                    "s": c["with_skips"],
                }
                for c in conformance
                if c["out_of_order"] or c["with_skips"]
            ]
            or [_("期间没有流程环节记录。")],
            chart="overdue",
            table=(
                [_("单位"), _("流程环节"), _("次数"), _("办结"), _("中位(工作小时)"), _("超时")],
                [
                    [
                        names.get(s["unit"], s["unit"]),
                        f"{flows.get(s['workflow'], s['workflow'])} {s['step']} {s['step_name']}",
                        str(s["count"]),
                        str(s["completed"]),
                        _hours(s["median_secs"]),
                        str(s["overdue"]),
                    ]
                    for s in sorted(steps, key=lambda s: (-int(s["overdue"]), -int(s["count"])))[:TOP]
                ],
                [3.5, 6.0, 1.5, 1.5, 2.5, 1.5],
            )
            if steps
            else None,
        ),
        Section(
            _("热线工单"),
            [] if hotline else [_("期间没有热线工单。")],
            table=(
                [_("单位"), _("诉求类别"), _("工单"), _("满意率"), _("多次转办")],
                [
                    [
                        names.get(h["unit"], h["unit"]),
                        h["topic"] or "—",
                        str(h["tickets"]),
                        _pct(int(h["satisfied"]), int(h["rated"])),
                        str(h["bounced"]),
                    ]
                    for h in sorted(hotline, key=lambda h: (-int(h["tickets"]), str(h["unit"])))[:TOP]
                ],
                [4.5, 4.0, 2.0, 2.5, 2.5],
            )
            if hotline
            else None,
        ),
    ]
    if POLICY.allowed(user, "view_warnings"):
        sections.append(_warnings_section(user, f))
    return ReportData(
        title=_("职能运行监管分析报告"),
        scope=_scope(f),
        period=_period(f),
        sections=sections,
        images=images,
        chart_note=chart_note,
        date=_cn(timezone.localdate()),
    )


def _warnings_section(user: Any, f: selectors.Filters) -> Section:
    qs = Warning.objects.visible_to(user).select_related("unit", "unit__region", "unit__category")
    if f.unit:
        qs = qs.filter(unit__code=f.unit)
    if f.region:
        qs = qs.filter(unit__region__code=f.region)
    if f.category:
        qs = qs.filter(unit__category__code=f.category)
    if f.start:
        qs = qs.filter(raised_at__date__gte=f.start)
    if f.end:
        qs = qs.filter(raised_at__date__lte=f.end)
    warnings = list(qs.order_by("-raised_at", "pk")[:100])
    return Section(
        _("监管预警"),
        [_("期间生成预警%(n)s条。") % {"n": len(warnings)}] if warnings else [_("期间没有监管预警。")],
        table=(
            [_("单位"), _("预警类型"), _("预警内容"), _("状态")],
            [[w.unit.name, w.get_kind_display(), w.summary, w.get_status_display()] for w in warnings],
            [3.5, 2.5, 8.0, 2.0],
        )
        if warnings
        else None,
    )


def word(data: ReportData) -> bytes:
    doc = GovDocument(data.title)
    doc.title(data.title)
    doc.paragraph(f"({data.scope} · {data.period})", align=CENTER, indent=False)
    doc.blank()
    for n, section in enumerate(data.sections, start=1):
        doc.heading(f"{chinese_ordinal(n)}、{section.heading}")
        for text in section.paragraphs:
            doc.paragraph(text)
        if section.chart in data.images:
            doc.picture(data.images[section.chart])
        if section.table is not None:
            doc.table(*section.table)
    if data.chart_note:
        doc.paragraph(data.chart_note)
    doc.blank()
    doc.signature([data.date])
    return doc.to_bytes()


def pdf(data: ReportData) -> bytes:
    numbered = [(chinese_ordinal(n), s) for n, s in enumerate(data.sections, start=1)]
    return pdf_render.render("supervision/report_pdf.html", {"data": data, "sections": numbered}, data.images)


def filename(data: ReportData, suffix: str) -> str:
    return file_name(data.scope, data.period, data.title, suffix=suffix)

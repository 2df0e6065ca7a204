"""The read model of a unit's evaluation report, shared by its page, the Word and PDF documents and the Excel of
its tables: the score tree with the unit's points against the maximum and the category average, the level-1
figures behind the charts, the evaluation opinions (stored, or drafted), findings and their rectification,
highlights, re-check outcomes (objections) and the unit's totals over the years. Nothing here writes.

What a document shows is what the report's readers may see: points and totals only (never the leader ratings a
leader-rating indicator was computed from), the campaign's stored results, the unit's totals in published
campaigns. Who may read a report at all is the policy's `view_unit_report` (lvzhi.reports.policy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns import scoring
from lvzhi.campaigns.bulletin import chinese_ordinal
from lvzhi.campaigns.models import Campaign, Objection, UnitResult
from lvzhi.campaigns.selectors import not_evaluated
from lvzhi.findings.models import Finding, Highlight

from . import opinions
from .models import UnitReport

SUMMARY = "__summary__"


def dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


@dataclass
class Row:
    """One indicator of the score tree: the unit's points, the maximum, the category average."""

    code: str
    name: str
    level: int
    kind: str
    points: Decimal | None
    max: Decimal | None
    average: Decimal | None = None
    not_applicable: bool = False
    root: str = ""  # the level-1 indicator it sits under

    @property
    def rate(self) -> float | None:
        if self.points is None or not self.max:
            return None
        return float(self.points / self.max * 100)

    @property
    def average_rate(self) -> float | None:
        if self.average is None or not self.max:
            return None
        return float(self.average / self.max * 100)


@dataclass
class CampaignFigures:
    """Per category of a campaign: each indicator's average points, the average total, the best total, the
    number of evaluated units. Built once per campaign (a background job of every unit's report shares it)."""

    averages: dict[Any, dict[str, Decimal]] = field(default_factory=dict)
    totals: dict[Any, Decimal] = field(default_factory=dict)
    best: dict[Any, dict[str, Decimal]] = field(default_factory=dict)
    counts: dict[Any, int] = field(default_factory=dict)


def flatten(nodes: list[dict[str, Any]] | None, root: str = "") -> list[Row]:
    rows: list[Row] = []
    for node in nodes or []:
        code = str(node.get("code", ""))
        top = root or code
        rows.append(
            Row(
                code=code,
                name=str(node.get("name", "")),
                level=int(node.get("level") or 1),
                kind=str(node.get("kind", "")),
                points=dec(node.get("contribution", node.get("points"))),
                max=dec(node.get("max")),
                not_applicable=bool(node.get("not_applicable")),
                root=top,
            )
        )
        rows.extend(flatten(node.get("children"), top))
    return rows


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    figures = CampaignFigures()
    sums: dict[Any, dict[str, Decimal]] = {}
    counts: dict[Any, dict[str, int]] = {}
    results = UnitResult.objects.filter(campaign=campaign).select_related("unit", "scheme_version")
    for row in results:
        if not_evaluated(row) or row.total is None:
            continue
        key = row.category_id
        figures.counts[key] = figures.counts.get(key, 0) + 1
        figures.totals[key] = figures.totals.get(key, Decimal(0)) + row.total
        best = figures.best.setdefault(key, {})
        best["__total__"] = max(best.get("__total__", row.total), row.total)
        for r in flatten(scoring.explained(row).get("indicators")):
            if r.points is None or r.not_applicable:
                continue
            sums.setdefault(key, {})[r.code] = sums.setdefault(key, {}).get(r.code, Decimal(0)) + r.points
            counts.setdefault(key, {})[r.code] = counts.setdefault(key, {}).get(r.code, 0) + 1
            if r.level == 1:
                best[r.code] = max(best.get(r.code, r.points), r.points)
    for key, n in figures.counts.items():
        figures.totals[key] = figures.totals[key] / n
        figures.averages[key] = {code: s / counts[key][code] for code, s in sums.get(key, {}).items()}
    return figures


@dataclass
class ReportData:
    campaign: Campaign
    result: UnitResult
    report: UnitReport | None
    title: str
    unit_name: str
    category_name: str
    total: Decimal | None
    max_total: Decimal | None
    average_total: Decimal | None
    best_total: Decimal | None
    grade: str
    rank: int | None
    rank_size: int | None
    peers: int
    rows: list[Row]
    opinions: list[dict[str, Any]]
    summary: str
    findings: list[dict[str, Any]]
    highlights: list[dict[str, Any]]
    rechecks: list[dict[str, Any]]
    trend: list[tuple[str, Decimal]]
    best: dict[str, Decimal] = field(default_factory=dict)

    @property
    def level1(self) -> list[Row]:
        return [r for r in self.rows if r.level == 1 and r.kind not in ("bonus", "deduction")]

    @property
    def released(self) -> bool:
        return self.report is not None and self.report.status == UnitReport.Status.RELEASED


def report_title(campaign: Campaign, unit: Any) -> str:
    return _("%(unit)s%(campaign)s报告") % {"unit": unit.name, "campaign": campaign.name}


def _findings(campaign: Campaign, unit: Any, rows: list[Row]) -> list[dict[str, Any]]:
    roots = {r.code: r.root for r in rows}
    qs = Finding.objects.filter(campaign=campaign, unit=unit).order_by("raised_at", "id")
    return [
        {
            "title": f.title,
            "category": f.category_label,
            "severity": str(f.get_severity_display()),
            "status": str(f.get_status_display()),
            "done": f.status in Finding.DONE_STATES,
            "deadline": f.deadline,
            "indicator": f.indicator_code,
            "root": roots.get(f.indicator_code, ""),
            "deduction": f.deduction,
            "description": f.description,
        }
        for f in qs
    ]


def _rechecks(campaign: Campaign, unit: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    qs = Objection.objects.filter(campaign_unit__campaign=campaign, campaign_unit__unit=unit)
    return [
        {
            "code": o.code,
            "name": names.get(o.code, o.code),
            "reason": o.reason,
            "status": str(o.get_status_display()),
            "answer": o.answer,
            "old": o.old_score,
            "new": o.new_score,
        }
        for o in qs.order_by("submitted_at", "id")
    ]


def _trend(campaign: Campaign, unit: Any, total: Decimal | None) -> list[tuple[str, Decimal]]:
    """The unit's totals in the published campaigns of other periods, and in this one."""
    past = (
        UnitResult.objects.filter(unit=unit, campaign__published_at__isnull=False, total__isnull=False)
        .exclude(campaign=campaign)
        .select_related("campaign")
        .order_by("campaign__year", "campaign__period", "campaign_id")
    )
    points = [(_label(r.campaign), r.total) for r in past if r.total is not None]
    if total is not None:
        points.append((_label(campaign), total))
    return points


def _label(campaign: Campaign) -> str:
    if campaign.period == Campaign.Period.YEAR:
        return _("%(year)s年") % {"year": campaign.year}
    return f"{campaign.year}{campaign.get_period_display()}"


def build(
    campaign: Campaign,
    result: UnitResult,
    figures: CampaignFigures | None = None,
    report: UnitReport | None = None,
) -> ReportData:
    """The report of one unit's stored result (the caller has checked that the user may read it)."""
    figures = figures if figures is not None else campaign_figures(campaign)
    unit = result.unit
    tree = scoring.explained(result)
    rows = flatten(tree.get("indicators"))
    averages = figures.averages.get(result.category_id, {})
    for r in rows:
        r.average = averages.get(r.code)
    if report is None:
        report = UnitReport.objects.filter(campaign=campaign, unit=unit).first()
    findings = _findings(campaign, unit, rows)
    summary = result.summary or {}
    data = ReportData(
        campaign=campaign,
        result=result,
        report=report,
        title=report_title(campaign, unit),
        unit_name=unit.name,
        category_name=result.category.name if result.category_id else _("未分类"),
        total=result.total,
        max_total=dec(tree.get("max")),
        average_total=figures.totals.get(result.category_id),
        best_total=figures.best.get(result.category_id, {}).get("__total__"),
        grade=result.grade,
        rank=result.rank,
        rank_size=summary.get("rank_size"),
        peers=figures.counts.get(result.category_id, 0),
        rows=rows,
        opinions=[],
        summary="",
        findings=findings,
        highlights=[
            {"title": h.title, "description": h.description}
            for h in Highlight.objects.filter(campaign=campaign, unit=unit).order_by("created_at", "id")
        ],
        rechecks=_rechecks(campaign, unit, {r.code: r.name for r in rows}),
        trend=_trend(campaign, unit, result.total),
        best=figures.best.get(result.category_id, {}),
    )
    stored = report.opinions if report is not None else {}
    drafted = opinions.draft(data)
    data.summary = stored.get(SUMMARY) or drafted.get(SUMMARY, "")
    data.opinions = [
        {
            "code": r.code,
            "name": r.name,
            "ordinal": chinese_ordinal(i),
            "text": stored.get(r.code) or drafted.get(r.code, ""),
        }
        for i, r in enumerate(data.level1, start=1)
    ]
    return data

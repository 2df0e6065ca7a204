"""The read model of a campaign's report and of its bulletin (通报), shared by their pages, the Word and PDF
documents and the Excel of the report's tables: the ranking by category with grades, the distribution of the
totals, the grade counts, the average score rate of each level-1 indicator, the common findings (by problem
category, and the common problems the office issued), the highlights, the recommendations drafted from those
figures, and (the report only) the units whose grade depends on the weighting. Nothing here writes.

What it holds is what its reader may see: the campaign report is read by the office and the committee, who read
every unit's draft results (`campaign_report`); the bulletin by everyone who sees the campaign once it is
published, before that by the office and the committee only, marked as a draft (`view_bulletin`). The bulletin
names no unit's findings, only counts by category and the common problems; the robustness flags are never in it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns import scoring
from lvzhi.campaigns.bulletin import issuing_office
from lvzhi.campaigns.models import Campaign, CommitteeDecision, UnitResult
from lvzhi.campaigns.selectors import grouped
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_score
from lvzhi.findings.models import Finding, Highlight

from . import robustness
from .unitreport import dec, flatten

# The bands of the distribution, as shares of the full marks (the last band is everything below).
BANDS = (Decimal("0.9"), Decimal("0.8"), Decimal("0.7"), Decimal("0.6"))
# How many units a bulletin names per grade and category before "等N个单位", so that it keeps to one page.
BULLETIN_NAMES = 6


@dataclass
class Group:
    name: str
    rows: list[UnitResult]
    apart: list[dict[str, Any]]
    average: Decimal | None
    best: Decimal | None
    lowest: Decimal | None
    grades: dict[str, int] = field(default_factory=dict)


@dataclass
class Indicator:
    code: str
    name: str
    max: Decimal | None
    average: Decimal | None
    rate: float | None
    units: int


@dataclass
class CampaignReportData:
    campaign: Campaign
    title: str
    bulletin_title: str
    published: bool
    office: str
    date: str
    document_number: str
    decision: str
    max_total: Decimal | None
    groups: list[Group]
    grades: list[str]
    evaluated: int
    average: Decimal | None
    best: Decimal | None
    lowest: Decimal | None
    distribution: list[tuple[str, int]]
    indicators: list[Indicator]
    findings: list[dict[str, Any]]
    common: list[dict[str, Any]]
    finding_count: int
    finding_units: int
    finding_done: int
    highlights: list[dict[str, Any]]
    flagged: list[dict[str, Any]] | None  # None: not for this reader (the bulletin)
    flagged_current: bool
    summary: str = ""
    recommendations: list[str] = field(default_factory=list)

    @property
    def grade_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for g in self.groups:
            counts.update(g.grades)
        return {grade: counts.get(grade, 0) for grade in self.grades}

    @property
    def weakest(self) -> list[Indicator]:
        rated = [i for i in self.indicators if i.rate is not None]
        return sorted(rated, key=lambda i: (i.rate, i.code))[:2]


def _stats(values: list[Decimal]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    if not values:
        return None, None, None
    return sum(values, Decimal(0)) / len(values), max(values), min(values)


def _band_labels(top: Decimal) -> list[str]:
    edges = [top * b for b in BANDS]
    labels = [_("%(low)s分及以上") % {"low": cn_score(edges[0])}]
    labels += [
        _("%(low)s–%(high)s分") % {"low": cn_score(low), "high": cn_score(high)}
        for high, low in pairwise(edges)
    ]
    labels.append(_("%(high)s分以下") % {"high": cn_score(edges[-1])})
    return labels


def _distribution(totals: list[Decimal], top: Decimal | None) -> list[tuple[str, int]]:
    if not top:
        return []
    counts = [0] * (len(BANDS) + 1)
    for total in totals:
        index = next((i for i, b in enumerate(BANDS) if total >= top * b), len(BANDS))
        counts[index] += 1
    return list(zip(_band_labels(top), counts, strict=True))


def _indicators(rows: list[UnitResult]) -> tuple[list[Indicator], Decimal | None]:
    """Each regular level-1 indicator's average points and score rate over the evaluated units."""
    sums: dict[str, list[Decimal]] = {}
    maxima: dict[str, list[Decimal]] = {}
    names: dict[str, str] = {}
    top: Decimal | None = None
    for row in rows:
        tree = scoring.explained(row)
        top = top if top is not None else dec(tree.get("max"))
        for r in flatten(tree.get("indicators")):
            if r.level != 1 or r.kind in ("bonus", "deduction") or r.not_applicable or r.points is None:
                continue
            names.setdefault(r.code, r.name)
            sums.setdefault(r.code, []).append(r.points)
            if r.max:
                maxima.setdefault(r.code, []).append(r.max)
    out = []
    for code, points in sums.items():
        average = sum(points, Decimal(0)) / len(points)
        ceilings = maxima.get(code, [])
        mean_max = sum(ceilings, Decimal(0)) / len(ceilings) if ceilings else None
        rate = float(average / mean_max * 100) if mean_max else None
        out.append(Indicator(code, names[code], mean_max, average, rate, len(points)))
    return out, top


def _findings(campaign: Campaign) -> tuple[list[dict[str, Any]], list[dict[str, Any]], tuple[int, int, int]]:
    qs = list(
        Finding.objects.filter(campaign=campaign)
        .select_related("common")
        .only("category", "status", "unit_id", "common__title", "common_id")
    )
    by_category: dict[str, dict[str, Any]] = {}
    common: dict[int, dict[str, Any]] = {}
    for f in qs:
        entry = by_category.setdefault(
            f.category_label, {"category": f.category_label, "count": 0, "units": set(), "done": 0}
        )
        entry["count"] += 1
        entry["units"].add(f.unit_id)
        entry["done"] += f.status in Finding.DONE_STATES
        if f.common_id:
            item = common.setdefault(f.common_id, {"title": f.common.title, "units": set(), "done": 0})
            item["units"].add(f.unit_id)
            item["done"] += f.status in Finding.DONE_STATES
    categories = sorted(by_category.values(), key=lambda e: (-e["count"], e["category"]))
    for e in categories:
        e["units"] = len(e["units"])
    commons = sorted(common.values(), key=lambda e: (-len(e["units"]), e["title"]))
    for e in commons:
        e["units"] = len(e["units"])
    totals = (len(qs), len({f.unit_id for f in qs}), sum(f.status in Finding.DONE_STATES for f in qs))
    return categories, commons, totals


def _recommendations(data: CampaignReportData) -> list[str]:
    out = [
        _("「%(name)s」平均得分率%(rate).1f%%,是各单位的薄弱环节,建议对照指标查找差距,限期补齐短板。")
        % {"name": indicator.name, "rate": indicator.rate}
        for indicator in data.weakest
    ]
    if data.findings:
        top = data.findings[0]
        out.append(
            _("「%(category)s」问题%(count)s个、涉及%(units)s个单位,建议作为共性问题集中整治,举一反三。")
            % top
        )
    open_findings = data.finding_count - data.finding_done
    if open_findings:
        out.append(
            _("尚有%(n)s个问题未整改到位,请相关单位按期整改并报送整改情况,编办跟踪核验、逐项销号。")
            % {"n": open_findings}
        )
    if data.highlights:
        out.append(_("总结推广特色亮点和经验做法,发挥示范带动作用。"))
    out.append(_("将评估结果作为机构编制资源配置和调整的重要依据,推动履职评估结果运用。"))
    return out


def _summary(data: CampaignReportData) -> str:
    parts = [
        _("本次评估共%(n)s个单位参评,平均得分%(avg)s分,最高%(best)s分,最低%(low)s分")
        % {
            "n": data.evaluated,
            "avg": cn_score(data.average),
            "best": cn_score(data.best),
            "low": cn_score(data.lowest),
        }
    ]
    counts = [(g, n) for g, n in data.grade_counts.items() if n]
    if counts:
        parts.append(
            _("评定%(grades)s")
            % {"grades": "、".join(_("%(grade)s%(n)s个") % {"grade": g, "n": n} for g, n in counts)}
        )
    if data.finding_count:
        parts.append(
            _("评估发现问题%(n)s个,已整改到位%(done)s个")
            % {"n": data.finding_count, "done": data.finding_done}
        )
    return ",".join(parts) + "。"


def build(campaign: Campaign, user: Any = None, *, flags: bool = True) -> CampaignReportData:
    """The campaign's report (the caller has checked that `user` may read it); `flags=False` for the bulletin,
    which never carries the robustness flags."""
    results = list(
        UnitResult.objects.filter(campaign=campaign).select_related("unit", "category", "scheme_version")
    )
    groups = []
    evaluated: list[UnitResult] = []
    for g in grouped(results):
        rows = [r for r in g["rows"] if r.total is not None]
        evaluated += rows
        average, best, lowest = _stats([r.total for r in rows if r.total is not None])
        counted = Counter(r.grade for r in rows if r.grade)
        groups.append(
            Group(
                name=g["category"].name if g["category"] else _("未分类"),
                rows=g["rows"],
                apart=g["apart"],
                average=average,
                best=best,
                lowest=lowest,
                grades=dict(counted),
            )
        )
    # Grades in the order of the units' totals (the scheme's bands from the top)
    by_grade: dict[str, list[Decimal]] = {}
    for r in evaluated:
        if r.grade and r.total is not None:
            by_grade.setdefault(r.grade, []).append(r.total)
    grades = sorted(by_grade, key=lambda g: -(sum(by_grade[g]) / len(by_grade[g])))
    indicators, top = _indicators(evaluated)
    totals = [r.total for r in evaluated if r.total is not None]
    average, best, lowest = _stats(totals)
    categories, common, (count, units, done) = _findings(campaign)
    decision = campaign.decisions.filter(outcome=CommitteeDecision.Outcome.APPROVED).first()
    flagged = None
    current = False
    if flags:
        summary = robustness.summary(user, campaign)
        if summary is not None and summary["run"] is not None:
            flagged, current = summary["flagged"], summary["current"]
    data = CampaignReportData(
        campaign=campaign,
        title=_("%(name)s报告") % {"name": campaign.name},
        bulletin_title=_("关于%(name)s结果的通报") % {"name": campaign.name},
        published=campaign.is_published,
        office=issuing_office(campaign),
        date=cn_date(campaign.published_at) if campaign.published_at else "",
        document_number=decision.document_number if decision is not None else "",
        decision=(
            _("经%(meeting)s(%(day)s)审定")
            % {"meeting": decision.meeting, "day": cn_date(decision.decided_on)}
            if decision is not None
            else ""
        ),
        max_total=top,
        groups=groups,
        grades=grades,
        evaluated=len(evaluated),
        average=average,
        best=best,
        lowest=lowest,
        distribution=_distribution(totals, top),
        indicators=indicators,
        findings=categories,
        common=common,
        finding_count=count,
        finding_units=units,
        finding_done=done,
        highlights=[
            {"unit": h.unit.name if h.unit_id else "", "title": h.title, "description": h.description}
            for h in Highlight.objects.filter(campaign=campaign)
            .select_related("unit")
            .order_by("unit__order", "id")
        ],
        flagged=flagged,
        flagged_current=current,
    )
    data.summary = _summary(data)
    data.recommendations = _recommendations(data)
    return data


def named(units: list[str], limit: int = BULLETIN_NAMES) -> str:
    """「甲、乙、丙」, or 「甲、乙……等12个单位」 past the limit (the bulletin keeps to one page)."""
    if len(units) <= limit:
        return "、".join(units)
    return _("%(names)s等%(n)s个单位") % {"names": "、".join(units[:limit]), "n": len(units)}


def bulletin_grades(data: CampaignReportData, limit: int = BULLETIN_NAMES) -> list[dict[str, Any]]:
    """Per category: the units of the top grade and of the lowest (when there are several grades), named up to
    `limit`; the first-ranked when the scheme has no grades; the grade counts."""
    out = []
    top = data.grades[0] if data.grades else None
    bottom = data.grades[-1] if len(data.grades) > 1 else None
    for g in data.groups:
        item: dict[str, Any] = {
            "category": g.name,
            "count": len(g.rows),
            "average": g.average,
            "grades": [(grade, g.grades[grade]) for grade in data.grades if g.grades.get(grade)],
        }
        if top:
            item["top"] = (top, named([r.unit.name for r in g.rows if r.grade == top], limit))
        if bottom:
            item["bottom"] = (bottom, named([r.unit.name for r in g.rows if r.grade == bottom], limit))
        if not data.grades:
            item["first"] = named([r.unit.name for r in g.rows if r.rank == 1], limit)
        out.append(item)
    return out

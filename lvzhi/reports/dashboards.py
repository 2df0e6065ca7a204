"""The read models of the dashboards: each chart as data (its categories and series), drawn in the browser by
ECharts (lvzhi/static/lvzhi/reports_dashboard.js) and downloaded as Excel from the same data, so the picture and
the sheet cannot disagree. Nothing here writes.

- `overview(campaign)`: progress of the units' self-assessment, distribution of the totals, the ranking, the
  grade counts — the campaign's results, draft ones included: office and committee (`view_dashboards`);
- `findings(campaign)`: problems by category, rectified or not, and each unit's rectification rate (same readers);
- `staffing(campaign, user)`: each unit's approved and actual staff, and its workload per head against its
  category's mean (supervision's figures over the past year);
- `profile(unit, user)`: a unit's totals and level-1 score rates over the years, from the published campaigns whose
  results the user may read (`UnitResult.objects.visible_to`): anyone, for what they may see.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns import scoring
from lvzhi.campaigns.models import Campaign, CampaignUnit, UnitResult
from lvzhi.core import spreadsheets
from lvzhi.findings.facts import workloads, year_before
from lvzhi.findings.models import Finding
from lvzhi.registry.staffing import unit_staffing

from . import campaignreport
from .unitreport import _label, flatten

RANKING_UNITS = 30


def chart(
    key: str,
    title: str,
    kind: str,
    categories: list[str],
    series: list[tuple[str, list[Any]]],
    unit: str = "",
) -> dict[str, Any]:
    return {
        "id": key,
        "title": title,
        "kind": kind,
        "categories": categories,
        "series": [{"name": name, "data": [_number(v) for v in data]} for name, data in series],
        "unit": unit,
    }


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def overview(campaign: Campaign) -> list[dict[str, Any]]:
    data = campaignreport.build(campaign, flags=False)
    statuses = Counter(CampaignUnit.objects.filter(campaign=campaign).values_list("self_status", flat=True))
    progress = [(str(label), statuses.get(value, 0)) for value, label in CampaignUnit.SelfStatus.choices]
    ranked = sorted(
        (r for g in data.groups for r in g.rows if r.total is not None),
        key=lambda r: (-(r.total or 0), r.unit.code),
    )[:RANKING_UNITS]
    return [
        chart("progress", _("自评填报进度"), "bar", [p[0] for p in progress],
              [(_("单位数"), [p[1] for p in progress])], _("个")),
        chart("distribution", _("总分分布"), "bar", [d[0] for d in data.distribution],
              [(_("单位数"), [d[1] for d in data.distribution])], _("个")),
        chart("ranking", _("总分排名(前%(n)s名)") % {"n": RANKING_UNITS}, "hbar", [r.unit.name for r in ranked],
              [(_("总分"), [r.total for r in ranked])], _("分")),
        chart("grades", _("等次分布"), "pie", list(data.grade_counts),
              [(_("单位数"), list(data.grade_counts.values()))], _("个")),
    ]  # fmt: skip


def findings(campaign: Campaign) -> list[dict[str, Any]]:
    rows = list(Finding.objects.filter(campaign=campaign).select_related("unit"))
    by_category: dict[str, list[int]] = {}
    by_unit: dict[str, list[int]] = {}
    for f in rows:
        done = f.status in Finding.DONE_STATES
        for bucket, key in ((by_category, f.category_label), (by_unit, f.unit.name)):
            counts = bucket.setdefault(key, [0, 0])
            counts[0 if done else 1] += 1
    categories = sorted(by_category, key=lambda k: -sum(by_category[k]))
    units = sorted(by_unit, key=lambda k: (-sum(by_unit[k]), k))[:RANKING_UNITS]
    statuses = Counter(str(f.get_status_display()) for f in rows)
    return [
        chart("finding_categories", _("问题类别及整改"), "stack", categories,
              [(_("已整改"), [by_category[c][0] for c in categories]),
               (_("未整改"), [by_category[c][1] for c in categories])], _("个")),
        chart("finding_status", _("整改状态"), "pie", list(statuses), [(_("问题数"), list(statuses.values()))], _("个")),
        chart("rectification", _("各单位整改率(%)"), "hbar", units,
              [(_("整改率"), [round(100 * by_unit[u][0] / sum(by_unit[u]), 1) for u in units])], "%"),
    ]  # fmt: skip


def staffing(campaign: Campaign, user: Any) -> list[dict[str, Any]]:
    units = [cu.unit for cu in CampaignUnit.objects.filter(campaign=campaign).select_related("unit")
             .order_by("unit__order", "unit__code")]  # fmt: skip
    figures = unit_staffing([u.pk for u in units])
    loads = workloads(user, units, year_before())
    names = [u.name for u in units]
    loaded = [u for u in units if u.pk in loads]
    return [
        chart("staffing", _("核定编制与实有人数"), "bar", names,
              [(_("核定编制"), [figures[u.pk].approved_total for u in units]),
               (_("实有人数"), [figures[u.pk].actual_total for u in units])], _("名")),
        chart("workload", _("人均工作量与同类别平均"), "bar", [u.name for u in loaded],
              [(_("人均工作量"), [round(loads[u.pk].per_head, 2) for u in loaded]),
               (_("同类别平均"), [round(float(loads[u.pk].peer_mean or 0), 2) for u in loaded])], _("件/人")),
    ]  # fmt: skip


def profile(unit: Any, user: Any) -> list[dict[str, Any]]:
    results = list(
        UnitResult.objects.visible_to(user)
        .filter(unit=unit, campaign__published_at__isnull=False, total__isnull=False)
        .select_related("campaign", "scheme_version")
        .order_by("campaign__year", "campaign__period", "campaign_id")
    )
    labels = [_label(r.campaign) for r in results]
    rates: dict[str, list[float | None]] = {}
    for i, r in enumerate(results):
        for row in flatten(scoring.explained(r).get("indicators")):
            if row.level == 1 and row.kind not in ("bonus", "deduction"):
                rates.setdefault(row.name, [None] * len(results))[i] = (
                    None if row.rate is None else round(row.rate, 1)
                )
    return [
        chart("totals", _("历年总分"), "line", labels, [(_("总分"), [r.total for r in results])], _("分")),
        chart("level1", _("一级指标得分率(%)"), "line", labels, list(rates.items()), "%"),
    ]


def excel(item: dict[str, Any]) -> bytes:
    """One chart's data as a sheet: its categories down, a column per series (the one Excel writer)."""
    book = spreadsheets.new_workbook(title=item["title"])
    sheet = book.active
    spreadsheets.append(sheet, [_("项目"), *[s["name"] for s in item["series"]]])
    for i, category in enumerate(item["categories"]):
        spreadsheets.append(sheet, [category, *[s["data"][i] for s in item["series"]]])
    return spreadsheets.to_bytes(book)

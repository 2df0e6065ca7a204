"""The drafted evaluation opinions of a unit report: a summary paragraph and one opinion per level-1 indicator,
written from the figures (points against the maximum and the category average, the strongest and weakest
indicator under it) and the findings raised under it (how many, how many rectified). The office edits them on
the report's page before release; what it stored replaces the draft (lvzhi.reports.unitreport)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from lvzhi.core.templatetags.lvzhi_format import cn_score

if TYPE_CHECKING:
    from .unitreport import ReportData, Row

SUMMARY = "__summary__"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def verdict(rate: float | None) -> str:
    if rate is None:
        return _("该项指标不适用。")
    if rate >= 90:
        return _("履职成效明显,建议继续保持。")
    if rate >= 80:
        return _("总体较好,仍有提升空间。")
    if rate >= 60:
        return _("存在薄弱环节,需进一步加强。")
    return _("问题较为突出,须限期整改。")


def _compare(row: Row) -> str:
    if row.average is None or row.points is None:
        return ""
    diff = row.points - row.average
    if abs(diff) < 0.005:
        return _(",与本类别平均分(%(avg)s分)持平") % {"avg": cn_score(row.average)}
    word = _("高于") if diff > 0 else _("低于")
    return _(",%(word)s本类别平均分(%(avg)s分)%(diff)s分") % {
        "word": word,
        "avg": cn_score(row.average),
        "diff": cn_score(abs(diff)),
    }


def _children(data: ReportData, root: Row) -> list[Row]:
    return [
        r
        for r in data.rows
        if r.root == root.code
        and r.level == 2
        and r.kind not in ("bonus", "deduction")
        and r.rate is not None
    ]


def opinion(data: ReportData, row: Row) -> str:
    if row.not_applicable or row.points is None:
        return _("%(name)s:该项指标不适用,不计分。") % {"name": row.name}
    parts = [
        _("%(name)s:满分%(max)s分,得分%(points)s分,得分率%(rate)s%(compare)s。")
        % {
            "name": row.name,
            "max": cn_score(row.max),
            "points": cn_score(row.points),
            "rate": pct(row.rate),
            "compare": _compare(row),
        }
    ]
    children = _children(data, row)
    if len(children) > 1:
        best = max(children, key=lambda r: r.rate or 0)
        worst = min(children, key=lambda r: r.rate or 0)
        if best.rate != worst.rate:
            parts.append(
                _("其中「%(best)s」得分率最高(%(b)s),「%(worst)s」得分率最低(%(w)s)。")
                % {"best": best.name, "b": pct(best.rate), "worst": worst.name, "w": pct(worst.rate)}
            )
    found = [f for f in data.findings if f["root"] == row.code]
    if found:
        done = sum(1 for f in found if f["done"])
        titles = "、".join(f"「{f['title']}」" for f in found[:3])
        parts.append(
            _("评估发现问题%(n)s个(%(titles)s%(more)s),已整改到位%(done)s个。")
            % {"n": len(found), "titles": titles, "more": _("等") if len(found) > 3 else "", "done": done}
        )
    parts.append(verdict(row.rate))
    return "".join(parts)


def summary(data: ReportData) -> str:
    parts: list[str] = [
        _("%(unit)s在%(campaign)s中得分%(total)s分(满分%(max)s分)")
        % {
            "unit": data.unit_name,
            "campaign": data.campaign.name,
            "total": cn_score(data.total),
            "max": cn_score(data.max_total),
        }
    ]
    if data.rank:
        parts.append(
            _(",在%(category)s%(n)s个单位中排名第%(rank)s位")
            % {"category": data.category_name, "n": data.rank_size or data.peers, "rank": data.rank}
        )
    if data.grade:
        parts.append(_(",评估等次为「%(grade)s」") % {"grade": data.grade})
    parts.append("。")
    if data.average_total is not None:
        parts.append(_("本类别平均分%(avg)s分。") % {"avg": cn_score(data.average_total)})
    if data.findings:
        done = sum(1 for f in data.findings if f["done"])
        parts.append(
            _("评估共发现问题%(n)s个,已整改到位%(done)s个。") % {"n": len(data.findings), "done": done}
        )
    else:
        parts.append(_("评估未发现问题。"))
    return "".join(parts)


def draft(data: ReportData) -> dict[str, Any]:
    """{SUMMARY: summary, level-1 code: opinion} drafted from the report's figures."""
    out: dict[str, Any] = {SUMMARY: summary(data)}
    for row in data.level1:
        out[row.code] = opinion(data, row)
    return out

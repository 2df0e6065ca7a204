"""The lists' per-unit statistics into a campaign's list-management indicators, through the campaign room's import
path (lvzhi.campaigns.imports.import_file, kind "lists"): one long-layout file for the campaign, checked and stored
atomically like any imported figure, with the adjustments, claims or items behind each figure in its note (shown
in the result's explanation). The scoring engine scores each figure by the leaf's own rule.

A leaf takes a figure when its source is `lists:<口径>` (清单管理:…), over the campaign's year (1 January –
31 December) and the unit's own lists:

- 调整次数 (`adjustments`): adjustments of any list effective in the year (新增、取消、变更、下放、收回), a count;
- 认领及时率 (`claims_on_time`): upper-level notices claimed by their deadline / notices due in the year, %
  (a notice still open before its deadline counts neither way);
- 依据完整率 (`basis_complete`): power items in force on 31 December whose legal basis names the article
  (…第…条) / power items in force, %.

The leaf's rule takes the figure as it expects it: a completion ratio without a fixed target the counted and the
whole (actual, target), an occurrences rule the count (of adjustments; of notices not claimed on time; of items
whose basis stops short of the article), any other rule the rate (调整次数: the count). A unit with nothing a
rate needs (no notice due, no power item) gets no figure for it and is named as left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.campaigns.feeding import (
    MeasuredLeaf,
    campaign_units,
    clip,
    import_rows,
    measured_leaves,
    number,
    parts_for,
    percent,
)
from lvzhi.core.errors import Invalid

from .models import Adjustment, AdjustmentType, ClaimStatus, NoticeClaim, PowerItem
from .policy import POLICY

SOURCE = "lists"
MEASURES = {
    "adjustments": gettext_lazy("调整次数"),
    "claims_on_time": gettext_lazy("认领及时率"),
    "basis_complete": gettext_lazy("依据完整率"),
}
WORDS = {
    **{key: key for key in MEASURES},
    "调整次数": "adjustments",
    "动态调整次数": "adjustments",
    "调整": "adjustments",
    "认领及时率": "claims_on_time",
    "按时认领率": "claims_on_time",
    "认领率": "claims_on_time",
    "依据完整率": "basis_complete",
    "依据完整": "basis_complete",
    "法律依据完整率": "basis_complete",
}
# The basis names an article: 第三十九条, 第39条 (a 款/项 after it is finer still).
ARTICLE = re.compile(r"第[零〇一二三四五六七八九十百千0-9０-９]+条")


ListLeaf = MeasuredLeaf


def list_leaves(campaign: Any) -> list[ListLeaf]:
    """The campaign scheme's leaves whose source is the lists, with the figure each names."""
    leaves = measured_leaves(
        campaign, source=SOURCE, words=WORDS, measures=MEASURES, room=_("清单管理"), refuse_unknown=True
    )
    for leaf in leaves:
        if leaf.measure == "adjustments" and tuple(leaf.parts) == ("actual", "target"):
            raise Invalid(
                _("指标「%(code)s %(name)s」的调整次数是次数,不能按无目标值的完成率计分。")
                % {"code": leaf.code, "name": leaf.name}
            )
    return leaves


@dataclass(frozen=True)
class Figure:
    counted: int  # the adjustments; the notices claimed on time; the items with the article
    whole: int  # the same count for adjustments; the notices due; the items in force
    missed: int  # what an occurrences rule counts
    rate: Decimal | None
    note: str


def has_article(basis: str) -> bool:
    return bool(ARTICLE.search(basis or ""))


def adjustment_figure(adjustments: list[Adjustment], span: str) -> Figure:
    labels = dict(AdjustmentType.choices)
    counts = {t: sum(1 for a in adjustments if a.adjustment_type == t) for t in AdjustmentType.values}
    by_type = "、".join(f"{labels[t]}{n}" for t, n in counts.items() if n)
    head = _("%(span)s清单调整%(n)s次") % {"span": span, "n": len(adjustments)}
    if by_type:
        head += f"({by_type})"
    parts = [
        f"{a.effective_date:%m-%d} {labels.get(a.adjustment_type, a.adjustment_type)}{a.item_label[:24]}"
        + (f"[{a.document_number}]" if a.document_number else "")
        for a in adjustments
    ]
    n = len(adjustments)
    return Figure(n, n, n, None, clip(head + (":" + ";".join(parts) if parts else "")))


def claim_figure(claims: list[NoticeClaim], span: str) -> Figure | None:
    if not claims:
        return None
    on_time, late, pending = [], [], []
    for claim in claims:
        if claim.status == ClaimStatus.PENDING or claim.claimed_at is None:
            pending.append(claim)
        elif timezone.localtime(claim.claimed_at).date() <= claim.deadline:
            on_time.append(claim)
        else:
            late.append(claim)
    rate = percent(len(on_time), len(claims))
    head = _(
        "%(span)s应认领上级变更%(n)s项,按期认领%(ok)s项,逾期认领%(late)s项,未认领%(pending)s项,认领及时率 %(rate)s%%"
    ) % {"span": span, "n": len(claims), "ok": len(on_time), "late": len(late), "pending": len(pending),
         "rate": number(rate)}  # fmt: skip
    words = [(late, _("逾期")), (pending, _("未认领")), (on_time, _("按期"))]
    due = _("期限")
    parts = [
        f"{c.notice.document_number}{c.notice.title[:14]}({word},{due}{c.deadline:%m-%d})"
        for group, word in words
        for c in group
    ]
    return Figure(
        len(on_time), len(claims), len(late) + len(pending), rate, clip(head + ":" + ";".join(parts))
    )


def basis_figure(items: list[PowerItem], day: dt.date) -> Figure | None:
    if not items:
        return None
    short = [i for i in items if not has_article(i.legal_basis)]
    complete = len(items) - len(short)
    rate = percent(complete, len(items))
    head = _("%(day)s现行权责事项%(n)s项,设定依据具体到条款%(ok)s项,依据完整率 %(rate)s%%") % {
        "day": f"{day:%Y-%m-%d}", "n": len(items), "ok": complete, "rate": number(rate),
    }  # fmt: skip
    blank = _("未填依据")
    parts = [f"{i.code} {i.name[:16]}({(i.legal_basis or blank)[:16]})" for i in short]
    tail = (_(";未到条款:") + ";".join(parts)) if parts else ""
    return Figure(complete, len(items), len(short), rate, clip(head + tail))


def _entries(leaf: ListLeaf, found: Figure) -> list[tuple[str, str]]:
    return parts_for(leaf, counted=found.counted, whole=found.whole, occurrences=found.missed, rate=found.rate)


def unit_figures(campaign: Any, actor: Any, units: list[Any]) -> dict[int, dict[str, Figure | None]]:
    """Each unit's three figures for the campaign's year, from what the actor may see."""
    start, end = dt.date(campaign.year, 1, 1), dt.date(campaign.year, 12, 31)
    span = _("%(year)s年") % {"year": campaign.year}
    ids = [u.pk for u in units]
    adjustments: dict[int, list[Adjustment]] = {pk: [] for pk in ids}
    for a in (
        Adjustment.objects.visible_to(actor)
        .filter(unit_id__in=ids, effective_date__range=(start, end))
        .order_by("effective_date", "id")
    ):
        adjustments[a.unit_id].append(a)
    claims: dict[int, list[NoticeClaim]] = {pk: [] for pk in ids}
    today = timezone.localdate()
    for c in (
        NoticeClaim.objects.visible_to(actor)
        .filter(unit_id__in=ids, deadline__range=(start, end))
        .exclude(status=ClaimStatus.PENDING, deadline__gte=today)  # not yet due: neither on time nor late
        .select_related("notice")
        .order_by("deadline", "id")
    ):
        claims[c.unit_id].append(c)
    items: dict[int, list[PowerItem]] = {pk: [] for pk in ids}
    for i in PowerItem.objects.visible_to(actor).as_of(end).filter(unit_id__in=ids).order_by("code", "id"):
        items[i.unit_id].append(i)
    return {
        pk: {
            "adjustments": adjustment_figure(adjustments[pk], span),
            "claims_on_time": claim_figure(claims[pk], span),
            "basis_complete": basis_figure(items[pk], end),
        }
        for pk in ids
    }


def feed_rows(campaign: Any, actor: Any) -> tuple[list[ListLeaf], list[list[Any]], list[str]]:
    """(the list-management indicators, the file's rows, the units left out with why) for the campaign's year."""
    leaves = list_leaves(campaign)
    if not leaves:
        raise Invalid(
            _(
                "本活动的指标体系中没有以清单管理统计为数据来源的指标(数据来源写作“清单管理:%(choices)s”之一)。"
            )
            % {"choices": "/".join(str(m) for m in MEASURES.values())}
        )
    units = campaign_units(campaign)
    figures = unit_figures(campaign, actor, units)
    rows: list[list[Any]] = []
    left_out: list[str] = []
    for unit in units:
        missing = []
        for leaf in leaves:
            found = figures[unit.pk][leaf.measure]
            if found is None:
                missing.append(leaf.measure_label)
                continue
            rows.extend([unit.code, unit.name, leaf.code, p, v, found.note] for p, v in _entries(leaf, found))
        if missing:
            left_out.append(
                _("%(unit)s(%(year)s年没有计算%(what)s所需的事项)")
                % {"unit": unit.name, "year": campaign.year, "what": "、".join(dict.fromkeys(missing))}
            )
    return leaves, rows, left_out


def feed_scores(campaign: Any, *, actor: Any) -> Any:
    """计入评估指标: write each unit's list statistics into the campaign (ImportedValue rows, kind "lists"), all
    of them or none."""
    POLICY.require(actor, "feed_scores")
    _leaves, rows, _left_out = feed_rows(campaign, actor)
    return import_rows(
        campaign, actor=actor, kind="lists", rows=rows, filename=f"清单管理-{campaign.year}.csv",
        note=_("由权责清单动态管理统计计入"),
        none_message=_("活动范围内没有单位有可计入的清单管理统计,暂不能计入指标。"),
    )  # fmt: skip

"""How far goals are met, as the scores read it (docs/goals.md "计入评估指标"): exact fractions, one place.

- A goal's completion in a quarter: quantitative — the cumulative figure reported against the cumulative target by
  the quarter's end (Goal.quarter_target), capped at 100%; qualitative — the quarter's measure 已完成 100%,
  部分完成 50%, 未完成 0. No report for the quarter counts 0.
- A goal is met (达标) when, quantitative, its latest reported cumulative figure reaches the annual target, and,
  qualitative, its fourth-quarter report says 已完成.
- The completion ratio of a quarter (完成率) is the mean of the goals' completion in it; the share met (达标率) is
  goals met / goals. Both as percents, rounded half-up to 2 places. Only approved unit goals count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .models import Completion, Goal, Nature, ProgressReport

QUALITATIVE = {
    Completion.DONE: Fraction(1),
    Completion.PARTIAL: Fraction(1, 2),
    Completion.NOT_DONE: Fraction(0),
}
SHARE_MET = "share_met"
COMPLETION = "completion"
MEASURE_WORDS = {"达标率": SHARE_MET, "share_met": SHARE_MET, "完成率": COMPLETION, "completion": COMPLETION}
MEASURE_LABELS = {SHARE_MET: "达标率", COMPLETION: "完成率"}
# Words a scheme's `goals:` source may use to pick goals (a category, a nature or a source): the file's words,
# Chinese in every interface language like the scheme file's other words.
FILTER_WORDS: dict[str, tuple[str, str]] = {
    "重点工作": ("category", "key"), "重点": ("category", "key"), "key": ("category", "key"),
    "常规工作": ("category", "regular"), "常规": ("category", "regular"), "regular": ("category", "regular"),
    "其他工作": ("category", "other"), "其他": ("category", "other"), "other": ("category", "other"),
    "定量": ("nature", "quantitative"), "quantitative": ("nature", "quantitative"),
    "定性": ("nature", "qualitative"), "qualitative": ("nature", "qualitative"),
    "中心工作": ("source", "central_task"), "central_task": ("source", "central_task"),
    "三定职责": ("source", "sanding"), "sanding": ("source", "sanding"),
    "上级交办": ("source", "assigned"), "assigned": ("source", "assigned"),
}  # fmt: skip
FILTER_LABELS = {
    ("category", "key"): "重点工作", ("category", "regular"): "常规工作", ("category", "other"): "其他工作",
    ("nature", "quantitative"): "定量", ("nature", "qualitative"): "定性",
    ("source", "central_task"): "中心工作", ("source", "sanding"): "三定职责", ("source", "assigned"): "上级交办",
}  # fmt: skip


@dataclass(frozen=True)
class Selection:
    """What a scheme leaf's source `goals:<measure>/<filter>…` asks for."""

    measure: str
    filters: tuple[tuple[str, str], ...] = ()

    def matches(self, goal: Goal) -> bool:
        return all(getattr(goal, field) == value for field, value in self.filters)

    @property
    def label(self) -> str:
        words = [str(FILTER_LABELS[f]) for f in self.filters]
        return "".join(words) + str(MEASURE_LABELS[self.measure])


class SelectionError(ValueError):
    pass


def parse_selection(detail: str, has_periods: bool) -> Selection:
    """`达标率/重点工作`, `完成率`, `` (完成率 when the leaf has periods, else 达标率)."""
    measure = COMPLETION if has_periods else SHARE_MET
    filters: list[tuple[str, str]] = []
    for word in (w.strip() for w in detail.replace("、", "/").replace(":", "/").split("/")):
        if not word:
            continue
        if word in MEASURE_WORDS:
            measure = MEASURE_WORDS[word]
        elif word in FILTER_WORDS:
            filters.append(FILTER_WORDS[word])
        else:
            raise SelectionError(word)
    return Selection(measure, tuple(filters))


def percent(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return (exact * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def quarter_ratio(goal: Goal, report: ProgressReport | None, quarter: int) -> Fraction:
    if report is None:
        return Fraction(0)
    if goal.nature == Nature.QUANTITATIVE:
        target = goal.quarter_target(quarter)
        if not target:
            return Fraction(1)
        return min(Fraction(report.actual or 0) / Fraction(target), Fraction(1))
    return QUALITATIVE.get(Completion(report.completion), Fraction(0))


def is_met(goal: Goal, reports: Mapping[int, ProgressReport]) -> bool:
    if not reports:
        return False
    if goal.nature == Nature.QUANTITATIVE:
        latest = reports[max(reports)]
        return goal.target is not None and (latest.actual or 0) >= goal.target
    final = reports.get(4)
    return final is not None and final.completion == Completion.DONE


@dataclass(frozen=True)
class Figure:
    value: Decimal  # percent, 2 places
    goals: int
    note: str  # the goals behind the figure, for the result's explanation (≤ 300 characters)


def _short(goal: Goal) -> str:
    return f"{goal.seq}.{goal.title[:14]}"


def _note(head: str, parts: list[str]) -> str:
    for shown in range(len(parts), 0, -1):
        tail = "" if shown == len(parts) else _("等%(n)s项") % {"n": len(parts)}
        text = head + "、".join(parts[:shown]) + tail
        if len(text) <= 300:
            return text
    return head[:300]


def figure(
    selection: Selection,
    goals: Iterable[Goal],
    reports: Mapping[int, Mapping[int, ProgressReport]],
    quarter: int | None = None,
) -> Figure | None:
    """The figure for one unit (None: it has no goal of the selection). `reports[goal.pk][quarter]`."""
    chosen = [g for g in goals if selection.matches(g)]
    if not chosen:
        return None
    name = selection.label
    if selection.measure == SHARE_MET:
        met = [g for g in chosen if is_met(g, reports.get(g.pk, {}))]
        parts = [_short(g) + (_("(达标)") if g in met else _("(未达标)")) for g in chosen]
        head = _("%(name)s:目标%(n)s项,达标%(m)s项:") % {"name": name, "n": len(chosen), "m": len(met)}
        return Figure(percent(Fraction(len(met), len(chosen))), len(chosen), _note(head, parts))
    q = quarter or 4
    ratios = []
    parts = []
    for goal in chosen:
        report = reports.get(goal.pk, {}).get(q)
        ratio = quarter_ratio(goal, report, q)
        ratios.append(ratio)
        parts.append(_short(goal) + (f"({percent(ratio)}%)" if report else _("(未报送,计0)")))
    mean = sum(ratios, Fraction(0)) / len(ratios)
    head = _("第%(q)s季度%(name)s:目标%(n)s项平均:") % {"q": q, "name": name, "n": len(chosen)}
    return Figure(percent(mean), len(chosen), _note(head, parts))

"""Goal completion into a campaign's goal indicators, through the campaign room's import path
(lvzhi.campaigns.imports.import_file, kind "goals"): one long-layout file for the campaign, checked and stored
atomically like any imported figure, with the goals behind each figure in its note (shown in the result's
explanation). The figures are lvzhi.goals.completion's; the scoring engine scores them by the leaf's own rule.

A leaf takes goals when its source is `goals` (年度目标), optionally `goals:<measure>/<filter>…`: the measure
达标率 (share of goals met) or 完成率 (completion ratio; per quarter when the leaf has four periods, else the
fourth quarter's), the filters a category (重点工作、常规工作、其他工作), a nature (定量、定性) or a source
(中心工作、三定职责、上级交办)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns.feeding import campaign_units, import_rows
from lvzhi.core.errors import Invalid

from . import selectors
from .completion import COMPLETION, Selection, SelectionError, figure, parse_selection
from .models import Goal, Level, Status
from .policy import POLICY


@dataclass(frozen=True)
class GoalLeaf:
    code: str
    name: str
    selection: Selection
    periods: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def goal_leaves(campaign: Any) -> list[GoalLeaf]:
    """The campaign scheme's leaves whose source is goals, with what each asks for."""
    from lvzhi.campaigns.selectors import scheme_info_for

    info = scheme_info_for(campaign)
    return leaves_of(info) if info is not None else []


def leaves_of(info: Any) -> list[GoalLeaf]:
    """A loaded scheme's (lvzhi.campaigns.schemeinfo.SchemeInfo) leaves whose source is goals."""
    out = []
    for leaf in info.leaves:
        if leaf.source != "goals":
            continue
        if leaf.periods and len(leaf.periods) != 4:
            raise Invalid(
                _("指标「%(code)s %(name)s」按年度目标计分,分期须为四个季度。")
                % {"code": leaf.code, "name": leaf.name}
            )
        try:
            selection = parse_selection(leaf.source_detail, bool(leaf.periods))
        except SelectionError as exc:
            raise Invalid(
                _("指标「%(code)s」的数据来源「年度目标:%(detail)s」中「%(word)s」无法识别。")
                % {"code": leaf.code, "detail": leaf.source_detail, "word": exc.args[0]}
            ) from exc
        out.append(GoalLeaf(leaf.code, leaf.name, selection, tuple(leaf.periods)))
    return out


def feed_rows(campaign: Any, actor: Any) -> tuple[list[GoalLeaf], list[list[Any]], list[str]]:
    """(the goal indicators, the file's rows, the units left out with why)."""
    leaves = goal_leaves(campaign)
    if not leaves:
        raise Invalid(_("本活动的指标体系中没有以年度目标为数据来源的指标。"))
    units = campaign_units(campaign)
    goals = list(
        selectors.with_detail(
            Goal.objects.visible_to(actor).filter(
                unit__in=units, year=campaign.year, level=Level.UNIT, status=Status.APPROVED
            )
        ).order_by("seq")
    )
    by_unit: dict[int, list[Goal]] = {}
    for goal in goals:
        by_unit.setdefault(goal.unit_id, []).append(goal)
    reports = selectors.reports_by_goal(goals)
    rows: list[list[Any]] = []
    left_out: list[str] = []
    for unit in units:
        mine = by_unit.get(unit.pk, [])
        if not mine:
            left_out.append(
                _("%(unit)s(没有审核通过的%(year)s年目标)") % {"unit": unit.name, "year": campaign.year}
            )
            continue
        for leaf in leaves:
            parts: list[tuple[str, int | None]] = [("", None)]
            if leaf.periods:
                parts = [(name, i + 1) for i, name in enumerate(leaf.periods)]
            elif leaf.selection.measure == COMPLETION:
                parts = [("", 4)]
            for part, quarter in parts:
                found = figure(leaf.selection, mine, reports, quarter)
                if found is None:
                    continue
                rows.append([unit.code, unit.name, leaf.code, part, str(found.value), found.note])
    return leaves, rows, left_out


def feed_scores(campaign: Any, *, actor: Any) -> Any:
    """Write each unit's goal figures into the campaign's goal indicators (ImportedValue rows, kind "goals")."""
    POLICY.require(actor, "feed_scores")
    _leaves, rows, _left_out = feed_rows(campaign, actor)
    return import_rows(
        campaign, actor=actor, kind="goals", rows=rows, filename=f"年度目标-{campaign.year}.csv",
        note=_("由年度工作目标计入"), none_message=_("活动范围内没有单位有审核通过的年度目标,暂不能计入指标。"),
    )  # fmt: skip

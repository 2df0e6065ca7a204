"""Accountability cases into a campaign's deduction indicators, through the campaign room's import path
(lvzhi.campaigns.imports.import_file, kind "accountability"): one long-layout file for the campaign, checked and
stored atomically like any imported figure, with the cases behind each figure in its note (shown in the result's
explanation). The scoring engine scores each figure by the leaf's own rule.

A leaf takes cases when its source is `accountability` (问责): the cases of the campaign's year whose situation names
the leaf's code (对应减分指标); `accountability:<领域>` takes the cases of that area whose situation names no
other indicator. Its figure is the number of
cases for an `occurrences` rule (the rule's `per` points each), else the sum of the cases' deductions.

The scheme's named inputs, where it declares them, get each unit's `accountability_cases` (cases of the year),
`accountability_points` (their deductions) and `accountability_downgrade` (cases of situations marked 降低等次), so
that its grade rules set the downgrade or the veto it defines, e.g.
`{when: "accountability_downgrade > 0", downgrade: 1}` or `{when: "accountability_downgrade > 0", set: 诫勉}`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns.feeding import import_rows, number
from lvzhi.core.errors import Invalid

from .models import AccountabilityCase
from .policy import POLICY

INPUTS = ("accountability_cases", "accountability_points", "accountability_downgrade")


def _note(cases: list[AccountabilityCase]) -> str:
    if not cases:
        return _("无问责案件")
    parts = [
        _("%(i)s.%(title)s(%(date)s%(number)s,扣%(points)s分)")
        % {"i": i, "title": c.title, "date": c.occurred_on.isoformat(),
           "number": f",{c.document_number}" if c.document_number else "", "points": number(c.deduction)}
        for i, c in enumerate(cases, start=1)
    ]  # fmt: skip
    return (_("问责%(n)s起:") % {"n": len(cases)} + "、".join(parts))[:300]


def feed_rows(campaign: Any, actor: Any) -> list[list[Any]]:
    """The file's rows: per unit in scope, each accountability leaf's figure and the declared inputs."""
    from lvzhi.campaigns.selectors import scheme_info_for

    info = scheme_info_for(campaign)
    leaves = [leaf for leaf in (info.leaves if info else []) if leaf.source == "accountability"]
    inputs = [name for name in INPUTS if info is not None and name in info.input_names]
    if not leaves and not inputs:
        raise Invalid(_("本活动的指标体系中没有以问责为数据来源的指标,也没有问责输入项。"))
    units = [cu.unit for cu in campaign.units.select_related("unit").order_by("unit__order", "unit__code")]
    cases = list(
        AccountabilityCase.objects.visible_to(actor)
        .filter(unit__in=units, occurred_on__year=campaign.year)
        .select_related("situation__area")
        .order_by("occurred_on", "id")
    )
    by_unit: dict[int, list[AccountabilityCase]] = {}
    for case in cases:
        by_unit.setdefault(case.unit_id, []).append(case)
    rows: list[list[Any]] = []
    for unit in units:
        mine = by_unit.get(unit.pk, [])
        for leaf in leaves:
            if leaf.source_detail:
                taken = [c for c in mine if c.situation.area.name == leaf.source_detail
                         and c.situation.indicator_code in ("", leaf.code)]  # fmt: skip
            else:
                taken = [c for c in mine if c.situation.indicator_code == leaf.code]
            value = Decimal(len(taken)) if leaf.rule_type == "occurrences" else sum(
                (c.deduction for c in taken), Decimal(0))  # fmt: skip
            rows.append([unit.code, unit.name, leaf.code, "", number(value), _note(taken)])
        figures = {
            "accountability_cases": Decimal(len(mine)),
            "accountability_points": sum((c.deduction for c in mine), Decimal(0)),
            "accountability_downgrade": Decimal(sum(1 for c in mine if c.situation.downgrade)),
        }
        rows.extend([unit.code, unit.name, name, "", number(figures[name]), _note(mine)] for name in inputs)
    return rows


def feed_scores(campaign: Any, *, actor: Any) -> Any:
    """Write each unit's accountability figures into the campaign (ImportedValue rows, kind "accountability")."""
    POLICY.require(actor, "feed_deductions")
    return import_rows(
        campaign, actor=actor, kind="accountability", rows=feed_rows(campaign, actor),
        filename=f"问责案件-{campaign.year}.csv", note=_("由问责案件计入"),
    )  # fmt: skip

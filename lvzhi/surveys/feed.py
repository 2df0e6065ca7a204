"""Survey results into the campaign's survey indicators, through the campaign room's import path
(lvzhi.campaigns.imports.import_file): one long-layout file per group, checked and stored atomically like any
imported figure, with the answers behind each figure in its note (shown in the result's explanation).

The figure is the satisfaction rate (0–100) by the scheme's own rule: where the `survey` rule gives option scores
(满意 100, 基本满意 60, 不满意 0) they weight the answer counts; otherwise the questionnaire's scale does. A rule
with groups receives the rate under the group's name (子项). A unit with fewer answers than the group's minimum
gets no figure (the note on the page says so); every unit at or above it gets its own, whatever its
neighbours' counts, by the same rule as the results table's (selectors.satisfaction_table)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.campaigns.feeding import import_rows
from lvzhi.core.errors import Invalid

from . import selectors
from .models import RespondentGroup
from .policy import POLICY


def _rate(leaf: selectors.SurveyLeaf, question: Any, counts: dict[str, int]) -> Decimal | None:
    total, weighted = 0, Decimal(0)
    for label, n in counts.items():
        score = leaf.options.get(label) if leaf.options else None
        if score is None:
            raw = question.score_of(label) if question is not None else None
            score = Decimal(raw) if raw is not None else None
        if score is None:
            continue
        total += n
        weighted += score * n
    return (weighted / total).quantize(Decimal("0.01"), ROUND_HALF_UP) if total else None


def feed_rows(group: RespondentGroup) -> tuple[selectors.SurveyLeaf, list[list[Any]], list[str]]:
    """(the indicator, the file's rows, the units left out with why)."""
    leaf = next((lf for lf in selectors.survey_leaves(group.campaign) if lf.code == group.leaf_code), None)
    if leaf is None:
        raise Invalid(_("评价群体「%(name)s」没有对应本活动指标体系中的问卷指标。") % {"name": group.name})
    if leaf.groups and group.name not in leaf.groups:
        raise Invalid(
            _("指标「%(leaf)s」按评价群体计分(%(groups)s),没有「%(name)s」。")
            % {"leaf": leaf.label, "groups": "、".join(leaf.groups), "name": group.name}
        )
    question = selectors.score_question(group)
    counts = selectors.unit_counts(group)
    rows, left_out = [], []
    for unit in group.units.order_by("order", "code"):
        by_option = counts.get(unit.pk, {})
        n = sum(by_option.values())
        if n < group.min_answers:
            left_out.append(
                _("%(unit)s(%(n)s份,少于%(min)s份)") % {"unit": unit.name, "n": n, "min": group.min_answers}
            )
            continue
        rate = _rate(leaf, question, by_option)
        if rate is None:
            continue
        detail = "、".join(
            f"{label}{by_option.get(label, 0)}" for label in (question.choices() if question else by_option)
        )
        note = _("%(group)s问卷%(n)s份:%(detail)s") % {"group": group.name, "n": n, "detail": detail}
        rows.append(
            [unit.code, unit.name, leaf.code, group.name if leaf.groups else "", str(rate), note[:300]]
        )
    return leaf, rows, left_out


def feed_scores(group: RespondentGroup, *, actor: Any) -> Any:
    """Write the group's satisfaction per unit into its indicator (ImportedValue rows, kind "survey")."""
    POLICY.require(actor, "feed_scores", group)
    leaf, rows, _left_out = feed_rows(group)
    return import_rows(
        group.campaign, actor=actor, kind="survey", rows=rows, filename=f"{group.name}-{leaf.code}.csv",
        note=_("由问卷调查「%(group)s」计入") % {"group": group.name},
        none_message=_("没有答卷数达到最少答卷数的单位,暂不能计入指标。"),
    )  # fmt: skip

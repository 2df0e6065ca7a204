"""Read models of the surveys room shared by pages, API and exports: response rates, the mapping to the scheme's
survey indicators, results with the minimum-count and complementary suppression applied once (suppression.py),
so that a page and an export cannot show different figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from .models import Answer, ExternalCount, Invitation, Question, RespondentGroup, Response
from .suppression import Suppressed, suppress

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class SurveyLeaf:
    code: str
    name: str
    group: str  # the survey group the scheme names in the leaf's source ("survey:服务对象")
    options: dict[str, Decimal]  # option → score of the leaf's rule (empty: a rate is expected)
    groups: tuple[str, ...]  # the rule's own groups (weighted inside the leaf)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    def rule_text(self) -> str:
        if self.options:
            return "、".join(f"{k}计{_plain(v)}分" for k, v in self.options.items())
        return "按满意率(%)计分"


def _plain(value: Any) -> str:
    d = Decimal(str(value))
    return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else str(d.normalize())


def survey_leaves(campaign: Any) -> list[SurveyLeaf]:
    """The survey indicators of the campaign's scheme(s), as the engine loaded them."""
    from lvzhi.campaigns.selectors import scheme_info_for

    info = scheme_info_for(campaign)
    if info is None:
        return []
    out = []
    for leaf in info.leaves:
        if leaf.source != "survey":
            continue
        rule = leaf.scheme.nodes[leaf.code].rule if leaf.code in leaf.scheme.nodes else None
        options = getattr(rule, "options", None) or getattr(rule, "mapping", None) or {}
        out.append(
            SurveyLeaf(
                code=leaf.code, name=leaf.name, group=leaf.source_detail,
                options={str(k): Decimal(v.numerator) / Decimal(v.denominator) for k, v in options.items()},
                groups=tuple(leaf.groups),
            )
        )  # fmt: skip
    return out


def default_leaf(campaign: Any, group_name: str) -> str:
    for leaf in survey_leaves(campaign):
        if leaf.group == group_name:
            return leaf.code
    return ""


def score_question(group: RespondentGroup) -> Question | None:
    return group.version.questions.filter(scores=True).first()


# ---- response rates ------------------------------------------------------------------------------------------


@dataclass
class Progress:
    group: RespondentGroup
    planned: int
    issued: int
    used: int
    responses: int
    per_unit: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        base = self.planned or self.issued
        return _pct(self.responses, base) if base else None


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_PLACE, ROUND_HALF_UP)


def progress(group: RespondentGroup) -> Progress:
    invitations = group.invitations.filter(is_open=False)
    issued = invitations.count()
    used = invitations.filter(used=True).count()
    responses = group.responses.count()
    issued_by_unit = dict(
        invitations.exclude(unit=None)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    used_by_unit = dict(
        invitations.filter(used=True).exclude(unit=None).values_list("unit_id").annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )  # fmt: skip
    question = score_question(group)
    rated: Counter[int] = Counter()
    if question is not None:
        for unit_id, n in (
            Answer.objects.filter(question=question, response__group=group).exclude(unit=None)
            .values_list("unit_id").annotate(n=Count("response", distinct=True)).values_list("unit_id", "n")
        ):  # fmt: skip
            rated[unit_id] = n
    per_unit = []
    for unit in group.units.order_by("order", "code"):
        row = {"unit": unit, "issued": issued_by_unit.get(unit.pk, 0), "used": used_by_unit.get(unit.pk, 0),
               "rated": rated.get(unit.pk, 0)}  # fmt: skip
        row["rate"] = _pct(row["used"], row["issued"]) if row["issued"] else None
        per_unit.append(row)
    return Progress(group, group.invitations_planned, issued, used, responses, per_unit)


# ---- satisfaction ----------------------------------------------------------------------------------------------


@dataclass
class Cell:
    counts: dict[str, int]
    n: int
    rate: Decimal | None  # 0–100
    hidden: bool = False


def _rate(question: Question | None, counts: dict[str, int]) -> Decimal | None:
    if question is None:
        return None
    total, weighted = 0, Decimal(0)
    for label, n in counts.items():
        score = question.score_of(label)
        if score is None:
            continue
        total += n
        weighted += Decimal(score) * n
    return (weighted / total).quantize(ONE_PLACE, ROUND_HALF_UP) if total else None


def unit_counts(group: RespondentGroup) -> dict[int, dict[str, int]]:
    """unit id → option → answers, from the group's answers to its satisfaction question and its third-party
    results."""
    question = score_question(group)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if question is not None:
        for unit_id, value, n in (
            Answer.objects.filter(question=question, response__group=group).exclude(unit=None)
            .values_list("unit_id", "value").annotate(n=Count("pk")).values_list("unit_id", "value", "n")
        ):  # fmt: skip
            out[unit_id][value] = out[unit_id].get(value, 0) + n
    for unit_id, option, n in ExternalCount.objects.filter(group=group).values_list(
        "unit_id", "option", "count"
    ):
        out[unit_id][option] = out[unit_id].get(option, 0) + n
    return out


@dataclass
class Table:
    """Satisfaction by unit (rows) and group (columns), with each unit's weighted satisfaction and each group's
    pooled one; figures below the minimum and those that would give them away are hidden."""

    groups: list[RespondentGroup]
    rows: list[dict[str, Any]]
    totals: dict[int, Cell]  # group pk → pooled
    minimum: int
    suppressed: Suppressed
    options: dict[int, tuple[str, ...]]

    @property
    def minimum_label(self) -> str:
        """The minimum the note under the table names: "5", or "5(监管部门 1)" where groups set their own."""
        others = [f"{g.name} {g.min_answers}" for g in self.groups if g.min_answers != self.minimum]
        return f"{self.minimum}({'、'.join(others)})" if others else str(self.minimum)


def _scope(groups: list[RespondentGroup]) -> list[RespondentGroup]:
    """Every group of the campaigns of `groups`: suppression is worked out over the campaign's whole table, so a
    group's page, the campaign's page and every export withhold the same figures (one page's complementary
    choice cannot be read off another's)."""
    campaigns = {g.campaign_id for g in groups}
    known = {g.pk: g for g in groups}
    for g in RespondentGroup.objects.filter(campaign_id__in=campaigns).select_related("version"):
        known.setdefault(g.pk, g)
    return list(known.values())


def satisfaction_table(groups: list[RespondentGroup], minimum: int | None = None) -> Table:
    scope = _scope(groups)
    explicit = minimum is not None  # one minimum for every group; else each group's own 最少答卷数
    if minimum is None:
        minimum = max([g.min_answers for g in scope] or [5])
    questions = {g.pk: score_question(g) for g in scope}
    counts = {g.pk: unit_counts(g) for g in scope}
    units: dict[int, Any] = {}
    for g in groups:
        for unit in g.units.all():
            units[unit.pk] = unit
    all_cells: dict[tuple[int, int], Cell] = {}
    for g in scope:
        for unit_id, by_option in counts[g.pk].items():
            n = sum(by_option.values())
            all_cells[(unit_id, g.pk)] = Cell(dict(by_option), n, _rate(questions[g.pk], by_option))
    hidden = suppress({k: c.n for k, c in all_cells.items()}, minimum,
                      None if explicit else {g.pk: g.min_answers for g in scope})  # fmt: skip
    wanted = {g.pk for g in groups}
    cells = {k: c for k, c in all_cells.items() if k[1] in wanted}
    for key, cell in cells.items():
        cell.hidden = key in hidden.cells
    rows = []
    for unit in sorted(units.values(), key=lambda u: (u.order, u.code)):
        row_cells = {g.pk: cells.get((unit.pk, g.pk)) for g in groups}
        weighted, weights = Decimal(0), Decimal(0)
        for g in groups:
            found = row_cells[g.pk]
            if found is not None and found.rate is not None:
                weighted += g.weight * found.rate
                weights += g.weight
        overall = (weighted / weights).quantize(ONE_PLACE, ROUND_HALF_UP) if weights else None
        n = sum(c.n for c in row_cells.values() if c)
        # The weighted figure mixes the row's rates: withheld when any of them is, or it would give one away.
        any_hidden = any(c is not None and c.hidden for c in row_cells.values())
        rows.append({"unit": unit, "cells": row_cells, "n": n, "overall": overall,
                     "overall_hidden": unit.pk in hidden.rows or overall is None or any_hidden})  # fmt: skip
    totals = {}
    for g in groups:
        pooled: dict[str, int] = defaultdict(int)
        for (_unit_id, gid), cell in cells.items():
            if gid == g.pk:
                for label, n in cell.counts.items():
                    pooled[label] += n
        n = sum(pooled.values())
        totals[g.pk] = Cell(dict(pooled), n, _rate(questions[g.pk], pooled), hidden=g.pk in hidden.columns)
    options: dict[int, tuple[str, ...]] = {}
    for g in groups:
        question = questions[g.pk]
        options[g.pk] = question.choices() if question is not None else ()
    return Table(groups, rows, totals, minimum, hidden, options)


# ---- distributions and open answers ----------------------------------------------------------------------------


def distributions(group: RespondentGroup) -> list[dict[str, Any]]:
    """Per question (but open and matrix ones): answers per option, hidden below the group's minimum."""
    out = []
    rows = (
        Answer.objects.filter(response__group=group).values_list("question_id", "value")
        .annotate(n=Count("pk")).values_list("question_id", "value", "n")
    )  # fmt: skip
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, value, n in rows:
        counts[qid][value] = n
    answered = dict(
        Answer.objects.filter(response__group=group).values_list("question_id")
        .annotate(n=Count("response", distinct=True)).values_list("question_id", "n")
    )  # fmt: skip
    for q in group.version.ordered_questions():
        if q.kind in (Question.Kind.TEXT, Question.Kind.MATRIX):
            continue
        n = answered.get(q.pk, 0)
        hidden = n < group.min_answers
        options = [{"label": o, "n": counts[q.pk].get(o, 0), "pct": _pct(counts[q.pk].get(o, 0), n)}
                   for o in q.choices()]  # fmt: skip
        out.append({"question": q, "n": n, "hidden": hidden, "options": [] if hidden else options})
    return out


def sheets_per_unit(group: RespondentGroup) -> dict[int, int]:
    """unit id → answer sheets of the group about that unit (the unit the respondent chose or was invited for)."""
    return dict(
        group.responses.exclude(unit=None).values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )


def small_units(group: RespondentGroup) -> set[int]:
    """Units with answer sheets, but fewer than the group's minimum: their open answers are not shown."""
    return {unit_id for unit_id, n in sheets_per_unit(group).items() if n < group.min_answers}


def withheld_units(group: RespondentGroup, table: Table | None = None) -> set[int]:
    """Units whose answer sheets the raw export does not name (nor shows their open answers or ratings): those
    whose satisfaction figure is withheld, and those with too few sheets together with the sheets that would
    give them away (the same complementary rule over sheets per unit)."""
    table = table or satisfaction_table([group])
    out = {int(str(unit_id)) for (unit_id, gid) in table.suppressed.cells if gid == group.pk}
    by_sheets = suppress({(unit_id, group.pk): n for unit_id, n in sheets_per_unit(group).items()},
                         group.min_answers)  # fmt: skip
    return out | {int(str(unit_id)) for (unit_id, _gid) in by_sheets.cells}


def open_answers(group: RespondentGroup) -> list[Answer]:
    """Open answers in the order of their random ids (not the order they came in), with the unit rated. None
    when the group has fewer answer sheets than its minimum; none of a unit with fewer sheets than that (a small
    group's words could give it away) — the page says so without a count."""
    if group.responses.count() < group.min_answers:
        return []
    return list(
        Answer.objects.filter(response__group=group, question__kind=Question.Kind.TEXT)
        .exclude(text="").exclude(response__unit_id__in=small_units(group))
        .select_related("question", "response__unit").order_by("id")
    )  # fmt: skip


def raw_rows(group: RespondentGroup) -> tuple[list[str], list[list[Any]]]:
    """The anonymous answer sheets of a group, one row per sheet in the order of their random ids; nothing for a
    group below its minimum; for a withheld unit (`withheld_units`) no name, no matrix rating and no open answer
    (`*`)."""
    questions = group.version.ordered_questions()
    units = list(group.units.order_by("order", "code"))
    header = ["答卷编号", "提交日期", "评价单位"]
    columns: list[tuple[Question, Any]] = []
    for q in questions:
        if q.kind == Question.Kind.MATRIX:
            for unit in units:
                header.append(f"{q.order}. {q.text}:{unit.name}")
                columns.append((q, unit.pk))
        else:
            header.append(f"{q.order}. {q.text}")
            columns.append((q, None))
    responses = list(group.responses.select_related("unit").order_by("id"))
    if len(responses) < group.min_answers:
        return header, []
    hidden_units = withheld_units(group)
    by_response: dict[Any, dict[tuple[int, Any], list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in Answer.objects.filter(response__group=group).select_related("question").order_by("id"):
        key = (a.question_id, a.unit_id if a.question.kind == Question.Kind.MATRIX else None)
        by_response[a.response_id][key].append(a.text or a.value)
    out = []
    for r in responses:
        unit_name = "" if r.unit is None else "*" if r.unit_id in hidden_units else r.unit.name
        row: list[Any] = [str(r.pk)[:8], r.submitted_on.isoformat(), unit_name]
        withheld = r.unit_id in hidden_units
        for q, unit_id in columns:
            if (unit_id is not None and unit_id in hidden_units) or (withheld and q.kind == Question.Kind.TEXT):
                row.append("*")
                continue
            row.append("、".join(by_response[r.pk].get((q.pk, unit_id), [])))
        out.append(row)
    return header, out


def campaign_groups(campaign: Any, user: Any) -> list[RespondentGroup]:
    return list(
        RespondentGroup.objects.visible_to(user).filter(campaign=campaign)
        .select_related("version__questionnaire").prefetch_related("units")
    )  # fmt: skip


def used_invitations(group: RespondentGroup) -> int:
    return Invitation.objects.filter(group=group, used=True).count() + sum(
        group.invitations.filter(is_open=True).values_list("uses", flat=True)
    )


def responses_count(group: RespondentGroup) -> int:
    return Response.objects.filter(group=group).count()

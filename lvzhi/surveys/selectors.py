"""Read models of the surveys room shared by pages, API and exports: response rates, the mapping to the scheme's
survey indicators, results with the minimum-count rule applied once (suppression.py: a unit below its group's
minimum enters no shown figure, every total is over the units shown), so that a page, the API and an export
cannot show different figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from .formats import RAW_LEFT_OUT, RAW_MATRIX_LEFT_OUT, RAW_NONE, TOTAL, TOTAL_EXCLUDING, TOTAL_EXCLUDING_ANY
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
    excluded: int = 0  # a total: the hidden units it leaves out


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
    pooled one: a figure below the group's minimum is hidden, and the pooled figure is over the shown units only
    (suppression.py)."""

    groups: list[RespondentGroup]
    rows: list[dict[str, Any]]
    totals: dict[int, Cell]  # group pk → pooled over the units shown
    minimum: int
    suppressed: Suppressed
    options: dict[int, tuple[str, ...]]
    minimums: dict[int, int] = field(default_factory=dict)  # group pk → the minimum applied

    @property
    def minimum_label(self) -> str:
        """The minimum the note under the table names: "5", or "5(监管部门 1)" where groups set their own."""
        others = [f"{g.name} {self.minimums.get(g.pk, self.minimum)}" for g in self.groups
                  if self.minimums.get(g.pk, self.minimum) != self.minimum]  # fmt: skip
        return f"{self.minimum}({'、'.join(others)})" if others else str(self.minimum)

    def total_label(self, group: RespondentGroup) -> str:
        """ "合计", or "合计(不含答卷不足5份的单位)" where the group's total leaves hidden units out."""
        if not self.totals[group.pk].excluded:
            return TOTAL
        return TOTAL_EXCLUDING % {"n": self.minimums.get(group.pk, self.minimum)}

    @property
    def totals_label(self) -> str:
        """The label of the table's row of totals, for every group at once."""
        excluding = {self.minimums.get(g.pk, self.minimum) for g in self.groups if self.totals[g.pk].excluded}
        if not excluding:
            return TOTAL
        return TOTAL_EXCLUDING % {"n": excluding.pop()} if len(excluding) == 1 else TOTAL_EXCLUDING_ANY


def satisfaction_table(groups: list[RespondentGroup], minimum: int | None = None) -> Table:
    """The table of `groups`; `minimum` applies one minimum to every group (else each group's own 最少答卷数).
    Whether a figure is shown depends on its own answers and its group's minimum only, so every page, the API
    and every export that shows a unit's figure shows the same one."""
    minimums = {g.pk: minimum if minimum is not None else g.min_answers for g in groups}
    if minimum is None:
        minimum = max([g.min_answers for g in groups] or [5])
    questions = {g.pk: score_question(g) for g in groups}
    counts = {g.pk: unit_counts(g) for g in groups}
    units: dict[int, Any] = {}
    for g in groups:
        for unit in g.units.all():
            units[unit.pk] = unit
    cells: dict[tuple[int, int], Cell] = {}
    for g in groups:
        for unit_id, by_option in counts[g.pk].items():
            n = sum(by_option.values())
            cells[(unit_id, g.pk)] = Cell(dict(by_option), n, _rate(questions[g.pk], by_option))
    hidden = suppress({k: c.n for k, c in cells.items()}, minimum, minimums)
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
        # The weighted figure mixes the row's rates: withheld when any of them is hidden.
        rows.append({"unit": unit, "cells": row_cells, "n": n, "overall": overall,
                     "overall_hidden": unit.pk in hidden.rows or overall is None})  # fmt: skip
    totals = {}
    for g in groups:
        pooled: dict[str, int] = defaultdict(int)
        for (_unit_id, gid), cell in cells.items():
            if gid == g.pk and not cell.hidden:  # a hidden unit's answers enter no shown figure
                for label, n in cell.counts.items():
                    pooled[label] += n
        n = sum(pooled.values())
        totals[g.pk] = Cell(dict(pooled), n, _rate(questions[g.pk], pooled), hidden=g.pk in hidden.columns,
                            excluded=hidden.excluded.get(g.pk, 0))  # fmt: skip
    options: dict[int, tuple[str, ...]] = {}
    for g in groups:
        question = questions[g.pk]
        options[g.pk] = question.choices() if question is not None else ()
    return Table(groups, rows, totals, minimum, hidden, options, minimums)


# ---- units below the minimum, distributions and open answers ---------------------------------------------------


def sheets_per_unit(group: RespondentGroup) -> dict[int, int]:
    """unit id → answer sheets of the group about that unit (the unit the respondent chose or was invited for)."""
    return dict(
        group.responses.exclude(unit=None)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )


def small_units(group: RespondentGroup, table: Table | None = None) -> set[int]:
    """The units below the group's minimum, whose answers enter no figure shown anywhere (distributions, totals,
    raw export, open answers): those whose satisfaction figure is hidden, and those with answer sheets but
    fewer than the minimum."""
    table = table if table is not None and any(g.pk == group.pk for g in table.groups) else None
    table = table or satisfaction_table([group])
    out = {int(str(unit_id)) for (unit_id, gid) in table.suppressed.cells if gid == group.pk}
    return out | {unit_id for unit_id, n in sheets_per_unit(group).items() if n < group.min_answers}


def sheets_about(group: RespondentGroup, units: set[int]) -> int:
    """How many of the group's answer sheets are about one of `units` (those the results leave out)."""
    return group.responses.filter(unit_id__in=units).count() if units else 0


def _shown_answers(group: RespondentGroup, small: set[int]) -> Any:
    """The group's answers that may enter a shown figure: none from a sheet about a small unit, no matrix
    rating of a small unit."""
    answers = Answer.objects.filter(response__group=group)
    return answers.exclude(response__unit_id__in=small).exclude(unit_id__in=small) if small else answers


def distributions(group: RespondentGroup, small: set[int] | None = None) -> list[dict[str, Any]]:
    """Per question (but open and matrix ones): answers per option, pooled over the group's sheets but those
    about a unit below the minimum (`small_units`); hidden when fewer than the group's minimum remain."""
    small = small_units(group) if small is None else small
    out = []
    shown = _shown_answers(group, small)
    rows = (
        shown.values_list("question_id", "value")
        .annotate(n=Count("pk"))
        .values_list("question_id", "value", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, value, n in rows:
        counts[qid][value] = n
    answered = dict(
        shown.values_list("question_id")
        .annotate(n=Count("response", distinct=True))
        .values_list("question_id", "n")
    )
    for q in group.version.ordered_questions():
        if q.kind in (Question.Kind.TEXT, Question.Kind.MATRIX):
            continue
        n = answered.get(q.pk, 0)
        hidden = n < group.min_answers
        options = [{"label": o, "n": counts[q.pk].get(o, 0), "pct": _pct(counts[q.pk].get(o, 0), n)}
                   for o in q.choices()]  # fmt: skip
        out.append({"question": q, "n": n, "hidden": hidden, "options": [] if hidden else options})
    return out


def open_answers(group: RespondentGroup, small: set[int] | None = None) -> list[Answer]:
    """Open answers in the order of their random ids (not the order they came in), with the unit rated. None
    when the group has fewer answer sheets than its minimum; none of a unit below the minimum (a small group's
    words could give it away) — the page says so without a count."""
    if group.responses.count() < group.min_answers:
        return []
    small = small_units(group) if small is None else small
    return list(
        Answer.objects.filter(response__group=group, question__kind=Question.Kind.TEXT)
        .exclude(text="").exclude(response__unit_id__in=small)
        .select_related("question", "response__unit").order_by("id")
    )  # fmt: skip


@dataclass
class RawSheets:
    """The anonymous answer sheets of a group as the raw export gives them, and the note that says what it
    leaves out and why (empty when nothing is)."""

    header: list[str]
    rows: list[list[Any]]
    note: str = ""


def raw_rows(group: RespondentGroup) -> RawSheets:
    """One row per answer sheet, in the order of their random ids. The sheets about a unit below the minimum
    (`small_units`) are left out — they would be that unit's hidden figure in raw form — and so are the matrix
    columns rating such a unit; nothing is listed when fewer sheets than the minimum remain. The note counts
    what is left out."""
    questions = group.version.ordered_questions()
    small = small_units(group)
    units = [u for u in group.units.order_by("order", "code") if u.pk not in small]
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
    kept = [r for r in responses if r.unit_id not in small]
    minimum = group.min_answers
    if len(kept) < minimum:
        note = RAW_NONE % {"n": len(responses), "min": minimum} if responses else ""
        return RawSheets(header, [], note)
    notes = []
    if len(kept) < len(responses):
        notes.append(RAW_LEFT_OUT % {"n": len(responses) - len(kept), "min": minimum})
    if small and any(q.kind == Question.Kind.MATRIX for q in questions):
        notes.append(RAW_MATRIX_LEFT_OUT % {"min": minimum})
    by_response: dict[Any, dict[tuple[int, Any], list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in _shown_answers(group, small).select_related("question").order_by("id"):
        key = (a.question_id, a.unit_id if a.question.kind == Question.Kind.MATRIX else None)
        by_response[a.response_id][key].append(a.text or a.value)
    out = []
    for r in kept:
        row: list[Any] = [str(r.pk)[:8], r.submitted_on.isoformat(), "" if r.unit is None else r.unit.name]
        row += ["、".join(by_response[r.pk].get((q.pk, unit_id), [])) for q, unit_id in columns]
        out.append(row)
    return RawSheets(header, out, "".join(notes))


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

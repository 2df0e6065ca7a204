"""The goals room's files out: the 年度目标 and 季度进展 sheets with the import's columns (formats.GOALS,
formats.PROGRESS), so an export can be edited and imported back; written by the one writer
(lvzhi.registry.io.exporters over lvzhi.core.spreadsheets: text stays text, never a formula). Only the goals the
user sees (selectors.goals_of)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lvzhi.registry.io.columns import Kind
from lvzhi.registry.io.exporters import write_csv, write_xlsx

from .formats import CATEGORIES, COMPLETIONS, GOALS, LEVELS, NATURES, PROGRESS, SOURCES, STATUSES
from .models import Goal, GoalTask, ProgressReport

LABELS = {key: dict(choices) for key, choices in (
    ("level", LEVELS), ("source", SOURCES), ("category", CATEGORIES), ("nature", NATURES),
    ("completion", COMPLETIONS), ("status", STATUSES),
)}  # fmt: skip
KINDS = {"goals": GOALS, "progress": PROGRESS}


def _ordered(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    return goals.select_related("unit", "internal_body", "person", "main_duty").order_by(
        "unit__code", "year", "seq", "id"
    )


def goal_rows(goals: QuerySet[Goal]) -> Iterator[list[Any]]:
    """One row per task of each goal (a goal without tasks: one row), the goal's columns on every row."""
    tasks = GoalTask.objects.select_related("internal_body").prefetch_related(
        "cooperating_units", "cooperating_bodies"
    )
    for goal in _ordered(goals).prefetch_related(Prefetch("tasks", tasks)):
        head = [
            goal.unit.code,
            goal.year,
            goal.seq,
            LABELS["level"][goal.level],
            goal.internal_body.code if goal.internal_body else "",
            goal.person.staff_no if goal.person else "",
            goal.title,
            LABELS["source"][goal.source],
            goal.main_duty.seq if goal.main_duty else None,
            goal.source_note,
            LABELS["category"][goal.category],
            LABELS["nature"][goal.nature],
            goal.metric,
            goal.measure_unit,
            goal.target,
            goal.target_q1,
            goal.target_q2,
            goal.target_q3,
            goal.measure_q1,
            goal.measure_q2,
            goal.measure_q3,
            goal.measure_q4,
        ]
        status = LABELS["status"][goal.status]
        task_list = list(goal.tasks.all())
        if not task_list:
            yield [*head, "", "", None, "", "", status]
        for task in task_list:
            yield [
                *head,
                task.internal_body.code,
                task.text,
                task.deadline,
                ";".join(u.code for u in task.cooperating_units.all()),
                ";".join(b.code for b in task.cooperating_bodies.all()),
                status,
            ]


def progress_rows(goals: QuerySet[Goal]) -> Iterator[list[Any]]:
    """One row per quarterly report of each goal."""
    for goal in _ordered(goals).prefetch_related(
        Prefetch("reports", ProgressReport.objects.order_by("quarter"))
    ):
        for report in goal.reports.all():
            yield [
                goal.unit.code,
                goal.year,
                goal.seq,
                goal.title,
                report.quarter,
                report.actual,
                LABELS["completion"].get(report.completion, ""),
                report.progress,
                report.problems,
            ]


def write(kind: str, goals: QuerySet[Goal], path: Path, fmt: str = "xlsx") -> int:
    rows = goal_rows(goals) if kind == "goals" else progress_rows(goals)
    sheet: Kind = KINDS[kind]
    return (write_csv if fmt == "csv" else write_xlsx)(sheet, rows, path)


def export(kind: str, goals: QuerySet[Goal], fmt: str = "xlsx") -> tuple[IO[bytes], str]:
    """An open file of the goals (kind "goals") or their quarterly progress (kind "progress"), and its name."""
    if kind not in KINDS:
        raise ValueError(kind)
    suffix = "csv" if fmt == "csv" else "xlsx"
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{suffix}"
        write(kind, goals, path, suffix)
        handle.write(path.read_bytes())
    handle.seek(0)
    return handle, f"{KINDS[kind].label}_{timezone.localdate().isoformat()}.{suffix}"

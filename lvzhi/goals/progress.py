"""Quarterly progress: a unit reports each approved goal's progress with evidence files; the office reminds the
units whose reports are overdue (in-app notifications, like the duties room's claim reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.campaigns.actions.evidence import validate_evidence_file
from lvzhi.campaigns.notify import notify
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.core.templatetags.lvzhi_format import cn_date

from . import deadlines, selectors
from .actions import audited
from .completion import quarter_ratio
from .models import QUARTERS, Completion, Goal, ProgressEvidence, ProgressReport
from .policy import POLICY


def quarter_started(year: int, quarter: int, today: dt.date) -> bool:
    return today >= dt.date(year, (quarter - 1) * 3 + 1, 1)


def completion_for(goal: Goal, quarter: int, actual: Decimal | None) -> str:
    """A quantitative goal's completion follows from its figure and the quarter's cumulative target."""
    probe = ProgressReport(goal=goal, quarter=quarter, actual=actual, completion=Completion.DONE)
    ratio = quarter_ratio(goal, probe, quarter)
    if ratio >= 1:
        return Completion.DONE
    return Completion.PARTIAL if ratio > 0 else Completion.NOT_DONE


def check_report(
    goal: Goal, quarter: int, *, actual: Decimal | None, completion: str, progress: str, today: dt.date
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if quarter not in QUARTERS:
        problems.append(FieldProblem("quarter", _("季度只能是1至4。")))
    elif not quarter_started(goal.year, quarter, today):
        problems.append(
            FieldProblem("quarter", _("%(year)s年第%(q)s季度尚未开始。") % {"year": goal.year, "q": quarter})
        )
    if not (progress or "").strip():
        problems.append(FieldProblem("progress", _("请填写进展情况。")))
    if goal.is_quantitative:
        if actual is None:
            problems.append(
                FieldProblem(
                    "actual", _("定量目标须填写累计完成值(%(unit)s)。") % {"unit": goal.measure_unit}
                )
            )
        elif actual < 0:
            problems.append(FieldProblem("actual", _("累计完成值不能为负数。")))
    elif completion not in Completion.values:
        problems.append(FieldProblem("completion", _("请选择本季度措施的完成情况。")))
    return problems


def report_progress(
    goal: Goal,
    quarter: int,
    *,
    progress: str,
    actual: Decimal | None = None,
    completion: str = "",
    problems: str = "",
    files: Iterable[UploadedFile] = (),
    actor: Any,
    today: dt.date | None = None,
) -> ProgressReport:
    """Report (or correct) a goal's progress in a quarter; evidence files are added to the report."""
    POLICY.require(actor, "report", goal)
    today = today or timezone.localdate()
    found = check_report(goal, quarter, actual=actual, completion=completion, progress=progress, today=today)
    if found:
        raise Invalid.many(found)
    uploads = list(files)
    for upload in uploads:
        validate_evidence_file(upload)  # type: ignore[no-untyped-call]
    if goal.is_quantitative:
        completion = completion_for(goal, quarter, actual)
    else:
        actual = None
    with audited(actor=actor):
        report = ProgressReport.objects.filter(goal=goal, quarter=quarter).first()
        now = timezone.now()
        if report is None:
            report = ProgressReport(goal=goal, quarter=quarter, reported_by=actor, reported_at=now)
        report.actual = actual
        report.completion = completion
        report.progress = progress.strip()
        report.problems = (problems or "").strip()
        report.updated_at = now
        report.save()
        for upload in uploads:
            ProgressEvidence.objects.create(
                report=report, title=str(upload.name or "")[:200], file=upload, uploaded_by=actor
            )
        due = deadlines.period(goal.year, quarter).due
        record_event(
            "goals.reported",
            report,
            after={"quarter": quarter, "completion": completion, "late": today > due},
            unit_id=goal.unit_id,
        )
    return report


def delete_evidence(evidence: ProgressEvidence, *, actor: Any) -> None:
    POLICY.require(actor, "report", evidence)
    name, storage = evidence.file.name, evidence.file.storage
    with audited(actor=actor):
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


def remind_overdue(*, actor: Any, today: dt.date | None = None) -> int:
    """Tell each unit contact of a unit with an overdue quarterly report which goals and quarters are late; the
    same reminder is not sent twice on one day. Returns how many people were reminded."""
    POLICY.require(actor, "remind")
    today = today or timezone.localdate()
    late = selectors.overdue(actor, today)
    by_unit: dict[int, list[selectors.Overdue]] = {}
    for item in late:
        by_unit.setdefault(item.goal.unit_id, []).append(item)
    contacts = get_user_model().objects.filter(role="unit_contact", is_active=True)
    count = 0
    with audited(actor=actor):
        for unit_id, items in by_unit.items():
            people = list(contacts.filter(unit_id=unit_id))
            first = items[0]
            text = _(
                "%(n)s项年度目标的季度进展逾期未报(最早:%(title)s 第%(q)s季度,期限%(due)s),请尽快报送。"
            ) % {
                "n": len(items),
                "title": first.goal.title[:40],
                "q": first.quarter,
                "due": cn_date(first.due),  # type: ignore[no-untyped-call]
            }
            notify(
                people,
                None,
                text,
                url=reverse("goals:unit", args=[unit_id, first.goal.year]),
                key=f"goals-overdue-{unit_id}-{today.isoformat()}",
            )
            count += len(people)
        record_event(
            "goals.reminded", None, after={"units": len(by_unit), "reports": len(late), "people": count}
        )
    return count

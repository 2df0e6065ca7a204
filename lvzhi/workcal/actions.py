"""Every change to the working calendar: one transaction, the acting user, the policy enforced, the old days
kept as a revision, the audit record and the recomputation of the other rooms' deadlines inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from . import recompute
from .engine import HOLIDAY, KINDS, WORKDAY
from .models import CalendarDay, CalendarRevision, CalendarYear, Source
from .policy import POLICY

Entry = tuple[dt.date, str, str]


def _require(actor: Any, system: bool) -> None:
    """The policy, unless the step is the command line's (`system`: an administrator at the server)."""
    if not system:
        POLICY.require(actor, "edit")


def _days_of(year: CalendarYear) -> list[list[str]]:
    return [[d.date.isoformat(), d.kind, d.note] for d in year.days.order_by("date")]


def check_entry(day: dt.date, kind: str, note: str = "") -> str | None:
    """Why one day cannot be in the table, or None."""
    if kind not in KINDS:
        return _("类型只能是“休”或“班”。")
    if kind == WORKDAY and day.weekday() < 5:
        return _("%(date)s 是周一至周五,本来就是工作日,不需要标为“班”。") % {"date": day.isoformat()}
    if len(note) > 100:
        return _("说明不能超过100个字。")
    return None


def _change(
    year_number: int,
    entries: Iterable[Entry] | None,
    *,
    actor: Any,
    source: str,
    event: str,
    reason: str,
    note: str | None = None,
    set_day: Entry | None = None,
    remove_day: dt.date | None = None,
) -> CalendarYear:
    """Replace a year's days (entries) or set/remove one day; keeps the revision, audits, recomputes."""
    found, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year_number, defaults={"source": source, "updated_by": actor, "version": 1}
    )
    year = cast(CalendarYear, found)
    before = [] if created else _days_of(year)
    if not created:
        CalendarRevision.objects.create(
            year=year, version=year.version, source=year.source, days=before, reason=reason, actor=actor
        )
        year.version += 1
    if entries is not None:
        year.days.all().delete()
        CalendarDay.objects.bulk_create(CalendarDay(year=year, date=d, kind=k, note=n) for d, k, n in entries)
    if set_day is not None:
        d, k, n = set_day
        CalendarDay.objects.update_or_create(date=d, defaults={"year": year, "kind": k, "note": n})
    if remove_day is not None:
        year.days.filter(date=remove_day).delete()
    year.source = source
    year.updated_by = actor
    if note is not None:
        year.note = note
    year.save()
    recomputed = recompute.run(frozenset({year_number}))
    after = _days_of(year)
    with audit_context(actor=actor):
        record_event(
            event,
            year,
            before={"version": year.version - 1 if not created else 0, "days": before},
            after={"version": year.version, "days": after, "recomputed": recomputed},
            reason=reason,
        )
    if not created:
        CalendarRevision.objects.filter(year=year, version=year.version - 1).update(recomputed=recomputed)
    return year


def replace_year(
    year: int,
    entries: Iterable[Entry],
    *,
    actor: Any,
    source: str = Source.FILE,
    reason: str = "",
    note: str = "",
    system: bool = False,
) -> CalendarYear:
    """Publish or replace a year's holidays and make-up working days."""
    _require(actor, system)
    rows = sorted(entries)
    problems = [(None, f"{d.isoformat()}:{why}") for d, k, n in rows if (why := check_entry(d, k, n))]
    problems += [
        (None, _("%(date)s 不属于 %(year)s 年。") % {"date": d.isoformat(), "year": year})
        for d, _k, _n in rows
        if d.year != year
    ]
    if problems:
        raise Invalid.many(problems)
    with transaction.atomic():
        return _change(
            year, rows, actor=actor, source=source, event="workcal.year_loaded", reason=reason, note=note
        )


def set_day(
    day: dt.date, kind: str, note: str = "", *, actor: Any, reason: str = "", system: bool = False
) -> CalendarYear:
    """Mark one day 休 or 班 (a year not yet in the table becomes published with it)."""
    _require(actor, system)
    why = check_entry(day, kind, note)
    if why:
        raise Invalid(why, field="kind" if kind not in KINDS or kind == WORKDAY else "note")
    with transaction.atomic():
        return _change(
            day.year,
            None,
            actor=actor,
            source=Source.MANUAL,
            event="workcal.day_set",
            reason=reason,
            set_day=(day, kind, note),
        )


def remove_day(day: dt.date, *, actor: Any, reason: str = "", system: bool = False) -> CalendarYear:
    """Take one day out of the table (it becomes an ordinary weekday or weekend day)."""
    _require(actor, system)
    if not CalendarDay.objects.filter(date=day).exists():
        raise Invalid(_("%(date)s 不在工作日历表中。") % {"date": day.isoformat()}, field="date")
    with transaction.atomic():
        return _change(
            day.year,
            None,
            actor=actor,
            source=Source.MANUAL,
            event="workcal.day_removed",
            reason=reason,
            remove_day=day,
        )


def seed_from_library(*, replace: bool = False) -> list[int]:
    """Add the years the chinese-calendar library knows and the table lacks (`lvzhi calendar seed`, run by an
    administrator after upgrading the library). A year already in the table is kept unless `replace`. A system
    step (the command line), so no user is asked."""
    from . import library

    done = []
    note = f"{library.LIBRARY_NAME} {library.version()}"
    with transaction.atomic():
        existing = set(CalendarYear.objects.values_list("year", flat=True))
        for year, rows in library.years().items():
            if year in existing and not replace:
                continue
            _change(
                year,
                rows,
                actor=None,
                source=Source.LIBRARY,
                event="workcal.year_seeded",
                reason=_("从日历库载入"),
                note=note,
            )
            done.append(year)
    return done


__all__ = ["HOLIDAY", "WORKDAY", "remove_day", "replace_year", "seed_from_library", "set_day"]

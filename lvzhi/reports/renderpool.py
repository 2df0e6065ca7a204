"""Unit reports rendered in parallel for the background job (lvzhi.reports.batch): drawing the charts and laying
out the Word and PDF files is pure computation on a unit's read model, so the job's process reads each unit's
data from the database (in order, as before) and hands it to `settings.REPORTS_RENDER_PROCESSES` processes
(2 on the 2-core machine), which send the files back; the job writes them into the zip in the units' order and
advances its progress as each unit's files arrive, so the progress, the failures list and the all-or-nothing
end of the job are those of one process.

The render processes are started fresh ("spawn": the job's process has a heartbeat thread and a database
connection that a forked child must not share) and never use the database: a query there is refused, so a
report that would need one fails visibly instead of reading outside the job's data. A job of fewer than
`settings.REPORTS_RENDER_PARALLEL_FROM` units is rendered in the job's process (starting the processes costs a
few seconds). When a render process dies (killed, out of memory), the units still to come are rendered in the
job's process. This module imports nothing of Django's models: it is what a render process imports first."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# (result, data or None, reason when data could not be read) in; (result, files or None, reason) out
Item = tuple[Any, Any, str | None]
Files = list[tuple[str, bytes]]


class DatabaseRefused(RuntimeError):
    pass


def _refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    from django.utils.translation import gettext as _

    raise DatabaseRefused(_("报告生成进程不读数据库:该报告所需的数据未随单位数据传入。"))


def _start(language: str) -> None:
    """A render process's start: Django set up, the job's language, no database."""
    import django

    django.setup()
    from django.db import connections
    from django.utils import translation

    translation.activate(language)
    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse)


def render_unit(data: Any, with_pdf: bool) -> tuple[Files | None, str | None]:
    """One unit's files (or the reason they could not be made), in whichever process runs it."""
    from . import documents

    try:
        return documents.unit_files(data, with_pdf), None
    except Exception as exc:  # one unit's failure is reported and the others go on
        return None, str(exc)[:300]


def render(items: Iterable[Item], with_pdf: bool, processes: int) -> Iterator[Item]:
    """Each item's files in the items' order; `processes` < 2 renders them here."""
    if processes < 2:
        for result, data, reason in items:
            yield (result, None, reason) if data is None else (result, *render_unit(data, with_pdf))
        return
    from django.utils import translation

    context = multiprocessing.get_context("spawn")
    language = translation.get_language() or "zh-hans"
    pending: deque[tuple[Any, Any, Future[Any] | None, str | None]] = deque()
    broken = False
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start, initargs=(language,)) as pool:

        def collect() -> Item:
            nonlocal broken
            result, data, future, reason = pending.popleft()
            if data is None:
                return result, None, reason
            if future is not None:
                try:
                    files, reason = future.result()
                    return result, files, reason
                except BrokenProcessPool:
                    broken = True
                except Exception as exc:  # the data could not be sent or the files not returned
                    return result, None, str(exc)[:300]
            return (result, *render_unit(data, with_pdf))

        for result, data, reason in items:
            future = None
            if data is not None and not broken:
                try:
                    future = pool.submit(render_unit, data, with_pdf)
                except BrokenProcessPool:
                    broken = True
            pending.append((result, data, future, reason))
            while len(pending) > (0 if broken else 2 * processes):  # a few units ahead, not the campaign
                yield collect()
        while pending:
            yield collect()

"""lvzhi calendar workdays START END | add START N [--hours] | load FILE [--user U] | seed [--replace] | years

- `workdays START END`: the number of working days from START to END, both included.
- `add START N`: the date N working days after START (the start day not counted, as time limits count);
  `--hours`: the moment N working hours after START (a date: from the next working morning; or 2026-02-13T09:00).
- `load FILE`: a year's holidays and make-up working days from CSV or Excel (日期, 类型 休/班, 说明), atomic.
- `seed`: add the years the chinese-calendar library knows that the table lacks (`--replace` reloads them).
- `years`: each year in the table (published) and its source and version.
Dates are ISO (2026-02-13). A figure that touches a year with no published table is flagged 暂定 on stderr.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.audit.context import audit_context
from lvzhi.core.errors import Invalid
from lvzhi.registry.io.importers.base import ImportRejected

from ... import actions, fileload, service
from ...engine import Answer
from ...models import CalendarYear


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"“{text}”不是日期,应写作 2026-02-13。") from exc


class Command(BaseCommand):
    help = "工作日历:计算工作日、推算期限、导入年度节假日安排。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        p = sub.add_parser("workdays", help="START 至 END(含两端)的工作日数")
        p.add_argument("start")
        p.add_argument("end")
        p = sub.add_parser("add", help="START 之后第 N 个工作日(起算日不计入)")
        p.add_argument("start")
        p.add_argument("n", type=Fraction)
        p.add_argument("--hours", action="store_true", help="N 为工作小时")
        p = sub.add_parser("load", help="从 CSV 或 Excel 导入年度节假日安排")
        p.add_argument("file")
        p.add_argument("--user", help="记入操作日志的用户名")
        p.add_argument("--note", default="", help="说明,如国务院办公厅通知文号")
        p = sub.add_parser("seed", help="从日历库补入缺少的年度")
        p.add_argument("--replace", action="store_true")
        sub.add_parser("years", help="列出已公布的年度")

    def _flag(self, answer: Answer[Any]) -> None:
        if answer.provisional:
            years = "、".join(str(y) for y in answer.provisional_years)
            self.stderr.write(f"暂定:{years} 年尚未公布节假日安排,按周末计算。")

    def handle(self, *args: Any, **options: Any) -> None:
        sub = options["sub"]
        calendar = service.current()
        if sub == "workdays":
            answer = calendar.workdays(_date(options["start"]), _date(options["end"]))
            self.stdout.write(str(answer.value))
            self._flag(answer)
        elif sub == "add":
            n = options["n"]
            if options["hours"]:
                if "T" in options["start"] or " " in options["start"]:
                    begin = dt.datetime.fromisoformat(options["start"])
                else:  # a date: the start day not counted, so from the next working morning
                    first = calendar.add_workdays(_date(options["start"]), 1).value
                    begin = dt.datetime.combine(first, calendar.hours.periods[0][0])
                moment = calendar.add_working_hours(begin, n)
                self.stdout.write(moment.value.strftime("%Y-%m-%d %H:%M"))
                self._flag(moment)
            else:
                if n.denominator != 1:
                    raise CommandError("工作日数须是整数。")
                answer = calendar.add_workdays(_date(options["start"]), int(n))
                self.stdout.write(answer.value.isoformat())
                self._flag(answer)
        elif sub == "load":
            self._load(options)
        elif sub == "seed":
            with audit_context(actor=None, source="command"):
                done = actions.seed_from_library(replace=options["replace"])
            self.stdout.write("载入:" + ("、".join(map(str, done)) if done else "无(日历库的年度都已在表中)"))
        elif sub == "years":
            for y in CalendarYear.objects.order_by("year"):
                holidays = y.days.filter(kind="休").count()
                workdays = y.days.filter(kind="班").count()
                self.stdout.write(
                    f"{y.year}\t{y.get_source_display()}\tv{y.version}\t休 {holidays}\t班 {workdays}\t{y.note}"
                )

    def _load(self, options: dict[str, Any]) -> None:
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"用户 {options['user']} 不存在") from exc
        try:
            with audit_context(actor=actor, source="command"):
                done = fileload.load_file(options["file"], actor=actor, note=options["note"], system=True)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(exc.message) from exc
        except Invalid as exc:
            raise CommandError(exc.message) from exc
        for year, count in done.items():
            self.stdout.write(f"{year} 年:{count} 天")

"""`lvzhi lists overlaps FILE [--json]`: the overlap candidates (职责交叉) between different units in a CSV or
Excel file with the columns 编号, 单位, 职责 (and optionally 依据), at the product's default threshold."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.duties.formats import OVERLAP_FILE
from lvzhi.duties.sheets import RowReader
from lvzhi.duties.textmatch import DEFAULT_THRESHOLD, Doc, ScanStats, find_overlaps


def read_docs(path: str) -> list[Doc]:
    reader = RowReader(OVERLAP_FILE)
    rows = reader.read(path)
    seen: dict[str, int] = {}
    for row in rows:
        ident = row.values["id"]
        if ident and ident in seen:
            reader.error(row.number, "id", _("编号与第%(row)s行重复") % {"row": seen[ident]})
        seen.setdefault(ident, row.number)
    reader.check()
    return [Doc(r.values["id"], r.values["unit"], r.values["text"], r.values.get("basis", "")) for r in rows]


class Command(BaseCommand):
    help = "职责清单:lists overlaps FILE [--json] 找出不同单位之间描述同一事项的职责(职责交叉)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        overlaps = sub.add_parser(
            "overlaps", help="职责交叉核查:读取含 编号、单位、职责 列的 CSV 或 Excel 文件"
        )
        overlaps.add_argument("file")
        overlaps.add_argument(
            "--json", action="store_true", help='输出 [{"a": 编号, "b": 编号, "score": 数值}]'
        )
        overlaps.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            docs = read_docs(options["file"])
        except Invalid as exc:
            problems = "\n".join(p.message for p in exc.problems)
            raise CommandError(f"{exc.message}\n{problems}") from exc
        stats = ScanStats()
        pairs = find_overlaps(docs, options["threshold"], stats=stats, with_phrases=not options["json"])
        if options["json"]:
            self.stdout.write(
                json.dumps([{"a": p.a.id, "b": p.b.id, "score": p.score} for p in pairs], ensure_ascii=False)
            )
            return
        for p in pairs:
            shared = "、".join(p.shared)
            self.stdout.write(
                f"{p.score:.2f}  {p.a.id} {p.a.unit}  ⇄  {p.b.id} {p.b.unit}  共同表述:{shared}"
            )
            self.stdout.write(f"      {p.a.text}\n      {p.b.text}")
        self.stdout.write(
            _("共 %(n)s 条职责,疑似交叉 %(pairs)s 对(阈值 %(t)s;评分的候选对 %(c)s;样板职责略去 %(b)s 条)。")
            % {
                "n": stats.texts,
                "pairs": stats.pairs,
                "t": options["threshold"],
                "c": stats.candidates,
                "b": stats.skipped_boilerplate,
            }
        )

"""Third-party survey results (第三方机构): how many respondents of a group chose each option, per unit.

The layout (docs/surveys.md), one row per unit, read with the product's one reader (lvzhi.registry.io.reader):

    单位代码 | 单位名称 | 评价群体 (optional) | 满意 | 基本满意 | 不满意      (or 5 | 4 | 3 | 2 | 1)

The option columns are those of the group's satisfaction question. Without a 评价群体 column every row belongs
to the group the file is uploaded to. The whole file is checked first; a problem rejects it with the row and the
column, and nothing of it is stored. A new file for a group and unit replaces the counts before it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core import spreadsheets
from lvzhi.core.errors import Invalid
from lvzhi.registry.io.reader import open_table
from lvzhi.registry.models import Unit

from . import selectors
from .formats import GROUP_COLUMN, UNIT_CODE, UNIT_NAME
from .models import ExternalBatch, ExternalCount, RespondentGroup
from .policy import POLICY

MAX_BYTES = 5 * 1024 * 1024


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse(
    group: RespondentGroup, headers: list[Any], rows: Any
) -> list[tuple[RespondentGroup, Unit, dict[str, int]]]:
    header = [_cell(h) for h in headers]
    question = selectors.score_question(group)
    if question is None:
        raise Invalid(_("该群体的问卷没有计入满意度的题目,无法导入结果。"), field="file")
    options = question.choices()
    if UNIT_CODE not in header:
        raise Invalid(_("第1行:缺少「%(c)s」列。") % {"c": UNIT_CODE}, field="file")
    missing = [o for o in options if o not in header]
    if missing:
        raise Invalid(_("第1行:缺少选项列「%(c)s」。") % {"c": "」「".join(missing)}, field="file")
    code_i, name_i = header.index(UNIT_CODE), header.index(UNIT_NAME) if UNIT_NAME in header else None
    group_i = header.index(GROUP_COLUMN) if GROUP_COLUMN in header else None
    groups = {g.name: g for g in RespondentGroup.objects.filter(campaign=group.campaign)}
    errors: list[str] = []
    out: list[tuple[RespondentGroup, Unit, dict[str, int]]] = []
    seen: dict[tuple[int, int], int] = {}
    units = {u.code: u for u in Unit.objects.all()}
    for line, raw in enumerate(rows, start=2):
        cells = [_cell(c) for c in raw] + [""] * len(header)
        if not any(cells):
            continue
        code = cells[code_i]
        unit = units.get(code)
        if unit is None:
            errors.append(
                _("第%(l)s行「%(c)s」:找不到单位代码「%(v)s」") % {"l": line, "c": UNIT_CODE, "v": code}
            )
            continue
        if name_i is not None and cells[name_i] and cells[name_i] != unit.name:
            errors.append(_("第%(l)s行「%(c)s」:「%(v)s」与单位代码对应的「%(u)s」不一致")
                          % {"l": line, "c": UNIT_NAME, "v": cells[name_i], "u": unit.name})  # fmt: skip
            continue
        target = group
        if group_i is not None and cells[group_i]:
            target = groups.get(cells[group_i])  # type: ignore[assignment]
            if target is None:
                errors.append(_("第%(l)s行「%(c)s」:本活动没有评价群体「%(v)s」")
                              % {"l": line, "c": GROUP_COLUMN, "v": cells[group_i]})  # fmt: skip
                continue
        if not target.units.filter(pk=unit.pk).exists():
            errors.append(_("第%(l)s行「%(c)s」:「%(u)s」不是「%(g)s」评价的单位")
                          % {"l": line, "c": UNIT_CODE, "u": unit.name, "g": target.name})  # fmt: skip
            continue
        counts: dict[str, int] = {}
        for option in options:
            text = cells[header.index(option)] or "0"
            if not text.isdigit():
                errors.append(
                    _("第%(l)s行「%(c)s」:「%(v)s」不是非负整数") % {"l": line, "c": option, "v": text}
                )
                continue
            counts[option] = int(text)
        if len(counts) != len(options):
            continue
        key = (target.pk, unit.pk)
        if key in seen:
            errors.append(_("第%(l)s行「%(c)s」:「%(u)s」重复(已在第%(f)s行)")
                          % {"l": line, "c": UNIT_CODE, "u": unit.name, "f": seen[key]})  # fmt: skip
            continue
        seen[key] = line
        out.append((target, unit, counts))
    if errors:
        shown = ";".join(errors[:20])
        raise Invalid(_("文件未导入:%(e)s") % {"e": shown}, field="file")
    if not out:
        raise Invalid(_("文件中没有可导入的数据。"), field="file")
    return out


def import_results(group: RespondentGroup, *, actor: Any, content: bytes, filename: str) -> ExternalBatch:
    POLICY.require(actor, "import_results", group)
    if len(content) > MAX_BYTES:
        raise Invalid(_("文件不能超过 5 MB。"), field="file")
    suffix = Path(filename).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(content)
        tmp.flush()
        table = open_table(tmp.name, filename)
        try:
            parsed = parse(group, table.headers, table.rows)
        finally:
            table.close()
    with transaction.atomic():
        batch = ExternalBatch.objects.create(
            group=group, file_name=filename[:200], rows=len(parsed), uploaded_by=actor
        )
        for target, unit, counts in parsed:
            ExternalCount.objects.filter(group=target, unit=unit).delete()
            ExternalCount.objects.bulk_create(
                [
                    ExternalCount(batch=batch, group=target, unit=unit, option=o, count=n)
                    for o, n in counts.items()
                ]
            )
        record_event("surveys.results_imported", group, after={"batch": batch.pk, "rows": len(parsed)})
    return batch


def template(group: RespondentGroup) -> bytes:
    question = selectors.score_question(group)
    workbook = spreadsheets.new_workbook(title=_("调查结果"))
    ws = workbook.active
    spreadsheets.append(ws, [UNIT_CODE, UNIT_NAME, GROUP_COLUMN, *(question.choices() if question else ())])
    for unit in group.units.order_by("order", "code"):
        spreadsheets.append(ws, [unit.code, unit.name, group.name])
    return spreadsheets.to_bytes(workbook)

"""The ledger and the two result lists as Excel workbooks in their import layout (one writer, text stays text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lvzhi.core import spreadsheets
from lvzhi.core.templatetags.lvzhi_format import cn_date
from lvzhi.registry.io.cells import NO, YES

from .formats import CASES, FINDINGS, HIGHLIGHTS, INSTITUTIONS
from .models import Finding, Highlight, Institution


def finding_rows(findings: Iterable[Finding]) -> Iterator[list[Any]]:
    for f in findings:
        yield [
            f.unit.code, f.unit.name, f.title, f.get_source_display(), f.get_category_display(),
            f.get_severity_display(), f.description, f.root_cause, f.indicator_code,
            "" if f.deduction is None else str(f.deduction), YES if f.immediate else NO,
            f.deadline.isoformat() if f.deadline else "", f.responsible, f.get_status_display(), f.plan,
            f.evidence_note, f.returns, cn_date(f.closed_at) if f.closed_at else "",
        ]  # fmt: skip


def _list_rows(items: Iterable[Any], kind: str) -> Iterator[list[Any]]:
    for item in items:
        base = [item.title, item.unit.code if item.unit else "", item.unit.name if item.unit else "",
                item.year or "", item.description]  # fmt: skip
        if kind == "highlights":
            yield [*base, item.get_kind_display()]
        else:
            yield [
                *base,
                item.get_status_display(),
                item.due.isoformat() if item.due else "",
                item.document_number,
            ]


def _case_rows(cases: Iterable[Any]) -> Iterator[list[Any]]:
    for c in cases:
        yield [
            c.unit.code, c.unit.name, c.situation.area.name, c.situation.name, c.title, c.occurred_on.isoformat(),
            c.post.code if c.post else "", c.person.staff_no if c.person else "", c.document_number,
            str(c.deduction), c.note,
        ]  # fmt: skip


def workbook(kind: str, queryset: Any) -> bytes:
    spec = {"findings": FINDINGS, "highlights": HIGHLIGHTS, "institutions": INSTITUTIONS, "cases": CASES}[
        kind
    ]
    book = spreadsheets.new_workbook(write_only=True)
    sheet = book.create_sheet(spreadsheets.sheet_title(spec.sheet))
    spreadsheets.append(sheet, spec.headers)
    if kind == "cases":
        rows = _case_rows(queryset.select_related("unit", "situation__area", "post", "person"))
    else:
        rows = finding_rows(queryset.select_related("unit")) if kind == "findings" else _list_rows(
            queryset.select_related("unit"), kind)  # fmt: skip
    for row in rows:
        spreadsheets.append(sheet, [str(c) if not isinstance(c, int) else c for c in row])
    return spreadsheets.to_bytes(book)


LIST_MODELS = {"highlights": Highlight, "institutions": Institution}

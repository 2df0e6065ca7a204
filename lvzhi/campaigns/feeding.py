"""What every room that feeds a campaign's indicators shares (goals, the lists, supervision, accountability):
the leaves that name one of the room's figures, the figure's parts as the leaf's rule takes them, and the one
long-layout file written into the campaign through its import path (lvzhi.campaigns.imports.import_file), checked
and stored atomically like any imported figure, the figures behind each value in its note.

Imported lazily from the campaign room's modules that import the rooms (selectors, imports)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets
from lvzhi.core.errors import Invalid

HEADER = ["单位代码", "单位名称", "数据项", "子项", "数值", "备注"]
NOTE_LIMIT = 300


@dataclass(frozen=True)
class MeasuredLeaf:
    """A scheme leaf that takes one of a room's figures (its `measure`)."""

    code: str
    name: str
    measure: str
    measure_label: str
    rule_type: str = ""
    parts: tuple[str, ...] = ("",)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def measured_leaves(
    campaign: Any, *, source: str, words: Mapping[str, str], measures: Mapping[str, Any], room: str,
    refuse_unknown: bool,
) -> list[MeasuredLeaf]:  # fmt: skip
    """The campaign scheme's leaves whose source is `source`, with the measure each names (`words`: what a scheme
    may write → the measure). A leaf naming no known measure is refused (`refuse_unknown`) or left to be imported
    by hand; a leaf in periods is refused: these are the year's figures."""
    from lvzhi.campaigns.selectors import scheme_info_for

    info = scheme_info_for(campaign)
    out = []
    for leaf in info.leaves if info else []:
        if leaf.source != source:
            continue
        measure = words.get(leaf.source_detail.strip())
        if measure is None:
            if not refuse_unknown:
                continue
            raise Invalid(
                _("指标「%(code)s」的数据来源「%(room)s:%(detail)s」无法识别(可写:%(choices)s)。")
                % {"code": leaf.code, "room": room, "detail": leaf.source_detail,
                   "choices": "/".join(str(m) for m in measures.values())}
            )  # fmt: skip
        if leaf.periods:
            raise Invalid(
                _("指标「%(code)s %(name)s」按%(room)s计分,不能分期。")
                % {"code": leaf.code, "name": leaf.name, "room": room}
            )
        out.append(
            MeasuredLeaf(
                leaf.code, leaf.name, measure, str(measures[measure]), leaf.rule_type, tuple(leaf.parts)
            )
        )
    return out


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def clip(text: str) -> str:
    return text if len(text) <= NOTE_LIMIT else text[: NOTE_LIMIT - 1] + "…"


def parts_for(
    leaf: MeasuredLeaf, *, counted: int, whole: int, occurrences: int, rate: Decimal | None
) -> list[tuple[str, str]]:
    """(part, value) as the leaf's rule takes the figure: the counted and the whole for a completion ratio without
    a fixed target, the count for an occurrences rule (or where there is no rate), else the rate in %."""
    if leaf.parts == ("actual", "target"):
        return [("actual", str(counted)), ("target", str(whole))]
    if leaf.rule_type == "occurrences" or rate is None:
        return [("", str(occurrences))]
    return [("", number(rate))]


def campaign_units(campaign: Any) -> list[Any]:
    return [cu.unit for cu in campaign.units.select_related("unit").order_by("unit__order", "unit__code")]


def import_rows(
    campaign: Any, *, actor: Any, kind: str, rows: list[list[Any]], filename: str, note: str,
    none_message: str | None = None,
) -> Any:  # fmt: skip
    """Write the rows (HEADER's columns) into the campaign as one imported file of `kind`, all of them or none;
    refused with `none_message`, where one is given, when there is nothing to write."""
    from lvzhi.campaigns.imports import import_file

    if not rows and none_message is not None:
        raise Invalid(none_message)
    out = io.StringIO()
    writer = spreadsheets.CsvWriter(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return import_file(
        campaign, actor=actor, kind=kind, content=out.getvalue().encode("utf-8-sig"), filename=filename, note=note
    )

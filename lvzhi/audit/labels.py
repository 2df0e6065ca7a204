"""How the audit log reads: the Chinese names of business events and of the values they record, and how those
values are written (是/否, lists with 、, dates in the Chinese format), for the pages and the Excel export.

Each room names its events in its own `events.py` (`EVENT_LABELS`, and `EVENT_FIELDS` for the values an event
records under names that are not fields of its object) and registers them in its AppConfig.ready with
`register_events`. A value marked `HIDDEN` (a checksum, an internal id) is not shown at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_datetime

EMPTY = "—"


def plain_text(value: Any) -> str:
    """Any recorded value as a person reads it: 是/否, lists joined with 、, ISO dates in the Chinese format."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple):
        return "、".join(plain_text(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}:{plain_text(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        if len(value) > 10:
            parsed = parse_datetime(value)
            if parsed is not None:
                return cn_datetime(parsed)
        day = parse_date(value[:10]) if len(value) == 10 else None
        if day is not None:
            return cn_date(day)
    if isinstance(value, datetime.datetime):
        return cn_datetime(value)
    if isinstance(value, datetime.date):
        return cn_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def choice_text(choices: Any) -> Callable[[Any], str]:
    """Values from a TextChoices (or a {value: label} mapping) read by their labels."""
    mapping = dict(getattr(choices, "choices", None) or choices)

    def show(value: Any) -> str:
        if isinstance(value, list | tuple):
            return "、".join(show(v) for v in value)
        return str(mapping.get(value, value)) if value not in (None, "") else EMPTY

    return show


@dataclass(frozen=True)
class Value:
    """A value a business event records under a name that is not a field of its object."""

    label: Any
    show: Callable[[Any], str] = plain_text
    hidden: bool = False


HIDDEN = Value("", hidden=True)

# Event types (AuditEvent.event_type) → Chinese names; rooms add theirs with register_events.
EVENT_LABELS: dict[str, Any] = {}
# Per event type, the recorded values that are not fields of the object.
EVENT_FIELDS: dict[str, dict[str, Value]] = {}
# Values recorded by several events (and by older records) under the same name.
COMMON_FIELDS: dict[str, Value] = {
    "id": HIDDEN,
}

SOURCES = {
    "web": gettext_lazy("网页"),
    "api": gettext_lazy("接口"),
    "import": gettext_lazy("文件导入"),
    "command": gettext_lazy("命令行"),
    "demo": gettext_lazy("演示数据"),
    "job": gettext_lazy("后台任务"),
}


def register_events(labels: dict[str, Any], fields: dict[str, dict[str, Value]] | None = None) -> None:
    EVENT_LABELS.update(labels)
    for event_type, values in (fields or {}).items():
        EVENT_FIELDS.setdefault(event_type, {}).update(values)


def event_label(event_type: str) -> str:
    return str(EVENT_LABELS.get(event_type, event_type))


def recorded_value(event_type: str, name: str) -> Value | None:
    """How a recorded value that is not a model field reads (None: unknown, shown by its name as it is)."""
    return (EVENT_FIELDS.get(event_type) or {}).get(name) or COMMON_FIELDS.get(name)


def source_label(source: str) -> str:
    return str(SOURCES.get(source, source)) if source else ""

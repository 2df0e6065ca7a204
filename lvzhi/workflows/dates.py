"""Dates in the room's sentences as users read them (2026年3月2日), typed (the template filter is not)."""

from __future__ import annotations

import datetime

from lvzhi.core.templatetags.lvzhi_format import cn_date as _cn_date


def cn_date(day: datetime.date | None) -> str:
    return str(_cn_date(day))  # type: ignore[no-untyped-call]

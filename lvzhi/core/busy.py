"""What a database that cannot take a write now, or a number no column can hold, means to a user.

- "database is locked" (SQLite: another write, such as a large import, held the lock past the busy timeout;
  PostgreSQL: a lock or statement timeout) is not the user's fault and not a bug: 503 with ``Retry-After`` and a
  Chinese sentence, on pages and API, nothing stored.
- An integer too large for the database (an id or offset above 2^63 typed into an address) is an object that
  cannot exist: 404 for an id in the path, 422 for a query value.

Used by lvzhi.core.middleware (pages) and lvzhi.api.errors (API).
"""

from __future__ import annotations

import re

from django.db import DataError, OperationalError
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
_LOCKED = ("database is locked", "database table is locked", "lock timeout", "canceling statement due to")
_BIG_NUMBER = re.compile(r"\d{19,}")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(s in str(exc).lower() for s in _LOCKED)


def busy_message() -> str:
    return _("数据库正忙(可能有大批量导入正在进行),您的操作没有保存。请 %(seconds)s 秒后重试。") % {
        "seconds": RETRY_AFTER_SECONDS
    }


def is_out_of_range(exc: BaseException) -> bool:
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and "out of range" in str(exc).lower()


def path_has_big_number(path: str) -> bool:
    return _BIG_NUMBER.search(path) is not None


def out_of_range_message() -> str:
    return _("数值超出范围。")

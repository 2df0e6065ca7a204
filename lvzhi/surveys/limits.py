"""A small rate limiter for the public answering pages: fixed windows counted in the database, so that the limit
holds across every gunicorn worker and every server sharing the database (not per process, as Django's default
in-memory cache would count).

One row per key and window (`RateCounter`), incremented by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE
SET hits = hits + 1 RETURNING hits`: PostgreSQL, and SQLite from 3.35), so two processes hitting the same
limit at once never both get the last request. Keys are HMACs (the settings' SECRET_KEY) of the kind, the address
or token and the window, so the table holds neither an address nor a token; rows of past windows are deleted as
new windows begin (docs/surveys.md).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .models import RateCounter

PURGE_EVERY = 50  # on average one new key in this many also deletes the rows of past windows


def _key(kind: str, ident: str, window: int, number: int) -> str:
    message = f"{kind}:{window}:{number}:{ident}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _upsert(cursor: Any, digest: str, number: int) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    cursor.execute(
        f"INSERT INTO {table} (digest, slot, hits) VALUES (%s, %s, 1) "  # noqa: S608 (the model's own table)
        f"ON CONFLICT (digest) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
        [digest, number],
    )
    row = cursor.fetchone()
    return int(row[0]) if row else 1


def count_many(requests: list[tuple[str, str, int]], now: float | None = None) -> list[int]:
    """Count one request for each (kind, ident, window seconds) in its current window, in one short transaction;
    the windows' counts. On PostgreSQL the transaction does not wait for its commit to reach the disk: a count
    lost in a crash costs nothing, and a page should not wait for two disk flushes before it is shown."""
    if not requests:
        return []
    moment = time.time() if now is None else now
    values = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for kind, ident, window in requests:
            number = int(moment) // window
            values.append(_upsert(cursor, _key(kind, ident, window, number), number))
    if any(v == 1 for v in values) and random.randrange(PURGE_EVERY) == 0:
        purge(max(w for _k, _i, w in requests), now)
    return values


def count(kind: str, ident: str, window: int, now: float | None = None) -> int:
    """Count one request for (kind, ident) in the current window of `window` seconds; the window's count."""
    return count_many([(kind, ident, window)], now)[0]


def purge(window: int, now: float | None = None) -> int:
    """Delete the rows of windows before the current one (of a `window` seconds limit)."""
    number = int(time.time() if now is None else now) // window
    deleted, _by_model = RateCounter.objects.filter(slot__lt=number - 1).delete()
    return deleted


def hit(kind: str, ident: str, limit: int, window: int) -> bool:
    """Count one request; False when `limit` requests were already counted in this window."""
    if limit <= 0:
        return True
    return count(kind, ident, window) <= limit


def limits() -> dict[str, tuple[int, int]]:
    """(requests, seconds) per address and per invitation, from settings (LVZHI_SURVEY_RATE_*)."""
    return {
        "address": (getattr(settings, "SURVEY_RATE_PER_ADDRESS", 120), 600),
        "invitation": (getattr(settings, "SURVEY_RATE_PER_INVITATION", 20), 600),
    }


def allow(address: str, token: str) -> bool:
    """Count the request for its address and its invitation; False when either is over its limit."""
    rules = limits()
    wanted = [(kind, ident, rules[kind]) for kind, ident in (("address", address or "-"), ("invitation", token or "-"))
              if rules[kind][0] > 0]  # fmt: skip
    counted = count_many([(kind, ident, window) for kind, ident, (_limit, window) in wanted])
    return all(n <= limit for n, (_kind, _ident, (limit, _window)) in zip(counted, wanted, strict=True))

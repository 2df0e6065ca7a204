"""A small rate limiter for the public answering pages: fixed windows counted in the database, so that the limit
holds across every gunicorn worker and every server sharing the database (not per process, as Django's default
in-memory cache would count).

One row per key and window (`RateCounter`), incremented by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE
SET hits = hits + 1 RETURNING hits`: PostgreSQL, and SQLite from 3.35), so two processes hitting the same
limit at once never both get the last request. A request's counters (its address and its invitation) are one
statement: one round trip to the database, its own transaction, which on PostgreSQL does not wait for the disk.
Keys are HMACs (the settings' SECRET_KEY) of the kind, the address or token and the window, so the table holds
neither an address nor a token; rows of past windows are deleted as new windows begin (docs/surveys.md).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time

from django.conf import settings
from django.db import connection

from .models import RateCounter

PURGE_EVERY = 50  # on average one new key in this many also deletes the rows of past windows


def _key(kind: str, ident: str, window: int, number: int) -> str:
    message = f"{kind}:{window}:{number}:{ident}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _upsert_sql(rows: int, postgresql: bool) -> str:
    """One statement that counts `rows` keys. On PostgreSQL, run outside a transaction, it is a transaction of
    its own whose commit does not wait for the disk (set_config(…, true) lasts until that commit): a count lost
    in a crash costs nothing, and a page should not wait for a disk flush before it is shown."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    update = f"ON CONFLICT (digest) DO UPDATE SET hits = {table}.hits + 1 RETURNING digest, hits"
    if postgresql:
        values = ", ".join(["(%s, %s::bigint)"] * rows)
        return (
            f"INSERT INTO {table} (digest, slot, hits) SELECT v.digest, v.slot, 1 "  # noqa: S608 (its own table)
            f"FROM (VALUES {values}) AS v (digest, slot) "
            "CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS nosync "
            f"{update}"
        )
    values = ", ".join(["(%s, %s, 1)"] * rows)
    return f"INSERT INTO {table} (digest, slot, hits) VALUES {values} {update}"  # noqa: S608 (its own table)


def count_many(requests: list[tuple[str, str, int]], now: float | None = None) -> list[int]:
    """Count one request for each (kind, ident, window seconds) in its current window, in one statement; the
    windows' counts (in the order of `requests`, whose keys must differ)."""
    if not requests:
        return []
    moment = time.time() if now is None else now
    keys = []
    for kind, ident, window in requests:
        number = int(moment) // window
        keys.append((_key(kind, ident, window, number), number))
    # Inside a caller's transaction (a test) the statement is part of it and must not change how it commits.
    postgresql = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(len(keys), postgresql), [x for key in keys for x in key])
        counted = {str(digest): int(hits) for digest, hits in cursor.fetchall()}
    values = [counted.get(digest, 1) for digest, _number in keys]
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

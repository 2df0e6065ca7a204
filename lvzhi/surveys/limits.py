"""A small rate limiter for the public answering pages: fixed windows counted in Django's cache.

Keys are HMACs of the address or the token, so the cache never holds either; entries expire with their window.
The cache is the product's `default` cache (settings): per process unless a shared cache is configured, which
makes a limit per worker — enough to stop a script hammering one link or one address (docs/surveys.md).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, ident: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{ident}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]
    return f"lvzhi-surveys-rl:{kind}:{digest}:{int(time.time()) // window}"


def hit(kind: str, ident: str, limit: int, window: int) -> bool:
    """Count one request; False when `limit` requests were already counted in this window."""
    if limit <= 0:
        return True
    key = _key(kind, ident, window)
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return True
    return count <= limit


def limits() -> dict[str, tuple[int, int]]:
    """(requests, seconds) per address and per invitation, from settings (LVZHI_SURVEY_RATE_*)."""
    return {
        "address": (getattr(settings, "SURVEY_RATE_PER_ADDRESS", 120), 600),
        "invitation": (getattr(settings, "SURVEY_RATE_PER_INVITATION", 20), 600),
    }


def allow(address: str, token: str) -> bool:
    rules = limits()
    ok_address = hit("address", address or "-", *rules["address"])
    ok_token = hit("invitation", token or "-", *rules["invitation"])
    return ok_address and ok_token

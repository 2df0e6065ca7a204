"""Where a `next` parameter may send the user: a path on this site, nothing else (``//evil.example``,
``https://evil.example``, ``/\\evil.example`` and ``javascript:`` are refused and the fallback used)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(target: str | None, fallback: str) -> str:
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return fallback
    return target

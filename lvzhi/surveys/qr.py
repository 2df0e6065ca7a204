"""QR codes for invitations (segno: pure Python, SVG out — no image library)."""

from __future__ import annotations

from typing import Any

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, scale: int = 3) -> SafeString:
    """An inline SVG of `url`; error correction M survives a crease or a smudge on paper."""
    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=scale, border=2))  # noqa: S308 - segno's own SVG markup


def invitation_sheet(base: str, tokens: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """One card per invitation: the short link, its QR code, the unit it rates (if any)."""
    return [
        {"url": f"{base}{token}/", "svg": qr_svg(f"{base}{token}/"), "unit": unit} for token, unit in tokens
    ]

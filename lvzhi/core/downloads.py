"""Downloads named in Chinese: every file the product hands out gets a name a user recognises
(`莱阳市2026年度职能运行评估通报.docx`), sent so that browsers keep it (RFC 6266 / RFC 5987: `filename*=UTF-8''…`
with a plain ASCII `filename="…"` for the few clients that read only that)."""

from __future__ import annotations

import re
from typing import TypeVar
from urllib.parse import quote

from django.http import HttpResponseBase

# Characters Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def file_name(*parts: object, suffix: str) -> str:
    """The parts joined into one safe file name with the suffix: file_name(campaign.name, "通报", suffix="docx")."""
    stem = "".join(str(p) for p in parts if p not in (None, ""))
    stem = _SPACES.sub(" ", _UNSAFE.sub("_", stem)).strip(" ._") or "download"
    return f"{stem[:150]}.{suffix.lstrip('.')}"


def content_disposition(name: str, attachment: bool = True) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…`: the ASCII name is the name with what is not ASCII left out
    (or `download.<suffix>`)."""
    kind = "attachment" if attachment else "inline"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "", stem).strip("._-") or "download"
    fallback = f"{ascii_stem}.{suffix}" if suffix else ascii_stem
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attach(response: ResponseT, name: str) -> ResponseT:
    """Mark the response as a download named `name` and return it."""
    response["Content-Disposition"] = content_disposition(name)
    return response

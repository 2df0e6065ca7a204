"""The one PDF renderer of the government-layout documents (a unit's report, the campaign report, the bulletin, the
supervision report): the HTML of a template rendered by WeasyPrint in the layout of reports/_govdoc_style.html,
with the CJK fonts embedded.

What does not change between documents is made once per process (per thread: WeasyPrint's objects are not
shared across threads) and reused: the FontConfiguration (building it reads the machine's font list, which took
a third of a unit report's PDF time) and the parsed stylesheet. The charts are not put into the HTML as
base64 data: URIs (a few hundred kB of text to encode, parse and decode per report) but named `lvzhi-chart:<key>`
and handed to WeasyPrint by a URL fetcher that serves those names from the PNG bytes and refuses any other
address (a document never reaches a file or the network). The document's text, layout and pictures are those of
inlined styles and data: URIs."""

from __future__ import annotations

import re
import threading
from typing import Any

from django.template.loader import render_to_string

SCHEME = "lvzhi-chart:"
STYLE_TEMPLATE = "reports/_govdoc_style.html"
_local = threading.local()


def chart_refs(images: dict[str, bytes]) -> dict[str, str]:
    """The `src` of each chart in a PDF's HTML (what `images.<key>` is in the templates)."""
    return {key: SCHEME + key for key in images}


def _shared() -> tuple[Any, Any]:
    """This thread's FontConfiguration and the parsed govdoc stylesheet, made on first use."""
    shared = getattr(_local, "shared", None)
    if shared is None:
        from weasyprint import CSS  # type: ignore[import-untyped]
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

        fonts = FontConfiguration()
        style = re.sub(r"^\s*<style>|</style>\s*$", "", render_to_string(STYLE_TEMPLATE))
        shared = _local.shared = (fonts, CSS(string=style, font_config=fonts))
    return shared


def _fetcher(images: dict[str, bytes]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class Charts(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            key = url.removeprefix(SCHEME)
            if not url.startswith(SCHEME) or key not in images:
                raise ValueError(f"not a chart of this document: {url[:80]}")
            return URLFetcherResponse(url, images[key], {"Content-Type": "image/png"})

    return Charts()


def render(template: str, context: dict[str, Any], images: dict[str, bytes]) -> bytes:
    """The template (which takes the stylesheet from here, not from an include) as PDF; `context["images"]` is
    set to the charts' names (`chart_refs`)."""
    from weasyprint import HTML

    fonts, stylesheet = _shared()
    html = render_to_string(template, {**context, "images": chart_refs(images)})
    document = HTML(string=html, url_fetcher=_fetcher(images))
    return bytes(document.write_pdf(stylesheets=[stylesheet], font_config=fonts))

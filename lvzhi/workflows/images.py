"""The PNG of a diagram as a response: Pillow draws it (lvzhi.workflows.diagram.png); without a CJK font on the
server the user reads why and downloads the SVG instead."""

from __future__ import annotations

from django.http import HttpResponse

from lvzhi.core.errors import Invalid

from .diagram import Layout
from .diagram.png import NoFont, to_png


class NoImage(Invalid):
    """The PNG cannot be drawn on this server (no CJK font)."""


def png_bytes(drawing: Layout) -> bytes:
    try:
        return to_png(drawing)
    except NoFont as exc:
        raise NoImage(str(exc)) from exc


def png_response(drawing: Layout) -> HttpResponse:
    return HttpResponse(png_bytes(drawing), content_type="image/png")

"""A layout as an SVG document: escaped text, presentation attributes only, no script or external reference."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .layout import Layout

FONT_FAMILY = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def to_svg(out: Layout, *, standalone: bool = True, ident: str = "wf") -> str:
    """The SVG text; `standalone` adds the XML declaration and the size (a downloaded file); `ident` keeps the
    ids of two drawings on one page apart."""
    parts = []
    if standalone:
        parts.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    size = f'width="{_n(out.width)}" height="{_n(out.height)}"' if standalone else 'width="100%"'
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
        f'viewBox="0 0 {_n(out.width)} {_n(out.height)}" role="img" aria-label={quoteattr(out.title)} '
        f"font-family={quoteattr(FONT_FAMILY)}>"
    )
    parts.append(f"<title>{escape(out.title)}</title>")
    parts.append(
        f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>'
    )
    parts.append(f'<rect x="0" y="0" width="{_n(out.width)}" height="{_n(out.height)}" fill="#ffffff"/>')
    for r in out.rects:
        dash = ' stroke-dasharray="6 4"' if r.dashed else ""
        parts.append(
            f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.w)}" height="{_n(r.h)}" rx="{_n(r.rx)}" '
            f'fill="{r.fill}" stroke="{r.stroke}" stroke-width="1.5"{dash}/>'
        )
    for line in out.lines:
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in line.points)
        marker = f' marker-end="url(#{ident}-arrow)"' if line.arrow else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{line.stroke}" stroke-width="1.5"{marker}/>'
        )
    for t in out.texts:
        weight = ' font-weight="bold"' if t.bold else ""
        anchor = ' text-anchor="middle"' if t.anchor == "middle" else ""
        parts.append(
            f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{t.size}" fill="{t.fill}"{weight}{anchor}>'
            f"{escape(t.text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

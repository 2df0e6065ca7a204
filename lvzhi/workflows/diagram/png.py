"""A layout painted as a PNG image with Pillow and a CJK font (Debian's fonts-noto-cjk by default, or the file
named by LVZHI_DIAGRAM_FONT). No Django import."""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

from .layout import Layout

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
BOLD_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",)


class NoFont(RuntimeError):
    """No CJK font on this machine: the PNG cannot be drawn (the SVG still can)."""


def find_font(bold: bool = False) -> str:
    named = os.environ.get("LVZHI_DIAGRAM_FONT", "")
    candidates: tuple[str, ...] = (named, *(BOLD_CANDIDATES if bold else ()), *FONT_CANDIDATES)
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise NoFont("服务器上没有中文字体(如 fonts-noto-cjk),无法生成 PNG 图片;请下载 SVG 图片。")


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _dashed(
    draw: object, box: tuple[float, float, float, float], colour: tuple[int, int, int], w: int
) -> None:
    x0, y0, x1, y1 = box
    edges = (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0)))
    for (ax, ay), (bx, by) in edges:
        length = math.hypot(bx - ax, by - ay)
        steps = max(1, int(length // 10))
        for i in range(steps):
            t0, t1 = i / steps, min(1.0, (i + 0.6) / steps)
            draw.line(  # type: ignore[attr-defined]
                [(ax + (bx - ax) * t0, ay + (by - ay) * t0), (ax + (bx - ax) * t1, ay + (by - ay) * t1)],
                fill=colour,
                width=w,
            )


def to_png(out: Layout, scale: float = 2.0) -> bytes:
    """The PNG bytes of the layout, drawn at `scale` (2: sharp on a high-resolution screen or in print)."""
    from PIL import Image, ImageDraw, ImageFont

    regular, bold = find_font(), find_font(bold=True)
    fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}

    def font(size: int, is_bold: bool) -> ImageFont.FreeTypeFont:
        key = (size, is_bold)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(bold if is_bold else regular, round(size * scale))
        return fonts[key]

    image = Image.new("RGB", (math.ceil(out.width * scale), math.ceil(out.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    s = scale
    for r in out.rects:
        box = (r.x * s, r.y * s, (r.x + r.w) * s, (r.y + r.h) * s)
        draw.rounded_rectangle(box, radius=r.rx * s, fill=_hex(r.fill))
        if r.dashed:
            _dashed(draw, box, _hex(r.stroke), max(1, round(1.5 * s)))
        else:
            draw.rounded_rectangle(box, radius=r.rx * s, outline=_hex(r.stroke), width=max(1, round(1.5 * s)))
    for line in out.lines:
        points = [(x * s, y * s) for x, y in line.points]
        colour = _hex(line.stroke)
        draw.line(points, fill=colour, width=max(1, round(1.5 * s)))
        if line.arrow and len(points) >= 2:
            (ax, ay), (bx, by) = points[-2], points[-1]
            angle = math.atan2(by - ay, bx - ax)
            size = 7 * s
            left = (bx - size * math.cos(angle - 0.45), by - size * math.sin(angle - 0.45))
            right = (bx - size * math.cos(angle + 0.45), by - size * math.sin(angle + 0.45))
            draw.polygon([(bx, by), left, right], fill=colour)
    for t in out.texts:
        f = font(t.size, t.bold)
        x, y = t.x * s, t.y * s
        if t.anchor == "middle":
            draw.text((x, y), t.text, font=f, fill=_hex(t.fill), anchor="ms")
        else:
            draw.text((x, y), t.text, font=f, fill=_hex(t.fill), anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

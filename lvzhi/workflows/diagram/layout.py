"""Where every box, text and arrow of a workflow chart goes (pixels; y grows downwards)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

FONT = 14  # body text, px
TITLE_FONT = 18
LINE = 20  # line height of body text
PAD = 10  # inside a box
MAIN_X, MAIN_W = 40, 320
SUB_X, SUB_W = 440, 280
GAP = 34  # between two steps (room for the arrow)
SUB_GAP = 16
MARGIN = 30
WIDTH = SUB_X + SUB_W + MARGIN

BLUE, GREY, RED, INK, MUTED, PALE = "#1d4e89", "#f4f6f9", "#b42318", "#1f2328", "#57606a", "#e8eef7"


@dataclass(frozen=True)
class Node:
    """One step: its number ("3", "3.2"), its name, the lines under the name, its sub-steps; `flagged` draws it
    in red (e.g. a sign-off chain over the limit); `removed`/`added` mark a step a comparison cut or added;
    `fill`/`stroke` colour an unmarked, unflagged box (e.g. by a measured overdue rate)."""

    number: str
    title: str
    lines: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    flagged: bool = False
    mark: str = ""  # "", "removed" or "added"
    fill: str = ""
    stroke: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    subtitle: str = ""
    steps: tuple[Node, ...] = ()
    notes: tuple[str, ...] = ()  # lines under the chart (warnings, the legal basis of the time limits)
    start_label: str = "开始"
    end_label: str = "结束"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = "#ffffff"
    stroke: str = BLUE
    rx: float = 4
    dashed: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: int = FONT
    bold: bool = False
    fill: str = INK
    anchor: str = "start"  # "start" or "middle"


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    arrow: bool = True
    stroke: str = MUTED


@dataclass
class Layout:
    width: float
    height: float
    title: str
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def char_width(ch: str, size: int = FONT) -> float:
    """Wide (CJK) characters take a full em, others about half of one."""
    return size if unicodedata.east_asian_width(ch) in "WFA" else size * 0.55


def text_width(text: str, size: int = FONT) -> float:
    return sum(char_width(ch, size) for ch in text)


def wrap(text: str, width: float, size: int = FONT) -> list[str]:
    """`text` broken into lines no wider than `width` (by character: Chinese has no spaces to break at)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, used = "", 0.0
        for ch in paragraph:
            w = char_width(ch, size)
            if current and used + w > width:
                lines.append(current)
                current, used = "", 0.0
            current += ch
            used += w
        lines.append(current)
    return lines


def _colours(node: Node) -> tuple[str, str, bool]:
    if node.mark == "removed":
        return "#fff5f5", RED, True
    if node.mark == "added":
        return "#f0fff4", "#1a7f37", False
    if node.flagged:
        return "#fff5f5", RED, False
    return node.fill or "#ffffff", node.stroke or BLUE, False


def _box(out: Layout, node: Node, x: float, y: float, w: float, bold_size: int = FONT) -> float:
    """Draw one step's box at (x, y); return its height."""
    inner = w - 2 * PAD
    heading = wrap(f"{node.number}  {node.title}", inner, bold_size)
    body = [line for text in node.lines for line in wrap(text, inner, FONT - 1)]
    h = 2 * PAD + LINE * len(heading) + (LINE - 2) * len(body)
    fill, stroke, dashed = _colours(node)
    out.rects.append(Rect(x, y, w, h, fill=fill, stroke=stroke, dashed=dashed))
    ty = y + PAD + FONT
    for line in heading:
        out.texts.append(Text(x + PAD, ty, line, bold_size, bold=True, fill=stroke if node.mark else INK))
        ty += LINE
    for line in body:
        out.texts.append(Text(x + PAD, ty - 2, line, FONT - 1, fill=MUTED))
        ty += LINE - 2
    return h


def _terminal(out: Layout, label: str, y: float) -> float:
    w, h = 120.0, 32.0
    x = MAIN_X + (MAIN_W - w) / 2
    out.rects.append(Rect(x, y, w, h, fill=PALE, stroke=BLUE, rx=16))
    out.texts.append(Text(x + w / 2, y + 21, label, FONT, bold=True, fill=BLUE, anchor="middle"))
    return h


def layout(chart: Chart) -> Layout:
    out = Layout(width=WIDTH, height=0, title=chart.title)
    y = float(MARGIN)
    for line in wrap(chart.title, WIDTH - 2 * MARGIN, TITLE_FONT):
        out.texts.append(Text(MARGIN, y + TITLE_FONT, line, TITLE_FONT, bold=True))
        y += TITLE_FONT + 8
    for line in wrap(chart.subtitle, WIDTH - 2 * MARGIN, FONT - 1) if chart.subtitle else []:
        out.texts.append(Text(MARGIN, y + FONT, line, FONT - 1, fill=MUTED))
        y += LINE
    y += 14
    centre = MAIN_X + MAIN_W / 2
    y += _terminal(out, chart.start_label, y)
    previous_bottom = y
    for node in chart.steps:
        y += GAP
        out.lines.append(Line(((centre, previous_bottom), (centre, y))))
        top = y
        h = _box(out, node, MAIN_X, y, MAIN_W)
        bottom = y + h
        if node.children:
            bus_x = (MAIN_X + MAIN_W + SUB_X) / 2
            out.lines.append(Line(((MAIN_X + MAIN_W, top + h / 2), (bus_x, top + h / 2)), arrow=False))
            cy = top
            mids: list[float] = []
            for child in node.children:
                ch = _box(out, child, SUB_X, cy, SUB_W)
                mids.append(cy + ch / 2)
                cy += ch + SUB_GAP
            out.lines.append(
                Line(((bus_x, min(mids[0], top + h / 2)), (bus_x, max(mids[-1], top + h / 2))), False)
            )
            for mid in mids:
                out.lines.append(Line(((bus_x, mid), (SUB_X, mid))))
            bottom = max(bottom, cy - SUB_GAP)
            if bottom > top + h:
                out.lines.append(Line(((centre, top + h), (centre, bottom)), arrow=False))
        previous_bottom = bottom
        y = bottom
    y += GAP
    out.lines.append(Line(((centre, previous_bottom), (centre, y))))
    y += _terminal(out, chart.end_label, y)
    y += 16
    for note in chart.notes:
        for line in wrap(note, WIDTH - 2 * MARGIN, FONT - 1):
            out.texts.append(Text(MARGIN, y + FONT, line, FONT - 1, fill=MUTED))
            y += LINE
    out.height = y + MARGIN
    return out

"""Charts of the reports, drawn on the server as PNG with matplotlib's Agg canvas (no pyplot, no global state) and
one CJK font set explicitly on every text: Debian's "Noto Sans CJK SC" (package fonts-noto-cjk). A chart is
refused rather than drawn with boxes when the font is missing (`cjk_font`).

- `radar`: the unit's score rate (points / maximum, %) per level-1 indicator against the category average;
- `bars`: the unit's points per level-1 indicator against the category average and the category's best;
- `trend`: the unit's totals over the years (published campaigns, and this one);
- `distribution`, `ranking`: a campaign's totals by band and its ranking (the campaign report).
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CJK_FAMILY = "Noto Sans CJK SC"
DPI = 150
UNIT_COLOUR = "#c0392b"
AVERAGE_COLOUR = "#2c7fb8"
BEST_COLOUR = "#7f8c8d"


class FontMissing(RuntimeError):
    pass


@functools.cache
def cjk_font() -> font_manager.FontProperties:
    """The CJK font every chart's text is set in; FontMissing when the machine has none."""
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False
        )
    except ValueError as exc:
        raise FontMissing(f"未找到中文字体「{CJK_FAMILY}」:请安装 fonts-noto-cjk。") from exc
    return font_manager.FontProperties(fname=path, size=10)


def _figure(width: float, height: float, polar: bool = False) -> tuple[Figure, object]:
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(111, polar=polar)
    return figure, axes


def _fonts(figure: Figure) -> None:
    """Every text of the figure (titles, tick labels, legends) in the CJK font."""
    font = cjk_font()
    for text in figure.findobj(match=lambda artist: hasattr(artist, "set_fontproperties")):
        size = text.get_fontsize() if hasattr(text, "get_fontsize") else 10  # type: ignore[attr-defined]
        props = font.copy()
        props.set_size(size)
        text.set_fontproperties(props)  # type: ignore[attr-defined]


def _png(figure: Figure) -> bytes:
    _fonts(figure)
    figure.tight_layout()
    # tight_layout leaves a placeholder layout engine behind, which makes savefig draw the whole figure once more
    # before drawing it for the file; the layout is done, so none is needed (the pixels are the same).
    figure.set_layout_engine(None)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _legend(axes: object, **kw: object) -> None:
    axes.legend(prop=cjk_font(), frameon=False, **kw)  # type: ignore[attr-defined]


def radar(labels: Sequence[str], unit: Sequence[float], average: Sequence[float | None], title: str) -> bytes:
    n = len(labels)
    figure, axes = _figure(5.2, 4.4, polar=True)
    if n < 3:  # a radar needs three axes: draw bars of the rates instead
        return bars(labels, unit, [a or 0 for a in average], None, title, unit_label="得分率(%)")
    angles = [2 * math.pi * i / n for i in range(n)] + [0.0]
    for values, colour, label in ((unit, UNIT_COLOUR, "本单位"), (average, AVERAGE_COLOUR, "本类别平均")):
        points = [float(v or 0) for v in values]
        points.append(points[0])
        axes.plot(angles, points, color=colour, linewidth=1.6, label=label)  # type: ignore[attr-defined]
        axes.fill(angles, points, color=colour, alpha=0.12)  # type: ignore[attr-defined]
    axes.set_xticks(angles[:-1])  # type: ignore[attr-defined]
    axes.set_xticklabels(list(labels))  # type: ignore[attr-defined]
    axes.set_ylim(0, 100)  # type: ignore[attr-defined]
    axes.set_yticks([20, 40, 60, 80, 100])  # type: ignore[attr-defined]
    axes.set_title(title, pad=16)  # type: ignore[attr-defined]
    _legend(axes, loc="lower right", bbox_to_anchor=(1.25, -0.12))
    return _png(figure)


def bars(
    labels: Sequence[str],
    unit: Sequence[float],
    average: Sequence[float],
    best: Sequence[float] | None,
    title: str,
    unit_label: str = "得分",
) -> bytes:
    figure, axes = _figure(6.0, 3.6)
    series = [(unit, UNIT_COLOUR, "本单位"), (average, AVERAGE_COLOUR, "本类别平均")]
    if best is not None:
        series.append((best, BEST_COLOUR, "本类别最高"))
    width = 0.8 / len(series)
    for i, (values, colour, label) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        axes.bar(xs, [float(v or 0) for v in values], width=width, color=colour, label=label)  # type: ignore[attr-defined]
    axes.set_xticks(range(len(labels)))  # type: ignore[attr-defined]
    axes.set_xticklabels(list(labels))  # type: ignore[attr-defined]
    axes.set_ylabel(unit_label)  # type: ignore[attr-defined]
    axes.set_title(title)  # type: ignore[attr-defined]
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    _legend(axes, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(series))
    return _png(figure)


def trend(labels: Sequence[str], totals: Sequence[float], title: str) -> bytes:
    figure, axes = _figure(6.0, 3.2)
    axes.plot(range(len(labels)), [float(t) for t in totals], marker="o", color=UNIT_COLOUR)  # type: ignore[attr-defined]
    for x, t in enumerate(totals):
        axes.annotate(
            f"{float(t):.2f}", (x, float(t)), textcoords="offset points", xytext=(0, 6), ha="center"
        )  # type: ignore[attr-defined]
    axes.set_xticks(range(len(labels)))  # type: ignore[attr-defined]
    axes.set_xticklabels(list(labels))  # type: ignore[attr-defined]
    axes.set_ylabel("总分")  # type: ignore[attr-defined]
    axes.set_title(title)  # type: ignore[attr-defined]
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    return _png(figure)


def distribution(labels: Sequence[str], counts: Sequence[int], title: str) -> bytes:
    figure, axes = _figure(6.0, 3.2)
    axes.bar(range(len(labels)), list(counts), color=AVERAGE_COLOUR)  # type: ignore[attr-defined]
    for x, c in enumerate(counts):
        axes.annotate(str(c), (x, c), textcoords="offset points", xytext=(0, 3), ha="center")  # type: ignore[attr-defined]
    axes.set_xticks(range(len(labels)))  # type: ignore[attr-defined]
    axes.set_xticklabels(list(labels))  # type: ignore[attr-defined]
    axes.set_ylabel("单位数")  # type: ignore[attr-defined]
    axes.set_title(title)  # type: ignore[attr-defined]
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    return _png(figure)


def rates(labels: Sequence[str], values: Sequence[float], title: str) -> bytes:
    """Horizontal bars of score rates (%), one per indicator, the weakest at the bottom."""
    figure, axes = _figure(6.0, max(2.4, 0.45 * len(labels) + 1.2))
    ys = list(range(len(labels)))
    axes.barh(ys, [float(v) for v in values], color=AVERAGE_COLOUR)  # type: ignore[attr-defined]
    for y, v in zip(ys, values, strict=True):
        axes.annotate(f"{float(v):.1f}", (float(v), y), textcoords="offset points", xytext=(3, -3))  # type: ignore[attr-defined]
    axes.set_yticks(ys)  # type: ignore[attr-defined]
    axes.set_yticklabels(list(labels))  # type: ignore[attr-defined]
    axes.set_xlim(0, 105)  # type: ignore[attr-defined]
    axes.invert_yaxis()  # type: ignore[attr-defined]
    axes.set_title(title)  # type: ignore[attr-defined]
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    return _png(figure)

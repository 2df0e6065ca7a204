"""Drawing a workflow (流程图) as a diagram: a pure engine, no Django import, typed, tested alone.

`layout(chart)` places the boxes, texts and arrows of a chart (a top-to-bottom column of steps, each step's
sub-steps in a column to its right, joined by a bracket); `to_svg(layout)` writes it as an SVG document (every text
escaped, presentation attributes only, no script, so it can be inlined in a page under the site's
Content-Security-Policy); `lvzhi.workflows.diagram.png.to_png(layout)` paints the same layout as a PNG image.
"""

from __future__ import annotations

from .layout import Chart, Layout, Line, Node, Rect, Text, layout, text_width, wrap
from .svg import to_svg

__all__ = ["Chart", "Layout", "Line", "Node", "Rect", "Text", "layout", "text_width", "to_svg", "wrap"]

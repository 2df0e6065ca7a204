"""Charts are drawn with the CJK font on every text, and Chinese labels have their glyphs (no boxes)."""

import io
import warnings

from matplotlib.ft2font import FT2Font
from PIL import Image

from lvzhi.reports import charts

LABELS = ["职能履行", "机构编制管理", "社会评价"]


def test_the_font_used_for_chinese_labels_is_noto_sans_cjk_with_every_glyph():
    path = charts.cjk_font().get_file()
    assert path.endswith("NotoSansCJK-Regular.ttc")
    font = FT2Font(path)
    for char in "".join(LABELS) + "本单位本类别平均最高历年总分得分率单位数":
        assert font.get_char_index(ord(char)) != 0, char


def test_every_text_of_a_chart_is_set_in_the_cjk_font_and_no_glyph_is_missing():
    figure, axes = charts._figure(4, 3)
    axes.bar(range(3), [1, 2, 3])
    axes.set_xticks(range(3))
    axes.set_xticklabels(LABELS)
    axes.set_title("与同类别单位比较")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        png = charts._png(figure)
    files = {t.get_fontproperties().get_file() for t in [*axes.get_xticklabels(), axes.title]}
    assert files == {charts.cjk_font().get_file()}
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_each_report_chart_renders_without_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        images = [
            charts.radar(LABELS, [80, 70, 90], [75, 80, None], "一级指标得分率"),
            charts.radar(LABELS[:2], [80, 70], [75, 80], "两项指标"),
            charts.bars(LABELS, [40, 30, 20], [35, 32, 18], [44, 38, 20], "与同类别单位比较"),
            charts.trend(["2024年", "2025年", "2026年"], [80.5, 85, 88.25], "历年总分"),
            charts.distribution(["60分以下", "60–80分", "80分以上"], [1, 3, 2], "得分分布"),
        ]
    assert all(Image.open(io.BytesIO(p)).size[0] > 300 for p in images)

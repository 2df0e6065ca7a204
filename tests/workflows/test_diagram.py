"""The diagram engine alone (no Django): layout, text wrapping, the SVG's escaping, the PNG."""

import xml.etree.ElementTree as ET

import pytest

from lvzhi.workflows.diagram import Chart, Node, layout, text_width, to_svg, wrap
from lvzhi.workflows.diagram.png import NoFont, find_font, to_png

CHART = Chart(
    title="受灾人员冬春生活救助流程",
    subtitle="莱阳市应急管理局",
    steps=(
        Node("1", "摸底调查", ("责任:村(居)委会",)),
        Node("2", "民主评议", (), children=tuple(Node(f"2.{i}", f"子环节{i}") for i in range(1, 6))),
        Node("3", "局长审批", ("签批:主要负责人",), flagged=True),
    ),
    notes=("时限依据 1 摸底调查:《自然灾害救助条例》第二十一条",),
)


def test_chinese_characters_are_one_em_and_latin_half():
    assert text_width("冬春", 14) == 28
    assert text_width("ab", 14) == pytest.approx(15.4)


def test_long_text_wraps_by_character_and_keeps_every_character():
    text = "冬春生活救助申请书、居民身份证、户口簿、受灾及家庭生活困难情况说明"
    lines = wrap(text, 140, 14)
    assert len(lines) == 4
    assert all(text_width(line, 14) <= 140 for line in lines)
    assert "".join(lines) == text


def test_every_step_and_sub_step_is_a_box_below_or_beside_the_one_before():
    drawing = layout(CHART)
    boxes = [t.text for t in drawing.texts if t.bold]
    assert boxes[0] == CHART.title
    assert [b for b in boxes if b[0].isdigit()] == [
        "1  摸底调查", "2  民主评议", *(f"2.{i}  子环节{i}" for i in range(1, 6)), "3  局长审批",
    ]  # fmt: skip
    main = [r for r in drawing.rects if r.x == 40 and r.rx == 4]
    assert [r.y for r in main] == sorted(r.y for r in main)
    subs = [r for r in drawing.rects if r.x == 440]
    assert len(subs) == 5 and all(s.y >= main[1].y for s in subs)
    # the third step starts below the last sub-step of the second
    assert main[2].y > subs[-1].y + subs[-1].h
    assert drawing.height > main[2].y + main[2].h


def test_a_flagged_step_is_drawn_in_red():
    drawing = layout(CHART)
    red = [r for r in drawing.rects if r.stroke == "#b42318"]
    assert len(red) == 1


def test_the_svg_is_well_formed_and_escapes_text():
    chart = Chart(title="<script>alert(1)</script> & 流程", steps=(Node("1", 'a"b<c>'),))
    svg = to_svg(layout(chart))
    root = ET.fromstring(svg.split("\n", 1)[1])  # noqa: S314 - our own output
    assert root.tag.endswith("svg")
    assert "<script>" not in svg
    texts = [el.text for el in root.iter() if el.tag.endswith("text")]
    assert "<script>alert(1)</script> & 流程" in texts
    assert '1  a"b<c>' in texts


def test_an_inline_svg_takes_the_page_width_and_its_own_ids():
    svg = to_svg(layout(CHART), standalone=False, ident="old")
    assert svg.startswith("<svg") and 'width="100%"' in svg and 'id="old-arrow"' in svg


def test_the_png_is_an_image_of_the_layout_at_twice_its_size():
    try:
        find_font()
    except NoFont:
        pytest.skip("没有中文字体")
    data = to_png(layout(CHART))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data))
    drawing = layout(CHART)
    assert image.size == (round(drawing.width * 2), round(drawing.height * 2))


def test_without_a_cjk_font_the_png_says_so(monkeypatch):
    from lvzhi.workflows.diagram import png

    monkeypatch.setattr(png, "FONT_CANDIDATES", ("/nonexistent.ttc",))
    monkeypatch.setattr(png, "BOLD_CANDIDATES", ())
    monkeypatch.delenv("LVZHI_DIAGRAM_FONT", raising=False)
    with pytest.raises(NoFont, match="SVG"):
        to_png(layout(CHART))

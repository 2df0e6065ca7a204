"""The editor's outline operations on rows: what a click on ↑ ↓ ← → ＋下级 删除 移动 does to the tree."""

from lvzhi.schemes import editor, wordforms

from .conftest import small


def outline(rows):
    return [(r.depth, r.code) for r in rows]


def rows():
    return editor.rows_from_definition(small())


def at(rs, code):
    return next(i for i, r in enumerate(rs) if r.code == code)


def test_rows_and_definition_round_trip():
    settings = wordforms.settings_post_data(small())
    definition, issues = editor.definition_from_rows(small(), small()["name"], settings, rows())
    assert issues == []
    assert definition == small()


def test_every_seed_scheme_survives_the_form_unchanged():
    """What the editor shows (no YAML) reads back as the same definition, for every seed scheme."""
    import yaml
    from django.conf import settings as django_settings

    from lvzhi.scoring import load_scheme

    for path in sorted((django_settings.PROJECT_DIR / "examples" / "schemes").glob("*.yaml")):
        if path.name.endswith(".inputs.yaml"):
            continue
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "indicators" not in original:
            continue  # an inheriting scheme's edit lists: the editor shows its resolved tree
        data = editor.post_data(original)
        definition, issues = editor.definition_from_rows(original, original["name"], data,
                                                         editor.rows_from_post(data))
        assert issues == [], path.name
        assert load_scheme(definition).definition == load_scheme(original).definition, path.name


def test_moving_down_takes_the_whole_subtree_past_the_next_sibling():
    rs, message = editor.apply_op(rows(), "down", 0)
    assert message == ""
    assert outline(rs) == [(1, "B"), (2, "B1"), (1, "A"), (2, "A1"), (2, "A2"), (1, "X"), (2, "X1")]


def test_the_first_sibling_cannot_move_up():
    rs, message = editor.apply_op(rows(), "up", 1)
    assert message == "已经到头了。"
    assert outline(rs) == outline(rows())


def test_indent_makes_a_row_the_last_child_of_its_previous_sibling():
    rs, message = editor.apply_op(rows(), "indent", at(rows(), "B"))
    assert message == ""
    assert outline(rs)[:6] == [(1, "A"), (2, "A1"), (2, "A2"), (2, "B"), (3, "B1"), (1, "X")]


def test_indent_beyond_three_levels_is_refused():
    rs, _ = editor.apply_op(rows(), "indent", at(rows(), "B"))
    again, message = editor.apply_op(rs, "indent", at(rs, "B"))
    assert "超过三级" in message
    assert outline(again) == outline(rs)


def test_outdent_makes_a_row_the_next_sibling_of_its_parent():
    rs, message = editor.apply_op(rows(), "outdent", at(rows(), "A1"))
    assert message == ""
    assert outline(rs)[:4] == [(1, "A"), (2, "A2"), (1, "A1"), (1, "B")]


def test_move_to_puts_a_subtree_under_any_other_indicator():
    rs, message = editor.apply_op(rows(), "move_to", at(rows(), "A2"), "B")
    assert message == ""
    assert outline(rs) == [(1, "A"), (2, "A1"), (1, "B"), (2, "B1"), (2, "A2"), (1, "X"), (2, "X1")]
    top, _ = editor.apply_op(rows(), "move_to", at(rows(), "B1"), "")
    assert outline(top)[-1] == (1, "B1")


def test_move_to_refuses_its_own_subtree_and_unknown_codes():
    _, own = editor.apply_op(rows(), "move_to", at(rows(), "A"), "A1")
    assert "自己或它的下级" in own
    _, unknown = editor.apply_op(rows(), "move_to", at(rows(), "A1"), "Q")
    assert "没有编码为“Q”" in unknown


def test_adding_a_child_under_a_third_level_row_is_refused():
    rs, _ = editor.apply_op(rows(), "indent", at(rows(), "B"))
    _, message = editor.apply_op(rs, "add_child", at(rs, "B1"))
    assert "第三级" in message


def test_removing_a_row_removes_its_subtree():
    rs, _ = editor.apply_op(rows(), "remove", at(rows(), "A"))
    assert outline(rs) == [(1, "B"), (2, "B1"), (1, "X"), (2, "X1")]

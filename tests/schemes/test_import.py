"""Import refuses a bad file whole, naming each problem's indicator; nothing of it is stored."""

import io

import openpyxl
import pytest
import yaml

from lvzhi.audit.models import AuditEvent
from lvzhi.schemes import actions
from lvzhi.schemes.models import Scheme, SchemeNode, SchemeVersion

from .conftest import node, small


def _yaml(definition) -> bytes:
    return yaml.safe_dump(definition, allow_unicode=True).encode()


def _weights_do_not_add_up(d):
    node(d, "A2")["points"] = 25
    return "A"


def _duplicate_code(d):
    node(d, "B1")["code"] = "A1"
    return "A1"


def _unknown_input(d):
    node(d, "A2")["rule"] = {"type": "ratio", "target": "planned_tasks"}
    return "A2"


def _cap_below_zero(d):
    node(d, "X1")["rule"] = {"type": "occurrences", "per": 5, "cap": -2}
    return "X1"


def _negative_points(d):
    node(d, "B1")["points"] = -40
    return "B1"


@pytest.mark.parametrize("spoil", [_weights_do_not_add_up, _duplicate_code, _unknown_input, _cap_below_zero,
                                   _negative_points], ids=lambda f: f.__name__.strip("_"))
def test_a_bad_yaml_file_is_refused_naming_the_indicator(world, spoil):
    definition = small()
    expected = spoil(definition)
    events_before = AuditEvent.objects.count()
    with pytest.raises(actions.SchemeActionError) as refused:
        actions.import_scheme(_yaml(definition), "bad.yaml", actor=world.users.admin)
    assert expected in [issue.where for issue in refused.value.issues], refused.value.issues
    assert all(issue.message for issue in refused.value.issues)
    assert "未导入任何内容" in refused.value.message
    assert (Scheme.objects.count(), SchemeVersion.objects.count(), SchemeNode.objects.count()) == (0, 0, 0)
    assert AuditEvent.objects.count() == events_before


def test_a_workbook_with_a_dangling_parent_code_names_the_row(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["编码", "名称", "上级编码", "分值"])
    sheet.append(["A", "主责主业", None, 100])
    sheet.append(["A1", "重点工作", "Z9", 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(actions.SchemeActionError) as refused:
        actions.import_scheme(buffer.getvalue(), "dangling.xlsx", actor=world.users.admin, code="dangling")
    text = " ".join(str(issue) for issue in refused.value.issues)
    assert "Z9" in text and "第3行" in text, text
    assert not Scheme.objects.exists()


def test_a_file_that_is_not_a_scheme_at_all_is_refused_with_its_name(world):
    with pytest.raises(actions.SchemeActionError) as refused:
        actions.import_scheme(b"just: [unclosed", "broken.yaml", actor=world.users.admin)
    assert refused.value.issues
    with pytest.raises(actions.SchemeActionError) as wrong_type:
        actions.import_scheme(b"%PDF-1.4", "scheme.pdf", actor=world.users.admin)
    assert "只能导入" in wrong_type.value.issues[0].message
    assert not Scheme.objects.exists()


def test_an_inheriting_file_needs_its_parent_scheme_first(world):
    child = {"format": "lvzhi-scheme/1", "code": "child", "name": "下级", "extends": "small", "remove": ["A2"]}
    with pytest.raises(actions.SchemeActionError) as refused:
        actions.import_scheme(_yaml(child), "child.yaml", actor=world.users.admin)
    assert refused.value.issues[0].where == "extends" and "small" in refused.value.issues[0].message
    assert not Scheme.objects.exists()


def test_an_inheriting_file_is_resolved_against_the_parents_published_version(published, world):
    child = {
        "format": "lvzhi-scheme/1", "code": "child", "name": "下级方案", "extends": "small",
        "remove": ["A2"],
        "modify": {"A1": {"points": 60, "by_category": {"党群系统": 60}}, "B1": {"points": 30}},
        "add": [{"parent": "B", "indicator": {"code": "B2", "name": "群众满意度", "points": 10}}],
    }
    version = actions.import_scheme(_yaml(child), "child.yaml", actor=world.users.admin, publish=True)
    assert version.parent_version == published and version.scheme.parent == published.scheme
    assert version.is_frozen
    codes = list(version.nodes.values_list("code", flat=True))
    assert codes == ["A", "A1", "B", "B1", "B2", "X", "X1"]
    assert node(version.definition, "A1")["points"] == 60
    assert version.definition["extends"] == "small" and "remove" not in version.definition


def test_importing_into_an_existing_scheme_replaces_its_draft_only(published, world):
    changed = small(name="新一年的方案")
    version = actions.import_scheme(_yaml(changed), "next.yaml", actor=world.users.admin, scheme=published.scheme)
    assert (version.number, version.is_draft, version.definition["name"]) == (2, True, "新一年的方案")
    again = actions.import_scheme(_yaml(small(name="再改一次")), "next.yaml", actor=world.users.admin,
                                  scheme=published.scheme)
    assert again.pk == version.pk and again.definition["name"] == "再改一次"
    published.refresh_from_db()
    assert published.definition["name"] == "小型测试方案"


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_export_then_import_gives_back_the_same_scheme(published, world, fmt):
    from lvzhi.schemes import engine

    data = engine.write_file(published.definition, fmt)
    copy = actions.import_scheme(data, f"small.{fmt}", actor=world.users.admin, code="small-copy")
    assert {**copy.definition, "code": "small"} == published.definition

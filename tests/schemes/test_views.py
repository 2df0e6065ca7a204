"""The scheme pages as each role sees them: list, version tree, editor with validation, publish, diff, try it."""

import pytest
from django.urls import reverse

from lvzhi.core.downloads import content_disposition
from lvzhi.schemes import actions
from lvzhi.schemes.models import Scheme, SchemeVersion

from .conftest import node, small


def url(name, version, *extra):
    return reverse(f"schemes:{name}", args=[version.scheme.code, version.number, *extra])


def editor_post(version, definition=None, **overrides):
    """The editor form as the browser posts it, built from the editor's own rows."""
    from lvzhi.schemes import editor

    data = editor.post_data(definition or version.definition)
    data.update(overrides)
    return data


def row_index(data, code):
    return next(int(k.split("-")[1]) for k, v in data.items() if k.endswith("-code") and v == code)


def test_the_list_shows_schemes_with_their_latest_version_in_inheritance_order(published, world, login):
    actions.derive_child(published, actor=world.users.admin, code="small-prov", name="小型省级模板",
                         level="provincial")
    page = login(world.users.evaluator).get(reverse("schemes:scheme_list")).content.decode()
    assert "小型测试方案" in page and "小型省级模板" in page
    assert page.index("小型测试方案") < page.index("小型省级模板")
    assert "已发布" in page and "草稿" in page


def test_a_unit_contact_sees_published_schemes_only_and_a_draft_is_404(published, world, login):
    draft = actions.start_draft(published.scheme, actor=world.users.admin)
    client = login(world.users.contact_a)
    assert client.get(url("version_detail", published)).status_code == 200
    assert client.get(url("version_detail", draft)).status_code == 404
    assert client.get(url("version_try", draft)).status_code == 404
    assert client.get(url("version_export", draft, "yaml")).status_code == 404


def test_the_version_page_shows_the_tree_with_points_rules_sources_and_evidence(published, world, login):
    page = login(world.users.committee).get(url("version_detail", published)).content.decode()
    for text in ("主责主业", "重点工作", "40 分", "录入", "案头审核", "工作台账", "按完成情况评分", "等次评价",
                 "领导评价", "减分", "党群系统 30"):
        assert text in page, text
    assert "编辑草稿" not in page  # committee members read only


def test_only_office_administrators_open_the_editor_or_publish(draft, world, login):
    for user in (world.users.evaluator, world.users.committee):
        client = login(user)
        assert client.get(url("version_edit", draft)).status_code == 403
        assert client.post(url("version_publish", draft)).status_code == 403
    assert login(world.users.contact_a).get(url("version_edit", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_editor_lists_every_indicator_as_a_row(draft, world, login):
    page = login(world.users.admin).get(url("version_edit", draft)).content.decode()
    for code in ("A", "A1", "A2", "B", "B1", "X", "X1"):
        assert f'data-code="{code}"' in page
    assert "校验通过" in page


def test_validation_as_you_type_names_the_indicator_whose_children_do_not_add_up(draft, world, login):
    data = editor_post(draft)
    data[f"row-{row_index(data, 'A1')}-points"] = "35"
    response = login(world.users.admin).post(url("version_validate", draft), data)
    body = response.content.decode()
    assert response.status_code == 200
    a = row_index(data, "A")
    assert f'id="issues-{a}"' in body
    own_slot = body.split(f'id="issues-{a}"')[1].split("</div>\n")[0]
    assert "⚠" in own_slot
    assert "校验发现" in body
    draft.refresh_from_db()
    assert node(draft.definition, "A1")["points"] == 40  # validation stores nothing


def test_a_rule_value_that_cannot_be_read_is_reported_on_its_row_in_words(draft, world, login):
    data = editor_post(draft)
    i = row_index(data, "A2")
    data[f"row-{i}-rule_type"] = "occurrences"
    data[f"row-{i}-p_per"] = "三分"
    body = login(world.users.admin).post(url("version_validate", draft), data).content.decode()
    slot = body.split(f'id="issues-{i}"')[1].split("</div>\n")[0]
    assert "「每次分值」应为数字,不是「三分」。" in slot


def test_adding_a_child_gives_it_a_fresh_code_under_its_parent(draft, world, login):
    data = editor_post(draft, op="add_child", index=str(0))
    body = login(world.users.admin).post(url("version_edit", draft), data, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="A.1"' in body
    assert body.index('data-code="A2"') < body.index('data-code="A.1"') < body.index('data-code="B"')


def test_saving_the_editor_stores_the_draft_and_rebuilds_its_nodes(draft, world, login):
    data = editor_post(draft)
    i = row_index(data, "A1")
    data[f"row-{i}-points"] = "30"
    data[f"row-{row_index(data, 'A2')}-points"] = "30"
    data[f"row-{i}-standard"] = "按季度完成情况评分"
    response = login(world.users.admin).post(url("version_edit", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert node(draft.definition, "A1")["points"] == 30
    assert node(draft.definition, "A1")["standard"] == "按季度完成情况评分"
    assert node(draft.definition, "A1")["evidence"] == ["工作台账"]
    assert node(draft.definition, "A1")["by_category"] == {"党群系统": 30}
    assert draft.definition["grades"] == small()["grades"]
    assert draft.issue_count == 0
    assert draft.nodes.get(code="A1").points == 30


def test_a_form_that_cannot_be_read_is_not_saved(draft, world, login):
    data = editor_post(draft)
    data[f"row-{row_index(data, 'A1')}-by_category"] = "党群系统 三十"
    response = login(world.users.admin).post(url("version_edit", draft), data)
    assert response.status_code == 200
    assert "未保存" in response.content.decode()
    draft.refresh_from_db()
    assert draft.definition == small()


def test_publishing_from_the_page_freezes_the_version(draft, world, login):
    client = login(world.users.admin)
    response = client.post(url("version_publish", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SchemeVersion.Status.PUBLISHED
    assert client.get(url("version_edit", draft)).status_code == 302  # back to the page: nothing to edit


def test_the_diff_page_lists_what_a_child_removed_added_and_reweighted(published, world, login):
    child = actions.derive_child(published, actor=world.users.admin, code="small-local", name="小型本地方案",
                                 level="local")
    changed = child.definition
    a = node(changed, "A")
    a["children"] = [c for c in a["children"] if c["code"] != "A2"]
    a["children"][0]["points"] = 50
    a["children"].append({"code": "A3", "name": "新增本地指标", "points": 10, "by_category": {"党群系统": 30}})
    assert actions.update_draft(child, changed, actor=world.users.admin) == []
    page = login(world.users.evaluator).get(url("version_diff", child)).content.decode()
    assert "指标差异 3 处" in page  # A2 removed, A1 re-weighted, A3 added
    assert "方案设置差异 2 处" in page  # its own name, and the level 中央参考样式 → 本地方案
    assert "中央参考样式" in page
    assert "删除" in page and "A2" in page
    assert "新增" in page and "A3" in page and "新增本地指标" in page
    assert "分值" in page and "40" in page and "50" in page


def test_the_new_scheme_form_refuses_a_code_in_use(published, world, login):
    response = login(world.users.admin).post(reverse("schemes:scheme_create"),
                                             {"code": "small", "name": "重复", "level": "local"})
    assert response.status_code == 200
    assert "已被使用" in response.content.decode()
    assert Scheme.objects.count() == 1


def test_try_it_scores_the_form_and_explains_every_leaf(published, world, login):
    data = {"v:A1": "36", "v:A2": "8", "v:B1": "优秀、良好", "v:X1": "1", "v:cases": "0"}
    body = login(world.users.contact_a).post(url("version_try", published), data).content.decode()
    # A1 36 + A2 20 × 8/10 = 16 + B1 40 × 92.5/100 = 37 − X1 5 = 84
    assert 'id="try-total">84' in body
    assert 'id="try-grade">良好' in body
    assert "等次评价" in body and "优秀、良好" in body and "[优秀" not in body


def test_try_it_offers_one_field_per_value_the_rules_need(world, login, published):
    """A leaf with periods and rater groups asks for each period and group; a ratio without a target asks for
    the actual and the target; and a category picker chooses the category's points."""
    from lvzhi.schemes import trial

    definition = {
        "code": "t", "name": "试算", "categories": ["甲", "乙"],
        "indicators": [
            {"code": "R", "name": "领导评价", "points": 60, "periods": {"H1": 50, "H2": 50},
             "rule": {"type": "rating", "scale": {"优秀": 100, "良好": 80},
                      "groups": [{"name": "leadership", "label": "局领导班子", "weight": 40},
                                 {"name": "staff", "label": "干部职工", "weight": 60}]}},
            {"code": "C", "name": "完成率", "points": 40, "by_category": {"乙": 40}, "rule": {"type": "ratio"}},
        ],
    }  # fmt: skip
    fields = {f["key"]: f["label"] for f in trial.input_fields(definition)}
    assert fields == {
        "v:R@H1#leadership": "R 领导评价(H1·局领导班子)", "v:R@H1#staff": "R 领导评价(H1·干部职工)",
        "v:R@H2#leadership": "R 领导评价(H2·局领导班子)", "v:R@H2#staff": "R 领导评价(H2·干部职工)",
        "v:C#actual": "C 完成率(实际)", "v:C#target": "C 完成率(目标)",
    }
    posted = {"v:R@H1#leadership": "优秀", "v:R@H1#staff": "良好", "v:R@H2#leadership": "优秀",
              "v:R@H2#staff": "优秀", "v:C#actual": "45", "v:C#target": "50"}
    outcome = trial.run(definition, fields=posted, category="甲")
    # H1: 40% × 100 + 60% × 80 = 88; H2: 100; R = 60 × (50% × 88 + 50% × 100)/100 = 60 × 0.94 = 56.4
    # C: 40 × 45/50 = 36; total 92.4
    assert outcome.issues == [] and outcome.units[0]["result"]["total"] == 92.4


def test_try_it_lists_missing_inputs_and_applies_the_downgrade(published, world, login):
    body = login(world.users.admin).post(url("version_try", published),
                                         {"inputs_text": "A1: 40\nA2: 10\ncases: 1"}).content.decode()
    assert 'id="try-total">60' in body
    assert 'id="try-grade">差' in body and "按分数为一般" in body and "有违纪案件" in body
    assert "缺少数据(按 0 分计):B1" in body


def test_try_it_with_unreadable_text_says_which_line(published, world, login):
    body = login(world.users.admin).post(url("version_try", published),
                                         {"inputs_text": "A1: 40\nA2: [1"}).content.decode()
    assert "无法试算" in body and "第" in body


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_export_downloads_a_file_named_after_the_version(published, world, login, fmt):
    response = login(world.users.leader).get(url("version_export", published, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == content_disposition(f"小型测试方案(第1版).{fmt}")
    assert len(response.content) > 100


def test_try_it_with_an_uploaded_inputs_file_ranks_the_units(published, world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = (
        "format: lvzhi-inputs/1\nunits:\n"
        "  u1: {name: 甲局, category: 政务服务, values: {A1: 40, A2: 10, B1: [优秀]}}\n"
        "  u2: {name: 乙局, category: 政务服务, values: {A1: 20, A2: 5, B1: [一般]}}\n"
    )
    upload = SimpleUploadedFile("inputs.yaml", document.encode())
    body = login(world.users.admin).post(url("version_try", published), {"inputs_file": upload}).content.decode()
    assert "试算结果(2 个单位)" in body
    summary = body.split('id="try-summary"')[1].split("</table>")[0]
    assert summary.index("甲局") < summary.index("乙局")
    assert "100" in summary and "58" in summary


def test_importing_a_bad_file_on_the_page_lists_each_problem_and_stores_nothing(world, login):
    import yaml
    from django.core.files.uploadedfile import SimpleUploadedFile

    definition = small(code="page-import")
    node(definition, "A2")["points"] = 25
    node(definition, "B1")["rule"] = {"type": "formula", "expr": "value * nonexistent"}
    upload = SimpleUploadedFile("bad.yaml", yaml.safe_dump(definition, allow_unicode=True).encode())
    response = login(world.users.admin).post(reverse("schemes:scheme_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    issues = body.split('id="import-issues"')[1].split("</div>")[0]
    assert "<strong>A</strong>" in issues and "<strong>B1</strong>" in issues
    assert "未导入任何内容" in body
    assert not Scheme.objects.exists()


def test_importing_a_good_file_on_the_page_creates_the_scheme_as_a_draft(world, login):
    import yaml
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("good.yaml", yaml.safe_dump(small(), allow_unicode=True).encode())
    response = login(world.users.admin).post(reverse("schemes:scheme_import"), {"file": upload})
    assert response.status_code == 302
    version = SchemeVersion.objects.get(scheme__code="small")
    assert version.is_draft and version.definition == small() and version.note == "从文件“good.yaml”导入"


def test_the_editor_shows_no_yaml_and_no_engine_codes(draft, world, login):
    """Rule types, sources, kinds, levels and choices are picked by their Chinese names; rules and settings are
    form fields with their meaning explained."""
    page = login(world.users.admin).get(url("version_edit", draft)).content.decode()
    assert "YAML" not in page and "<textarea name=\"settings\"" not in page
    for words in ("规则类型", "完成率", "按次", "等次评价", "数据来源", "案头审核", "评价等次", "等次分数线", "名额类型",
                  "按完成率计分", "类别内排名"):
        assert words in page, words
    import re

    shown = re.sub(r"<[^>]+>", " ", page)  # the text on screen, not the option values
    for code in ("entered", "occurrences", "desk_review", "leader_rating", "{type", "{per", "at_most"):
        assert code not in shown, code


def test_changing_the_rule_type_shows_the_fields_of_that_type(draft, world, login):
    data = editor_post(draft, op="refresh", index="0")
    i = row_index(data, "A2")
    data[f"row-{i}-rule_type"] = "occurrences"
    body = login(world.users.admin).post(url("version_edit", draft), data, HTTP_HX_REQUEST="true").content.decode()
    row = body.split(f'data-row="{i}"')[1].split('class="editor-row')[0]
    assert "每次分值" in row and "按发生次数计分" in row
    assert f'name="row-{i}-p_per"' in row and f'name="row-{i}-p_target"' not in row


def test_a_rule_and_settings_set_in_the_form_are_saved_as_the_scheme(draft, world, login):
    data = editor_post(draft)
    i = row_index(data, "A2")
    data[f"row-{i}-rule_type"] = "ratio"
    data[f"row-{i}-p_target"] = "50"
    data[f"row-{i}-p_cap"] = "120"
    data[f"row-{i}-p_direction"] = "higher"
    data["s_bands"] = "优秀 90\n良好 80\n一般"
    data["s_total_by_category"] = ""
    n = int(data["s_quotas-count"])
    data.update({f"s_quotas-{n - 1}-kind": "award", f"s_quotas-{n - 1}-name": "先进单位",
                 f"s_quotas-{n - 1}-eligible": "优秀", f"s_quotas-{n - 1}-share": "30",
                 f"s_quotas-{n - 1}-scope": "all", f"s_quotas-{n - 1}-rounding": "floor"})
    response = login(world.users.admin).post(url("version_edit", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert node(draft.definition, "A2")["rule"] == {"type": "ratio", "target": 50, "cap": 1.2, "direction": "higher"}
    assert draft.definition["grades"]["bands"] == [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80},
                                                   {"grade": "一般"}]
    assert {"award": "先进单位", "eligible_grades": ["优秀"], "max_share": 30, "scope": "all",
            "rounding": "floor"} in draft.definition["quotas"]


def test_the_version_tree_writes_each_rule_as_a_sentence(published, world, login):
    page = login(world.users.committee).get(url("version_detail", published)).content.decode()
    assert "实际值 ÷ 目标 10,最高按 100% 计" in page or "实际值 ÷ 目标 10，最高按 100% 计" in page
    assert "每次" in page
    for raw in ("{per", "{target", "type:", "four_level"):
        assert raw not in page, raw

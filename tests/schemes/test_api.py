"""The schemes API, role by role: readers read, only office administrators write, drafts hide from the rest."""

import io

import openpyxl
import pytest
import yaml
from django.contrib.contenttypes.models import ContentType

from lvzhi.audit.models import AuditEvent
from lvzhi.schemes import actions
from lvzhi.schemes.models import Scheme, SchemeVersion

from .conftest import node, small

READERS_OF_DRAFTS = ["admin", "evaluator", "committee"]
PUBLISHED_ONLY = ["contact_a", "leader", "third_party"]
NOT_WRITERS = ["evaluator", "committee", "contact_a", "leader", "third_party"]


def audit(version, action):
    content_type = ContentType.objects.get_for_model(SchemeVersion)
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(version.pk), action=action)


def test_anonymous_callers_get_401(published, api):
    anonymous = api(None)
    responses = [
        anonymous.get("schemes/"),
        anonymous.get("schemes/small"),
        anonymous.get("schemes/small/versions/1"),
        anonymous.post("schemes/", {"code": "x", "name": "x"}),
        anonymous.post("schemes/small/versions/1/score", {"inputs": {}}),
    ]
    assert [r.status_code for r in responses] == [401] * 5


@pytest.mark.parametrize("role", READERS_OF_DRAFTS + PUBLISHED_ONLY)
def test_every_role_reads_published_versions_with_their_definition(published, world, api, role):
    client = api(getattr(world.users, role))
    listing = client.get("schemes/").json()
    assert [item["code"] for item in listing["items"]] == ["small"]
    body = client.get("schemes/small/versions/1").json()
    assert body["status"] == "published" and body["status_label"] == "已发布"
    assert node(body["definition"], "A1")["points"] == 40


@pytest.mark.parametrize(("role", "sees"), [(r, True) for r in READERS_OF_DRAFTS] + [(r, False) for r in PUBLISHED_ONLY])
def test_a_draft_is_404_to_roles_that_read_published_versions_only(published, world, api, role, sees):
    actions.start_draft(published.scheme, actor=world.users.admin)
    client = api(getattr(world.users, role))
    assert client.get("schemes/small/versions/2").status_code == (200 if sees else 404)
    assert [v["number"] for v in client.get("schemes/small").json()["versions"]] == ([2, 1] if sees else [1])
    assert client.get("schemes/small/versions/2/export").status_code == (200 if sees else 404)


def test_a_scheme_without_a_published_version_is_404_to_a_unit_contact(draft, world, api):
    assert api(world.users.contact_a).get("schemes/small").status_code == 404
    assert api(world.users.contact_a).get("schemes/").json()["count"] == 0


@pytest.mark.parametrize("role", NOT_WRITERS)
def test_every_write_is_refused_to_roles_other_than_office_administrators(published, world, api, role):
    draft = actions.start_draft(published.scheme, actor=world.users.admin)
    client = api(getattr(world.users, role))
    sees_draft = role in READERS_OF_DRAFTS
    responses = {
        "create": client.post("schemes/", {"code": "other", "name": "其他方案"}),
        "draft": client.post("schemes/small/drafts", {}),
        "derive": client.post("schemes/small/versions/1/derive", {"code": "c", "name": "下级"}),
        "update": client.put("schemes/small/versions/2/definition", {"definition": small(name="改")}),
        "publish": client.post("schemes/small/versions/2/publish"),
        "discard": client.delete("schemes/small/versions/2"),
    }
    assert responses["create"].status_code == 403
    assert responses["draft"].status_code == 403
    assert responses["derive"].status_code == 403
    for key in ("update", "publish", "discard"):
        assert responses[key].status_code == (403 if sees_draft else 404), key
    assert responses["create"].json()["detail"] == "只有编办管理员可以修改指标体系。"
    draft.refresh_from_db()
    assert draft.is_draft and draft.definition == small()
    assert Scheme.objects.count() == 1


def test_the_administrator_creates_edits_validates_and_publishes_a_scheme(world, api, token_api):
    admin = world.users.admin
    created = api(admin).post("schemes/", {"code": "api-made", "name": "接口新建方案", "level": "local"})
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == 1 and created.json()["definition"]["indicators"] == []

    broken = small(code="api-made", name="接口新建方案")
    node(broken, "A2")["rule"] = {"type": "formula", "expr": "value * unknown_factor"}
    saved = token_api(admin).put("schemes/api-made/versions/1/definition", {"definition": broken})
    assert saved.status_code == 200
    issues = saved.json()["issues"]
    assert [i["where"] for i in issues] == ["A2"] and "未定义" in issues[0]["message"]
    assert saved.json()["version"]["issue_count"] == 1

    refused = api(admin).post("schemes/api-made/versions/1/publish")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["A2"]

    fixed = small(code="api-made", name="接口新建方案")
    assert api(admin).put("schemes/api-made/versions/1/definition", {"definition": fixed}).json()["issues"] == []
    published = api(admin).post("schemes/api-made/versions/1/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"

    version = SchemeVersion.objects.get(scheme__code="api-made", number=1)
    assert audit(version, "create").get().actor == admin
    updates = audit(version, "update")
    assert updates.count() == 3  # two saves and the publication
    assert {e.source for e in updates} == {"api"}
    assert AuditEvent.objects.get(event_type="scheme.published", object_id=str(version.pk)).actor == admin


def test_a_published_version_answers_409_and_a_new_draft_is_the_way_to_change_it(published, world, api):
    client = api(world.users.admin)
    response = client.put("schemes/small/versions/1/definition", {"definition": small(name="改")})
    assert response.status_code == 409
    assert "已发布" in response.json()["detail"]
    assert client.delete("schemes/small/versions/1").status_code == 409
    new = client.post("schemes/small/drafts", {"note": "年度修订"})
    assert new.status_code == 201 and new.json()["number"] == 2 and new.json()["note"] == "年度修订"
    again = client.post("schemes/small/drafts", {})
    assert again.status_code == 200 and again.json()["number"] == 2


def test_validate_reports_each_problem_naming_its_indicator_without_storing(world, api):
    definition = small()
    node(definition, "A1")["points"] = -5
    node(definition, "B1")["code"] = "A2"  # a duplicate code
    response = api(world.users.evaluator).post("schemes/validate", {"definition": definition})
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    wheres = {i["where"] for i in body["issues"]}
    assert "A1" in wheres and "A2" in wheres, body["issues"]
    assert all(i["message"] for i in body["issues"])
    assert Scheme.objects.count() == 0


def test_derive_makes_a_child_template_and_diff_lists_exactly_what_changed(published, world, api):
    client = api(world.users.admin)
    derived = client.post("schemes/small/versions/1/derive",
                          {"code": "small-prov", "name": "小型省级模板", "level": "provincial"})
    assert derived.status_code == 201
    assert derived.json()["parent"] == {"scheme": "small", "number": 1}
    assert derived.json()["definition"]["extends"] == "small"
    definition = derived.json()["definition"]
    node(definition, "B1")["points"] = 30
    node(definition, "B")["children"].append({"code": "B2", "name": "群众满意度", "points": 10,
                                               "rule": {"type": "survey"}})
    assert client.put("schemes/small-prov/versions/1/definition", {"definition": definition}).json()["issues"] == []
    diff = client.get("schemes/small-prov/versions/1/diff").json()
    assert diff["from"] == {"scheme": "small", "number": 1}
    changes = [(c["action"], c["code"]) for c in diff["diff"]["changes"] if c["action"] != "setting"]
    assert changes == [("changed", "B1"), ("added", "B2")]
    assert Scheme.objects.get(code="small-prov").parent.code == "small"


def test_diff_without_a_parent_needs_a_version_to_compare_with(published, world, api):
    response = api(world.users.admin).get("schemes/small/versions/1/diff")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "against"


def test_import_of_a_bad_file_lists_every_problem_and_stores_nothing(world, api):
    definition = small(code="imported")
    node(definition, "A2")["points"] = 25  # A: 40 + 25 ≠ 60
    node(definition, "X1")["rule"] = {"type": "occurrences", "per": 5, "cap": -1}  # a cap below zero
    data = yaml.safe_dump(definition, allow_unicode=True).encode()
    response = api(world.users.admin).client.post(
        "/api/schemes/import", {"file": io.BytesIO(data) and _named(data, "bad.yaml")}
    )
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert "A" in fields and "X1" in fields, response.json()
    assert "未导入" in response.json()["detail"]
    assert Scheme.objects.count() == 0 and SchemeVersion.objects.count() == 0


def test_import_then_export_round_trips_in_every_format(published, world, api):
    client = api(world.users.admin)
    for fmt in ("yaml", "json", "xlsx"):
        exported = client.get("schemes/small/versions/1/export", {"format": fmt})
        assert exported.status_code == 200
        response = client.client.post("/api/schemes/import",
                                      {"file": _named(exported.content, f"small.{fmt}"), "code": f"copy-{fmt}"})
        assert response.status_code == 201, (fmt, response.json())
        copy = response.json()["definition"]
        assert {k: v for k, v in copy.items() if k != "code"} == {
            k: v for k, v in published.definition.items() if k != "code"
        }, fmt


def test_an_excel_error_names_the_row_and_column(world, api):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["编码", "名称", "分值", "规则"])
    sheet.append(["A", "主责主业", 60, None])
    sheet.append(["A1", "重点工作", "很多", "录入"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = api(world.users.admin).client.post("/api/schemes/import",
                                                  {"file": _named(buffer.getvalue(), "bad.xlsx"), "code": "x"})
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert any("第3行" in (f or "") and "分值" in (f or "") for f in fields), fields
    assert Scheme.objects.count() == 0


def test_score_explains_every_leaf_for_any_reader_of_the_version(published, world, api):
    inputs = {"A1": 36, "A2": {"actual": 8, "target": 10}, "B1": ["优秀", "良好"], "X1": 1}
    response = api(world.users.third_party).post("schemes/small/versions/1/score", {"inputs": inputs})
    assert response.status_code == 200
    result = response.json()["units"][0]
    assert result["total"] == 84 and result["grade"] == "良好"
    a2 = node({"indicators": result["indicators"]}, "A2")
    assert a2["input"] == {"actual": 8, "target": 10} and a2["points"] == 16 and a2["rule"]["type"] == "ratio"


def test_score_ranks_several_units_of_an_inputs_document(published, world, api):
    document = {"format": "lvzhi-inputs/1", "units": {
        "u1": {"category": "政务服务", "values": {"A1": 40, "A2": 10, "B1": ["优秀"]}},
        "u2": {"category": "政务服务", "values": {"A1": 20, "A2": 5, "B1": ["一般"]}},
    }}
    units = api(world.users.evaluator).post("schemes/small/versions/1/score", {"inputs": document}).json()["units"]
    assert [(u["unit"], u["total"], u["rank"]) for u in units] == [("u1", 100, 1), ("u2", 58, 2)]


def test_nodes_of_a_version_can_be_filtered_by_kind(published, world, api):
    nodes = api(world.users.committee).get("schemes/small/versions/1/nodes", {"kind": "deduction"}).json()
    assert [n["code"] for n in nodes] == ["X", "X1"]


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_sum_that_does_not_add_up_in_an_excel_sheet_names_the_indicator_and_its_row(world, api):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["编码", "名称", "分值", "规则"])
    sheet.append(["A", "主责主业", 60, None])
    sheet.append(["A1", "重点工作", 30, "录入"])
    sheet.append(["A2", "常规工作", 20, "录入"])
    sheet.append(["B", "满意度", 40, "录入"])
    settings_sheet = workbook.create_sheet("方案")
    settings_sheet.append(["项目", "值"])
    settings_sheet.append(["编码", "excel-made"])
    settings_sheet.append(["名称", "Excel 方案"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = api(world.users.admin).client.post("/api/schemes/import", {"file": _named(buffer.getvalue(), "s.xlsx")})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["A"], errors
    assert errors[0]["message"].startswith("(指标!第2行)")
    assert Scheme.objects.count() == 0

"""The campaigns API's permission matrix: every endpoint × every role, with the status the role must get.

docs/permissions.md carries the same table (`test_docs_carry_this_matrix`); another test fails if an operation
of /api/campaigns… has no row. The world is tests/policy/worlds/campaigns.py's: one campaign per stage over
unit_a and unit_b (the placeholder named after a stage is that campaign), the evaluator assigned unit_a, the
leader rating both, the third party on a team; each campaign has unit_a's visit with a checklist item
(`{<stage>_item}`), evidence, an open objection, a triangulation flag, the team and the evaluator's assignment.
In the desk-review campaign unit_a's self-assessment is submitted. The callers are those of
tests/api/test_permission_matrix.py (the unit contact is unit_a's).

Statuses: 200/201/204 allowed; 403 visible but the role, or the campaign's stage, does not allow it; 404 not
visible (another unit's record, the review before the feedback stage — for the unit contact and the rating
leader alike —, a bulletin before publication); 422 the
body cannot be accepted (the call was allowed).
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns import actions
from lvzhi.campaigns.models import STAGE_ORDER, CampaignUnit, TriangulationFlag
from tests.api.matrix import ROLE_USERS, ROLES, R, call, markdown_table
from tests.campaigns.conftest import advance
from tests.policy.worlds.campaigns import CampaignsWorld

# fmt: off
#   method    path                                                                body         admin evalr contact leader commit third
MATRIX = [
    R("GET",    "/campaigns/",                                                  None,           200, 200, 200, 200, 200, 200),
    R("POST",   "/campaigns/",                                                  "campaign_new", 201, 403, 403, 403, 403, 403),
    R("GET",    "/campaigns/notifications",                                     None,           200, 200, 200, 200, 200, 200),
    R("POST",   "/campaigns/notifications/read",                                None,           200, 200, 200, 200, 200, 200),
    R("GET",    "/campaigns/{deploy}",                                          None,           200, 200, 200, 200, 200, 200),
    R("PATCH",  "/campaigns/{deploy}",                                          "rename",       200, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{deploy}/copy",                                     "copy",         201, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{deploy}/stage/close",                              "close",        200, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{self_assessment}/stage/reopen",                    "reopen",       200, 403, 403, 403, 403, 403),
    R("PUT",    "/campaigns/{deploy}/deadlines",                                "deadlines",    200, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{deploy}/scope/refresh",                            None,           200, 403, 403, 403, 403, 403),
    R("GET",    "/campaigns/{deploy}/units",                                    None,           200, 200, 200, 200, 200, 200),
    R("POST",   "/campaigns/{deploy}/units",                                    "unit_ids",     200, 403, 403, 403, 403, 403),
    R("DELETE", "/campaigns/{deploy}/units/{unit_b}",                           None,           204, 404, 404, 403, 403, 404),
    R("POST",   "/campaigns/{deploy}/assignments",                              "assign",       200, 403, 403, 403, 403, 403),
    R("DELETE", "/campaigns/{deploy}/assignments/{deploy_assignment}",          None,           204, 404, 404, 404, 403, 404),
    R("POST",   "/campaigns/{deploy}/assignments/leaders",                      None,           200, 403, 403, 403, 403, 403),
    R("GET",    "/campaigns/{deploy}/teams",                                    None,           200, 403, 403, 403, 200, 403),
    R("POST",   "/campaigns/{deploy}/teams",                                    "team",         201, 403, 403, 403, 403, 403),
    R("PATCH",  "/campaigns/{deploy}/teams/{deploy_team}",                      "rename",       200, 403, 403, 403, 403, 403),
    R("DELETE", "/campaigns/{deploy}/teams/{deploy_team}",                      None,           204, 403, 403, 403, 403, 403),
    R("PUT",    "/campaigns/{deploy}/checklist",                                "checklist",    200, 403, 403, 403, 403, 403),
    R("GET",    "/campaigns/{self_assessment}/units/{unit_a}",                  None,           200, 200, 200, 200, 200, 404),
    R("GET",    "/campaigns/{self_assessment}/units/{unit_b}",                  None,           200, 404, 404, 200, 200, 404),
    R("PUT",    "/campaigns/{self_assessment}/units/{unit_a}/self",             "self",         403, 403, 200, 403, 403, 404),
    R("PUT",    "/campaigns/{self_assessment}/units/{unit_b}/self",             "self",         403, 404, 404, 403, 403, 404),
    R("PUT",    "/campaigns/{self_assessment}/units/{unit_a}/self/on-behalf",   "self_behalf",  200, 403, 403, 403, 403, 404),
    R("PUT",    "/campaigns/{desk_review}/units/{unit_a}/self",                 "self",         403, 403, 403, 403, 403, 404),
    R("POST",   "/campaigns/{self_assessment}/units/{unit_a}/evidence",         "evidence",     403, 403, 201, 403, 403, 404),
    R("DELETE", "/campaigns/{self_assessment}/units/{unit_a}/evidence/{self_assessment_evidence}", None, 403, 403, 204, 403, 403, 404),
    R("GET",    "/campaigns/{self_assessment}/units/{unit_a}/sheets/performance_report", None,  200, 200, 200, 200, 200, 404),
    R("PUT",    "/campaigns/{self_assessment}/units/{unit_a}/sheets/performance_report", "sheet", 403, 403, 200, 403, 403, 404),
    R("POST",   "/campaigns/{self_assessment}/units/{unit_a}/submit",           None,           403, 403, 422, 403, 403, 404),
    R("POST",   "/campaigns/{desk_review}/units/{unit_a}/return",               "reason",       200, 200, 403, 403, 403, 404),
    R("PUT",    "/campaigns/{desk_review}/units/{unit_a}/review",               "review",       200, 200, 403, 403, 403, 404),
    # unit_b did not submit by the deadline: the office reviews it from its own material (the set-up's default).
    R("PUT",    "/campaigns/{desk_review}/units/{unit_b}/review",               "review",       200, 404, 404, 403, 403, 404),
    R("POST",   "/campaigns/{desk_review}/units/{unit_a}/review/complete",      None,           422, 422, 403, 403, 403, 404),
    R("POST",   "/campaigns/{desk_review}/units/{unit_a}/not-applicable",       "not_applicable", 200, 200, 403, 403, 403, 404),
    R("POST",   "/campaigns/{desk_review}/units/{unit_a}/not-evaluated",        "not_evaluated", 200, 403, 403, 403, 403, 404),
    R("GET",    "/campaigns/{desk_review}/findings",                            None,           200, 200, 200, 200, 200, 200),
    R("POST",   "/campaigns/{desk_review}/units/{unit_a}/findings",             "finding",      201, 201, 403, 403, 403, 404),
    R("GET",    "/campaigns/{on_site}/units/{unit_a}/visit",                    None,           200, 200, 404, 404, 200, 404),
    R("PUT",    "/campaigns/{on_site}/units/{unit_a}/visit",                    "visit",        200, 200, 403, 403, 403, 404),
    R("POST",   "/campaigns/{on_site}/units/{unit_a}/visit/items/{on_site_item}", "tick",       200, 200, 403, 403, 403, 404),
    R("POST",   "/campaigns/{on_site}/units/{unit_a}/visit/items",              "item",         201, 201, 403, 403, 403, 404),
    R("POST",   "/campaigns/{on_site}/units/{unit_a}/visit/interviews",         "interview",    201, 201, 403, 403, 403, 404),
    R("POST",   "/campaigns/{on_site}/units/{unit_a}/visit/archive-checks",     "archive",      201, 201, 403, 403, 403, 404),
    R("POST",   "/campaigns/{on_site}/units/{unit_a}/visit/close",              "summary",      422, 422, 403, 403, 403, 404),
    R("PUT",    "/campaigns/{on_site}/units/{unit_a}/review/on-behalf",         "review_behalf", 200, 403, 403, 403, 403, 404),
    R("GET",    "/campaigns/{multi_party}/ratings",                             None,           200, 403, 403, 200, 200, 403),
    R("POST",   "/campaigns/{multi_party}/ratings",                             "rating",       403, 403, 403, 200, 403, 404),
    R("POST",   "/campaigns/{multi_party}/ratings/on-behalf",                   "on_behalf",    200, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{multi_party}/imports",                             "import_file",  201, 403, 403, 403, 403, 201),
    R("GET",    "/campaigns/{multi_party}/imported",                            None,           200, 200, 200, 200, 200, 200),
    R("GET",    "/campaigns/{multi_party}/flags",                               None,           200, 200, 403, 403, 200, 403),
    R("POST",   "/campaigns/{scoring}/flags/{scoring_flag}/resolve",        "note",         200, 200, 403, 403, 403, 404),
    R("POST",   "/campaigns/{scoring}/results/compute",                         None,           200, 403, 403, 403, 403, 403),
    R("POST",   "/campaigns/{feedback}/results/verify",                         None,           200, 403, 403, 403, 200, 403),
    R("GET",    "/campaigns/{scoring}/results",                                 None,           200, 200, 200, 200, 200, 200),
    R("GET",    "/campaigns/{feedback}/results",                                None,           200, 200, 200, 200, 200, 200),
    R("GET",    "/campaigns/{scoring}/units/{unit_a}/result",                   None,           200, 200, 404, 404, 200, 404),
    R("GET",    "/campaigns/{feedback}/units/{unit_a}/result",                  None,           200, 200, 200, 200, 200, 404),
    R("GET",    "/campaigns/{feedback}/units/{unit_b}/result",                  None,           200, 404, 404, 200, 200, 404),
    R("GET",    "/campaigns/{scoring}/inputs",                                  None,           200, 403, 403, 403, 200, 403),
    R("GET",    "/campaigns/{feedback}/objections",                             None,           200, 200, 200, 200, 200, 200),
    R("POST",   "/campaigns/{feedback}/units/{unit_a}/objections",              "objection",    403, 403, 201, 403, 403, 404),
    R("POST",   "/campaigns/{feedback}/units/{unit_b}/objections",              "objection",    403, 404, 404, 403, 403, 404),
    R("POST",   "/campaigns/{feedback}/objections/{feedback_objection}/answer", "answer",       200, 200, 403, 403, 403, 404),
    R("GET",    "/campaigns/{approval}/decisions",                              None,           200, 403, 403, 403, 200, 403),
    R("GET",    "/campaigns/{approval}/completeness",                           None,           200, 403, 403, 403, 200, 403),
    R("POST",   "/campaigns/{approval}/decisions",                              "decision",     403, 403, 403, 403, 201, 403),
    R("POST",   "/campaigns/{approved}/publish",                                None,           200, 404, 403, 404, 403, 404),
    R("GET",    "/campaigns/{approval}/bulletin",                               None,           404, 404, 404, 404, 404, 404),
    R("GET",    "/campaigns/{approved}/bulletin",                               None,           404, 404, 404, 404, 404, 404),
    R("GET",    "/campaigns/{publication}/bulletin",                            None,           200, 200, 200, 200, 200, 200),
    R("GET",    "/campaigns/{publication}/bulletin/docx",                       None,           200, 200, 200, 200, 200, 200),
]
# fmt: on


@pytest.fixture(scope="module")
def names(_module_world, django_db_blocker) -> dict:
    """The campaigns of tests/policy/worlds/campaigns.py in the module's world (undone with it), results
    computed in the scoring and feedback campaigns, the publication campaign published and `approved`, one more
    campaign with the committee's approval and not yet published; the leader has rated unit_a. Returns the names
    the matrix's paths use."""
    with django_db_blocker.unblock():
        base, world = _module_world, CampaignsWorld(_module_world)
        admin, leader = base.users.admin, base.users.leader
        CampaignUnit.objects.filter(pk=world.cus["desk_review"].pk).update(self_status="submitted")
        for stage in ("scoring", "feedback"):
            actions.compute(world.campaigns[stage], actor=admin)
        scoring_flag = TriangulationFlag.objects.create(  # computing replaced the world's flag
            campaign=world.campaigns["scoring"], unit=base.unit_a, code="A1", spread=Decimal(30)
        )
        actions.publish(world.campaigns["publication"], actor=admin)
        actions.rate_unit(
            world.campaigns["multi_party"], actor=leader, unit=base.unit_a, rating="优秀", period="H1"
        )
        found = {"unit_a": base.unit_a.pk, "unit_b": base.unit_b.pk, "unit_c": base.unit_c.pk,
                 "evaluator": base.users.evaluator.pk, "leader": leader.pk, "approved": _approved(world, base).pk}  # fmt: skip
        for stage in STAGE_ORDER:
            found[stage] = world.campaigns[stage].pk
            found.update({f"{stage}_{name}": obj.pk for name, obj in world.objects[stage].items()})
        found["scoring_flag"] = scoring_flag.pk
        return found


def _approved(world, base):
    """A campaign the committee has approved, in the publication stage and not yet published."""
    campaign = actions.create_campaign(
        actor=base.users.admin, name="活动-待公布", year=2026,
        scheme_version=world.campaigns["deploy"].scheme_version, categories=[base.service],
    )  # fmt: skip
    campaign = advance(campaign, "feedback", base.users.admin)
    actions.compute(campaign, actor=base.users.admin)
    campaign = advance(campaign, "approval", base.users.admin)
    actions.record_decision(
        campaign, actor=base.users.committee, meeting="编委会第1次会议", decided_on=datetime.date(2026, 12, 1),
        outcome="approved", text="同意。", acknowledge_gaps=True,
    )  # fmt: skip
    return campaign


def bodies(names) -> dict:
    return {
        "campaign_new": {"name": "新活动", "year": 2027},
        "rename": {"name": "新名称"},
        "copy": {"year": 2027},
        "close": {"reason": "测试", "force": True},
        "reopen": {"stage": "deploy", "reason": "测试"},
        "deadlines": {"deploy": "2099-01-31"},
        "unit_ids": {"unit_ids": [names["unit_c"]]},
        "assign": {"user_id": names["evaluator"], "unit_ids": [names["unit_b"]]},
        "team": {"kind": "working", "name": "工作组"},
        "checklist": [{"group": "三必看", "text": "审计报告"}],
        "self": {"scores": [{"code": "A1", "value": "18"}], "notes": {"A1": "完成"}, "report": "自评报告"},
        "evidence": {"purpose": "self", "code": "A1", "title": "台账", "text": "年度目标台账",
                     "file": SimpleUploadedFile("台账.txt", "年度目标台账".encode(), content_type="text/plain")},
        "sheet": {"data": {}},
        "reason": {"reason": "请补充"},
        "review": {"scores": [{"code": "A2", "value": "15", "reason": "核减"}]},
        "not_applicable": {"code": "A3", "reason": "不适用"},
        "not_evaluated": {"not_evaluated": True, "reason": "本期无到期事项"},
        "review_behalf": {"evaluator_id": names["evaluator"], "document": "实地评估评分表(纸质)第1号",
                          "scores": [{"code": "A3", "value": "15"}]},
        "self_behalf": {"scores": [{"code": "A1", "value": "17"}], "document": "纸质自评表第1号"},
        "finding": {"title": "问题", "category": "violation", "severity": "medium"},
        "visit": {"planned_on": "2026-12-10", "place": "会议室"},
        "tick": {"ticked": True},
        "item": {"group": "三必看", "text": "其他"},
        "interview": {"interviewee": "张三", "record": "记录"},
        "archive": {"archive": "档案", "result": "conforms"},
        "summary": {"summary": "完成"},
        "rating": {"unit_id": names["unit_a"], "rating": "优秀", "period": "H1"},
        "on_behalf": {"leader_id": names["leader"], "unit_id": names["unit_b"], "rating": "良好", "period": "H1",
                      "document": "市领导评价表(纸质)第2号"},
        "import_file": {"kind": "third_party", "file": SimpleUploadedFile(
            "data.csv", "单位代码,指标代码,数值\nLY001,B2,90\n".encode(), content_type="text/csv")},
        "note": {"note": "已核实"},
        "objection": {"code": "A3", "reason": "理由"},
        "answer": {"upheld": False, "answer": "维持"},
        "decision": {"meeting": "编委会第2次会议", "decided_on": "2026-12-01", "outcome": "approved", "text": "同意。",
                     "acknowledge_gaps": True},
    }  # fmt: skip


CASES = [pytest.param(row, role, id=f"{row.label} [{role}]") for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_status_the_matrix_says(names, shared_world, login, row, role):
    user = getattr(shared_world.users, ROLE_USERS[role])
    response = call(login(user), row, names, bodies(names))
    expected = row.expected(role)
    assert response.status_code == expected, (
        f"{row.label} as {role}: expected {expected}, got {response.status_code}: {response.content[:300]!r}"
    )
    if expected >= 400:
        assert response.json()["detail"], "every refusal carries a Chinese explanation"


def test_the_matrix_lists_every_endpoint_of_the_campaigns_router(db, client, settings):
    settings.API_DOCS_PUBLIC = True  # the document itself is what is read here, not who may read it
    document = client.get("/api/openapi.json").json()
    endpoints = {
        (method.upper(), path.removeprefix("/api"))
        for path, operations in document["paths"].items()
        if path.startswith("/api/campaigns")
        for method in operations
    }

    def template(path):
        return re.sub(r"\{[^}]+\}", "{}", path).replace("/performance_report", "/{}")

    in_matrix = {(row.method, template(row.path)) for row in MATRIX}
    missing = sorted((m, p) for m, p in endpoints if (m, template(p)) not in in_matrix)
    assert missing == [], f"endpoints with no row in the campaigns permission matrix: {missing}"


def test_docs_carry_this_matrix(settings):
    doc = (Path(settings.BASE_DIR).parent / "docs" / "permissions.md").read_text(encoding="utf-8")
    start, end = "<!-- api-matrix-campaigns:start -->", "<!-- api-matrix-campaigns:end -->"
    assert start in doc and end in doc, (
        "docs/permissions.md must hold the campaigns matrix between the markers"
    )
    in_doc = doc.split(start, 1)[1].split(end, 1)[0].strip()
    expected = markdown_table(MATRIX)
    assert in_doc == expected, "docs/permissions.md differs from MATRIX; the table should read:\n" + expected


def _get(login, user, path, names):
    response = login(user).get("/api" + path.format(**names))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_before_the_feedback_stage_a_unit_contact_reads_none_of_the_review(names, shared_world, login):
    contact, evaluator = shared_world.users.contact_a, shared_world.users.evaluator
    unit = _get(login, contact, "/campaigns/{desk_review}/units/{unit_a}", names)
    assert all(e["reviewed_score"] is None and e["review_reason"] == "" for e in unit["entries"])
    assert {e["purpose"] for e in unit["evidence"]} <= {"self", "report"}
    assert _get(login, contact, "/campaigns/{desk_review}/findings", names) == []
    assert _get(login, contact, "/campaigns/{scoring}/results", names) == []
    assert _get(login, evaluator, "/campaigns/{scoring}/results", names) != []
    feedback = _get(login, contact, "/campaigns/{feedback}/results", names)
    assert [r["unit_id"] for r in feedback] == [names["unit_a"]], "from feedback on: their own unit's result"


def test_leader_ratings_are_read_by_the_office_the_committee_and_the_rating_leader(
    names, shared_world, login
):
    users = shared_world.users
    for user in (users.admin, users.committee, users.leader):
        ratings = _get(login, user, "/campaigns/{multi_party}/ratings", names)
        assert [(r["unit_id"], r["rating"]) for r in ratings] == [(names["unit_a"], "优秀")], user.username
    for user in (users.evaluator, users.contact_a, users.third_party):
        path = "/api/campaigns/{multi_party}/ratings".format(**names)
        assert login(user).get(path).status_code == 403, user.username
        result = login(user).get("/api/campaigns/{feedback}/units/{unit_a}/result".format(**names))
        assert result.status_code in {200, 404}
        assert result.status_code == 404 or result.json()["leader_ratings"] == [], user.username


def test_a_unit_contact_reads_imported_figures_only_from_the_feedback_stage_on(names, shared_world, login):
    from lvzhi.campaigns.models import Campaign, ImportedValue

    users = shared_world.users
    for stage in ("multi_party", "feedback"):
        ImportedValue.objects.create(
            campaign=Campaign.objects.get(pk=names[stage]), unit_id=names["unit_a"], kind="third_party",
            key="B2", value=Decimal(90),
        )  # fmt: skip
    assert _get(login, users.contact_a, "/campaigns/{multi_party}/imported", names) == []
    assert [v["key"] for v in _get(login, users.admin, "/campaigns/{multi_party}/imported", names)] == ["B2"]
    feedback = _get(login, users.contact_a, "/campaigns/{feedback}/imported", names)
    assert [(v["unit_id"], v["key"]) for v in feedback] == [(names["unit_a"], "B2")]

"""The reports API's permission matrix: every endpoint × every role, with the status the role must get.

docs/permissions.md carries the same table (`test_docs_carry_this_matrix`); another test fails if an operation
of /api/reports… has no row. The world is tests/policy/worlds/reports.py's: `campaign` has computed results and
is not published (unit_a's report a draft, unit_b's released; a finished batch job), `published` is published;
a weight study open and one accepted; a report template in use (the rows stop it, then use it again). The callers are those of
tests/api/test_permission_matrix.py (the unit contact is unit_a's, the evaluator assigned unit_a).

Statuses: 200/201 allowed; 403 visible but the role may not; 404 not visible; 409 refused in this state; 422 the
body or the state cannot be accepted (the call was allowed).
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.matrix import ROLE_USERS, ROLES, R, call, markdown_table
from tests.policy.worlds.reports import CONSISTENT, ReportsWorld
from tests.reports.test_templates import template_docx

# fmt: off
#   method    path                                                          body        admin evalr contact leader commit third
MATRIX = [
    R("GET",    "/reports/weights",                                       None,          200, 200, 403, 403, 200, 403),
    R("POST",   "/reports/weights",                                       "study",       201, 403, 403, 403, 403, 403),
    R("GET",    "/reports/weights/{study_open}",                          None,          200, 200, 404, 404, 200, 404),
    R("PUT",    "/reports/weights/{study_open}/judgements",               "judgement",   200, 403, 404, 404, 403, 404),
    R("PUT",    "/reports/weights/{study_accepted}/judgements",           "judgement",   409, 403, 404, 404, 403, 404),
    R("POST",   "/reports/weights/{study_open}/accept",                   None,          200, 403, 404, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/robustness",               None,          200, 403, 403, 404, 200, 404),
    R("POST",   "/reports/campaigns/{campaign}/robustness",               "robustness",  201, 403, 403, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/report",                   None,          200, 403, 403, 404, 200, 404),
    R("GET",    "/reports/campaigns/{campaign}/report/xlsx",              None,          200, 403, 403, 404, 200, 404),
    R("GET",    "/reports/campaigns/{campaign}/bulletin",                 None,          200, 403, 403, 404, 200, 404),
    R("GET",    "/reports/campaigns/{published}/bulletin",                None,          200, 200, 200, 404, 200, 404),
    R("GET",    "/reports/campaigns/{published}/bulletin/docx",           None,          200, 200, 200, 404, 200, 404),
    R("GET",    "/reports/campaigns/{campaign}/unit-reports",             None,          200, 403, 403, 404, 200, 404),
    R("POST",   "/reports/campaigns/{campaign}/unit-reports/draft",       None,          200, 403, 403, 404, 403, 404),
    R("GET",    "/reports/unit-reports/{report_draft}",                   None,          200, 404, 404, 404, 200, 404),
    R("GET",    "/reports/unit-reports/{report_released}",                None,          200, 404, 404, 404, 200, 404),
    R("GET",    "/reports/unit-reports/{report_released}/file/xlsx",      None,          200, 404, 404, 404, 200, 404),
    R("PUT",    "/reports/unit-reports/{report_draft}/opinions",          "opinions",    200, 404, 404, 404, 403, 404),
    R("PUT",    "/reports/unit-reports/{report_released}/opinions",       "opinions",    409, 404, 404, 404, 403, 404),
    R("POST",   "/reports/unit-reports/{report_draft}/release",           None,          200, 404, 404, 404, 403, 404),
    R("POST",   "/reports/unit-reports/{report_released}/withdraw",       "withdraw",    200, 404, 404, 404, 403, 404),
    R("POST",   "/reports/campaigns/{campaign}/batch",                    "batch",       201, 403, 403, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/batch",                    None,          200, 403, 403, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/batch/{job}",              None,          200, 403, 403, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/batch/{job}/file",         None,          200, 403, 403, 404, 403, 404),
    R("POST",   "/reports/campaigns/{campaign}/batch/{job}/retry",        None,          422, 403, 403, 404, 403, 404),
    R("GET",    "/reports/campaigns/{campaign}/dashboards/overview",      None,          200, 403, 403, 404, 200, 404),
    R("GET",    "/reports/campaigns/{campaign}/dashboards/overview/distribution/xlsx", None, 200, 403, 403, 404, 200, 404),
    R("GET",    "/reports/profiles/{unit_a}",                             None,          200, 200, 200, 200, 200, 404),
    R("GET",    "/reports/profiles/{unit_a}/totals/xlsx",                 None,          200, 200, 200, 200, 200, 404),
    R("GET",    "/reports/templates",                                     None,          200, 403, 403, 403, 403, 403),
    R("POST",   "/reports/templates",                                     "template",    201, 403, 403, 403, 403, 403),
    R("GET",    "/reports/templates/{template}",                          None,          200, 404, 404, 404, 403, 404),
    R("GET",    "/reports/templates/{template}/file",                     None,          200, 404, 404, 404, 403, 404),
    R("POST",   "/reports/templates/{template}/stop",                     None,          200, 404, 404, 404, 403, 404),
    R("POST",   "/reports/templates/{template}/use",                      None,          200, 404, 404, 404, 403, 404),
]
# fmt: on


@pytest.fixture(scope="module")
def names(_module_world, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        base, world = _module_world, ReportsWorld(_module_world)
        return {
            "campaign": world.campaign.pk,
            "published": world.published.pk,
            "report_draft": world.reports["draft"].pk,
            "report_released": world.reports["released"].pk,
            "job": world.batch_job.pk,
            "study_open": world.studies["open"].pk,
            "study_accepted": world.studies["accepted"].pk,
            "unit_a": base.unit_a.pk,
            "unit_b": base.unit_b.pk,
            "template": world.template.pk,
        }


BODIES = {
    "study": {"scheme": "policy-weights", "version": 1},
    "judgement": {"judge": "专家甲", "values": CONSISTENT},
    "robustness": {"draws": 1000},
    "opinions": {"texts": {"__summary__": "总体良好。"}},
    "withdraw": {"reason": "修改"},
    "batch": {"formats": "docx"},
    "template": {
        "name": "矩阵模板",
        "file": SimpleUploadedFile("矩阵模板.docx", template_docx("{{单位名称}}")),
    },
}
CASES = [pytest.param(row, role, id=f"{row.label} [{role}]") for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_status_the_matrix_says(names, shared_world, login, row, role):
    user = getattr(shared_world.users, ROLE_USERS[role])
    response = call(login(user), row, names, BODIES)
    expected = row.expected(role)
    assert response.status_code == expected, (
        f"{row.label} as {role}: expected {expected}, got {response.status_code}: {response.content[:300]!r}"
    )
    if expected >= 400:
        assert response.json()["detail"], "every refusal carries a Chinese explanation"


def test_the_matrix_lists_every_endpoint_of_the_reports_router(db, client, settings):
    settings.API_DOCS_PUBLIC = True
    document = client.get("/api/openapi.json").json()
    endpoints = {
        (method.upper(), path.removeprefix("/api"))
        for path, operations in document["paths"].items()
        if path.startswith("/api/reports")
        for method in operations
    }

    def template(path):
        return re.sub(r"\{[^}]+\}", "{}", path)

    def row_template(path):  # a fixed board, chart or format in a row stands for its parameter
        path = re.sub(r"/(report|bulletin|file)/(docx|pdf|xlsx)$", r"/\1/{}", template(path))
        path = re.sub(
            r"/dashboards/overview(/distribution)?",
            lambda m: "/dashboards/{}" + ("/{}" if m[1] else ""),
            path,
        )
        return path.replace("/{}/totals/", "/{}/{}/")

    in_matrix = {(row.method, row_template(row.path)) for row in MATRIX}
    missing = sorted((m, p) for m, p in endpoints if (m, template(p)) not in in_matrix)
    assert missing == [], f"endpoints with no row in the reports permission matrix: {missing}"


def test_docs_carry_this_matrix(settings):
    doc = (Path(settings.BASE_DIR).parent / "docs" / "permissions.md").read_text(encoding="utf-8")
    start, end = "<!-- api-matrix-reports:start -->", "<!-- api-matrix-reports:end -->"
    assert start in doc and end in doc, "docs/permissions.md must hold the reports matrix between the markers"
    in_doc = doc.split(start, 1)[1].split(end, 1)[0].strip()
    expected = markdown_table(MATRIX)
    assert in_doc == expected, "docs/permissions.md differs from MATRIX; the table should read:\n" + expected

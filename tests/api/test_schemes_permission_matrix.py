"""The schemes API's permission matrix: every endpoint × every role, with the status the role must get.

docs/permissions.md carries the same table (`test_docs_carry_this_matrix`); another test fails if an endpoint
of /api/schemes/ has no row. The scheme `small` has v1 published and v2 a draft; `small.yaml` is a file of
the scheme format. The callers are those of tests/api/test_permission_matrix.py.

Statuses: 200/201/204 allowed; 403 the version is visible but the role may not do this; 404 not visible (a
draft to the roles that read published versions only); 409 a published version, frozen; 422 the body is not a
valid scheme (the call was allowed).
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.schemes import actions
from tests.api.matrix import ROLE_USERS, ROLES, R, call, markdown_table
from tests.schemes.conftest import small

# fmt: off
#        method    path                                              body            admin evalr contact leader commit third
MATRIX = [
    R("GET",    "/schemes/",                                       None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/schemes/",                                       "scheme_new",    201, 403, 403, 403, 403, 403),
    R("POST",   "/schemes/validate",                               "definition",    200, 200, 200, 200, 200, 200),
    R("POST",   "/schemes/import",                                 "file",          201, 403, 403, 403, 403, 403),
    R("GET",    "/schemes/results",                                None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/schemes/small",                                  None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/schemes/small/versions",                         None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/schemes/small/drafts",                           "empty",         200, 403, 403, 403, 403, 403),
    R("POST",   "/schemes/small/import",                           "file",          200, 403, 403, 403, 403, 403),
    R("GET",    "/schemes/small/versions/1",                       None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/schemes/small/versions/2",                       None,            200, 200, 404, 404, 200, 404),
    R("GET",    "/schemes/small/versions/2/nodes",                 None,            200, 200, 404, 404, 200, 404),
    R("PUT",    "/schemes/small/versions/2/definition",            "definition",    200, 403, 404, 404, 403, 404),
    R("PUT",    "/schemes/small/versions/1/definition",            "definition",    409, 403, 403, 403, 403, 403),
    R("POST",   "/schemes/small/versions/2/validate",              None,            200, 200, 404, 404, 200, 404),
    R("POST",   "/schemes/small/versions/2/publish",               None,            200, 403, 404, 404, 403, 404),
    R("POST",   "/schemes/small/versions/1/publish",               None,            409, 403, 403, 403, 403, 403),
    R("DELETE", "/schemes/small/versions/2",                       None,            204, 403, 404, 404, 403, 404),
    R("DELETE", "/schemes/small/versions/1",                       None,            409, 403, 403, 403, 403, 403),
    R("POST",   "/schemes/small/versions/1/derive",                "derive",        201, 403, 403, 403, 403, 403),
    R("GET",    "/schemes/small/versions/2/diff?against=1",        None,            200, 200, 404, 404, 200, 404),
    R("GET",    "/schemes/small/versions/1/export",                None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/schemes/small/versions/2/export",                None,            200, 200, 404, 404, 200, 404),
    R("POST",   "/schemes/small/versions/1/score",                 "inputs",        200, 200, 200, 200, 200, 200),
    R("POST",   "/schemes/small/versions/2/score",                 "inputs",        200, 200, 404, 404, 200, 404),
]
# fmt: on


@pytest.fixture(scope="module")
def _schemes(_module_world, django_db_blocker):
    """v1 published and v2 a draft, in the module's world (undone with it)."""
    with django_db_blocker.unblock():
        admin = _module_world.users.admin
        first = actions.create_scheme(actor=admin, code="small", name="小型测试方案", definition=small())
        actions.publish_version(first, actor=admin)
        actions.start_draft(first.scheme, actor=admin)


def bodies() -> dict:
    return {
        "scheme_new": {"code": "other", "name": "其他方案"},
        "definition": {"definition": small()},
        "empty": {},
        "derive": {"code": "small-child", "name": "下级方案"},
        "inputs": {"inputs": {"A1": 30}},
        "file": {"file": SimpleUploadedFile("small.yaml", _yaml(), content_type="text/yaml")},
    }


def _yaml() -> bytes:
    import yaml

    return yaml.safe_dump(small(code="small-file"), allow_unicode=True).encode()


CASES = [pytest.param(row, role, id=f"{row.label} [{role}]") for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_status_the_matrix_says(_schemes, shared_world, login, row, role):
    user = getattr(shared_world.users, ROLE_USERS[role])
    response = call(login(user), row, {}, bodies())
    expected = row.expected(role)
    assert response.status_code == expected, (
        f"{row.label} as {role}: expected {expected}, got {response.status_code}: {response.content[:300]!r}"
    )
    if expected >= 400:
        assert response.json()["detail"], "every refusal carries a Chinese explanation"


def test_the_matrix_lists_every_endpoint_of_the_schemes_router(db, client, settings):
    settings.API_DOCS_PUBLIC = True  # the document itself is what is read here, not who may read it
    document = client.get("/api/openapi.json").json()
    endpoints = {
        (method.upper(), path.removeprefix("/api"))
        for path, operations in document["paths"].items()
        if path.startswith("/api/schemes/")
        for method in operations
    }

    def template(path):
        path = path.split("?")[0].replace("/small", "/{}").replace("/versions/1", "/versions/{}")
        return re.sub(r"\{[^}]+\}", "{}", path.replace("/versions/2", "/versions/{}"))

    in_matrix = {(row.method, template(row.path)) for row in MATRIX}
    missing = sorted((m, p) for m, p in endpoints if (m, template(p)) not in in_matrix)
    assert missing == [], f"endpoints with no row in the schemes permission matrix: {missing}"


def test_docs_carry_this_matrix(settings):
    doc = (Path(settings.BASE_DIR).parent / "docs" / "permissions.md").read_text(encoding="utf-8")
    start, end = "<!-- api-matrix-schemes:start -->", "<!-- api-matrix-schemes:end -->"
    assert start in doc and end in doc, "docs/permissions.md must hold the schemes matrix between the markers"
    in_doc = doc.split(start, 1)[1].split(end, 1)[0].strip()
    expected = markdown_table(MATRIX)
    assert in_doc == expected, "docs/permissions.md differs from MATRIX; the table should read:\n" + expected

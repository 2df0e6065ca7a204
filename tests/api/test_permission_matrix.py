"""The permission matrix: every API endpoint × every role, with the status the role must get.

Check it against docs/permissions.md (the same table is there; `test_docs_carry_this_matrix` keeps them equal).

Who plays each role (tests/factories.py):
- admin: the office administrator; sees and changes everything;
- evaluator: assigned unit_a only;
- unit_contact: unit_a's contact (contact_a);
- leader: portfolio of unit_a and unit_b;
- committee: sees every unit, changes nothing;
- third_party: no assignment, sees no unit.

Objects: unit_a (莱阳市发展和改革局) and unit_b (莱阳市民政局) in 莱阳市, unit_c (海阳市委宣传部) in 海阳市;
x_a / x_b are unit_a's / unit_b's internal body, post, person, 三定, audit event; user_b is unit_b's contact,
token_b their token, own_token a token of the user making the call.

Statuses: 200/201/204 allowed; 403 the object is visible but the role may not do this; 404 the object is
outside what the role may see (same answer as a missing object); 409 refused because other data depends on it;
422 a body naming an object outside the user's scope (the field is named, its existence not confirmed).
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.accounts.models import ApiToken
from lvzhi.audit.models import AuditEvent
from lvzhi.duties.models import CatalogueItem
from lvzhi.registry.models import Category, InternalBody, Person, Post, Region, SanDing
from tests.api.matrix import ROLE_USERS, ROLES, R, call, markdown_table

# fmt: off
#        method    path                                              body            admin evalr contact leader commit third
MATRIX = [
    # -- accounts ---------------------------------------------------------------------------------------------
    R("GET",    "/accounts/me",                                    None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/accounts/users",                                 None,            200, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users",                                 "user_new",      201, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users/import",                          "users_file",    201, 403, 403, 403, 403, 403),
    R("GET",    "/accounts/users/import-template",                 None,            200, 403, 403, 403, 403, 403),
    R("GET",    "/accounts/users/{user_b}",                        None,            200, 403, 403, 403, 403, 403),
    R("PATCH",  "/accounts/users/{user_b}",                        "user_patch",    200, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users/{user_b}/deactivate",             None,            200, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users/{user_b}/activate",               None,            200, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users/{user_b}/reset-password",         "password",      200, 403, 403, 403, 403, 403),
    R("POST",   "/accounts/users/{user_b}/unlock",                 None,            200, 403, 403, 403, 403, 403),
    R("GET",    "/accounts/tokens",                                None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/accounts/tokens",                                "token_new",     201, 201, 201, 201, 201, 201),
    R("DELETE", "/accounts/tokens/{own_token}",                    None,            204, 204, 204, 204, 204, 204),
    R("DELETE", "/accounts/tokens/{token_b}",                      None,            204, 404, 404, 404, 404, 404),
    # -- audit log --------------------------------------------------------------------------------------------
    R("GET",    "/audit/events",                                   None,            200, 403, 200, 403, 403, 403),
    R("GET",    "/audit/events/{event_a}",                         None,            200, 403, 200, 403, 403, 403),
    R("GET",    "/audit/events/{event_b}",                         None,            200, 403, 404, 403, 403, 403),
    # -- regions, categories, summaries -----------------------------------------------------------------------
    R("GET",    "/registry/regions",                               None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/regions/tree",                          None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/regions/{region}",                      None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/registry/regions",                               "region_new",    201, 403, 403, 403, 403, 403),
    R("PATCH",  "/registry/regions/{region}",                      "name",          200, 403, 403, 403, 403, 403),
    R("DELETE", "/registry/regions/{region_unused}",               None,            204, 403, 403, 403, 403, 403),
    R("GET",    "/registry/regions/{region}/staffing",             None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/staffing",                              None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/categories",                            None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/categories/{category}",                 None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/registry/categories",                            "category_new",  201, 403, 403, 403, 403, 403),
    R("PATCH",  "/registry/categories/{category}",                 "name",          200, 403, 403, 403, 403, 403),
    R("DELETE", "/registry/categories/{category_unused}",          None,            204, 403, 403, 403, 403, 403),
    # -- units ------------------------------------------------------------------------------------------------
    R("GET",    "/registry/units",                                 None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/units/{unit_a}",                        None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/units/{unit_b}",                        None,            200, 404, 404, 200, 200, 404),
    R("POST",   "/registry/units",                                 "unit_new",      201, 403, 403, 403, 403, 403),
    R("PATCH",  "/registry/units/{unit_a}",                        "note",          200, 403, 200, 403, 403, 404),
    R("PATCH",  "/registry/units/{unit_a}",                        "unit_region",   200, 403, 403, 403, 403, 404),
    R("PATCH",  "/registry/units/{unit_b}",                        "note",          200, 404, 404, 403, 403, 404),
    R("DELETE", "/registry/units/{unit_a}",                        None,            409, 403, 403, 403, 403, 404),
    R("DELETE", "/registry/units/{unit_c}",                        None,            204, 404, 404, 404, 403, 404),
    R("GET",    "/registry/units/{unit_a}/staffing",               None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/units/{unit_b}/staffing",               None,            200, 404, 404, 200, 200, 404),
    # -- 三定 -------------------------------------------------------------------------------------------------
    R("GET",    "/registry/units/{unit_a}/sandings",               None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/units/{unit_b}/sandings",               None,            200, 404, 404, 200, 200, 404),
    R("POST",   "/registry/units/{unit_a}/sandings",               "sanding_new",   201, 403, 403, 403, 403, 404),
    R("POST",   "/registry/units/{unit_b}/sandings",               "sanding_new",   201, 404, 404, 403, 403, 404),
    R("GET",    "/registry/sandings/{sanding_a}",                  None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/sandings/{sanding_b}",                  None,            200, 404, 404, 200, 200, 404),
    R("PATCH",  "/registry/sandings/{sanding_a}",                  "note",          200, 403, 403, 403, 403, 404),
    R("PATCH",  "/registry/sandings/{sanding_b}",                  "note",          200, 404, 404, 403, 403, 404),
    R("PUT",    "/registry/sandings/{sanding_a}/quotas",           "quotas",        200, 403, 403, 403, 403, 404),
    R("PUT",    "/registry/sandings/{sanding_b}/quotas",           "quotas",        200, 404, 404, 403, 403, 404),
    R("PUT",    "/registry/sandings/{sanding_a}/main-duties",      "duties",        200, 403, 403, 403, 403, 404),
    R("PUT",    "/registry/sandings/{sanding_b}/main-duties",      "duties",        200, 404, 404, 403, 403, 404),
    # -- internal bodies --------------------------------------------------------------------------------------
    R("GET",    "/registry/internal-bodies",                       None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/internal-bodies/{body_a}",              None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/internal-bodies/{body_b}",              None,            200, 404, 404, 200, 200, 404),
    R("POST",   "/registry/internal-bodies",                       "body_new_a",    201, 403, 201, 403, 403, 403),
    R("POST",   "/registry/internal-bodies",                       "body_new_b",    201, 403, 422, 403, 403, 403),
    R("PATCH",  "/registry/internal-bodies/{body_a}",              "name",          200, 403, 200, 403, 403, 404),
    R("PATCH",  "/registry/internal-bodies/{body_b}",              "name",          200, 404, 404, 403, 403, 404),
    R("DELETE", "/registry/internal-bodies/{body_a}",              None,            204, 403, 204, 403, 403, 404),
    R("DELETE", "/registry/internal-bodies/{body_b}",              None,            204, 404, 404, 403, 403, 404),
    # -- posts ------------------------------------------------------------------------------------------------
    R("GET",    "/registry/posts",                                 None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/posts/{post_a}",                        None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/posts/{post_b}",                        None,            200, 404, 404, 200, 200, 404),
    R("POST",   "/registry/posts",                                 "post_new_a",    201, 403, 201, 403, 403, 403),
    R("POST",   "/registry/posts",                                 "post_new_b",    201, 403, 422, 403, 403, 403),
    R("PATCH",  "/registry/posts/{post_a}",                        "name",          200, 403, 200, 403, 403, 404),
    R("PATCH",  "/registry/posts/{post_b}",                        "name",          200, 404, 404, 403, 403, 404),
    R("DELETE", "/registry/posts/{post_a}",                        None,            204, 403, 204, 403, 403, 404),
    R("DELETE", "/registry/posts/{post_b}",                        None,            204, 404, 404, 403, 403, 404),
    # -- persons (实名制) -------------------------------------------------------------------------------------
    R("GET",    "/registry/persons",                               None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/registry/persons/{person_a}",                    None,            200, 200, 200, 200, 200, 404),
    R("GET",    "/registry/persons/{person_b}",                    None,            200, 404, 404, 200, 200, 404),
    R("POST",   "/registry/persons",                               "person_new_a",  201, 403, 201, 403, 403, 403),
    R("POST",   "/registry/persons",                               "person_new_b",  201, 403, 422, 403, 403, 403),
    R("PATCH",  "/registry/persons/{person_a}",                    "name",          200, 403, 200, 403, 403, 404),
    R("PATCH",  "/registry/persons/{person_b}",                    "name",          200, 404, 404, 403, 403, 404),
    R("DELETE", "/registry/persons/{person_a}",                    None,            204, 403, 204, 403, 403, 404),
    R("DELETE", "/registry/persons/{person_b}",                    None,            204, 404, 404, 403, 403, 404),
    # -- the higher-level catalogue (三级四同; the rest of /duties is the generated policy test's) --------------
    R("GET",    "/duties/catalogue",                               None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/duties/catalogue",                               "catalogue_new", 201, 403, 403, 403, 403, 403),
    R("PUT",    "/duties/catalogue/{catalogue}",                   "catalogue_put", 200, 403, 403, 403, 403, 403),
    R("POST",   "/duties/catalogue/{catalogue}/localise",          "localise_a",    201, 403, 201, 403, 403, 403),
    R("POST",   "/duties/catalogue/{catalogue}/localise",          "localise_b",    201, 403, 422, 403, 403, 403),
    R("GET",    "/duties/catalogue/template",                      None,            200, 200, 200, 200, 200, 200),
    R("GET",    "/duties/catalogue/export",                        None,            200, 200, 200, 200, 200, 200),
    R("POST",   "/duties/catalogue/import",                        "catalogue_file", 201, 403, 403, 403, 403, 403),
]
# fmt: on

# Endpoints under these prefixes are this table's; other rooms keep their own matrices.
COVERED_PREFIXES = ("/api/accounts/", "/api/audit/", "/api/registry/")
NOT_COVERED_PREFIXES = ("/api/registry/io/",)


def named_objects(world, acting_user) -> dict:
    """The objects the table's {placeholders} name (created here where the shared world has none)."""
    body_b = InternalBody.objects.create(unit=world.unit_b, code="01", name="办公室")
    post_b = Post.objects.create(unit=world.unit_b, internal_body=body_b, code="B-01", name="局长")
    token_b, _key = ApiToken.issue(world.users.contact_b, "民政局脚本")
    own_token, _key = ApiToken.issue(acting_user, "本人令牌")
    region_unused = Region.objects.create(code="370682101", name="古柳街道", level=4, parent=world.laiyang)
    category_unused = Category.objects.create(code="JX", name="教学科研", order=5)
    catalogue, _new = CatalogueItem.objects.get_or_create(
        region=world.province, code="370000-XK-0012", defaults={"name": "建设项目用地预审", "item_type": "licensing"}
    )
    return {
        "catalogue": catalogue.pk,
        "user_b": world.users.contact_b.pk,
        "token_b": token_b.pk,
        "own_token": own_token.pk,
        "event_a": AuditEvent.objects.filter(unit_id=world.unit_a.pk).first().pk,
        "event_b": AuditEvent.objects.filter(unit_id=world.unit_b.pk).first().pk,
        "region": world.laiyang.pk,
        "region_unused": region_unused.pk,
        "category": world.service.pk,
        "category_unused": category_unused.pk,
        "unit_a": world.unit_a.pk,
        "unit_b": world.unit_b.pk,
        "unit_c": world.unit_c.pk,
        "sanding_a": SanDing.objects.get(unit=world.unit_a, is_current=True).pk,
        "sanding_b": SanDing.objects.get(unit=world.unit_b, is_current=True).pk,
        "body_a": world.office.pk,
        "body_b": body_b.pk,
        "post_a": world.clerk_post.pk,
        "post_b": post_b.pk,
        "person_a": Person.objects.get(staff_no="P0002").pk,
        "person_b": Person.objects.get(staff_no="P0003").pk,
    }


def bodies(world) -> dict:
    return {
        "user_new": {"username": "new_user", "role": "evaluator", "password": "Pinggu-2026-ok"},
        "user_patch": {"full_name": "李联络(民政)"},
        "users_file": {"file": SimpleUploadedFile("用户.csv", "用户名,姓名,角色\nmatrix_new,矩阵,评估人员\n".encode())},
        "password": {"password": "Minzheng-2026"},
        "token_new": {"name": "同步脚本"},
        "region_new": {"code": "370683", "name": "莱州市", "level": 3, "parent": world.city.pk},
        "category_new": {"code": "CX", "name": "城乡建设", "order": 3},
        "name": {"name": "新名称"},
        "note": {"note": "矩阵测试"},
        "unit_new": {
            "code": "LY010",
            "name": "莱阳市审计局",
            "kind": "government",
            "region": world.laiyang.pk,
        },
        "unit_region": {"region": world.haiyang.pk},
        "sanding_new": {"document_number": "莱编〔2026〕9号", "reason": "矩阵测试"},
        "quotas": {"staffing": {"administrative": 11}},
        "duties": {"duties": ["负责矩阵测试。"]},
        "catalogue_new": {"region": world.province.pk, "code": "370000-CF-1", "name": "价格违法行为处罚",
                          "item_type": "penalty"},
        "catalogue_put": {"region": world.province.pk, "code": "370000-XK-0012", "name": "建设项目用地预审(含规划)",
                          "item_type": "licensing"},
        "catalogue_file": {"file": SimpleUploadedFile(
            "标准目录.csv", "发布层级代码,事项编码,事项名称,事项类型\n370000,370000-QT-7,矩阵测试事项,其他行政权力\n".encode()
        )},
        "localise_a": {"unit": world.unit_a.pk, "change": {"reason": "承接", "effective_date": "2026-02-01"}},
        "localise_b": {"unit": world.unit_b.pk, "change": {"reason": "承接", "effective_date": "2026-02-01"}},
        "body_new_a": {"unit": world.unit_a.pk, "code": "09", "name": "法规科"},
        "body_new_b": {"unit": world.unit_b.pk, "code": "09", "name": "法规科"},
        "post_new_a": {"unit": world.unit_a.pk, "code": "A-09", "name": "法规岗"},
        "post_new_b": {"unit": world.unit_b.pk, "code": "B-09", "name": "法规岗"},
        "person_new_a": {
            "unit": world.unit_a.pk,
            "staff_no": "M0001",
            "name": "韩梅",
            "staffing_kind": "administrative",
        },
        "person_new_b": {
            "unit": world.unit_b.pk,
            "staff_no": "M0002",
            "name": "韩雪",
            "staffing_kind": "administrative",
        },
    }


CASES = [pytest.param(row, role, id=f"{row.label} [{role}]") for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_status_the_matrix_says(shared_world, login, row, role):
    world = shared_world
    user = getattr(world.users, ROLE_USERS[role])
    response = call(login(user), row, named_objects(world, user), bodies(world))
    expected = row.expected(role)
    assert response.status_code == expected, (
        f"{row.label} as {role}: expected {expected}, got {response.status_code}: {response.content[:300]!r}"
    )
    if expected >= 400 and expected != 405:
        assert response.json()["detail"], "every refusal carries a Chinese explanation"


@pytest.mark.parametrize("row", [pytest.param(r, id=r.label) for r in MATRIX])
def test_anonymous_gets_401_everywhere(shared_world, client, row):
    world = shared_world
    response = call(client, row, named_objects(world, world.users.admin), bodies(world))
    assert response.status_code == 401


def test_the_matrix_lists_every_endpoint_of_its_routers(db, client, settings):
    settings.API_DOCS_PUBLIC = True  # the document itself is what is read here, not who may read it
    document = client.get("/api/openapi.json").json()
    endpoints = {
        (method.upper(), path.removeprefix("/api").rstrip("/"))
        for path, operations in document["paths"].items()
        if path.startswith(COVERED_PREFIXES) and not path.startswith(NOT_COVERED_PREFIXES)
        for method in operations
    }

    def template(path):
        # "/registry/units/{unit_a}" and the document's "/registry/units/{unit_id}" compare as ".../{}".
        return re.sub(r"\{[^}]+\}", "{}", path)

    in_matrix = {(row.method, template(row.path)) for row in MATRIX}
    missing = sorted((m, p) for m, p in endpoints if (m, template(p)) not in in_matrix)
    assert missing == [], f"endpoints with no row in the permission matrix: {missing}"


def test_docs_carry_this_matrix(settings):
    doc = (Path(settings.BASE_DIR).parent / "docs" / "permissions.md").read_text(encoding="utf-8")
    start, end = "<!-- api-matrix:start -->", "<!-- api-matrix:end -->"
    assert start in doc and end in doc, "docs/permissions.md must hold the API matrix between the markers"
    in_doc = doc.split(start, 1)[1].split(end, 1)[0].strip()
    expected = markdown_table(MATRIX)
    assert in_doc == expected, "docs/permissions.md differs from MATRIX; the table should read:\n" + expected

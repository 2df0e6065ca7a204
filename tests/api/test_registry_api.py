"""The registry API: each resource inherits the generic API tests; then what is particular to each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import (
    Category,
    InternalBody,
    Person,
    Post,
    Region,
    StaffingKind,
    Unit,
    UnitKind,
)
from tests.api.base import ApiResourceTests, UnitScopedResourceTests
from tests.factories import make_unit

NON_ADMINS = ("evaluator", "contact_a", "leader", "committee", "third_party")


class TestRegions(ApiResourceTests):
    path = "registry/regions"
    model = Region
    read_only_users = NON_ADMINS

    def own_object(self, world):
        return world.laiyang

    def deletable_object(self, world):
        return Region.objects.create(
            code="370682100", name="城厢街道", level=Region.Level.TOWNSHIP, parent=world.laiyang
        )

    def create_payload(self, world):
        return {"code": "370683", "name": "莱州市", "level": 3, "parent": world.city.pk}

    def update_payload(self, world):
        return {"name": "莱阳市(县级市)"}

    def invalid_payload(self, world):
        # A county placed under a county: the model's clean() forbids it.
        return {"code": "370684", "name": "错层", "level": 3, "parent": world.laiyang.pk}, "level"


class TestCategories(ApiResourceTests):
    path = "registry/categories"
    model = Category
    read_only_users = NON_ADMINS

    def own_object(self, world):
        return world.service

    def deletable_object(self, world):
        return Category.objects.create(code="CX", name="城乡建设", order=3)

    def create_payload(self, world):
        return {"code": "SF", "name": "司法监督", "order": 4, "description": "公检法司"}

    def update_payload(self, world):
        return {"description": "政务服务类单位"}

    def invalid_payload(self, world):
        return {"code": "DQ2", "name": "党群系统"}, "name"  # names are unique


class TestUnits(UnitScopedResourceTests):
    path = "registry/units"
    model = Unit
    contact_writes = True

    def own_object(self, world):
        return world.unit_a

    def other_object(self, world):
        return world.unit_b

    def deletable_object(self, world):
        return world.unit_c

    def create_payload(self, world):
        return {
            "code": "LY003",
            "name": "莱阳市教育和体育局",
            "kind": "government",
            "region": world.laiyang.pk,
            "category": world.service.pk,
        }

    def update_payload(self, world):
        return {"note": "2026年机构改革后职责有调整。"}

    def invalid_payload(self, world):
        return {"code": "LY001", "name": "重复代码", "kind": "government", "region": world.laiyang.pk}, "code"

    def test_unit_contact_cannot_create_units(self, world, api):
        response = api(world.users.contact_a).post(self.path, self.create_payload(world))
        assert response.status_code == 403
        assert response.json()["detail"] == "只有编办管理员可以新增单位。"


class TestInternalBodies(UnitScopedResourceTests):
    path = "registry/internal-bodies"
    model = InternalBody

    def own_object(self, world):
        return world.office

    def other_object(self, world):
        return InternalBody.objects.get_or_create(unit=world.unit_b, code="01", defaults={"name": "办公室"})[
            0
        ]

    def create_payload(self, world):
        return {"unit": world.unit_a.pk, "code": "03", "name": "价格科", "duties": "负责价格监测。"}

    def update_payload(self, world):
        return {"duties": "负责机关日常运转、文电、会务。"}

    def invalid_payload(self, world):
        return {"unit": world.unit_a.pk, "code": "", "name": "空代码科"}, "code"


class TestPosts(UnitScopedResourceTests):
    path = "registry/posts"
    model = Post

    def own_object(self, world):
        return world.clerk_post

    def other_object(self, world):
        return Post.objects.get_or_create(unit=world.unit_b, code="B-01", defaults={"name": "局长"})[0]

    def create_payload(self, world):
        return {"unit": world.unit_a.pk, "internal_body": world.planning.pk, "code": "A-03", "name": "规划岗"}

    def update_payload(self, world):
        return {"name": "文秘与档案岗", "leadership_level": "body_deputy"}

    def invalid_payload(self, world):
        other_body = InternalBody.objects.create(unit=world.unit_b, code="09", name="外单位科室")
        # The model's clean(): the internal body must belong to the post's unit.
        return {
            "unit": world.unit_a.pk,
            "internal_body": other_body.pk,
            "code": "A-09",
            "name": "错岗",
        }, "internal_body"


class TestPersons(UnitScopedResourceTests):
    path = "registry/persons"
    model = Person

    def own_object(self, world):
        return Person.objects.get(staff_no="P0002")

    def other_object(self, world):
        return Person.objects.get(staff_no="P0003")

    def create_payload(self, world):
        return {
            "unit": world.unit_a.pk,
            "post": world.clerk_post.pk,
            "staff_no": "P0100",
            "name": "陈静",
            "gender": "F",
            "birth_year": 1988,
            "staffing_kind": "administrative",
            "joined_on": "2012-09-01",
        }

    def update_payload(self, world):
        return {"staffing_kind": "logistics", "is_active": False}

    def invalid_payload(self, world):
        other_post = Post.objects.create(unit=world.unit_b, code="B-09", name="外单位岗位")
        payload = {
            "unit": world.unit_a.pk,
            "post": other_post.pk,
            "staff_no": "P0101",
            "name": "错岗",
            "staffing_kind": "administrative",
        }
        return payload, "post"


# ---------------------------------------------------------------------------------------------------------
# Units: detail, filters, what a contact may change


def test_unit_detail_shows_the_current_sanding(world, api):
    body = api(world.users.contact_a).get(f"registry/units/{world.unit_a.pk}").json()
    sanding = body["sanding"]
    assert sanding["version"] == 1
    assert sanding["document_number"] == "莱编〔2019〕01号"
    assert sanding["main_duties"] == [
        {"seq": 1, "text": "负责莱阳市发展和改革局职责范围内的政策制定和组织实施。"}
    ]
    assert {(q["kind_label"], q["approved"]) for q in sanding["quotas"]} == {
        ("行政编制", 10),
        ("工勤编制", 2),
    }
    assert {(q["level_label"], q["approved"]) for q in sanding["leadership_quotas"]} == {
        ("单位领导正职", 1),
        ("单位领导副职", 3),
    }
    assert (body["internal_body_count"], body["post_count"], body["person_count"]) == (2, 2, 2)


def test_units_filtered_by_a_region_include_its_whole_subtree(world, api):
    client = api(world.users.admin)
    codes = lambda params: sorted(u["code"] for u in client.get("registry/units", params).json()["items"])  # noqa: E731
    assert codes({"region": world.laiyang.pk}) == ["LY001", "LY002"]
    assert codes({"region": world.city.pk}) == ["HY001", "LY001", "LY002"]
    assert codes({"region": world.haiyang.pk, "kind": "party"}) == ["HY001"]
    assert codes({"category": world.party.pk}) == ["HY001"]
    assert codes({"q": "民政"}) == ["LY002"]


def test_filtering_by_a_region_that_does_not_exist_names_the_parameter(world, api):
    response = api(world.users.admin).get("registry/units", {"region": 999999})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "region", "message": "未找到编号为 999999 的区划。"}]


def test_a_filter_value_outside_the_choices_is_refused_in_chinese(world, api):
    response = api(world.users.admin).get("registry/units", {"kind": "ministry"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "kind"
    assert error["message"].startswith("取值无效,可选值:party、government")


def test_unit_contact_may_not_change_what_the_staffing_office_decides(world, api):
    client = api(world.users.contact_a)
    response = client.patch(f"registry/units/{world.unit_a.pk}", {"region": world.haiyang.pk, "note": "x"})
    assert response.status_code == 403
    assert response.json()["detail"] == "只有编办管理员可以修改这些字段:region。"
    world.unit_a.refresh_from_db()
    assert world.unit_a.region == world.laiyang
    assert world.unit_a.note == ""


def test_a_unit_cannot_be_its_own_parent(world, api):
    response = api(world.users.admin).patch(f"registry/units/{world.unit_a.pk}", {"parent": world.unit_a.pk})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["parent"]


def test_a_unit_cannot_be_placed_under_its_own_subordinate(world, api):
    client = api(world.users.admin)
    client.patch(f"registry/units/{world.unit_b.pk}", {"parent": world.unit_a.pk})
    response = client.patch(f"registry/units/{world.unit_a.pk}", {"parent": world.unit_b.pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "parent", "message": "主管部门不能是本单位或其下属单位。"}]


def test_deleting_a_unit_that_still_has_persons_is_refused_with_409(world, api):
    response = api(world.users.admin).delete(f"registry/units/{world.unit_a.pk}")
    assert response.status_code == 409
    assert "仍有实名制人员" in response.json()["detail"]
    assert Unit.objects.filter(pk=world.unit_a.pk).exists()


def test_unit_sandings_lists_every_version_newest_first(world, api):
    world.unit_a.sandings.update(is_current=False)
    world.unit_a.sandings.create(version=2, document_number="莱编〔2024〕7号", is_current=True)
    body = api(world.users.evaluator).get(f"registry/units/{world.unit_a.pk}/sandings").json()
    assert [(s["version"], s["is_current"]) for s in body] == [(2, True), (1, False)]


# ---------------------------------------------------------------------------------------------------------
# Objects inside a unit


def test_unit_contact_cannot_create_in_another_unit(world, api):
    response = api(world.users.contact_a).post(
        "registry/persons",
        {"unit": world.unit_b.pk, "staff_no": "P0200", "name": "外人", "staffing_kind": "administrative"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "unit", "message": f"未找到编号为 {world.unit_b.pk} 的单位,或您无权使用。"}
    ]
    assert not Person.objects.filter(staff_no="P0200").exists()


def test_unit_contact_cannot_move_its_person_into_another_unit(world, api):
    person = Person.objects.get(staff_no="P0002")
    response = api(world.users.contact_a).patch(f"registry/persons/{person.pk}", {"unit": world.unit_b.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit"
    person.refresh_from_db()
    assert person.unit == world.unit_a


def test_a_duplicate_staff_number_is_refused_naming_the_field(world, api):
    response = api(world.users.contact_a).post(
        "registry/persons",
        {"unit": world.unit_a.pk, "staff_no": "P0003", "name": "重号", "staffing_kind": "administrative"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "staff_no", "message": "具有 人员编号 的 实名制人员 已存在。"}
    ]


def test_persons_filter_by_staffing_kind_region_and_search(world, api):
    Person.objects.create(
        unit=world.unit_c, staff_no="P0300", name="刘洋", staffing_kind=StaffingKind.LOGISTICS
    )
    client = api(world.users.admin)
    names = lambda params: sorted(p["name"] for p in client.get("registry/persons", params).json()["items"])  # noqa: E731
    assert names({"region": world.haiyang.pk}) == ["刘洋"]
    assert names({"staffing_kind": "logistics"}) == ["刘洋"]
    assert names({"q": "P000", "unit": world.unit_a.pk}) == ["李秀英", "王建国"]


def test_posts_filter_leadership_posts(world, api):
    body = api(world.users.admin).get("registry/posts", {"leadership": "true"}).json()
    assert [(p["name"], p["leadership_level_label"]) for p in body["items"]] == [("局长", "单位领导正职")]


# ---------------------------------------------------------------------------------------------------------
# Regions


def test_region_tree_nests_province_city_county(world, api):
    tree = api(world.users.third_party).get("registry/regions/tree").json()
    assert [r["name"] for r in tree] == ["山东省"]
    city = tree[0]["children"][0]
    assert city["name"] == "烟台市"
    assert [c["name"] for c in city["children"]] == ["莱阳市", "海阳市"]


def test_changing_a_region_code_keeps_its_subtree_findable(world, api):
    town = Region.objects.create(
        code="370682001", name="城厢街道", level=Region.Level.TOWNSHIP, parent=world.laiyang
    )
    make_unit("LY900", "城厢街道办事处", town, world.service, kind=UnitKind.DISPATCHED)
    response = api(world.users.admin).patch(f"registry/regions/{world.city.pk}", {"code": "370601"})
    assert response.status_code == 200
    town.refresh_from_db()
    assert town.path == "370000/370601/370682/370682001"
    codes = [
        u["code"]
        for u in api(world.users.admin).get("registry/units", {"region": world.city.pk}).json()["items"]
    ]
    assert "LY900" in codes


def test_clearing_a_regions_level_is_a_422_naming_the_level(world, api):
    response = api(world.users.admin).patch(f"registry/regions/{world.laiyang.pk}", {"level": None})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["level"]
    world.laiyang.refresh_from_db()
    assert world.laiyang.level == Region.Level.COUNTY


def test_a_region_still_in_use_cannot_be_deleted(world, api):
    response = api(world.users.admin).delete(f"registry/regions/{world.laiyang.pk}")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("不能删除:仍有 2 个单位引用该对象")
    assert Region.objects.filter(pk=world.laiyang.pk).exists()


def test_the_reason_given_for_a_delete_is_kept_in_the_audit_log(world, api):
    person = Person.objects.get(staff_no="P0002")
    response = api(world.users.contact_a).delete(f"registry/persons/{person.pk}?reason=调离本单位")
    assert response.status_code == 204
    event = AuditEvent.objects.get(object_id=str(person.pk), action="delete", content_type__model="person")
    assert (event.reason, event.actor) == ("调离本单位", world.users.contact_a)


def test_deleting_a_post_keeps_its_persons_and_records_each_change(world, api):
    response = api(world.users.contact_a).delete(f"registry/posts/{world.clerk_post.pk}")
    assert response.status_code == 204
    person = Person.objects.get(staff_no="P0002")
    assert person.post is None
    event = AuditEvent.objects.get(object_id=str(person.pk), action="update", content_type__model="person")
    assert event.changes == [{"field": "post_id", "before": world.clerk_post.pk, "after": None}]


# ---------------------------------------------------------------------------------------------------------
# Sessions, CSRF, tokens


def test_a_browser_session_must_send_the_csrf_token_on_writes(world, api):
    client = api(world.users.admin, enforce_csrf=True)
    assert client.get("registry/units").status_code == 200  # reads need no token
    refused = client.patch(f"registry/units/{world.unit_a.pk}", {"note": "无令牌"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.client.get("/api/docs")  # any page that renders {{ csrf_token }} sets the cookie
    token = client.client.cookies["csrftoken"].value
    accepted = client.patch(f"registry/units/{world.unit_a.pk}", {"note": "有令牌"}, **{"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_token_requests_need_no_csrf_token(world, token_api):
    client = token_api(world.users.contact_a)
    client.client = type(client.client)(enforce_csrf_checks=True)
    response = client.patch(f"registry/units/{world.unit_a.pk}", {"note": "脚本写入"})
    assert response.status_code == 200


def test_a_deactivated_users_token_stops_working(world, token_api):
    client = token_api(world.users.contact_a)
    world.users.contact_a.is_active = False
    world.users.contact_a.save()
    assert client.get("registry/units").status_code == 401


def test_an_anonymous_write_is_401_not_a_csrf_error(world, api):
    response = api(None, enforce_csrf=True).post("registry/persons", {"unit": world.unit_a.pk})
    assert response.status_code == 401


def test_a_body_that_is_not_json_is_refused_in_chinese(world, api):
    client = api(world.users.admin)
    response = client.client.post("/api/registry/categories", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON。"}


def test_a_method_the_endpoint_does_not_have_is_405(world, api):
    response = api(world.users.admin).put(f"registry/units/{world.unit_a.pk}", {"note": "x"})
    assert response.status_code == 405


# ---------------------------------------------------------------------------------------------------------
# Query counts do not grow with the page


@pytest.mark.parametrize(
    "path",
    ["registry/units", "registry/persons", "registry/posts", "registry/internal-bodies", "registry/regions"],
)
def test_list_query_count_does_not_grow_with_the_page(world, api, path):
    for i in range(12):
        unit = make_unit(f"ZZ{i:03d}", f"测试单位{i}", world.laiyang, world.service)
        body = InternalBody.objects.create(unit=unit, code="01", name="办公室")
        post = Post.objects.create(unit=unit, internal_body=body, code="Z-01", name="岗位")
        Person.objects.create(
            unit=unit, post=post, staff_no=f"Z{i:04d}", name="某人", staffing_kind="administrative"
        )
        Region.objects.create(code=f"37068220{i:02d}", name=f"镇{i}", level=4, parent=world.laiyang)
    client = api(world.users.admin)

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, {"limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        return len(ctx.captured_queries)

    assert queries(2) == queries(12)


def test_audit_events_from_the_api_record_the_source(world, api):
    api(world.users.admin).patch(f"registry/units/{world.unit_a.pk}", {"note": "来源测试"})
    event = AuditEvent.objects.filter(object_id=str(world.unit_a.pk), action="update").get()
    assert (event.source, event.actor) == ("api", world.users.admin)

"""三定 versions (office administrators change them) and the staffing figures per unit and per region."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import LeadershipLevel, Person, Post, SanDing, StaffingKind

READERS = ("evaluator", "contact_a", "leader", "committee")


def current(unit):
    return SanDing.objects.get(unit=unit, is_current=True)


def test_admin_opens_a_new_sanding_version_copied_from_the_current_one(world, api):
    response = api(world.users.admin).post(
        f"registry/units/{world.unit_a.pk}/sandings",
        {"document_number": "莱编〔2026〕3号", "approved_on": "2026-03-01", "reason": "机构改革"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["is_current"], body["approved_on"]) == (2, True, "2026-03-01")
    assert {(q["kind"], q["approved"]) for q in body["quotas"]} == {("administrative", 10), ("logistics", 2)}
    assert len(body["main_duties"]) == 1
    versions = api(world.users.contact_a).get(f"registry/units/{world.unit_a.pk}/sandings").json()
    assert [(v["version"], v["is_current"]) for v in versions] == [(2, True), (1, False)]
    event = AuditEvent.objects.get(content_type__model="sanding", object_id=str(body["id"]), action="create")
    assert (event.actor, event.reason) == (world.users.admin, "机构改革")


def test_admin_sets_quotas_and_leadership_posts(world, api):
    sanding = current(world.unit_a)
    response = api(world.users.admin).put(
        f"registry/sandings/{sanding.pk}/quotas",
        {
            "staffing": {"administrative": 12, "logistics": None},
            "leadership": {"body_head": 2},
            "reason": "增编",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(q["kind"], q["approved"]) for q in body["quotas"]] == [("administrative", 12)]
    assert ("body_head", 2) in {(q["level"], q["approved"]) for q in body["leadership_quotas"]}
    event = AuditEvent.objects.get(content_type__model="staffingquota", action="update")
    assert (event.before["approved"], event.after["approved"], event.reason) == (10, 12, "增编")


def test_an_unknown_staffing_kind_is_refused_naming_the_field(world, api):
    sanding = current(world.unit_a)
    response = api(world.users.admin).put(
        f"registry/sandings/{sanding.pk}/quotas", {"staffing": {"military": 3}}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("staffing")


def test_admin_rewrites_the_main_duties(world, api):
    sanding = current(world.unit_a)
    duties = ["贯彻落实国家发展规划。", "统筹推进重大项目建设。", "  "]
    response = api(world.users.admin).put(f"registry/sandings/{sanding.pk}/main-duties", {"duties": duties})
    assert response.status_code == 200
    assert [d["text"] for d in response.json()["main_duties"]] == duties[:2]


@pytest.mark.parametrize("name", READERS)
def test_only_the_staffing_office_changes_a_sanding(world, api, name):
    client = api(getattr(world.users, name))
    sanding = current(world.unit_a)
    assert client.get(f"registry/sandings/{sanding.pk}").status_code == 200
    responses = [
        client.post(f"registry/units/{world.unit_a.pk}/sandings", {"reason": "x"}),
        client.patch(f"registry/sandings/{sanding.pk}", {"note": "x"}),
        client.put(f"registry/sandings/{sanding.pk}/quotas", {"staffing": {"administrative": 99}}),
        client.put(f"registry/sandings/{sanding.pk}/main-duties", {"duties": ["x"]}),
    ]
    assert [r.status_code for r in responses] == [403] * 4
    assert responses[0].json()["detail"] == "三定规定的内容由编办维护,只有编办管理员可以修改。"
    assert SanDing.objects.filter(unit=world.unit_a).count() == 1


def test_another_units_sanding_is_404_for_a_unit_contact(world, api):
    other = current(world.unit_b)
    client = api(world.users.contact_a)
    assert client.get(f"registry/sandings/{other.pk}").status_code == 404
    assert client.get(f"registry/units/{world.unit_b.pk}/sandings").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Staffing figures


def test_unit_staffing_compares_approved_and_actual_by_kind(world, api):
    # unit_a: 10 administrative + 2 logistics approved; 2 administrative persons; the 局长 holds a head post.
    Person.objects.create(
        unit=world.unit_a, staff_no="P0010", name="赵强", staffing_kind=StaffingKind.LOGISTICS
    )
    Person.objects.create(
        unit=world.unit_a, staff_no="P0011", name="钱亮", staffing_kind=StaffingKind.LOGISTICS
    )
    Person.objects.create(
        unit=world.unit_a, staff_no="P0012", name="孙明", staffing_kind=StaffingKind.LOGISTICS
    )
    body = api(world.users.contact_a).get(f"registry/units/{world.unit_a.pk}/staffing").json()
    by_kind = {row["kind"]: row for row in body["by_kind"]}
    assert (by_kind["administrative"]["approved"], by_kind["administrative"]["actual"]) == (10, 2)
    assert by_kind["administrative"]["vacancy"] == 8
    assert (by_kind["logistics"]["actual"], by_kind["logistics"]["over"]) == (3, 1)
    assert (body["approved"], body["actual"], body["vacancy"], body["over"]) == (12, 5, 8, 1)
    heads = {row["level"]: row for row in body["leadership"]}[LeadershipLevel.UNIT_HEAD]
    assert (heads["allowed"], heads["used"], heads["over"]) == (1, 1, 0)


def test_a_second_unit_head_shows_as_leadership_over_use(world, api):
    post = Post.objects.create(unit=world.unit_a, code="A-09", name="局长(兼)", leadership_level="unit_head")
    Person.objects.create(
        unit=world.unit_a, post=post, staff_no="P0020", name="周正", staffing_kind="administrative"
    )
    body = api(world.users.admin).get(f"registry/units/{world.unit_a.pk}/staffing").json()
    assert body["leadership_over"] == 1


def test_region_staffing_sums_the_subtree_by_child_and_category(world, api):
    body = api(world.users.admin).get(f"registry/regions/{world.city.pk}/staffing").json()
    assert body["partial_scope"] is False
    assert body["total"]["unit_count"] == 3
    assert body["total"]["approved"] == 36  # three units × (10 + 2)
    assert body["total"]["actual"] == 3
    children = {c["region"]["name"]: c["staffing"] for c in body["children"]}
    assert (children["莱阳市"]["unit_count"], children["海阳市"]["unit_count"]) == (2, 1)
    categories = {(c["category"] or {}).get("name"): c["staffing"]["unit_count"] for c in body["categories"]}
    assert categories["政务服务"] == 2 and categories["党群系统"] == 1


def test_region_staffing_counts_only_the_units_a_user_may_see(world, api):
    body = api(world.users.contact_a).get(f"registry/regions/{world.city.pk}/staffing").json()
    assert body["partial_scope"] is True
    assert body["total"]["unit_count"] == 1
    assert body["total"]["actual"] == 2
    nothing = api(world.users.third_party).get("registry/staffing").json()
    assert nothing["total"]["unit_count"] == 0


def test_unit_staffing_of_a_hidden_unit_is_404(world, api):
    assert api(world.users.evaluator).get(f"registry/units/{world.unit_b.pk}/staffing").status_code == 404

"""The staffing figures read from the per-unit summary tables stay right after every kind of change: UI actions,
the API, imports and the demo builder; and they agree with a count straight from persons and quotas."""

import json
from collections import defaultdict

import pytest
from django.test import Client

from lvzhi.registry import actions, staffing
from lvzhi.registry.models import (
    LeadershipLevel,
    LeadershipQuota,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
)
from tests.factories import make_unit
from tests.registry_io.helpers import PERSON_HEADER, POST_HEADER, run_import

ADMIN = StaffingKind.ADMINISTRATIVE
LOGISTICS = StaffingKind.LOGISTICS
INSTITUTION = StaffingKind.PUBLIC_INSTITUTION
HEAD = LeadershipLevel.UNIT_HEAD
DEPUTY = LeadershipLevel.UNIT_DEPUTY


def figures(unit):
    return staffing.staffing_of_unit(unit)


def current(unit):
    return SanDing.objects.get(unit=unit, is_current=True)


# A count straight from the quotas of the current 三定 and the persons in post, independent of staffing.py.


def direct_count():
    """{unit_id: (approved, actual, allowed, used)}, each {kind or level: n} without zeros."""
    approved, actual = defaultdict(dict), defaultdict(dict)
    allowed, used = defaultdict(dict), defaultdict(dict)
    for q in StaffingQuota.objects.filter(sanding__is_current=True).select_related("sanding"):
        if q.approved:
            approved[q.sanding.unit_id][q.kind] = q.approved
    for q in LeadershipQuota.objects.filter(sanding__is_current=True).select_related("sanding"):
        if q.approved:
            allowed[q.sanding.unit_id][q.level] = q.approved
    for p in Person.objects.filter(is_active=True).select_related("post"):
        actual[p.unit_id][p.staffing_kind] = actual[p.unit_id].get(p.staffing_kind, 0) + 1
        if p.post is not None and p.post.leadership_level:
            level = p.post.leadership_level
            used[p.post.unit_id][level] = used[p.post.unit_id].get(level, 0) + 1
    return {
        uid: (approved[uid], actual[uid], allowed[uid], used[uid])
        for uid in Unit.objects.values_list("pk", flat=True)
    }


def expected_sum(counts, unit_ids):
    """Totals over the given units, vacancies and over-quota use taken per unit and kind."""
    result = {name: defaultdict(int) for name in ("approved", "actual", "vacancy", "over", "allowed", "used")}
    for uid in unit_ids:
        approved, actual, allowed, used = counts[uid]
        for kind in approved.keys() | actual.keys():
            diff = approved.get(kind, 0) - actual.get(kind, 0)
            result["approved"][kind] += approved.get(kind, 0)
            result["actual"][kind] += actual.get(kind, 0)
            result["vacancy"][kind] += max(diff, 0)
            result["over"][kind] += max(-diff, 0)
        for level in allowed.keys() | used.keys():
            result["allowed"][level] += allowed.get(level, 0)
            result["used"][level] += used.get(level, 0)
    return {name: {k: v for k, v in values.items() if v} for name, values in result.items()}


def as_sums(s: staffing.Staffing):
    return {
        "approved": s.approved,
        "actual": s.actual,
        "vacancy": s.vacancy,
        "over": s.over,
        "allowed": s.leadership_allowed,
        "used": s.leadership_used,
    }


def assert_figures_match_a_direct_count():
    counts = direct_count()
    units = list(Unit.objects.select_related("region"))
    per_unit = staffing.unit_staffing(units)
    for unit in units:
        assert as_sums(per_unit[unit.pk]) == expected_sum(counts, [unit.pk]), unit.name
    active = [u for u in units if u.is_active]
    report = staffing.region_report(None)
    assert report.total.unit_count == len(active)
    assert as_sums(report.total) == expected_sum(counts, [u.pk for u in active])
    regions = list(Region.objects.all())
    summary = staffing.region_summary(regions)
    for region in regions:
        inside = [u.pk for u in active if (u.region.path + "/").startswith(region.path + "/")]
        assert summary[region.pk].unit_count == len(inside), region.name
        assert as_sums(summary[region.pk]) == expected_sum(counts, inside), region.name
    for category, figures_of_category in staffing.category_staffing():
        inside = [u.pk for u in active if u.category_id == (category.pk if category else None)]
        assert figures_of_category.unit_count == len(inside)
        assert as_sums(figures_of_category) == expected_sum(counts, inside)
    return counts


def test_figures_on_the_test_world_match_a_count_from_persons_and_quotas(world):
    Post.objects.filter(pk=world.clerk_post.pk).update(leadership_level=DEPUTY)
    Unit.objects.filter(pk=world.unit_b.pk).update(is_active=False)
    Person.objects.create(unit=world.unit_c, staff_no="X1", name="甲", staffing_kind=LOGISTICS)
    Person.objects.create(
        unit=world.unit_c, staff_no="X2", name="乙", staffing_kind=INSTITUTION, is_active=False
    )
    from lvzhi.registry.models import refresh_staffing_summaries

    refresh_staffing_summaries()  # the QuerySet.update above sends no signals
    counts = assert_figures_match_a_direct_count()
    assert counts[world.unit_a.pk][3] == {HEAD: 1, DEPUTY: 1}


def test_figures_of_the_demo_county_match_a_count_from_persons_and_quotas(db):
    from lvzhi.demo.build import build_demo

    build_demo()
    counts = assert_figures_match_a_direct_count()
    assert len(counts) >= 75
    report = staffing.region_report(None)
    assert report.total.over_total > 0 and report.total.vacancy_total > 0
    assert report.total.leadership_used_total > 0


# UI actions (lvzhi.registry.actions, what the forms call) ---------------------------------------------------


def test_adding_a_person_counts_at_once(world):
    actions.save_person(
        Person(unit=world.unit_a, staff_no="N1", name="新人", staffing_kind=LOGISTICS),
        actor=world.users.admin,
    )
    assert figures(world.unit_a).actual == {ADMIN: 2, LOGISTICS: 1}
    assert figures(world.unit_a).vacancy == {ADMIN: 8, LOGISTICS: 1}


def test_a_person_who_leaves_or_changes_kind_moves_the_figures(world):
    clerk = Person.objects.get(staff_no="P0002")
    clerk.staffing_kind = LOGISTICS
    actions.save_person(clerk, actor=world.users.admin)
    assert figures(world.unit_a).actual == {ADMIN: 1, LOGISTICS: 1}
    clerk.is_active = False
    actions.save_person(clerk, actor=world.users.admin)
    assert figures(world.unit_a).actual == {ADMIN: 1}


def test_a_person_moved_to_another_unit_leaves_one_and_counts_in_the_other(world):
    person = Person.objects.get(staff_no="P0003")
    person.unit = world.unit_c
    actions.save_person(person, actor=world.users.admin)
    assert figures(world.unit_b).actual == {}
    assert figures(world.unit_c).actual == {ADMIN: 1}
    assert staffing.region_staffing(world.haiyang).actual_total == 1


def test_a_person_given_a_leadership_post_counts_against_the_leadership_quota(world):
    deputy = Post.objects.create(unit=world.unit_a, code="A-03", name="副局长", leadership_level=DEPUTY)
    clerk = Person.objects.get(staff_no="P0002")
    clerk.post = deputy
    actions.save_person(clerk, actor=world.users.admin)
    assert figures(world.unit_a).leadership_used == {HEAD: 1, DEPUTY: 1}


def test_deleting_a_person_takes_them_out_of_the_figures(world):
    actions.delete_person(Person.objects.get(staff_no="P0001"), actor=world.users.admin)
    assert figures(world.unit_a).actual == {ADMIN: 1}
    assert figures(world.unit_a).leadership_used == {}


def test_a_post_that_becomes_a_leadership_post_counts_its_holder(world):
    post = world.clerk_post
    post.leadership_level = DEPUTY
    actions.save_post(post, actor=world.users.admin)
    assert figures(world.unit_a).leadership_used == {HEAD: 1, DEPUTY: 1}
    post.leadership_level = ""
    actions.save_post(post, actor=world.users.admin)
    assert figures(world.unit_a).leadership_used == {HEAD: 1}


def test_deleting_a_leadership_post_frees_its_place(world):
    actions.delete_post(world.head_post, actor=world.users.admin)
    assert figures(world.unit_a).leadership_used == {}
    assert figures(world.unit_a).actual == {ADMIN: 2}


def test_changed_quotas_change_approved_vacancies_and_leadership_posts_allowed(world):
    actions.set_quotas(
        current(world.unit_a),
        staffing={ADMIN: 1, LOGISTICS: None, INSTITUTION: 5},
        leadership={HEAD: 2, DEPUTY: 0},
        actor=world.users.admin,
    )
    a = figures(world.unit_a)
    assert a.approved == {ADMIN: 1, INSTITUTION: 5}
    assert (a.vacancy, a.over) == ({INSTITUTION: 5}, {ADMIN: 1})
    assert a.leadership_allowed == {HEAD: 2}


def test_quotas_of_an_old_sanding_version_do_not_count(world):
    old = current(world.unit_a)
    new = actions.create_sanding_version(
        world.unit_a, actor=world.users.admin, document_number="莱编〔2026〕1号"
    )
    assert figures(world.unit_a).approved == {ADMIN: 10, LOGISTICS: 2}  # copied into the new version
    actions.set_quotas(new, staffing={ADMIN: 20}, leadership={DEPUTY: 4}, actor=world.users.admin)
    actions.set_quotas(old, staffing={ADMIN: 99}, leadership={HEAD: 9}, actor=world.users.admin)
    a = figures(world.unit_a)
    assert a.approved == {ADMIN: 20, LOGISTICS: 2}
    assert a.leadership_allowed == {HEAD: 1, DEPUTY: 4}


def test_a_deleted_unit_leaves_the_region_figures(world):
    spare = make_unit("LY050", "莱阳市待撤销单位", world.laiyang, world.service)
    assert staffing.region_staffing(world.laiyang).approved_total == 36
    actions.delete_unit(spare, actor=world.users.admin)
    assert staffing.region_staffing(world.laiyang).approved_total == 24
    assert staffing.region_staffing(world.laiyang).unit_count == 2


# The API -----------------------------------------------------------------------------------------------------


def api(user):
    client = Client()
    client.force_login(user)

    def send(method, path, data=None):
        url = "/api/registry/" + path
        if method == "get":
            response = client.get(url)
        else:
            body = json.dumps(data) if data is not None else ""
            response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code < 300, response.content.decode()
        return response

    return send


def test_persons_added_changed_and_deleted_through_the_api_change_the_figures(world):
    send = api(world.users.contact_a)
    created = send(
        "post",
        "persons",
        {"unit": world.unit_a.pk, "staff_no": "API1", "name": "接口人", "staffing_kind": LOGISTICS},
    ).json()
    assert figures(world.unit_a).actual == {ADMIN: 2, LOGISTICS: 1}
    send("patch", f"persons/{created['id']}", {"is_active": False})
    assert figures(world.unit_a).actual == {ADMIN: 2}
    send("patch", f"persons/{Person.objects.get(staff_no='P0002').pk}", {"post": world.head_post.pk})
    assert figures(world.unit_a).leadership_used == {HEAD: 2}
    send("delete", f"persons/{Person.objects.get(staff_no='P0001').pk}?reason=调出")
    assert figures(world.unit_a).actual == {ADMIN: 1}
    assert figures(world.unit_a).leadership_used == {HEAD: 1}


def test_posts_changed_and_deleted_through_the_api_change_leadership_posts_used(world):
    send = api(world.users.contact_a)
    send("patch", f"posts/{world.clerk_post.pk}", {"leadership_level": DEPUTY})
    assert figures(world.unit_a).leadership_used == {HEAD: 1, DEPUTY: 1}
    send("delete", f"posts/{world.head_post.pk}?reason=撤销")
    assert figures(world.unit_a).leadership_used == {DEPUTY: 1}


def test_quotas_and_sanding_versions_set_through_the_api_change_the_figures(world):
    send = api(world.users.admin)
    new = send("post", f"units/{world.unit_b.pk}/sandings", {"document_number": "莱编〔2026〕2号"}).json()
    send("put", f"sandings/{new['id']}/quotas", {"staffing": {ADMIN: 1}, "leadership": {HEAD: 3}})
    b = figures(world.unit_b)
    assert (b.approved, b.vacancy, b.over) == ({ADMIN: 1, LOGISTICS: 2}, {LOGISTICS: 2}, {})
    assert b.leadership_allowed == {HEAD: 3, DEPUTY: 3}
    data = send("get", f"units/{world.unit_b.pk}/staffing").json()
    assert (data["approved"], data["actual"]) == (3, 1)


# Imports -----------------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_persons_imported_from_a_file_count_where_they_now_are(world, media):
    Post.objects.create(unit=world.unit_a, code="A-03", name="副局长", leadership_level=DEPUTY)
    rows = [
        PERSON_HEADER,
        ["P0003", "张伟", "HY001", "", "男", 1980, "行政编制", "", "是"],  # moved from LY002
        ["P0002", "李秀英", "LY001", "A-03", "女", 1985, "工勤编制", "", "是"],  # now a deputy, on 工勤
        ["P7001", "新人", "LY002", "", "男", 1999, "工勤编制", "", "是"],
    ]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert figures(world.unit_a).actual == {ADMIN: 1, LOGISTICS: 1}
    assert figures(world.unit_a).leadership_used == {HEAD: 1, DEPUTY: 1}
    assert figures(world.unit_b).actual == {LOGISTICS: 1}
    assert figures(world.unit_c).actual == {ADMIN: 1}


def test_posts_imported_from_a_file_change_leadership_posts_used(world, media):
    job = run_import(
        "posts", [POST_HEADER, ["LY001", "A-02", "文秘岗", "01", "单位领导副职", ""]], world.users.admin
    )
    assert job.status == "succeeded", job.errors
    assert figures(world.unit_a).leadership_used == {HEAD: 1, DEPUTY: 1}


def test_quotas_imported_from_a_file_change_approved_and_allowed(world, media):
    rows = [["单位代码", "行政编制", "工勤编制", "单位领导副职职数"], ["LY001", 3, "", 5]]
    job = run_import("quotas", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    a = figures(world.unit_a)
    assert (a.approved, a.vacancy) == ({ADMIN: 3}, {ADMIN: 1})
    assert a.leadership_allowed == {HEAD: 1, DEPUTY: 5}


def test_a_post_with_persons_on_it_cannot_move_to_another_unit(world):
    from django.core.exceptions import ValidationError

    from lvzhi.registry import actions

    post = world.head_post
    post.unit = world.unit_b
    with pytest.raises(ValidationError) as excinfo:
        actions.save_post(post, actor=world.users.admin)
    assert "该岗位上还有原单位的人员" in str(excinfo.value)
    post.refresh_from_db()
    assert post.unit == world.unit_a

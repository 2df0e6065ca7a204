"""Derived staffing figures: approved vs actual by kind, 空编, 超编, leadership posts, roll-ups."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.registry import staffing
from lvzhi.registry.models import (
    Category,
    LeadershipLevel,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    refresh_staffing_summaries,
)
from tests.factories import make_unit

ADMIN = StaffingKind.ADMINISTRATIVE
LOGISTICS = StaffingKind.LOGISTICS


def add_persons(unit, n, kind=ADMIN, active=True, post=None, prefix=None):
    prefix = prefix or f"{unit.code}-{kind}-{active}-"
    start = Person.objects.filter(staff_no__startswith=prefix).count()
    Person.objects.bulk_create(
        Person(
            unit=unit,
            staff_no=f"{prefix}{start + i}",
            name=f"人员{i}",
            staffing_kind=kind,
            is_active=active,
            post=post,
        )
        for i in range(n)
    )
    refresh_staffing_summaries([unit.pk])  # bulk_create sends no signals


def test_a_unit_shows_approved_and_actual_headcount_by_kind_with_vacancies(world):
    figures = staffing.staffing_of_unit(world.unit_a)
    # 三定: 行政 10, 工勤 2; persons: two active on 行政.
    assert figures.approved == {ADMIN: 10, LOGISTICS: 2}
    assert figures.actual == {ADMIN: 2}
    assert figures.vacancy == {ADMIN: 8, LOGISTICS: 2}
    assert figures.over == {}
    assert (figures.approved_total, figures.actual_total, figures.vacancy_total, figures.over_total) == (
        12,
        2,
        10,
        0,
    )
    assert [row.label for row in figures.kinds] == ["行政编制", "工勤编制"]


def test_over_quota_use_in_one_kind_is_not_offset_by_a_vacancy_in_another(world):
    add_persons(world.unit_a, 3, kind=LOGISTICS)  # 工勤: 3 actual against 2 approved
    figures = staffing.staffing_of_unit(world.unit_a)
    assert figures.over == {LOGISTICS: 1}
    assert figures.vacancy == {ADMIN: 8}
    assert figures.over_total == 1
    assert figures.vacancy_total == 8


def test_persons_no_longer_active_and_quotas_of_old_sanding_versions_do_not_count(world):
    add_persons(world.unit_a, 5, active=False)
    old = SanDing.objects.create(unit=world.unit_b, version=0, is_current=False)
    StaffingQuota.objects.create(sanding=old, kind=StaffingKind.PUBLIC_INSTITUTION, approved=50)
    assert staffing.staffing_of_unit(world.unit_a).actual == {ADMIN: 2}
    assert staffing.staffing_of_unit(world.unit_b).approved == {ADMIN: 10, LOGISTICS: 2}


def test_leadership_posts_used_are_active_persons_on_posts_with_a_leadership_level(world):
    deputy = Post.objects.create(
        unit=world.unit_a, code="A-03", name="副局长", leadership_level=LeadershipLevel.UNIT_DEPUTY
    )
    add_persons(world.unit_a, 4, post=deputy)  # 4 deputies against 3 allowed
    add_persons(world.unit_a, 2, post=deputy, active=False)
    figures = staffing.staffing_of_unit(world.unit_a)
    assert figures.leadership_allowed == {LeadershipLevel.UNIT_HEAD: 1, LeadershipLevel.UNIT_DEPUTY: 3}
    assert figures.leadership_used == {LeadershipLevel.UNIT_HEAD: 1, LeadershipLevel.UNIT_DEPUTY: 4}
    assert figures.leadership_over_total == 1
    assert [(r.label, r.allowed, r.used, r.over) for r in figures.leadership] == [
        ("单位领导正职", 1, 1, 0),
        ("单位领导副职", 3, 4, 1),
    ]


def test_a_unit_without_sanding_or_persons_gets_empty_figures(world):
    bare = Unit.objects.create(code="LY099", name="新设单位", kind="government", region=world.laiyang)
    figures = staffing.unit_staffing([bare])[bare.pk]
    assert (figures.approved_total, figures.actual_total, figures.vacancy_total) == (0, 0, 0)
    assert figures.usage_rate is None


def test_unit_figures_take_the_same_number_of_queries_for_three_units_or_forty(world):
    three = list(Unit.objects.all())
    with CaptureQueriesContext(connection) as few:
        staffing.unit_staffing(three)
    for i in range(37):
        make_unit(f"LY2{i:02d}", f"测试单位{i}", world.laiyang, world.service)
    units = list(Unit.objects.all())
    assert len(units) == 40
    with CaptureQueriesContext(connection) as many:
        result = staffing.unit_staffing(units)
    assert len(result) == 40
    assert len(many) == len(few) == 2


def test_a_region_sums_its_whole_subtree_and_keeps_vacancies_and_over_quota_apart(world):
    add_persons(world.unit_b, 12)  # unit B: 13 行政 against 10 → over 3; unit A: vacancy 8
    summary = staffing.region_summary([world.city, world.laiyang, world.haiyang])
    laiyang = summary[world.laiyang.pk]
    assert laiyang.unit_count == 2
    assert laiyang.approved[ADMIN] == 20
    assert laiyang.actual[ADMIN] == 2 + 13
    assert laiyang.vacancy[ADMIN] == 8
    assert laiyang.over[ADMIN] == 3
    city = summary[world.city.pk]
    assert city.unit_count == 3
    assert city.approved_total == laiyang.approved_total + summary[world.haiyang.pk].approved_total
    assert staffing.region_staffing(world.province).actual_total == city.actual_total


def test_a_region_whose_code_starts_like_another_is_not_counted_in_it(world):
    lookalike = Region.objects.create(
        code="3706821", name="相似代码区", level=Region.Level.COUNTY, parent=world.city
    )
    make_unit("XS001", "相似区单位", lookalike, world.service)
    assert staffing.region_staffing(world.laiyang).unit_count == 2
    assert staffing.region_staffing(lookalike).unit_count == 1


def test_region_figures_can_be_limited_to_the_units_a_user_sees(world):
    visible = Unit.objects.visible_to(world.users.evaluator)
    figures = staffing.region_staffing(world.city, units=visible)
    assert figures.unit_count == 1
    assert figures.actual_total == 2


def test_deactivated_units_leave_the_region_figures_but_keep_their_own(world):
    Unit.objects.filter(pk=world.unit_b.pk).update(is_active=False)
    assert staffing.region_staffing(world.laiyang).unit_count == 1
    assert staffing.region_staffing(world.laiyang, include_inactive=True).unit_count == 2
    assert staffing.staffing_of_unit(world.unit_b).actual_total == 1


def test_region_summaries_take_the_same_number_of_queries_for_one_region_or_many(world):
    with CaptureQueriesContext(connection) as one:
        staffing.region_summary([world.laiyang])
    with CaptureQueriesContext(connection) as many:
        staffing.region_summary([world.province, world.city, world.laiyang, world.haiyang])
    assert len(one) == len(many)


def test_staffing_per_category_lists_every_category_and_the_units_without_one(world):
    Unit.objects.create(code="NC1", name="未分类单位", kind="government", region=world.laiyang)
    rows = staffing.category_staffing()
    names = [c.name if c else None for c, _s in rows]
    assert names == ["党群系统", "政务服务", None]
    by_name = {c.name if c else None: s for c, s in rows}
    assert by_name["政务服务"].unit_count == 2
    assert by_name["政务服务"].approved_total == 24
    assert by_name["党群系统"].actual_total == 0
    assert by_name[None].unit_count == 1


def test_the_region_report_gives_the_total_each_child_region_and_each_category_at_once(world):
    Category.objects.create(code="JX", name="教学科研", order=5)
    report = staffing.region_report(world.city)
    assert report.total.unit_count == 3
    assert [(r.name, s.unit_count) for r, s in report.children] == [("莱阳市", 2), ("海阳市", 1)]
    assert [(c.name, s.unit_count) for c, s in report.categories] == [
        ("党群系统", 1),
        ("政务服务", 2),
        ("教学科研", 0),
    ]
    top = staffing.region_report(None)
    assert top.total.unit_count == 3
    assert [r.name for r, _s in top.children] == ["山东省"]


def test_figures_read_as_plain_data_for_the_api(world):
    data = staffing.staffing_of_unit(world.unit_a).as_dict()
    assert data["approved"] == 12
    assert data["vacancy"] == 10
    assert data["by_kind"][0] == {
        "kind": ADMIN,
        "label": "行政编制",
        "approved": 10,
        "actual": 2,
        "vacancy": 8,
        "over": 0,
    }

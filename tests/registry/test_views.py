"""The registry pages as an office administrator uses them: lists, filters, detail, edit forms and messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import (
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitKind,
)
from tests.factories import make_unit

UNITS = reverse("registry:unit_list")


def detail(unit):
    return reverse("registry:unit_detail", args=[unit.pk])


def names_in(response):
    return [unit.name for unit, _figures in response.context["rows"]]


@pytest.fixture
def admin(world, login):
    return login(world.users.admin)


def many_units(world, n):
    Unit.objects.bulk_create(
        Unit(
            code=f"PG{i:03d}",
            name=f"分页测试单位{i:03d}",
            kind=UnitKind.GOVERNMENT,
            region=world.haiyang,
            order=100 + i,
        )
        for i in range(n)
    )


# The list -----------------------------------------------------------------------------------------------------


def test_the_unit_list_shows_each_unit_with_its_staffing_figures(world, admin):
    response = admin.get(UNITS)
    assert response.status_code == 200
    assert names_in(response) == [
        "海阳市委宣传部",
        "莱阳市发展和改革局",
        "莱阳市民政局",
    ]  # by order, then code
    html = response.content.decode()
    assert "核定编制" in html and "空编" in html and "超编" in html
    figures = {u.code: s for u, s in response.context["rows"]}
    assert figures["LY001"].approved_total == 12
    assert figures["LY001"].actual_total == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "民政"}, ["莱阳市民政局"]),
        ({"q": "hy001"}, ["海阳市委宣传部"]),
        ({"kind": "party"}, ["海阳市委宣传部"]),
        ({"q": "不存在的单位"}, []),
    ],
)
def test_the_unit_list_searches_names_and_codes_and_filters_by_kind(world, admin, query, expected):
    assert names_in(admin.get(UNITS, query)) == expected


def test_filtering_by_a_region_includes_the_units_of_its_subordinate_regions(world, admin):
    assert names_in(admin.get(UNITS, {"region": world.laiyang.pk})) == ["莱阳市发展和改革局", "莱阳市民政局"]
    assert len(names_in(admin.get(UNITS, {"region": world.city.pk}))) == 3


def test_filtering_by_category_shows_only_that_categorys_units(world, admin):
    assert names_in(admin.get(UNITS, {"category": world.party.pk})) == ["海阳市委宣传部"]


def test_deactivated_units_are_listed_only_when_asked_for(world, admin):
    Unit.objects.filter(pk=world.unit_b.pk).update(is_active=False)
    assert "莱阳市民政局" not in names_in(admin.get(UNITS))
    assert names_in(admin.get(UNITS, {"status": "inactive"})) == ["莱阳市民政局"]
    assert len(names_in(admin.get(UNITS, {"status": "all"}))) == 3


def test_an_unknown_filter_value_says_what_is_wrong(world, admin):
    response = admin.get(UNITS, {"region": "999999"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def test_the_unit_list_pages_by_fifty_and_keeps_the_filters_in_the_page_links(world, admin):
    many_units(world, 60)
    first = admin.get(UNITS, {"q": "分页测试"})
    assert len(names_in(first)) == 50
    assert first.context["page"].paginator.count == 60
    html = first.content.decode()
    assert "第 1 / 2 页" in html
    assert "?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&amp;page=2" in html
    second = admin.get(UNITS, {"q": "分页测试", "page": 2})
    assert names_in(second) == [f"分页测试单位{i:03d}" for i in range(50, 60)]


def test_the_unit_list_runs_as_many_queries_for_a_full_page_as_for_three_units(world, admin):
    admin.get(UNITS)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        admin.get(UNITS)
    many_units(world, 60)
    with CaptureQueriesContext(connection) as full:
        response = admin.get(UNITS)
    assert len(names_in(response)) == 50
    assert len(full) == len(few)


def test_a_search_from_htmx_returns_only_the_table(world, admin):
    response = admin.get(UNITS, {"q": "民政"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "莱阳市民政局" in html
    assert "共 1 个单位" in html
    assert "<html" not in html


# The detail page ---------------------------------------------------------------------------------------------


def test_the_unit_page_shows_the_current_sanding_bodies_posts_persons_figures_and_history(world, admin):
    html = admin.get(detail(world.unit_a)).content.decode()
    for text in [
        "莱阳市发展和改革局",
        "三定规定 · 第1版(现行)",
        "莱编〔2019〕01号",
        "负责莱阳市发展和改革局职责范围内的政策制定和组织实施。",
        "办公室",
        "规划科",
        "文秘岗",
        "王建国",
        "李秀英",
        "行政编制",
        "单位领导正职",
        "操作记录",
    ]:
        assert text in html, text


def test_the_unit_page_finds_a_person_by_name_and_pages_persons_by_fifty(world, admin):
    Person.objects.bulk_create(
        Person(
            unit=world.unit_a,
            staff_no=f"B{i:04d}",
            name=f"批量{i}",
            staffing_kind=StaffingKind.ADMINISTRATIVE,
        )
        for i in range(55)
    )
    page = admin.get(detail(world.unit_a)).context["persons_page"]
    assert page.paginator.count == 57
    assert len(page.object_list) == 50
    found = admin.get(detail(world.unit_a), {"pq": "李秀"}).context["persons_page"]
    assert [p.name for p in found] == ["李秀英"]


def test_the_unit_page_runs_a_fixed_number_of_queries_whatever_the_number_of_persons(world, admin):
    admin.get(detail(world.unit_a))
    with CaptureQueriesContext(connection) as few:
        admin.get(detail(world.unit_a))
    Person.objects.bulk_create(
        Person(
            unit=world.unit_a,
            staff_no=f"C{i:04d}",
            name=f"人员{i}",
            staffing_kind=StaffingKind.ADMINISTRATIVE,
        )
        for i in range(80)
    )
    with CaptureQueriesContext(connection) as many:
        admin.get(detail(world.unit_a))
    assert len(many) == len(few)


def test_dates_on_the_unit_page_are_written_the_chinese_way(world, admin):
    SanDing.objects.filter(unit=world.unit_a).update(approved_on="2019-03-08")
    assert "印发日期 2019年3月8日" in admin.get(detail(world.unit_a)).content.decode()


# Editing -----------------------------------------------------------------------------------------------------


def unit_form_data(unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "region": unit.region_id,
        "category": unit.category_id or "",
        "parent": unit.parent_id or "",
        "order": unit.order,
        "is_active": "on" if unit.is_active else "",
        "note": unit.note,
    }
    data.update(changes)
    return data


def test_an_administrator_renames_a_unit_and_the_audit_log_names_who_did_it(world, admin):
    url = reverse("registry:unit_edit", args=[world.unit_a.pk])
    response = admin.post(url, unit_form_data(world.unit_a, name="莱阳市发展改革局"), follow=True)
    assert "单位信息已保存。" in response.content.decode()
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "莱阳市发展改革局"
    event = AuditEvent.objects.for_object(world.unit_a).filter(action="update").get()
    assert event.actor == world.users.admin
    assert event.source == "web"
    assert {"field": "name", "before": "莱阳市发展和改革局", "after": "莱阳市发展改革局"} in event.changes


def test_a_unit_code_used_by_another_unit_is_refused_with_a_message(world, admin):
    url = reverse("registry:unit_edit", args=[world.unit_a.pk])
    response = admin.post(url, unit_form_data(world.unit_a, code="LY002"))
    assert response.status_code == 200
    assert "单位代码“LY002”已被其他单位使用。" in response.content.decode()
    world.unit_a.refresh_from_db()
    assert world.unit_a.code == "LY001"


def test_a_unit_without_a_name_is_refused(world, admin):
    response = admin.post(
        reverse("registry:unit_edit", args=[world.unit_a.pk]), unit_form_data(world.unit_a, name="")
    )
    assert "这个字段是必填项。" in response.content.decode()


def test_a_unit_cannot_become_the_parent_of_its_own_parent(world, admin):
    Unit.objects.filter(pk=world.unit_b.pk).update(parent=world.unit_a)
    response = admin.post(
        reverse("registry:unit_edit", args=[world.unit_a.pk]),
        unit_form_data(world.unit_a, parent=world.unit_b.pk),
    )
    assert "主管部门不能是本单位或其下属单位。" in response.content.decode()


def test_an_administrator_creates_a_unit(world, admin):
    data = unit_form_data(world.unit_a, code="LY010", name="莱阳市审计局", is_active="on")
    response = admin.post(reverse("registry:unit_create"), data, follow=True)
    assert "已新增单位“莱阳市审计局”" in response.content.decode()
    assert Unit.objects.get(code="LY010").region == world.laiyang


def test_a_unit_with_persons_cannot_be_deleted_and_the_page_says_why(world, admin):
    response = admin.post(
        reverse("registry:unit_delete", args=[world.unit_a.pk]), {"reason": "撤销"}, follow=True
    )
    assert "仍有实名制人员" in response.content.decode()
    assert Unit.objects.filter(pk=world.unit_a.pk).exists()


def test_an_empty_unit_is_deleted_with_its_sanding(world, admin):
    unit = make_unit("LY050", "临时机构", world.laiyang, world.service)
    response = admin.post(reverse("registry:unit_delete", args=[unit.pk]), {"reason": "撤销"}, follow=True)
    assert "已删除单位“临时机构”" in response.content.decode()
    assert not SanDing.objects.filter(unit_id=unit.pk).exists()
    assert AuditEvent.objects.filter(unit_id=unit.pk, action="delete", reason="撤销").count() >= 2


def child_url(unit, kind, obj=None):
    if obj is None:
        return reverse("registry:child_create", args=[unit.pk, kind])
    return reverse("registry:child_edit", args=[unit.pk, kind, obj.pk])


def test_a_new_internal_body_needs_a_code_not_used_in_the_unit(world, admin):
    response = admin.post(child_url(world.unit_a, "bodies"), {"code": "01", "name": "法规科", "order": 3})
    assert "本单位已有机构代码为“01”的记录。" in response.content.decode()
    response = admin.post(
        child_url(world.unit_a, "bodies"), {"code": "03", "name": "法规科", "order": 3}, follow=True
    )
    assert "已新增内设机构“法规科”" in response.content.decode()
    # The same code in another unit is fine.
    admin.post(child_url(world.unit_b, "bodies"), {"code": "01", "name": "办公室", "order": 1})
    assert InternalBody.objects.filter(unit=world.unit_b, code="01").exists()


def test_a_post_can_only_sit_in_an_internal_body_of_its_own_unit(world, admin):
    other_body = InternalBody.objects.create(unit=world.unit_b, code="09", name="别家科室")
    data = {"code": "A-09", "name": "新岗位", "internal_body": other_body.pk, "leadership_level": ""}
    response = admin.post(child_url(world.unit_a, "posts"), data)
    assert "选择一个有效的选项" in response.content.decode()
    assert not Post.objects.filter(code="A-09").exists()


def test_a_person_gets_a_unique_staff_number_and_a_post_of_the_unit(world, admin):
    data = {
        "staff_no": "P0003",
        "name": "赵六",
        "staffing_kind": StaffingKind.ADMINISTRATIVE,
        "is_active": "on",
    }
    response = admin.post(child_url(world.unit_a, "persons"), data)
    assert "人员编号“P0003”已被使用。" in response.content.decode()
    data.update(staff_no="P0100", post=world.clerk_post.pk, birth_year="85")
    response = admin.post(child_url(world.unit_a, "persons"), data)
    assert "出生年份应为四位年份" in response.content.decode()
    data.update(birth_year="1985", joined_on="2010-07-01")
    response = admin.post(child_url(world.unit_a, "persons"), data, follow=True)
    assert "已新增实名制人员“赵六”" in response.content.decode()
    person = Person.objects.get(staff_no="P0100")
    assert (person.unit, person.post, person.birth_year) == (world.unit_a, world.clerk_post, 1985)


def test_a_person_who_leaves_stops_counting_as_actual_staff(world, admin):
    person = Person.objects.get(staff_no="P0002")
    data = {"staff_no": "P0002", "name": "李秀英", "staffing_kind": StaffingKind.ADMINISTRATIVE, "post": ""}
    admin.post(child_url(world.unit_a, "persons", person), data)
    person.refresh_from_db()
    assert not person.is_active
    assert admin.get(detail(world.unit_a)).context["figures"].actual_total == 1


def test_deleting_a_post_keeps_its_persons_in_the_unit_without_a_post(world, admin):
    url = reverse("registry:child_delete", args=[world.unit_a.pk, "posts", world.clerk_post.pk])
    assert "该岗位上的人员将保留在本单位" in admin.get(url).content.decode()
    admin.post(url, {"reason": "岗位调整"})
    person = Person.objects.get(staff_no="P0002")
    assert person.post is None
    assert AuditEvent.objects.for_object(person).filter(action="update", reason="岗位调整").exists()


def test_the_quota_form_sets_and_removes_quotas_and_leadership_posts(world, admin):
    url = reverse("registry:quotas_edit", args=[world.unit_a.pk])
    page = admin.get(url).content.decode()
    assert "核定编制" in page and "核定领导职数" in page
    data = {
        f"staffing_{StaffingKind.ADMINISTRATIVE}": "12",
        f"staffing_{StaffingKind.LOGISTICS}": "",
        f"staffing_{StaffingKind.PUBLIC_INSTITUTION}": "5",
        f"leadership_{LeadershipLevel.UNIT_HEAD}": "1",
        f"leadership_{LeadershipLevel.UNIT_DEPUTY}": "2",
        "reason": "编制调整",
    }
    response = admin.post(url, data, follow=True)
    assert "编制和领导职数已保存。" in response.content.decode()
    sanding = world.unit_a.sandings.get(is_current=True)
    assert dict(sanding.quotas.values_list("kind", "approved")) == {
        StaffingKind.ADMINISTRATIVE: 12,
        StaffingKind.PUBLIC_INSTITUTION: 5,
    }
    assert LeadershipQuota.objects.get(sanding=sanding, level=LeadershipLevel.UNIT_DEPUTY).approved == 2
    assert AuditEvent.objects.filter(reason="编制调整", action="delete").exists()


def test_a_negative_quota_is_refused_by_name(world, admin):
    url = reverse("registry:quotas_edit", args=[world.unit_a.pk])
    response = admin.post(url, {f"staffing_{StaffingKind.ADMINISTRATIVE}": "-1"})
    assert "行政编制不能为负数。" in response.content.decode()
    assert (
        StaffingQuota.objects.get(sanding__unit=world.unit_a, kind=StaffingKind.ADMINISTRATIVE).approved == 10
    )


def test_main_duties_are_edited_one_per_line(world, admin):
    url = reverse("registry:duties_edit", args=[world.unit_a.pk])
    admin.post(url, {"text": "负责规划。\n\n负责价格监测。\n", "reason": ""})
    duties = MainDuty.objects.filter(sanding__unit=world.unit_a).order_by("seq")
    assert [(d.seq, d.text) for d in duties] == [(1, "负责规划。"), (2, "负责价格监测。")]


def test_a_new_sanding_version_starts_from_the_current_one_and_keeps_the_old(world, admin):
    url = reverse("registry:sanding_new", args=[world.unit_a.pk])
    data = {
        "document_number": "莱编〔2024〕3号",
        "approved_on": "2024-05-20",
        "note": "",
        "reason": "机构改革",
    }
    response = admin.post(url, data, follow=True)
    assert "已建立三定规定第2版" in response.content.decode()
    versions = {s.version: s for s in SanDing.objects.filter(unit=world.unit_a)}
    assert not versions[1].is_current and versions[2].is_current
    assert versions[2].quotas.count() == 2 and versions[2].main_duties.count() == 1
    assert versions[1].quotas.count() == 2


def test_a_unit_without_a_sanding_offers_to_create_one(world, admin):
    unit = Unit.objects.create(code="LY077", name="新设中心", kind="government", region=world.laiyang)
    html = admin.get(detail(unit)).content.decode()
    assert "该单位还没有三定规定。" in html
    assert admin.get(reverse("registry:quotas_edit", args=[unit.pk])).status_code == 404


# The region summary ----------------------------------------------------------------------------------------


def test_the_region_page_shows_the_figures_of_each_subordinate_region_and_per_category(world, admin):
    response = admin.get(reverse("registry:region_list"), {"region": world.city.pk})
    html = response.content.decode()
    assert "烟台市 · 编制使用汇总" in html
    assert [r.name for r, _s in response.context["report"].children] == ["莱阳市", "海阳市"]
    assert response.context["chart"]["categories"] == ["党群系统", "政务服务"]
    assert response.context["chart"]["approved"] == [12, 24]
    assert 'id="category-chart-data"' in html
    assert "vendor/echarts.min.js" in html


def test_the_region_page_starts_at_the_only_top_level_region(world, admin):
    response = admin.get(reverse("registry:region_list"))
    assert response.context["region"] == world.province


def test_an_unknown_region_is_not_found(world, admin):
    assert admin.get(reverse("registry:region_list"), {"region": "abc"}).status_code == 404

"""What a good file does: creates new rows, updates existing ones by code, records who imported what, and keeps
the per-unit staffing figures in step."""

import datetime

from django.contrib.contenttypes.models import ContentType

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import (
    InternalBody,
    LeadershipQuota,
    Person,
    Post,
    SanDing,
    StaffingQuota,
    Unit,
    UnitLeadership,
    UnitStaffing,
)

from .helpers import BODY_HEADER, PERSON_HEADER, POST_HEADER, UNIT_HEADER, errors_of, run_import


def audit_of(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("id")


def test_units_are_created_with_their_region_category_and_a_parent_from_the_same_file(world):
    rows = [
        UNIT_HEADER,
        ["LY201", "莱阳市机关事务服务中心", "", "下属事业单位", 370682, "政务服务", "LY200", 2, "是", ""],
        [
            "LY200",
            "莱阳市机关事务管理局",
            "机关事务局",
            "政府工作部门",
            "370682",
            "ZW",
            "",
            1,
            "是",
            "新组建",
        ],
    ]
    job = run_import("units", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert job.result["created"] == 2
    parent = Unit.objects.get(code="LY200")
    child = Unit.objects.get(code="LY201")
    assert (parent.short_name, parent.kind, parent.region, parent.category, parent.note) == (
        "机关事务局",
        "government",
        world.laiyang,
        world.service,
        "新组建",
    )
    assert child.parent == parent
    assert child.kind == "subordinate_institution"
    (event,) = audit_of(child)
    assert (event.action, event.unit_id, event.object_repr) == ("create", child.pk, "莱阳市机关事务服务中心")
    assert event.after == child.audit_snapshot()


def test_an_existing_code_updates_the_row_and_columns_absent_from_the_file_keep_their_values(world):
    rows = [["单位代码", "单位名称", "备注"], ["LY001", "莱阳市发展和改革局(粮食和物资储备局)", ""]]
    world.unit_a.note = "旧备注"
    world.unit_a.short_name = "发改局"
    world.unit_a.save()
    job = run_import("units", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert (job.result["created"], job.result["updated"]) == (0, 1)
    unit = Unit.objects.get(pk=world.unit_a.pk)
    assert unit.name == "莱阳市发展和改革局(粮食和物资储备局)"
    assert unit.note == ""  # present and blank: cleared
    assert unit.short_name == "发改局"  # absent: kept
    assert unit.region == world.laiyang


def test_every_created_object_gets_an_audit_record_naming_the_user_and_the_file(world):
    rows = [PERSON_HEADER, ["P3001", "姜海燕", "LY001", "A-02", "女", 1986, "行政编制", "2012-07-01", "是"]]
    job = run_import("persons", rows, world.users.admin, name="莱阳人员.xlsx")
    assert job.status == "succeeded", job.errors
    person = Person.objects.get(staff_no="P3001")
    (event,) = audit_of(person)
    assert event.action == "create"
    assert event.actor == world.users.admin
    assert event.actor_name == "赵管理"
    assert event.source == "import"
    assert "莱阳人员.xlsx" in event.reason
    assert event.object_repr == str(person)
    assert event.unit_id == world.unit_a.pk
    assert event.before is None
    assert event.after == person.audit_snapshot()
    assert job.result["audit_records"] == 1


def test_a_changed_object_gets_an_update_record_with_before_and_after(world):
    rows = [PERSON_HEADER, ["P0002", "李秀英", "LY001", "A-02", "女", 1979, "行政编制", "2001-08-01", "否"]]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    person = Person.objects.get(staff_no="P0002")
    event = audit_of(person).last()
    assert event.action == "update"
    assert event.before["is_active"] is True
    assert event.after == person.audit_snapshot()
    changed = {c["field"] for c in event.changes}
    assert changed == {"gender", "birth_year", "joined_on", "is_active"}


def test_an_unchanged_row_writes_nothing(world):
    person = Person.objects.get(staff_no="P0003")
    rows = [["人员编号", "姓名", "单位代码", "编制类型"], ["P0003", person.name, "LY002", "行政编制"]]
    before = AuditEvent.objects.count()
    job = run_import("persons", rows, world.users.admin)
    assert job.result["unchanged"] == 1
    assert AuditEvent.objects.count() == before


def test_internal_bodies_and_posts_are_created_in_their_unit(world):
    job = run_import(
        "bodies", [BODY_HEADER, ["LY002", "03", "社会救助科", "负责社会救助。", 3, "是"]], world.users.admin
    )
    assert job.status == "succeeded", job.errors
    body = InternalBody.objects.get(unit=world.unit_b, code="03")
    job = run_import(
        "posts",
        [POST_HEADER, ["LY002", "B-01", "科长", "03", "内设机构领导正职", "主持科室工作。"]],
        world.users.admin,
    )
    assert job.status == "succeeded", job.errors
    post = Post.objects.get(unit=world.unit_b, code="B-01")
    assert (post.internal_body, post.leadership_level, post.duties) == (body, "body_head", "主持科室工作。")


def test_a_csv_saved_by_excel_with_a_bom_is_read(world):
    rows = [BODY_HEADER, ["LY002", "04", "办公室", "", "", ""]]
    job = run_import("bodies", rows, world.users.admin, name="内设机构.csv")
    assert job.status == "succeeded", job.errors
    body = InternalBody.objects.get(unit=world.unit_b, code="04")
    assert (body.order, body.is_active) == (0, True)


def test_a_gb18030_csv_is_read_too(world, tmp_path):
    from lvzhi.registry.io.services import import_file

    path = tmp_path / "bodies.csv"
    path.write_bytes("单位代码,机构代码,机构名称\nLY002,05,综合科\n".encode("gb18030"))
    result = import_file("bodies", path)
    assert result.created == 1
    assert InternalBody.objects.get(unit=world.unit_b, code="05").name == "综合科"


def test_dates_in_chinese_and_excel_forms_are_read(world):
    rows = [
        PERSON_HEADER,
        ["P3001", "于丽", "LY002", "", "女", "1990", "行政编制", "2015年3月2日", "是"],
        ["P3002", "曲波", "LY002", "", "男", 1991.0, "行政编制", datetime.datetime(2016, 4, 5), "是"],
        ["P3003", "隋强", "LY002", "", "男", 1992, "行政编制", "2017/5/6", "是"],
    ]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert dict(Person.objects.filter(staff_no__startswith="P300").values_list("staff_no", "joined_on")) == {
        "P3001": datetime.date(2015, 3, 2),
        "P3002": datetime.date(2016, 4, 5),
        "P3003": datetime.date(2017, 5, 6),
    }
    assert Person.objects.get(staff_no="P3002").birth_year == 1991


def test_quotas_create_a_sanding_for_a_unit_without_one_and_a_blank_cell_cancels_a_quota(world):
    SanDing.objects.filter(unit=world.unit_c).delete()
    header = ["单位代码", "三定文号", "印发日期", "行政编制", "工勤编制", "单位领导正职职数"]
    rows = [header, ["HY001", "海编〔2020〕3号", "2020-05-01", 12, "", 1], ["LY002", "", "", 11, "", ""]]
    job = run_import("quotas", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    sanding = SanDing.objects.get(unit=world.unit_c, is_current=True)
    assert (sanding.version, sanding.document_number, sanding.approved_on) == (
        1,
        "海编〔2020〕3号",
        datetime.date(2020, 5, 1),
    )
    assert dict(sanding.quotas.values_list("kind", "approved")) == {"administrative": 12}
    assert dict(sanding.leadership_quotas.values_list("level", "approved")) == {"unit_head": 1}
    b = SanDing.objects.get(unit=world.unit_b, is_current=True)
    assert dict(b.quotas.values_list("kind", "approved")) == {"administrative": 11}  # 工勤 cancelled
    assert not b.leadership_quotas.filter(level="unit_head").exists()
    assert LeadershipQuota.objects.filter(sanding=b, level="unit_deputy").exists()  # column absent: kept
    deleted = AuditEvent.objects.filter(
        action="delete",
        content_type=ContentType.objects.get_for_model(StaffingQuota),
        actor=world.users.admin,
    )
    assert deleted.count() == 1


def test_imports_keep_the_per_unit_staffing_figures_in_step(world):
    assert UnitStaffing.objects.get(unit=world.unit_a, kind="administrative").actual == 2
    rows = [PERSON_HEADER, ["P3001", "姜海燕", "LY001", "", "女", 1986, "行政编制", "", "是"]]
    run_import("persons", rows, world.users.admin)
    figures = UnitStaffing.objects.get(unit=world.unit_a, kind="administrative")
    assert (figures.approved, figures.actual) == (10, 3)
    run_import("quotas", [["单位代码", "行政编制"], ["LY001", 12]], world.users.admin)
    assert UnitStaffing.objects.get(unit=world.unit_a, kind="administrative").approved == 12
    assert UnitLeadership.objects.get(unit=world.unit_a, level="unit_head").used == 1


def test_saving_and_deleting_a_person_keeps_the_staffing_figures_in_step(world):
    person = Person.objects.create(
        unit=world.unit_b, staff_no="P4001", name="孙磊", staffing_kind="logistics"
    )
    assert UnitStaffing.objects.get(unit=world.unit_b, kind="logistics").actual == 1
    person.unit = world.unit_a
    person.save()
    assert UnitStaffing.objects.get(unit=world.unit_b, kind="logistics").actual == 0
    assert UnitStaffing.objects.get(unit=world.unit_a, kind="logistics").actual == 1
    person.delete()
    assert UnitStaffing.objects.get(unit=world.unit_a, kind="logistics").actual == 0


def test_a_unit_with_quotas_and_posts_can_still_be_deleted(world):
    unit = world.unit_c
    unit.delete()
    assert not UnitStaffing.objects.filter(unit_id=unit.pk).exists()


def test_creating_only_refuses_nothing_when_every_code_is_new(world):
    job = run_import(
        "bodies", [BODY_HEADER, ["LY002", "06", "法规科", "", 6, "否"]], world.users.admin, mode="create"
    )
    assert job.status == "succeeded", errors_of(job)
    assert InternalBody.objects.get(unit=world.unit_b, code="06").is_active is False

"""An import is atomic: one bad row rejects the file, lists every error by row, column and reason, and stores
nothing. One test per kind of bad row."""

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import InternalBody, Person, Post, StaffingQuota, Unit

from .helpers import BODY_HEADER, PERSON_HEADER, POST_HEADER, UNIT_HEADER, errors_of, run_import


def person(staff_no, unit="LY001", post="", kind="行政编制", name="刘洋", active="是"):
    return [staff_no, name, unit, post, "男", 1980, kind, "2010-09-01", active]


def test_a_missing_required_field_is_reported_by_row_and_column_and_nothing_is_stored(world):
    before_people, before_audit = Person.objects.count(), AuditEvent.objects.count()
    rows = [PERSON_HEADER, person("P1001"), ["P1002", "", "LY001", "", "女", 1990, "行政编制", "", "是"]]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "rejected"
    assert errors_of(job) == [(3, "B", "姓名", "必填,不能为空")]
    assert "未导入任何数据" in job.message
    assert Person.objects.count() == before_people
    assert AuditEvent.objects.count() == before_audit


def test_an_unknown_unit_is_named_in_the_error(world):
    job = run_import("persons", [PERSON_HEADER, person("P1001", unit="LY999")], world.users.admin)
    assert errors_of(job) == [(2, "C", "单位代码", "单位代码「LY999」不存在")]
    assert not Person.objects.filter(staff_no="P1001").exists()


def test_an_unknown_region_or_category_rejects_a_unit_row(world):
    rows = [
        UNIT_HEADER,
        ["LY100", "莱阳市审计局", "", "政府工作部门", "379999", "政务服务", "", 1, "是", ""],
        ["LY101", "莱阳市统计局", "", "政府工作部门", "370682", "不存在的类别", "", 2, "是", ""],
    ]
    job = run_import("units", rows, world.users.admin)
    assert errors_of(job) == [
        (2, "E", "所属区划代码", "区划代码「379999」不存在"),
        (3, "F", "评估类别", "评估类别「不存在的类别」不存在"),
    ]
    assert not Unit.objects.filter(code__in=["LY100", "LY101"]).exists()


def test_an_unknown_internal_body_rejects_a_post_row(world):
    rows = [POST_HEADER, ["LY001", "A-09", "统计岗", "99", "", ""]]
    job = run_import("posts", rows, world.users.admin)
    assert errors_of(job) == [(2, "D", "内设机构代码", "内设机构代码「99」在单位「LY001」中不存在")]


def test_a_post_of_another_unit_is_unknown_for_a_person(world):
    # A-02 is a post of LY001; LY002 has no such post.
    job = run_import(
        "persons", [PERSON_HEADER, person("P1001", unit="LY002", post="A-02")], world.users.admin
    )
    assert errors_of(job) == [(2, "D", "岗位代码", "岗位代码「A-02」在单位「LY002」中不存在")]


def test_a_code_twice_in_the_file_is_a_duplicate_naming_the_first_row(world):
    rows = [BODY_HEADER, ["LY002", "01", "办公室", "", 1, "是"], ["LY002", "01", "综合科", "", 2, "是"]]
    job = run_import("bodies", rows, world.users.admin)
    assert errors_of(job) == [(3, "B", "机构代码", "机构代码「01」与第2行重复")]
    assert not InternalBody.objects.filter(unit=world.unit_b).exists()


def test_a_code_already_in_the_database_is_a_duplicate_when_only_creating(world):
    rows = [PERSON_HEADER, person("P1001"), person("P0001", name="王建国")]
    job = run_import("persons", rows, world.users.admin, mode="create")
    assert errors_of(job) == [(3, "A", "人员编号", "人员编号「P0001」已存在(仅新增模式不更新)")]
    assert not Person.objects.filter(staff_no="P1001").exists()


def test_an_unknown_code_is_an_error_when_only_updating(world):
    job = run_import("persons", [PERSON_HEADER, person("P1001")], world.users.admin, mode="update")
    assert errors_of(job) == [(2, "A", "人员编号", "人员编号「P1001」不存在(仅更新模式不新增)")]


def test_a_bad_enumeration_value_lists_the_allowed_values(world):
    job = run_import("persons", [PERSON_HEADER, person("P1001", kind="临时编制")], world.users.admin)
    assert errors_of(job) == [
        (2, "G", "编制类型", "「临时编制」不是有效的编制类型,可选:行政编制、政法专项编制、事业编制、工勤编制")
    ]


def test_persons_that_push_a_unit_over_its_approved_quota_are_rejected(world):
    # LY001 has 10 administrative posts approved and 2 in post: 9 more make 11.
    rows = [PERSON_HEADER, *[person(f"P2{i:03d}") for i in range(9)]]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "rejected"
    assert errors_of(job) == [
        (10, "G", "编制类型", "莱阳市发展和改革局行政编制核定 10 名,导入后在编 11 名,超编 1 名")
    ]
    assert Person.objects.filter(unit=world.unit_a).count() == 2


def test_persons_within_the_quota_or_not_in_post_are_accepted(world):
    rows = [PERSON_HEADER, *[person(f"P2{i:03d}") for i in range(8)], person("P2999", active="否")]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert Person.objects.filter(unit=world.unit_a, is_active=True).count() == 10


def test_over_quota_persons_are_imported_when_the_option_allows_it(world):
    rows = [PERSON_HEADER, *[person(f"P2{i:03d}") for i in range(9)]]
    job = run_import("persons", rows, world.users.admin, allow_over_quota=True)
    assert job.status == "succeeded"
    assert Person.objects.filter(unit=world.unit_a, is_active=True).count() == 11


def test_a_staffing_kind_without_an_approved_quota_cannot_take_persons(world):
    # LY001 has no 事业编制 approved at all.
    job = run_import("persons", [PERSON_HEADER, person("P1001", kind="事业编制")], world.users.admin)
    assert errors_of(job) == [
        (2, "G", "编制类型", "莱阳市发展和改革局事业编制核定 0 名,导入后在编 1 名,超编 1 名")
    ]


def test_a_second_person_on_the_only_head_post_exceeds_the_leadership_posts(world):
    # LY001 may have one unit head; 王建国 already holds post A-01.
    job = run_import("persons", [PERSON_HEADER, person("P1001", post="A-01")], world.users.admin)
    assert errors_of(job) == [
        (2, "D", "岗位代码", "莱阳市发展和改革局单位领导正职职数核定 1 名,导入后在任 2 名,超职数配备")
    ]


def test_moving_the_head_to_another_post_frees_the_head_post_in_the_same_file(world):
    rows = [PERSON_HEADER, person("P0001", post="A-02", name="王建国"), person("P1001", post="A-01")]
    job = run_import("persons", rows, world.users.admin)
    assert job.status == "succeeded", job.errors
    assert Person.objects.get(staff_no="P1001").post == world.head_post


def test_lowering_a_quota_below_the_persons_in_post_is_rejected(world):
    header = ["单位代码", "行政编制"]
    job = run_import("quotas", [header, ["LY001", 1]], world.users.admin)
    assert errors_of(job) == [(2, "B", "行政编制", "莱阳市发展和改革局行政编制核定 1 名,少于在编人数 2 名")]
    assert StaffingQuota.objects.get(sanding__unit=world.unit_a, kind="administrative").approved == 10


def test_a_wrong_header_names_the_unknown_and_the_missing_columns(world):
    rows = [["单位代码", "机构名称", "负责人"], ["LY001", "办公室", "张三"]]
    job = run_import("bodies", rows, world.users.admin)
    assert job.status == "rejected"
    errors = errors_of(job)
    assert errors[0][:3] == (1, "C", "负责人")
    assert errors[0][3].startswith("不是“内设机构”表的列。可用的列:单位代码、机构代码、机构名称")
    assert errors[1] == (1, "", "机构代码", "缺少必填列,请使用导入模板的表头")


def test_the_file_of_another_kind_is_rejected_by_its_header(world):
    job = run_import("units", [BODY_HEADER, ["LY001", "01", "办公室", "", 1, "是"]], world.users.admin)
    assert job.status == "rejected"
    assert [(e[1], e[2]) for e in errors_of(job)] == [("B", "机构代码"), ("C", "机构名称"), ("D", "主要职责")]


def test_a_new_row_needs_every_required_column_even_when_updates_do_not(world):
    rows = [["单位代码", "单位名称"], ["LY001", "莱阳市发展和改革局"], ["LY300", "莱阳市新设局"]]
    job = run_import("units", rows, world.users.admin)
    assert errors_of(job) == [
        (3, "", "单位性质", "单位代码「LY300」是新增的,文件中没有该必填列,无法新增"),
        (3, "", "所属区划代码", "单位代码「LY300」是新增的,文件中没有该必填列,无法新增"),
    ]


def test_every_error_of_every_row_is_listed_in_row_order(world):
    rows = [
        PERSON_HEADER,
        ["P1001", "", "LY999", "", "男", "一九八零", "行政编制", "2010-13-01", "是"],
        person("P1002", post="A-77"),
        person("P1002"),
        person("P1003", kind="军籍"),
    ]
    job = run_import("persons", rows, world.users.admin)
    assert [(e[0], e[1]) for e in errors_of(job)] == [
        (2, "B"),
        (2, "C"),
        (2, "F"),
        (2, "H"),
        (3, "D"),
        (4, "A"),
        (5, "G"),
    ]
    assert job.error_count == 7
    assert Person.objects.filter(staff_no__startswith="P100").count() == 0


def test_a_unit_whose_parent_chain_loops_is_rejected(world):
    rows = [
        UNIT_HEADER,
        ["LY100", "甲中心", "", "下属事业单位", "370682", "", "LY101", 1, "是", ""],
        ["LY101", "乙中心", "", "下属事业单位", "370682", "", "LY100", 2, "是", ""],
    ]
    job = run_import("units", rows, world.users.admin)
    assert [(e[0], e[1], e[2]) for e in errors_of(job)] == [
        (2, "G", "主管部门代码"),
        (3, "G", "主管部门代码"),
    ]
    assert "循环" in job.errors[0]["reason"]


def test_changing_a_post_to_a_leadership_level_over_the_allowed_number_is_rejected(world):
    # A-02 (held by 李秀英) becomes a second unit head post while 王建国 holds A-01.
    job = run_import(
        "posts", [POST_HEADER, ["LY001", "A-02", "文秘岗", "01", "单位领导正职", ""]], world.users.admin
    )
    assert errors_of(job) == [
        (2, "E", "领导职务", "莱阳市发展和改革局单位领导正职核定 1 名,调整后在任 2 名,超出领导职数")
    ]
    assert Post.objects.get(pk=world.clerk_post.pk).leadership_level == ""


def test_a_title_row_above_the_header_is_skipped_and_rows_keep_their_excel_numbers(world):
    rows = [["莱阳市实名制人员名册(2026年)"], PERSON_HEADER, person("P1001"), person("P1002", unit="LY404")]
    job = run_import("persons", rows, world.users.admin)
    assert errors_of(job) == [(4, "C", "单位代码", "单位代码「LY404」不存在")]

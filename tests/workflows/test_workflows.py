"""Workflows at work: drawing a version with sub-steps, submitting, adopting, redesigning, comparing, the checks
and the selector other rooms read; hand-counted figures."""

import datetime

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Invalid, Refused
from lvzhi.workflows import actions, checks, selectors
from lvzhi.workflows.charts import schedule
from lvzhi.workflows.models import Status

from .conftest import AFTER, BEFORE

pytestmark = pytest.mark.django_db


def adopted(flow, specs, day=datetime.date(2025, 7, 1)):
    workflow = flow.new()
    version = flow.draw(workflow.versions.get(), specs)
    actions.adopt(version, valid_from=day, actor=flow.admin)
    return workflow, version


def redesigned(flow, workflow, specs, day=datetime.date(2026, 3, 2)):
    version = actions.new_version(workflow, reason="流程再造", actor=flow.admin)
    for step in version.steps.filter(parent=None):
        actions.delete_step(step, actor=flow.admin)
    flow.draw(version, specs)
    actions.adopt(version, valid_from=day, actor=flow.admin)
    return version


def test_a_version_is_numbered_as_users_read_it_with_its_sub_steps(flow):
    workflow = flow.new()
    version = flow.draw(workflow.versions.get(), BEFORE)
    specs = selectors.steps_of(version)
    assert [s.number for s in specs] == ["1", "2", "2.1", "2.2", "2.3", "3", "4", "5", "6", "7"]
    assert [s.parent for s in specs][2:5] == ["2", "2", "2"]
    first = specs[0]
    assert (first.name, first.post_name, first.time_limit, first.time_unit, first.sign_off) == (
        "受理", "规划科科员", 4, "hours", "post",
    )  # fmt: skip


def test_figures_count_steps_procedures_materials_levels_and_time_limits(flow):
    workflow = flow.new()
    f = selectors.figures(flow.draw(workflow.versions.get(), BEFORE))
    assert (f.steps, f.procedures) == (7, 9)  # 7 steps; 审查 has 3 sub-steps, the other 6 count one each
    assert f.materials == ["项目申请报告", "用地预审意见", "营业执照", "评估报告"]
    assert f.levels == 5 and f.too_many_levels and not f.inside_section
    # 审查 has no limit of its own: its sub-steps' 3 + 5 + 2 count; 2 + 2 + 2 + 3 + 1 for the rest
    assert (f.days, f.hours) == (20, 4)


def test_a_redesign_shows_what_was_cut(flow):
    workflow, v1 = adopted(flow, BEFORE)
    v2 = redesigned(flow, workflow, AFTER)
    c = selectors.compare(v1, v2)
    assert (c.steps_cut, c.procedures_cut, c.materials_cut) == (3, 4, 2)
    assert (c.days_cut, c.hours_cut, c.levels_cut) == (10, 0, 3)
    assert c.removed_steps == ["科室审核", "分管领导审签", "局长签发", "党组会研究"]
    assert c.added_steps == ["科室审批"]
    assert c.removed_materials == ["用地预审意见", "评估报告"]
    assert c.removed_subs == ["征求意见", "评估论证"] and c.added_subs == ["并联征求意见"]
    assert c.kinds == ["减环节", "减程序", "减材料", "减时限", "减层级"]
    v1.refresh_from_db()
    assert (v1.status, v1.valid_to) == (Status.SUPERSEDED, datetime.date(2026, 3, 2))


def test_the_version_in_force_on_a_day_is_what_supervision_checks_events_against(flow):
    workflow, _v1 = adopted(flow, BEFORE)
    redesigned(flow, workflow, AFTER)
    before = selectors.workflow_steps("LY001", "LC-1", datetime.date(2026, 3, 1))
    after = selectors.workflow_steps("LY001", "LC-1", datetime.date(2026, 3, 2))
    assert len(before) == 10 and len(after) == 6
    assert selectors.workflow_steps("LY001", "LC-1", datetime.date(2025, 6, 30)) == []
    assert selectors.workflow_steps("LY001", "NO-SUCH", datetime.date(2026, 3, 2)) == []


def test_checks_per_unit_flag_five_levels_and_count_the_share_signed_inside_a_section(flow):
    workflow, _v1 = adopted(flow, BEFORE)
    # a second workflow, signed inside the section from the start
    other = flow.new(code="LC-2", name="规划备案流程")
    actions.adopt(
        flow.draw(other.versions.get(), [("备案", "chief", 3, "days", "section", "", [])]),
        valid_from=datetime.date(2025, 7, 1),
        actor=flow.admin,
    )
    figures = checks.unit_checks(
        flow.admin, flow.world.unit_a.__class__.objects.filter(pk=flow.world.unit_a.pk)
    )
    row = figures.units[0]
    assert (row.workflows, row.flagged, row.inside_before, row.inside_now) == (2, 1, 1, 1)
    assert checks.percent(row.share_now) == "50.00%"
    redesigned(flow, workflow, AFTER)
    figures = checks.unit_checks(
        flow.admin, flow.world.unit_a.__class__.objects.filter(pk=flow.world.unit_a.pk)
    )
    row = figures.units[0]
    assert (row.flagged, row.inside_before, row.inside_now, row.redesigned) == (0, 1, 2, 1)
    assert (checks.percent(row.share_before), checks.percent(row.share_now)) == ("50.00%", "100.00%")
    assert (row.steps_cut, row.procedures_cut, row.materials_cut, row.days_cut) == (3, 4, 2, 10)
    assert figures.total.steps_cut == 3


def test_a_share_is_rounded_half_up_to_two_decimals():
    from fractions import Fraction

    assert checks.percent(Fraction(7282, 10000)) == "72.82%"
    assert checks.percent(Fraction(1, 3)) == "33.33%"
    assert checks.percent(Fraction(2, 3)) == "66.67%"
    assert checks.percent(None) == "—"


def test_a_contact_drafts_and_submits_the_office_returns_then_adopts(flow):
    contact = flow.world.users.contact_a
    workflow = flow.new(actor=contact)
    version = workflow.versions.get()
    with pytest.raises(Invalid, match="还没有环节"):
        actions.submit(version, actor=contact)
    flow.draw(version, AFTER, actor=contact)
    actions.submit(version, actor=contact)
    with pytest.raises(Refused, match="草稿"):
        actions.save_step(version, name="新环节", responsible="申请人", actor=contact)
    with pytest.raises(Refused, match="只有编办管理员"):
        actions.adopt(version, actor=contact)
    actions.return_version(version, reason="请补充时限依据", actor=flow.admin)
    version.refresh_from_db()
    assert (version.status, version.returned_reason) == (Status.DRAFT, "请补充时限依据")
    actions.submit(version, actor=contact)
    actions.adopt(version, valid_from=datetime.date(2026, 1, 5), actor=flow.admin)
    version.refresh_from_db()
    assert version.status == Status.IN_FORCE
    events = list(
        AuditEvent.objects.filter(event_type__startswith="workflows.")
        .order_by("pk")
        .values_list("event_type", flat=True)
    )
    assert events == ["workflows.submitted", "workflows.returned", "workflows.submitted", "workflows.adopted"]


def test_a_contact_cannot_draw_for_another_unit(flow):
    contact_b = flow.world.users.contact_b
    workflow = flow.new()
    with pytest.raises(Refused, match="只能办理本单位"):
        actions.save_step(workflow.versions.get(), name="受理", responsible="申请人", actor=contact_b)


def test_a_step_needs_a_post_of_the_unit_or_a_named_party(flow):
    version = flow.new().versions.get()
    with pytest.raises(Invalid, match="责任岗位"):
        actions.save_step(version, name="受理", actor=flow.admin)
    other_post = flow.world.unit_b.posts.create(code="B-1", name="民政局科员")
    with pytest.raises(Invalid, match="本单位的岗位"):
        actions.save_step(version, name="受理", post=other_post, actor=flow.admin)


def test_sub_steps_go_one_level_deep_only(flow):
    version = flow.draw(flow.new().versions.get(), BEFORE)
    sub = version.steps.exclude(parent=None).first()
    with pytest.raises(Invalid, match="子环节下不能再分"):
        actions.save_step(version, name="再下一级", parent=sub, responsible="申请人", actor=flow.admin)


def test_one_open_version_at_a_time_and_an_adoption_date_after_the_one_in_force(flow):
    workflow, _v1 = adopted(flow, BEFORE)
    draft = actions.new_version(workflow, reason="再造", actor=flow.admin)
    with pytest.raises(Refused, match="未审定的版本"):
        actions.new_version(workflow, reason="再造", actor=flow.admin)
    with pytest.raises(Refused, match="须晚于"):
        actions.adopt(draft, valid_from=datetime.date(2025, 7, 1), actor=flow.admin)
    assert draft.steps.count() == 10  # copied from the version in force


def test_moving_and_deleting_steps_renumber_them(flow):
    version = flow.draw(flow.new().versions.get(), BEFORE)
    last = version.steps.get(name="送达")
    actions.move_step(last, up=True, actor=flow.admin)
    names = [s.name for s in selectors.steps_of(version) if not s.parent]
    assert names[-2:] == ["送达", "党组会研究"]
    actions.delete_step(version.steps.get(name="审查"), actor=flow.admin)
    specs = selectors.steps_of(version)
    assert [s.number for s in specs] == ["1", "2", "3", "4", "5", "6"]
    assert not version.steps.filter(name="材料审查").exists()


def test_the_schedule_counts_working_days_on_the_calendar_around_the_spring_festival(flow):
    version = flow.draw(flow.new().versions.get(), [
        ("受理", "clerk", 1, "days", "", "", []),
        ("审查", "clerk", 3, "days", "", "", []),
    ])  # fmt: skip
    rows = schedule(selectors.step_tree(version), datetime.date(2026, 2, 13))
    # 2026: 15–23 February off (春节), 14 and 28 February make-up working days
    assert [(r.number, r.due) for r in rows] == [
        ("1", datetime.date(2026, 2, 14)),
        ("2", datetime.date(2026, 2, 26)),
    ]
    assert not any(r.provisional for r in rows)

"""Filing, breaking down, submitting and reviewing annual goals: what the contact and the office see and can do."""

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import Notification
from lvzhi.core.errors import Invalid, Refused
from lvzhi.goals import actions
from lvzhi.goals.models import Goal, Review

from .conftest import file_goal, qualitative, quantitative

pytestmark = pytest.mark.django_db


def test_a_quantitative_goal_needs_metric_unit_and_target(world):
    with pytest.raises(Invalid) as caught:
        actions.save_goal(
            world.unit_a, quantitative(metric="", measure_unit="", target=None), actor=world.users.contact_a
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"metric", "measure_unit", "target"}
    assert not Goal.objects.exists()


def test_a_qualitative_goal_needs_a_measure_for_every_quarter(world):
    with pytest.raises(Invalid) as caught:
        actions.save_goal(world.unit_a, qualitative(measure_q3=""), actor=world.users.contact_a)
    assert [p.field for p in caught.value.problems] == ["measure_q3"]


def test_a_sanding_goal_names_a_main_duty_of_its_own_unit(world):
    other = world.unit_b.current_sanding.main_duties.first()
    with pytest.raises(Invalid) as caught:
        actions.save_goal(
            world.unit_a, quantitative(source="sanding", main_duty=other), actor=world.users.contact_a
        )
    assert caught.value.problems[0].message == "三定主要职责须是本单位的。"
    own = world.unit_a.current_sanding.main_duties.first()
    goal = actions.save_goal(
        world.unit_a, quantitative(source="sanding", main_duty=own), actor=world.users.contact_a
    )
    assert goal.main_duty == own


def test_quarterly_targets_are_cumulative_and_within_the_annual_target(world):
    with pytest.raises(Invalid) as caught:
        actions.save_goal(
            world.unit_a, quantitative(target_q1=200, target_q2=150), actor=world.users.contact_a
        )
    assert [p.field for p in caught.value.problems] == ["target_q2"]


def test_a_goal_is_broken_down_before_it_is_submitted(world):
    goal = actions.save_goal(world.unit_a, quantitative(), actor=world.users.contact_a)
    with pytest.raises(Invalid, match="尚未分解到内设机构"):
        actions.submit_goal(goal, actor=world.users.contact_a)
    with pytest.raises(Invalid) as caught:
        actions.save_task(goal, internal_body=world.planning, text="x", cooperating_units=[world.unit_a],
                          actor=world.users.contact_a)  # fmt: skip
    assert caught.value.problems[0].message == "配合单位不能是本单位。"


def test_a_contact_cannot_file_for_another_unit(world):
    with pytest.raises(Refused, match="只能办理本单位的目标"):
        actions.save_goal(world.unit_b, quantitative(), actor=world.users.contact_a)


def test_the_office_returns_a_goal_with_reasons_and_the_contact_corrects_and_resubmits(
    world, django_capture_on_commit_callbacks
):
    goal = file_goal(world, quantitative(target=100), submit=True)
    contact, admin = world.users.contact_a, world.users.admin
    with pytest.raises(Refused):
        actions.save_goal(world.unit_a, quantitative(target=120), goal=goal, actor=contact)  # 待审核: locked
    with pytest.raises(Invalid, match="退回须写明理由"):
        actions.review_goal(goal, decision="return", reason=" ", actor=admin)
    with pytest.raises(Refused, match="只有编办管理员可以审核年度目标"):
        actions.review_goal(goal, decision="approve", actor=contact)

    with django_capture_on_commit_callbacks(execute=True):
        actions.review_goal(goal, decision="return", reason="目标值低于上年实际,请调高", actor=admin)
    goal.refresh_from_db()
    assert goal.status == "returned" and goal.return_reason == "目标值低于上年实际,请调高"
    event = AuditEvent.objects.get(event_type="goals.returned")
    assert (
        event.reason == "目标值低于上年实际,请调高"
        and event.actor == admin
        and event.unit_id == world.unit_a.pk
    )
    note = Notification.objects.get(user=contact)
    assert "目标值低于上年实际" in note.text and note.url == f"/goals/{goal.pk}/"

    actions.save_goal(world.unit_a, quantitative(target=450), goal=goal, actor=contact)
    actions.submit_goal(goal, actor=contact)
    actions.review_goal(goal, decision="approve", actor=admin)
    goal.refresh_from_db()
    assert goal.status == "approved" and goal.target == 450 and goal.return_reason == ""
    assert list(goal.reviews.values_list("decision", flat=True)) == [
        Review.Decision.RETURN,
        Review.Decision.APPROVE,
    ]
    with pytest.raises(Refused, match="当前为「已通过」"):
        actions.save_goal(world.unit_a, quantitative(target=1), goal=goal, actor=contact)


def test_pages_show_the_returned_goal_and_hide_other_units(world, login):
    goal = file_goal(world, quantitative(), submit=True)
    admin = login(world.users.admin)
    response = admin.post(f"/goals/{goal.pk}/review/", {"decision": "return", "reason": "请细化分解任务"})
    assert response.status_code == 302
    page = login(world.users.contact_a).get(f"/goals/{goal.pk}/").content.decode()
    assert "请细化分解任务" in page and "已退回" in page
    assert login(world.users.contact_b).get(f"/goals/{goal.pk}/").status_code == 404
    assert login(world.users.third_party).get("/goals/").status_code == 403
    todo = login(world.users.contact_a).get("/todo/").content.decode()
    assert "修改被退回的目标「新增市场主体」" in todo

"""Each role is refused what its stage does not allow, with the same answer in the pages and the API, and the
locks hold: nothing changes after submission or publication without a reopen."""

import datetime

import pytest
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import IndicatorEntry, LeaderRating, Stage

from .conftest import advance, cu_of, text_evidence

SELF_BODY = {"scores": [{"code": "A1", "value": "18"}], "report": "报告"}


def self_path(camp, unit):
    return f"campaigns/{camp.pk}/units/{unit.pk}/self"


@pytest.mark.parametrize(
    ("who", "status", "detail"),
    [
        ("contact_a", 200, None),
        ("contact_b", 404, None),
        ("evaluator", 403, "评估人员不能填报自评。"),
        ("leader", 403, "领导评议人不能填报自评。"),
        ("committee", 403, "编委会成员不能填报自评。"),
        ("admin", 403, "编办管理员不能填报自评。"),
        ("third_party", 404, None),
    ],
)
def test_only_the_units_own_contact_may_fill_in_its_self_assessment(world, camp, api, who, status, detail):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    response = api(getattr(world.users, who)).put(self_path(camp, world.unit_a), SELF_BODY)
    assert response.status_code == status
    if detail:
        assert response.json()["detail"] == detail
    stored = IndicatorEntry.objects.filter(campaign_unit__unit=world.unit_a, code="A1").first()
    assert (stored is not None and stored.self_score == 18) == (status == 200)


def test_a_contact_cannot_self_assess_before_the_stage_opens_nor_object_before_feedback(world, camp, api):
    client = api(world.users.contact_a)
    response = client.put(self_path(camp, world.unit_a), SELF_BODY)
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "当前阶段为「部署」,不能填报自评;填报自评只能在「自查自评」、「案头审核」阶段进行。"
    )
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    response = client.post(
        f"campaigns/{camp.pk}/units/{world.unit_a.pk}/objections", {"code": "A1", "reason": "不服"}
    )
    assert response.status_code == 403
    assert "不能提出异议" in response.json()["detail"]


def test_a_leader_rates_only_the_units_of_the_portfolio_and_only_while_inputs_are_open(world, camp, api):
    u = world.users
    client = api(u.leader)
    body = {"unit_id": world.unit_a.pk, "rating": "优秀", "period": "H1"}
    assert client.post(f"campaigns/{camp.pk}/ratings", body).status_code == 403  # deployment
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    assert client.post(f"campaigns/{camp.pk}/ratings", body).status_code == 200
    assert client.post(f"campaigns/{camp.pk}/ratings", dict(body, unit_id=world.unit_c.pk)).status_code == 404
    refused = api(u.evaluator).post(f"campaigns/{camp.pk}/ratings", body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "评估人员不能领导评价。"
    camp = advance(camp, Stage.SCORING, u.admin)
    late = client.post(f"campaigns/{camp.pk}/ratings", dict(body, rating="差"))
    assert late.status_code == 403
    assert LeaderRating.objects.get(campaign=camp, unit=world.unit_a).rating == "优秀"


def test_the_committee_decides_only_in_the_approval_stage_and_only_the_committee(world, camp, api):
    body = {"meeting": "编委会会议", "decided_on": "2026-11-20", "outcome": "approved", "text": "同意"}
    camp = advance(camp, Stage.SCORING, world.users.admin)
    early = api(world.users.committee).post(f"campaigns/{camp.pk}/decisions", body)
    assert early.status_code == 403 and "不能审定结果" in early.json()["detail"]
    assert (
        api(world.users.admin).post(f"campaigns/{camp.pk}/decisions", body).json()["detail"]
        == "编办管理员不能审定结果。"
    )


def test_a_submitted_self_assessment_is_locked_in_the_page_and_the_api_until_returned(
    world, camp, api, login
):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="报告"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    response = api(u.contact_a).put(
        self_path(camp, world.unit_a), {"scores": [{"code": "A1", "value": "20"}]}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "自评已提交,不能再修改;如需修改,请联系评估人员退回。"
    page = login(u.contact_a).post(
        reverse("campaigns:unit_self", args=[camp.pk, world.unit_a.pk]),
        {"score__A1__": "20", "action": "save"},
    )
    assert page.status_code == 403
    evidence = api(u.contact_a).client.post(
        f"/api/campaigns/{camp.pk}/units/{world.unit_a.pk}/evidence", {"code": "A1", "text": "补充说明"}
    )
    assert evidence.status_code == 403
    assert IndicatorEntry.objects.get(campaign_unit=cu, code="A1").self_score == 18
    # Returned for correction, the contact may change it again, even in the desk review stage.
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.return_self_assessment(cu_of(camp, world.unit_a), actor=u.evaluator, reason="A1佐证不足")
    assert (
        api(u.contact_a)
        .put(self_path(camp, world.unit_a), {"scores": [{"code": "A1", "value": "17"}]})
        .status_code
        == 200
    )
    assert (
        api(u.contact_b)
        .put(self_path(camp, world.unit_b), {"scores": [{"code": "A1", "value": "17"}]})
        .status_code
        == 403
    )


def test_after_publication_nothing_changes_without_an_audited_reopen(world, camp, api, login):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    scoring.compute(camp, actor=u.admin)
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="编委会", decided_on=datetime.date(2026, 12, 1),
                            outcome="approved", text="同意", acknowledge_gaps=True)  # fmt: skip
    actions.publish(cu_of(camp, world.unit_a).campaign, actor=u.admin)
    camp.refresh_from_db()
    assert camp.is_published
    locked = "评估结果已公布,一切内容已锁定;如需修改,须由编办管理员说明理由后重新开启相应阶段。"
    attempts = [
        api(u.admin).post(f"campaigns/{camp.pk}/results/compute"),
        api(u.admin).put(
            f"campaigns/{camp.pk}/units/{world.unit_a.pk}/review", {"scores": [{"code": "A2", "value": "1"}]}
        ),
        api(u.leader).post(
            f"campaigns/{camp.pk}/ratings", {"unit_id": world.unit_a.pk, "rating": "差", "period": "H1"}
        ),
        api(u.contact_a).post(
            f"campaigns/{camp.pk}/units/{world.unit_a.pk}/objections", {"code": "A1", "reason": "x"}
        ),
        api(u.admin).post(f"campaigns/{camp.pk}/stage/close", {"force": True, "reason": "x"}),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    assert all(r.json()["detail"] == locked for r in attempts)
    page = login(u.admin).post(reverse("campaigns:results", args=[camp.pk]), {"action": "compute"})
    assert page.status_code == 403 and locked in page.content.decode()

    # Reopening needs an office administrator and a reason; it is audited and withdraws the publication.
    assert (
        api(u.committee)
        .post(f"campaigns/{camp.pk}/stage/reopen", {"stage": "feedback", "reason": "复核"})
        .status_code
        == 403
    )
    no_reason = api(u.admin).post(f"campaigns/{camp.pk}/stage/reopen", {"stage": "feedback", "reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["detail"] == "重新开启阶段须说明理由。"
    reopened = api(u.admin).post(
        f"campaigns/{camp.pk}/stage/reopen", {"stage": "feedback", "reason": "单位补充材料,重新复核"}
    )
    assert reopened.status_code == 200
    assert reopened.json()["stage"] == "feedback" and reopened.json()["published_at"] is None
    event = AuditEvent.objects.get(event_type="campaign.stage_reopened")
    assert event.actor == u.admin and event.reason == "单位补充材料,重新复核"
    assert event.before["stage"] == "publication" and event.after == {"stage": "feedback"}


def test_a_stage_with_unfinished_work_closes_only_when_forced_with_a_reason(world, camp, api):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    client = api(u.admin)
    response = client.post(f"campaigns/{camp.pk}/stage/close", {})
    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "不能结束本阶段:「莱阳市发展和改革局」:尚未填报自评。「莱阳市民政局」:尚未填报自评。"
    )
    assert (
        client.post(f"campaigns/{camp.pk}/stage/close", {"force": True}).json()["detail"]
        == "强制结束阶段须说明理由。"
    )
    forced = client.post(
        f"campaigns/{camp.pk}/stage/close", {"force": True, "reason": "逾期未报,按未提交处理"}
    )
    assert forced.status_code == 200 and forced.json()["stage"] == "desk_review"
    event = AuditEvent.objects.filter(event_type="campaign.stage_closed").latest("id")
    assert event.reason == "逾期未报,按未提交处理" and event.after["forced"] is True
    assert (
        api(u.evaluator).post(f"campaigns/{camp.pk}/stage/close", {}).json()["detail"]
        == "评估人员不能结束阶段。"
    )


def test_a_contact_sees_the_evaluators_scores_and_visit_only_from_the_feedback_stage(world, camp, api, login):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="r"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.review_scores(
        cu_of(camp, world.unit_a), actor=u.evaluator, scores={("A1", ""): "12"}, reasons={("A1", ""): "核减"}
    )
    actions.plan_visit(cu_of(camp, world.unit_a), actor=u.evaluator)
    client = api(u.contact_a)
    unit = f"campaigns/{camp.pk}/units/{world.unit_a.pk}"
    a1 = next(e for e in client.get(unit).json()["entries"] if e["code"] == "A1")
    assert (a1["self_score"], a1["reviewed_score"], a1["review_reason"]) == ("18.0000", None, "")
    assert client.get(f"{unit}/visit").status_code == 404
    assert (
        login(u.contact_a).get(reverse("campaigns:unit_review", args=[camp.pk, world.unit_a.pk])).status_code
        == 404
    )
    assert client.get(f"campaigns/{camp.pk}/ratings").status_code == 403
    assert api(u.evaluator).get(f"{unit}/visit").status_code == 200
    camp = advance(camp, Stage.FEEDBACK, u.admin)
    a1 = next(e for e in client.get(unit).json()["entries"] if e["code"] == "A1")
    assert (a1["reviewed_score"], a1["review_reason"]) == ("12.0000", "核减")
    assert client.get(f"{unit}/visit").status_code == 200

"""A small campaign run through every stage with the actions, as the pages and the API call them."""

import datetime

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, imports, scoring
from lvzhi.campaigns.events import EVENT_LABELS
from lvzhi.campaigns.models import Campaign, Stage, UnitResult

from .conftest import cu_of, text_evidence


def test_a_campaign_runs_from_deployment_to_a_published_ranking(world, camp):
    u = world.users
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.SELF_ASSESSMENT

    for unit, contact, score in ((world.unit_a, u.contact_a, "18"), (world.unit_b, u.contact_b, "15")):
        cu = cu_of(camp, unit)
        actions.save_self_assessment(
            cu,
            actor=contact,
            scores={("A1", ""): score, ("A2", ""): "19", ("A3", ""): "17"},
            report="自评报告正文",
        )
        text_evidence(cu, contact)
        actions.submit_self_assessment(cu, actor=contact)
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.DESK_REVIEW

    cu_a = cu_of(camp, world.unit_a)
    actions.review_scores(cu_a, actor=u.evaluator, scores={("A1", ""): "16", ("A2", ""): "19"},
                          reasons={("A1", ""): "两项目标未按期完成"})  # fmt: skip
    actions.complete_review(cu_a, actor=u.evaluator)
    cu_b = cu_of(camp, world.unit_b)
    actions.review_scores(cu_b, actor=u.admin, scores={("A1", ""): "15", ("A2", ""): "18"},
                          reasons={("A2", ""): "挂牌组建滞后"})  # fmt: skip
    actions.complete_review(cu_b, actor=u.admin)
    actions.plan_visit(cu_a, actor=u.evaluator, planned_on=datetime.date(2026, 10, 12), place="发改局会议室")
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.ON_SITE

    visit = cu_of(camp, world.unit_a).visit
    for item in visit.items.all():
        actions.tick_item(item, actor=u.evaluator, ticked=True, note="已查阅")
    actions.review_scores(cu_of(camp, world.unit_a), actor=u.evaluator, scores={("A3", ""): "18"},
                          reasons={("A3", ""): "现场核实"}, source="on_site")  # fmt: skip
    actions.review_scores(cu_of(camp, world.unit_b), actor=u.admin, scores={("A3", ""): "14"},
                          reasons={("A3", ""): "现场核实"}, source="on_site")  # fmt: skip
    actions.close_visit(visit, actor=u.evaluator, summary="总体良好")
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.MULTI_PARTY

    for unit, ratings in ((world.unit_a, ("优秀", "良好")), (world.unit_b, ("良好", "一般"))):
        for period, rating in zip(("H1", "H2"), ratings, strict=True):
            actions.rate_unit(camp, actor=u.leader, unit=unit, period=period, rating=rating)
    third = "单位代码,单位名称,B2\nLY001,莱阳市发展和改革局,88\nLY002,莱阳市民政局,75\n".encode()
    imports.import_file(camp, actor=u.third_party, kind="third_party", content=third, filename="third.csv")
    imports.import_file(
        camp,
        actor=u.admin,
        kind="hotline",
        content="单位代码,B1\nLY001,92.5\nLY002,80\n".encode(),
        filename="hotline.csv",
    )
    imports.import_file(
        camp,
        actor=u.admin,
        kind="inspection",
        content="单位代码,A5\nLY001,1\nLY002,3\n".encode(),
        filename="inspection.csv",
    )
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.SCORING

    assert scoring.compute(camp, actor=u.admin) == 2
    camp.refresh_from_db()
    for flag in camp.flags.all():
        actions.resolve_flag(flag, actor=u.admin, note="已核实")
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.FEEDBACK

    objection = actions.raise_objection(
        cu_of(camp, world.unit_a), actor=u.contact_a, code="A1", reason="第三项目标已于12月完成"
    )
    actions.answer_objection(objection, actor=u.evaluator, upheld=True, answer="核实属实", new_score="18")
    scoring.compute(camp, actor=u.admin)
    camp = actions.close_stage(camp, actor=u.admin)
    assert camp.stage == Stage.APPROVAL

    actions.record_decision(camp, actor=u.committee, meeting="2026年第4次编委会会议", decided_on=datetime.date(2026, 11, 20),
                            outcome="approved", text="同意评估结果")  # fmt: skip
    camp = Campaign.objects.get(pk=camp.pk)
    assert camp.stage == Stage.PUBLICATION
    actions.publish(camp, actor=u.admin)
    camp.refresh_from_db()
    assert camp.is_published

    a = UnitResult.objects.get(campaign=camp, unit=world.unit_a)
    b = UnitResult.objects.get(campaign=camp, unit=world.unit_b)
    # A: 18 (upheld) + 19 + 18 = 55, leader (100 + 80) / 2 = 90% of 10 = 9, one problem found -1 → 63;
    # B: hotline 92.5% of 20 = 18.5, third party 88% of 20 = 17.6 → 36.1; total 99.1.
    assert str(a.total) == "99.1000"
    # B: 15 + 18 + 14 = 47, leader (80 + 60) / 2 = 70% → 7, -3 → 51; 80% of 20 = 16, 75% of 20 = 15 → 82.
    assert str(b.total) == "82.0000"
    assert (a.grade, b.grade) == ("优秀", "良好")
    assert (a.rank, b.rank) == (1, 2)
    assert scoring.verify(camp) == []
    assert AuditEvent.objects.filter(event_type="campaign.published").exists()
    written = set(AuditEvent.objects.exclude(event_type="").values_list("event_type", flat=True))
    assert len(written) >= 8 and written <= set(EVENT_LABELS)  # each one named in the audit log

"""What each stage does, as the people in it see it: scope and copy, evidence behind its permission check,
forms, desk review reasons, findings, on-site checklists, imports that are all or nothing, objections and
re-check, triangulation, recomputation and notifications."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, imports, scoring
from lvzhi.campaigns.models import (
    Campaign,
    CampaignUnit,
    ImportedValue,
    IndicatorEntry,
    Notification,
    Stage,
    TriangulationFlag,
    UnitResult,
)
from lvzhi.campaigns.stages import Invalid, Refused
from lvzhi.findings.models import Finding
from lvzhi.registry.models import Unit, UnitKind
from tests.factories import make_unit

from .conftest import advance, cu_of, text_evidence

SCORES = {("A1", ""): "18", ("A2", ""): "19", ("A3", ""): "17"}


def submitted(camp, world, unit=None, contact=None):
    unit = unit or world.unit_a
    contact = contact or world.users.contact_a
    cu = cu_of(camp, unit)
    actions.save_self_assessment(cu, actor=contact, scores=SCORES, report="自评报告")
    text_evidence(cu, contact)
    actions.submit_self_assessment(cu, actor=contact)
    return cu_of(camp, unit)


# -- 1. campaigns -------------------------------------------------------------------------------------------------


def test_the_scope_takes_a_categorys_units_and_samples_at_least_the_set_share_of_their_subordinates(
    world, mini_version
):
    subs = [
        make_unit(
            f"LY001-{i}",
            f"发改下属中心{i}",
            world.laiyang,
            world.service,
            kind=UnitKind.SUBORDINATE_INSTITUTION,
            parent=world.unit_a,
        )
        for i in range(7)
    ]
    camp = actions.create_campaign(actor=world.users.admin, name="2026年评估", year=2026, scheme_version=mini_version,
                                   categories=[world.service], subordinate_share=Decimal("0.30"))  # fmt: skip
    included = {cu.unit_id: cu.included_by for cu in camp.units.all()}
    sampled = [u for u in subs if u.pk in included]
    assert len(sampled) == 3  # 30% of 7 is 2.1: at least 30% means 3
    assert {included[world.unit_a.pk], included[world.unit_b.pk]} == {"category"}
    assert world.unit_c.pk not in included
    # The same rule gives the same sample again.
    actions.refresh_scope(camp, actor=world.users.admin)
    assert {cu.unit_id for cu in camp.units.all()} == set(included)


def test_a_campaign_freezes_only_a_published_scheme_version(world, mini_version):
    draft = mini_version.__class__.objects.create(
        scheme=mini_version.scheme, number=2, status="draft", definition=mini_version.definition
    )
    with pytest.raises(Invalid, match="尚未发布"):
        actions.create_campaign(actor=world.users.admin, name="x", year=2026, scheme_version=draft)


def test_copying_last_years_campaign_keeps_scope_teams_assignments_and_shifts_the_schedule(world, camp):
    u = world.users
    actions.save_team(
        camp, actor=u.admin, kind="leading", name="评估工作领导小组", head=u.admin, members=[u.admin]
    )
    actions.set_deadline(
        camp, actor=u.admin, stage=Stage.SELF_ASSESSMENT, due_date=datetime.date(2026, 11, 30)
    )
    new = actions.copy_campaign(camp, actor=u.admin, year=2027)
    assert new.name == "2027年度履职评估" and new.copied_from == camp and new.stage == Stage.DEPLOY
    assert set(new.units.values_list("unit_id", flat=True)) == set(
        camp.units.values_list("unit_id", flat=True)
    )
    assert new.stages.get(stage=Stage.SELF_ASSESSMENT).due_date == datetime.date(2027, 11, 30)
    assert new.teams.get().name == "评估工作领导小组"
    assert new.assignments.filter(user=u.evaluator, unit=world.unit_a, kind="evaluator").exists()
    assert new.scheme_version == camp.scheme_version


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999999])
def test_a_copy_into_an_impossible_year_is_refused_naming_the_year(world, camp, year):
    with pytest.raises(Invalid) as refused:
        actions.copy_campaign(camp, actor=world.users.admin, year=year)
    assert refused.value.field == "year" and "2000至2100" in str(refused.value)
    assert Campaign.objects.count() == 1


def test_an_evaluator_sees_the_units_assigned_in_an_active_campaign(world, camp):
    evaluator = world.users.evaluator
    evaluator.scope_units.clear()
    assert set(Unit.objects.visible_to(evaluator)) == {world.unit_a}
    camp.published_at = datetime.datetime(2026, 12, 31, tzinfo=datetime.UTC)
    camp.save()
    assert not Unit.objects.visible_to(evaluator).exists()


# -- 3. self-assessment ---------------------------------------------------------------------------------------------


def test_missing_evidence_blocks_submission_naming_the_indicator(world, camp):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(cu, actor=world.users.contact_a, scores={("A1", ""): "18"})
    with pytest.raises(Invalid) as refused:
        actions.submit_self_assessment(cu, actor=world.users.contact_a)
    message = str(refused.value)
    assert "指标「A1 年度目标完成」需要佐证材料(年度工作目标及完成情况证明),请上传后再提交。" in message
    assert "指标「A2 三定规定执行」尚未填写自评分。" in message
    assert "请填写或上传自评报告。" in message
    assert cu_of(camp, world.unit_a).self_status == "draft"


def test_a_score_above_the_maximum_is_refused_naming_the_indicator(world, camp):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    with pytest.raises(Invalid, match="指标「A1 年度目标完成」的自评分 25 超出满分 20。"):
        actions.save_self_assessment(
            cu_of(camp, world.unit_a), actor=world.users.contact_a, scores={("A1", ""): "25"}
        )


def test_uploaded_evidence_is_served_only_to_those_who_may_see_the_unit(world, camp, login):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    cu = cu_of(camp, world.unit_a)
    upload = SimpleUploadedFile("目标台账.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    evidence = actions.add_evidence(cu, actor=world.users.contact_a, code="A1", upload=upload)
    url = f"/files/{evidence.file.name}"
    assert evidence.file.name.startswith("evidence/")
    assert login(world.users.contact_a).get(url).status_code == 200
    assert login(world.users.evaluator).get(url).status_code == 200
    assert b"".join(login(world.users.admin).get(url).streaming_content) == b"%PDF-1.4 evidence"
    assert login(world.users.contact_b).get(url).status_code == 404
    assert login(world.users.third_party).get(url).status_code == 404
    bad = SimpleUploadedFile("脚本.exe", b"MZ")
    with pytest.raises(Invalid, match="不允许上传"):
        actions.add_evidence(cu, actor=world.users.contact_a, code="A1", upload=bad)


def test_a_returned_self_assessment_is_corrected_resubmitted_and_the_contact_notified(
    world, camp, django_capture_on_commit_callbacks
):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = submitted(camp, world)
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_self_assessment(cu, actor=u.evaluator, reason="A1佐证材料不全")
    note = Notification.objects.get(user=u.contact_a)
    assert note.text == "「2026年度履职评估」的自评被退回修改:A1佐证材料不全"
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(cu, actor=u.contact_a, scores={("A1", ""): "17"})
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_self_assessment(cu, actor=u.contact_a)
    assert cu_of(camp, world.unit_a).self_status == "submitted"
    assert Notification.objects.get(user=u.evaluator).text == "莱阳市发展和改革局已重新提交自评,请审核。"


# -- 4. desk review -------------------------------------------------------------------------------------------------


def test_a_reviewed_score_that_differs_from_the_self_score_needs_a_reason(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = submitted(camp, world)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    cu = cu_of(camp, world.unit_a)
    with pytest.raises(Invalid, match="指标「A1 年度目标完成」的审核分与自评分不同,须说明理由。"):
        actions.review_scores(cu, actor=u.evaluator, scores={("A1", ""): "15"})
    actions.review_scores(
        cu, actor=u.evaluator, scores={("A1", ""): "15", ("A2", ""): "19"}, reasons={("A1", ""): "一项未完成"}
    )
    entry = IndicatorEntry.objects.get(campaign_unit=cu, code="A1")
    assert (entry.self_score, entry.reviewed_score, entry.review_reason) == (18, 15, "一项未完成")
    change = AuditEvent.objects.for_object(entry).filter(action="update").latest("id")
    assert change.reason == "一项未完成" and change.actor == u.evaluator
    finding = actions.raise_finding(camp, actor=u.evaluator, unit=world.unit_a, source="desk_review", category="underperformance",
                                    title="年度目标第3项未完成", indicator_code="A1", severity="medium")  # fmt: skip
    assert Finding.objects.get(pk=finding.pk).indicator_code == "A1"
    with pytest.raises(Refused, match="该单位不在您的评估分工内。"):
        actions.raise_finding(
            camp, actor=u.evaluator, unit=world.unit_b, source="desk_review", category="other", title="x"
        )


# -- 5. on-site -------------------------------------------------------------------------------------------------------


def test_a_visit_cannot_close_with_an_unticked_mandatory_item(world, camp):
    u = world.users
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    visit = actions.plan_visit(
        cu_of(camp, world.unit_a), actor=u.evaluator, planned_on=datetime.date(2026, 12, 3)
    )
    assert [i.group for i in visit.items.all()].count("三必谈") == 3
    camp = advance(camp, Stage.ON_SITE, u.admin)
    visit.refresh_from_db()
    for item in visit.items.exclude(text="审计报告"):
        actions.tick_item(item, actor=u.evaluator, ticked=True, note="已查阅")
    item = visit.items.get(text="三定规定细化材料")
    photo = SimpleUploadedFile("细化材料.jpg", b"\xff\xd8 photo", content_type="image/jpeg")
    attachment = actions.add_evidence(
        cu_of(camp, world.unit_a), actor=u.evaluator, purpose="checklist", checklist_item=item, upload=photo
    )
    assert list(item.attachments.all()) == [attachment]
    actions.add_interview(
        visit, actor=u.evaluator, interviewee="张副局长", post="分管领导", record="谈了职责交叉问题。"
    )
    actions.add_archive_check(visit, actor=u.evaluator, archive="实名制管理系统", result="conforms")
    with pytest.raises(Invalid, match="不能完成实地评估,以下必查事项尚未完成:三必看「审计报告」。"):
        actions.close_visit(visit, actor=u.evaluator)
    actions.tick_item(visit.items.get(text="审计报告"), actor=u.evaluator, ticked=True)
    actions.close_visit(visit, actor=u.evaluator, summary="总体规范")
    with pytest.raises(Refused, match="实地评估已完成,记录已锁定"):
        actions.tick_item(visit.items.first(), actor=u.evaluator, ticked=False)


# -- 6. imports ------------------------------------------------------------------------------------------------------


def test_an_import_with_bad_rows_stores_nothing_and_names_every_row_and_column(world, camp):
    camp = advance(camp, Stage.MULTI_PARTY, world.users.admin)
    content = (
        "单位代码,单位名称,B1\n"
        "LY001,莱阳市发展和改革局,92.5\n"
        "LY999,,80\n"
        "LY002,莱阳市民政局,很好\n"
        "HY001,海阳市委宣传部,90\n"
        "LY001,莱阳市发改局,88\n"
        "LY002,莱阳市民政局,120\n"
    ).encode()
    with pytest.raises(imports.ImportRejected) as rejected:
        imports.import_file(
            camp, actor=world.users.admin, kind="hotline", content=content, filename="热线.csv"
        )
    assert rejected.value.errors == [
        "第3行「单位代码」:找不到单位代码「LY999」",
        "第4行「B1」:「很好」不是数字",
        "第5行「单位代码」:「海阳市委宣传部」不在本活动范围内",
        "第6行「单位名称」:「莱阳市发改局」与单位代码「LY001」对应的「莱阳市发展和改革局」不一致",
        "第7行「B1」:120 满意率应在0到100之间",
    ]
    assert not ImportedValue.objects.exists()
    with pytest.raises(
        imports.ImportRejected, match="第1行「B2」列:不是本活动指标体系中可作为「热线数据」导入的指标或输入项"
    ):
        imports.import_file(
            camp,
            actor=world.users.admin,
            kind="hotline",
            content="单位代码,B2\nLY001,80\n".encode(),
            filename="x.csv",
        )


def test_an_excel_import_in_the_long_layout_is_stored_with_its_batch(world, camp):
    from io import BytesIO

    from openpyxl import Workbook

    camp = advance(camp, Stage.MULTI_PARTY, world.users.admin)
    wb = Workbook()
    ws = wb.active
    ws.append(["单位代码", "单位名称", "数据项", "子项", "数值", "备注"])
    ws.append(["LY001", "莱阳市发展和改革局", "B2", "", 86.5, "第三方测评"])
    ws.append(["LY002", "莱阳市民政局", "B2", "", 79, ""])
    out = BytesIO()
    wb.save(out)
    batch = imports.import_file(
        camp, actor=world.users.third_party, kind="third_party", content=out.getvalue(), filename="测评.xlsx"
    )
    assert batch.rows == 2
    assert ImportedValue.objects.get(unit=world.unit_a, key="B2").value == Decimal("86.5")
    with pytest.raises(Refused, match="第三方机构只能导入第三方评估得分和问卷结果。"):
        imports.import_file(
            camp, actor=world.users.third_party, kind="hotline", content=b"x", filename="x.csv"
        )


# -- 7, 8, 10. results, objections, triangulation --------------------------------------------------------------------


def scored(camp, world):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    submitted(camp, world)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.review_scores(cu_of(camp, world.unit_a), actor=u.evaluator, scores={("A1", ""): "10", ("A2", ""): "19"},
                          reasons={("A1", ""): "核减"})  # fmt: skip
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    return Campaign.objects.get(pk=camp.pk)


def test_sources_that_disagree_beyond_the_margin_raise_a_flag_that_blocks_closing_scoring(world, camp):
    camp = scored(camp, world)
    flag = TriangulationFlag.objects.get(campaign=camp, unit=world.unit_a, code="A1")
    assert flag.figures == {"自评": "90.0", "审核": "50.0"} and flag.spread == 40
    with pytest.raises(Invalid, match="「莱阳市发展和改革局」:印证差异\\(A1\\)未核实"):
        actions.close_stage(camp, actor=world.users.admin)
    actions.resolve_flag(flag, actor=world.users.evaluator, note="现场核实,自评偏高")
    assert actions.close_stage(camp, actor=world.users.admin).stage == Stage.FEEDBACK


def test_an_upheld_objection_changes_the_score_audited_and_a_rejected_one_says_why(
    world, camp, django_capture_on_commit_callbacks
):
    u = world.users
    camp = scored(camp, world)
    camp = advance(camp, Stage.FEEDBACK, u.admin)
    cu = cu_of(camp, world.unit_a)
    first = actions.raise_objection(
        cu, actor=u.contact_a, code="A1", reason="目标已全部完成", requested_score="18"
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_objection(first, actor=u.evaluator, upheld=True, answer="补充材料属实", new_score="17")
    entry = IndicatorEntry.objects.get(campaign_unit=cu, code="A1")
    assert (entry.reviewed_score, entry.review_source) == (17, "recheck")
    event = AuditEvent.objects.for_object(entry).filter(action="update").latest("id")
    assert event.reason == "复核采纳异议:补充材料属实" and event.before["reviewed_score"] == "10.0000"
    assert (
        Notification.objects.get(user=u.contact_a).text
        == "您对指标「A1 年度目标完成」的异议已采纳:补充材料属实"
    )
    second = actions.raise_objection(cu, actor=u.contact_a, code="A2", reason="应得满分")
    actions.answer_objection(second, actor=u.evaluator, upheld=False, answer="三定细化材料未报送")
    assert IndicatorEntry.objects.get(campaign_unit=cu, code="A2").reviewed_score == 19
    camp.refresh_from_db()
    assert camp.results_stale
    with pytest.raises(Invalid, match="复核改动了分数,请重新计算结果。"):
        actions.close_stage(camp, actor=u.admin)


def test_objections_after_the_deadline_are_refused(world, camp):
    camp = scored(camp, world)
    camp = advance(camp, Stage.FEEDBACK, world.users.admin)
    actions.set_deadline(
        camp, actor=world.users.admin, stage=Stage.FEEDBACK, due_date=datetime.date(2020, 1, 1)
    )
    with pytest.raises(Refused, match="异议期限已于2020年1月1日截止。"):
        actions.raise_objection(cu_of(camp, world.unit_a), actor=world.users.contact_a, code="A1", reason="x")


def test_recomputing_a_published_campaign_gives_byte_identical_results(world, camp):
    u = world.users
    camp = scored(camp, world)
    for flag in camp.flags.all():
        actions.resolve_flag(flag, actor=u.admin, note="核实")
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="编委会", decided_on=datetime.date(2026, 11, 28),
                            outcome="approved", text="同意", acknowledge_gaps=True)  # fmt: skip
    actions.publish(Campaign.objects.get(pk=camp.pk), actor=u.admin)
    rows = UnitResult.objects.filter(campaign=camp).select_related("unit", "scheme_version")
    stored = {r.unit.code: (scoring.dumps(r.summary), scoring.dumps(scoring.explained(r))) for r in rows}
    recomputed = scoring.compute_all(camp, explain=True)
    assert {world.unit_a.code, world.unit_b.code} == set(recomputed)
    for code, (_, _, summary, explained, _) in recomputed.items():
        assert (scoring.dumps(summary), scoring.dumps(explained)) == stored[code]
    assert scoring.verify(camp) == []
    # A changed stored figure is caught.
    UnitResult.objects.filter(campaign=camp, unit=world.unit_a).update(summary={"total": 1})
    assert scoring.verify(camp) == [world.unit_a.code]


def test_the_committee_may_send_results_back_to_scoring(world, camp):
    u = world.users
    camp = scored(camp, world)
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="编委会", decided_on=datetime.date(2026, 11, 28),
                            outcome="sent_back", text="司法监督类单位得分需再核")  # fmt: skip
    camp.refresh_from_db()
    assert camp.stage == Stage.SCORING
    assert AuditEvent.objects.get(event_type="campaign.sent_back").reason == "司法监督类单位得分需再核"


def test_not_applicable_indicators_are_rescaled_by_the_engine(world, camp):
    u = world.users
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    imports.import_file(
        camp,
        actor=u.admin,
        kind="hotline",
        content="单位代码,B1\nLY001,不适用\nLY002,90\n".encode(),
        filename="h.csv",
    )
    imports.import_file(
        camp,
        actor=u.admin,
        kind="third_party",
        content="单位代码,B2\nLY001,80\nLY002,80\n".encode(),
        filename="t.csv",
    )
    scoring.compute(camp, actor=u.admin)
    a = UnitResult.objects.select_related("unit", "scheme_version").get(campaign=camp, unit=world.unit_a)
    assert a.inputs["not_applicable"] == ["B1"]
    satisfaction = next(n for n in scoring.explained(a)["indicators"] if n["code"] == "B")
    assert satisfaction["points"] == 32  # B2's 80% of 20, rescaled to the 40 points of B
    cu = cu_of(camp, world.unit_b)
    actions.set_not_applicable(cu, actor=u.admin, code="A3", not_applicable=True, reason="本单位无重点任务")
    assert CampaignUnit.objects.get(pk=cu.pk).not_applicable == ["A3"]


def test_the_on_site_stage_closes_only_when_every_on_site_indicator_is_scored(world, camp):
    u = world.users
    camp = advance(camp, Stage.ON_SITE, u.admin)
    # Neither unit is planned for a visit: their on-site indicator is scored without one (the set-up's default).
    with pytest.raises(Invalid, match="「莱阳市民政局」:未列入实地评估,实地评估指标按案头审核得分计,尚未评分\\(A3 重点任务落实\\)"):
        actions.close_stage(camp, actor=u.admin)
    for unit in (world.unit_a, world.unit_b):
        actions.review_scores(cu_of(camp, unit), actor=u.admin, scores={("A3", ""): "15"}, source="on_site")
    assert actions.close_stage(camp, actor=u.admin).stage == Stage.MULTI_PARTY

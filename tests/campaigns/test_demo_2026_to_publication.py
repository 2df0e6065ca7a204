"""The demo's 2026 campaign, as `make run` shows it (desk review, each demo user with a next step), taken to
publication by the demo's own users through the product's actions — no stage forced — with three units visited on
site and the other 72 scored as the set-up says (on-site indicators from the desk review), two units late (scored
zero with a finding). The published ranking is the engine's on the same inputs.
(The browser test tests/browser/test_demo_campaign.py walks the same path through the pages.)"""

import datetime
from decimal import Decimal

import pytest

from lvzhi import scoring as engine
from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions, imports, sampling, schemeinfo, scoring, selectors
from lvzhi.campaigns.demo import PENDING_REVIEW_2026, VISITED_2026
from lvzhi.campaigns.models import Campaign, CampaignUnit, Evidence, IndicatorEntry, Stage, UnitResult
from lvzhi.core.errors import Invalid
from lvzhi.findings.models import Finding

from .test_confidentiality_walk import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo()
    return Campaign.objects.get(year=2026)


def users():
    return {u.username: u for u in User.objects.all()}


def cu_named(campaign, name):
    cu = CampaignUnit.objects.select_related("unit", "category").get(campaign=campaign, unit__name=name)
    cu.campaign = Campaign.objects.get(pk=campaign.pk)
    return cu


def review_as_claimed(cu, actor, source="desk_review", leaves=None):
    """The evaluator confirms each score the unit claimed (the deduction leaf: no problem found)."""
    claimed = {(e.code, e.period): e.self_score for e in cu.entries.all()}
    scores = {}
    for leaf in leaves if leaves is not None else selectors.review_missing(cu):
        for part in leaf.parts:
            scores[(leaf.code, part)] = (
                claimed.get((leaf.code, part)) if claimed.get((leaf.code, part)) is not None else 0
            )
    actions.review_scores(cu, actor=actor, scores=scores, source=source)


def survey_file(campaign) -> bytes:
    lines = ["单位代码,单位名称,数据项,子项,数值"]
    for i, cu in enumerate(campaign.units.select_related("unit").order_by("unit__code")):
        for part, n in (("满意", 30 + i % 17), ("基本满意", 6 + i % 5), ("不满意", i % 3)):
            lines.append(f"{cu.unit.code},{cu.unit.name},C1,{part},{n}")
    return "\n".join(lines).encode("utf-8")


def test_the_demo_2026_campaign_reaches_publication_without_forcing_and_ranks_as_the_engine(demo):
    u = users()
    admin, evaluator, contact, leader, committee, third = (
        u["admin"], u["pinggu"], u["lianluo"], u["lingdao"], u["bianwei"], u["disanfang"],
    )  # fmt: skip
    campaign = demo
    assert campaign.stage == Stage.DESK_REVIEW
    blockers = selectors.stage_blockers(campaign)
    assert blockers == [
        "「莱阳市发展和改革局」:退回修改后尚未重新提交自评。",
        f"「{PENDING_REVIEW_2026}」:已提交自评,尚未完成案头审核(3项未审核:B1 “三张清单”公示、B2 上级变更事项认领、"
        "B3 清单动态调整)。",
    ]
    late = list(campaign.units.filter(late=True).values_list("unit__name", flat=True))
    assert len(late) == 2
    assert Finding.objects.filter(campaign=campaign, title="未按期提交自评材料").count() == 2

    # The contact adds the missing material and resubmits; the evaluator reviews it and the pending unit.
    fgj = cu_named(campaign, "莱阳市发展和改革局")
    actions.add_evidence(
        fgj, actor=contact, purpose=Evidence.Purpose.SELF, code="A1", text="年度目标完成情况台账(补充)"
    )
    actions.submit_self_assessment(fgj, actor=contact)
    for name in ("莱阳市发展和改革局", PENDING_REVIEW_2026):
        cu = cu_named(campaign, name)
        info, category = selectors.unit_info(cu)
        # Not visited (人社局): its on-site indicators are scored in the desk review too.
        review_as_claimed(
            cu,
            evaluator,
            leaves=sampling.desk_review_leaves(campaign, info, category, sampling.is_visited(cu)),
        )
        actions.complete_review(cu_named(campaign, name), actor=evaluator)
    campaign = actions.close_stage(campaign, actor=admin)
    assert campaign.stage == Stage.ON_SITE

    # The three visits: checklist ticked, on-site indicators scored, closed.
    assert len(sampling.visited_ids(campaign)) == 3
    for name in VISITED_2026:
        cu = cu_named(campaign, name)
        visit = cu.visit
        for item in visit.items.all():
            actions.tick_item(item, actor=evaluator, ticked=True, note="已查阅。")
        info, category = selectors.unit_info(cu)
        review_as_claimed(cu, evaluator, source="on_site", leaves=sampling.on_site_leaves(info, category))
        actions.close_visit(visit, actor=evaluator, summary="职能运转总体顺畅。")
    campaign = actions.close_stage(Campaign.objects.get(pk=campaign.pk), actor=admin)
    assert campaign.stage == Stage.MULTI_PARTY

    # The leader's second half-year, the third party's survey results.
    for a in campaign.assignments.filter(kind="leader", user=leader).select_related("unit"):
        actions.rate_unit(campaign, actor=leader, unit=a.unit, period="H2", rating="良好")
    imports.import_file(
        campaign, actor=third, kind="survey", content=survey_file(campaign), filename="问卷.csv"
    )
    campaign = actions.close_stage(Campaign.objects.get(pk=campaign.pk), actor=admin)
    assert campaign.stage == Stage.SCORING

    scoring.compute(campaign, actor=admin)
    for flag in campaign.flags.all():
        actions.resolve_flag(flag, actor=admin, note="经核实,以核定分为准。")
    campaign = actions.close_stage(Campaign.objects.get(pk=campaign.pk), actor=admin)
    campaign = actions.close_stage(
        Campaign.objects.get(pk=campaign.pk), actor=admin
    )  # feedback: no objection
    assert campaign.stage == Stage.APPROVAL

    decision = {
        "meeting": "2026年第6次市委编委会会议", "decided_on": datetime.date(2026, 12, 1), "outcome": "approved",
        "text": "审定通过。", "document_number": "莱编〔2026〕30号",
    }  # fmt: skip
    with pytest.raises(Invalid, match="逾期未提交自评的单位"):
        actions.record_decision(campaign, actor=committee, **decision)
    recorded = actions.record_decision(campaign, actor=committee, acknowledge_gaps=True, **decision)
    assert recorded.gaps_acknowledged and [g["kind"] for g in recorded.gaps] == ["late"]
    campaign = actions.publish(Campaign.objects.get(pk=campaign.pk), actor=admin)
    assert campaign.is_published

    # No stage was forced on the way.
    closes = AuditEvent.objects.filter(event_type="campaign.stage_closed", object_id=str(campaign.pk))
    assert closes.count() == 6 + 1  # deploy and self-assessment in the demo, then desk review … feedback
    assert not any((e.after or {}).get("forced") for e in closes)

    # The published ranking is the engine's on the stored inputs.
    version = campaign.scheme_version
    scheme = engine.load_scheme(schemeinfo.effective_definition(version))
    stored = {r.unit.code: r for r in UnitResult.objects.filter(campaign=campaign).select_related("unit")}
    assert len(stored) == 75
    batch = engine.score_units(scheme, {code: r.inputs for code, r in stored.items()})
    for code, r in stored.items():
        summary = batch.units[code].to_dict(scheme.precision)
        assert (Decimal(str(summary["total"])), summary["rank"]) == (r.total, r.rank), code

    # The units not visited: their on-site indicators are their desk-review scores, and the result says so.
    info = schemeinfo.info_for(version)
    on_site = [leaf.code for leaf in info.leaves if leaf.source == "on_site"]
    unvisited = cu_named(campaign, "莱阳市卫生健康局")
    entries = {e.code: e for e in IndicatorEntry.objects.filter(campaign_unit=unvisited, period="")}
    result = stored[unvisited.unit.code]
    for code in on_site:
        assert entries[code].review_source == "desk_review"
        assert Decimal(result.inputs["values"][code]) == entries[code].reviewed_score
    assert result.treatments[0]["kind"] == "unvisited"
    assert result.treatments[0]["text"] == "本单位未列入实地评估:实地评估指标按活动设置以案头审核得分计。"
    visited = stored[cu_named(campaign, "莱阳市民政局").unit.code]
    assert visited.treatments == []
    # The late units: zero on what they did not submit, with the treatment in words.
    late_result = stored[cu_named(campaign, late[0]).unit.code]
    assert late_result.inputs["values"]["B1"] == "0"
    assert [t["kind"] for t in late_result.treatments] == ["unvisited", "late"]

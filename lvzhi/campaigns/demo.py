"""Demo part: Laiyang's evaluation campaigns over the demo county's 75 units with the seed scheme `laiyang`.

- 莱阳市2025年度职能运行评估: run through every stage and published, with ranked results, a committee decision and
  one upheld objection;
- 莱阳市2026年度职能运行评估: copied from 2025 and in progress (desk review), with each demo user's next step
  pending and nothing forced on the way (see `build_2026`).

Stage transitions, returns, decisions and publication go through lvzhi.campaigns.actions (so they are audited
like any); the bulk of the per-indicator figures is written with bulk_create and given its audit records with
`record_bulk`, as the registry demo does.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.audit.recorder import record_bulk
from lvzhi.demo.seeds import SeedError
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.schemes.models import Scheme

from . import actions, scoring
from .models import (
    STAGE_ORDER,
    Campaign,
    CampaignUnit,
    Evidence,
    FormSheet,
    ImportBatch,
    ImportedValue,
    IndicatorEntry,
    LeaderRating,
    Stage,
    Team,
)
from .sheets import prefill

SCHEME_CODE = "laiyang"
NAME_2025 = "莱阳市2025年度职能运行评估"
NAME_2026 = "莱阳市2026年度职能运行评估"

DEADLINES_2025 = {
    Stage.DEPLOY: datetime.date(2025, 10, 31),
    Stage.SELF_ASSESSMENT: datetime.date(2025, 11, 30),
    Stage.DESK_REVIEW: datetime.date(2025, 12, 10),
    Stage.ON_SITE: datetime.date(2025, 12, 18),
    Stage.MULTI_PARTY: datetime.date(2025, 12, 22),
    Stage.SCORING: datetime.date(2025, 12, 25),
    Stage.FEEDBACK: datetime.date(2025, 12, 28),
    Stage.APPROVAL: datetime.date(2025, 12, 30),
    Stage.PUBLICATION: datetime.date(2025, 12, 31),
}

# Leaders for the categories the registry demo's one leader (lingdao, 城乡建设) does not cover.
EXTRA_LEADERS = [
    ("lingdao_dq", "王志刚", "党群系统"),
    ("lingdao_zw", "李红梅", "政务服务"),
    ("lingdao_cx", "陈建国", "城乡建设"),
    ("lingdao_sf", "赵德明", "司法监督"),
    ("lingdao_jx", "刘淑芬", "教学科研"),
]


def _d(value) -> Decimal:
    return Decimal(str(round(value, 1)))


def _leaders(units_by_category) -> list:
    covered = set(
        Unit.objects.filter(scoped_users__role=Role.LEADER).values_list("pk", flat=True)
    )  # units already in a leader's portfolio
    password = User.objects.filter(username="lingdao").values_list(
        "password", flat=True
    ).first() or make_password(None)
    leaders = []
    for username, name, category in EXTRA_LEADERS:
        units = [u for u in units_by_category.get(category, []) if u.pk not in covered]
        if not units:
            continue
        leader, _ = User.objects.get_or_create(
            username=username,
            defaults={"role": Role.LEADER, "full_name": name, "password": password},
        )
        leader.scope_units.add(*units)
        covered.update(u.pk for u in units)
        leaders.append(leader)
    return leaders


def _quality(rng) -> float:
    return min(0.99, max(0.55, rng.gauss(0.85, 0.07)))


def _rating(q: float, rng) -> str:
    q = q + rng.uniform(-0.04, 0.04)
    if q >= 0.9:
        return "优秀"
    if q >= 0.8:
        return "良好"
    if q >= 0.68:
        return "一般"
    return "差"


def _entries(
    cu, info, q, rng, *, self_only=False, reviewed_sources=("self_assessment", "desk_review", "on_site"),
    visited=True,
):
    """IndicatorEntry rows for one unit: self scores a little generous, reviewed scores around the quality. The
    on-site indicators of a unit not visited are scored in the desk review (the campaigns' set-up)."""
    category = cu.category.name if cu.category_id else None
    rows = []
    now = datetime.datetime.now(tz=datetime.UTC)
    for leaf in info.leaves:
        if not leaf.is_entered or not leaf.applies_to(category):
            continue
        if leaf.rule_type == "occurrences":  # 察访核验减分: problems found on site
            if self_only or leaf.source not in reviewed_sources:
                continue
            count = rng.choices([0, 1, 2, 3, 4, 12], weights=[40, 25, 15, 8, 4, 1])[0]
            rows.append(IndicatorEntry(campaign_unit=cu, code=leaf.code, reviewed_score=Decimal(count),
                                       review_source="on_site" if visited else "desk_review", reviewed_at=now,
                                       review_reason="察访核验发现问题" if visited else "案头核验发现问题"))  # fmt: skip
            continue
        if leaf.parts == ("actual", "target"):
            target = rng.randint(8, 30)
            claimed = min(target, round(target * min(1.0, q + 0.08)))
            actual = min(target, round(target * q))
            for part, own, checked in (("actual", claimed, actual), ("target", target, target)):
                rows.append(IndicatorEntry(
                    campaign_unit=cu, code=leaf.code, period=part, self_score=Decimal(own), self_at=now,
                    reviewed_score=None if self_only else Decimal(checked), reviewed_at=None if self_only else now,
                    review_source="" if self_only else "desk_review",
                    review_reason="" if self_only or own == checked else "按实际认领事项核减",
                ))  # fmt: skip
            continue
        scale = float(leaf.scale(category))
        own = _d(min(scale, scale * min(1.0, q + rng.uniform(0.02, 0.1))))
        checked = _d(min(scale, max(0, scale * (q + rng.uniform(-0.06, 0.03)))))
        reviewed = None if self_only or leaf.source not in reviewed_sources else checked
        rows.append(IndicatorEntry(
            campaign_unit=cu, code=leaf.code, self_score=own if leaf.self_assessed else None,
            self_note="对照年度目标逐项自查,佐证材料见附件。" if leaf.self_assessed else "", self_at=now,
            reviewed_score=reviewed, reviewed_at=now if reviewed is not None else None,
            review_source=("on_site" if leaf.source == "on_site" and visited else "desk_review")
            if reviewed is not None else "",
            review_reason="" if reviewed is None or reviewed == own or not leaf.self_assessed
            else "佐证材料不足以支撑自评分,按核实情况调整",
        ))  # fmt: skip
    return rows


def _evidence(cu, info, contact, rng):
    category = cu.category.name if cu.category_id else None
    rows = [
        Evidence(
            campaign_unit=cu,
            purpose=Evidence.Purpose.SELF,
            code=leaf.code,
            kind=Evidence.Kind.TEXT,
            text=f"{'、'.join(leaf.evidence)}:已汇编成册,共{rng.randint(12, 60)}页,现场评估时备查。",
            uploaded_by=contact,
        )
        for leaf in info.leaves
        if leaf.self_assessed and leaf.evidence and leaf.applies_to(category)
    ]
    rows.append(
        Evidence(
            campaign_unit=cu,
            purpose=Evidence.Purpose.SELF,
            code="A1",
            kind=Evidence.Kind.LINK,
            title="年度工作目标公开页面",
            url="https://www.laiyang.gov.cn/",
            uploaded_by=contact,
        )
    )
    return rows


def _report(unit) -> str:
    return (
        f"{unit.name}按照“三查三看”要求开展自查自评:一查年度工作目标,中心工作和重点任务按计划推进;"
        "二查“三定”规定执行,内设机构挂牌组建到位,未发现缺位、越位、错位;三查权责清单,"
        "清单按法律法规变化动态调整并完成上级变更事项认领。存在的主要问题是个别科室职责边界仍需细化,"
        "下一步将完善科室间协调配合机制。"
    )


def _imports(campaign, info, units, qualities, admin, rng, batch_note, survey=True):
    """Survey answers (C1, unless `survey` is false: the third party has not delivered them yet) and 89000 hotline
    satisfaction (C2); 党群系统 has no hotline tickets (不适用)."""
    with_survey = survey
    survey = ImportBatch.objects.create(campaign=campaign, kind="survey", file_name="服务对象问卷结果.xlsx",
                                        rows=0, note=batch_note, uploaded_by=admin) if with_survey else None  # fmt: skip
    hotline = ImportBatch.objects.create(campaign=campaign, kind="hotline", file_name="89000热线满意率.xlsx",
                                         rows=0, note=batch_note, uploaded_by=admin)  # fmt: skip
    rows = []
    for cu in units:
        q = qualities[cu.unit_id]
        survey_leaf = next((lf for lf in info.leaves if lf.source == "survey"), None)
        if survey_leaf is not None and survey is not None:
            total = rng.randint(30, 60)
            satisfied = round(total * min(1.0, q + rng.uniform(-0.05, 0.08)))
            basic = round((total - satisfied) * 0.7)
            for part, n in (("满意", satisfied), ("基本满意", basic), ("不满意", total - satisfied - basic)):
                rows.append(ImportedValue(campaign=campaign, unit_id=cu.unit_id, kind="survey", key=survey_leaf.code,
                                          part=part, value=Decimal(n), batch=survey, entered_by=admin))  # fmt: skip
        hotline_leaf = next((lf for lf in info.leaves if lf.source == "hotline"), None)
        if hotline_leaf is not None:
            if cu.category and cu.category.name == "党群系统":
                rows.append(ImportedValue(campaign=campaign, unit_id=cu.unit_id, kind="hotline", key=hotline_leaf.code,
                                          value=None, not_applicable=True, note="无89000热线工单",
                                          batch=hotline, entered_by=admin))  # fmt: skip
            else:
                rate = _d(min(99.5, max(60, 100 * (q + rng.uniform(-0.03, 0.06)))))
                rows.append(ImportedValue(campaign=campaign, unit_id=cu.unit_id, kind="hotline", key=hotline_leaf.code,
                                          value=rate, batch=hotline, entered_by=admin))  # fmt: skip
    ImportedValue.objects.bulk_create(rows)
    record_bulk("create", rows)
    if survey is not None:
        ImportBatch.objects.filter(pk=survey.pk).update(rows=sum(1 for r in rows if r.batch_id == survey.pk))
    ImportBatch.objects.filter(pk=hotline.pk).update(rows=sum(1 for r in rows if r.batch_id == hotline.pk))


def _ratings(campaign, qualities, rng, periods, skip_second=frozenset()):
    """Every leader's ratings of every period, except the later periods of the units in `skip_second`."""
    rows = []
    for a in campaign.assignments.filter(kind="leader").select_related("user"):
        for period in periods:
            if period != periods[0] and a.unit_id in skip_second:
                continue
            rows.append(LeaderRating(campaign=campaign, unit_id=a.unit_id, leader=a.user, period=period,
                                     rating=_rating(qualities[a.unit_id], rng)))  # fmt: skip
    LeaderRating.objects.bulk_create(rows)
    record_bulk("create", rows)


def _teams(campaign, admin, evaluators, third_party):
    leading = Team.objects.create(campaign=campaign, kind=Team.Kind.LEADING, name="职能运行评估工作领导小组",
                                  head=admin, duties="统筹调度、全面推进评估工作。")  # fmt: skip
    leading.members.set([admin])
    working = Team.objects.create(campaign=campaign, kind=Team.Kind.WORKING, name="职能运行监管办公室工作专班",
                                  head=admin, duties="综合协调、实地走访、调研督导。")  # fmt: skip
    working.members.set([admin, *evaluators])
    special = Team.objects.create(campaign=campaign, kind=Team.Kind.SPECIAL, name="实地评估专项小组",
                                  duties="案头审核、实地评估、数据分析。")  # fmt: skip
    special.members.set(evaluators)
    if third_party is not None:
        tp = Team.objects.create(campaign=campaign, kind=Team.Kind.THIRD_PARTY, name="第三方问卷调查机构",
                                 duties="服务对象问卷调查及结果导入。")  # fmt: skip
        tp.members.set([third_party])


def _visits(campaign, evaluator, rng):
    """On-site visits of the evaluator's units: the Guangdong checklist ticked, an interview, an archive check."""
    cus = [
        cu
        for cu in _cus(campaign)
        if campaign.assignments.filter(user=evaluator, unit_id=cu.unit_id).exists()
    ]
    for i, cu in enumerate(cus[:5]):
        visit = actions.plan_visit(cu, actor=evaluator, planned_on=datetime.date(2025, 12, 8 + i), place=f"{cu.unit.name}会议室",
                                   team=[evaluator])  # fmt: skip
        for item in visit.items.all():
            actions.tick_item(
                item,
                actor=evaluator,
                ticked=True,
                note=rng.choice(["已查阅,无异常。", "已核对,材料齐全。", "已访谈,记录附后。"]),
            )
        actions.add_interview(visit, actor=evaluator, interviewee="分管副局长", post="党组成员、副局长",
                              held_on=datetime.date(2025, 12, 8 + i), record="介绍了科室职责分工和重点任务推进情况,反映个别事项与相关部门职责边界需进一步明确。")  # fmt: skip
        actions.add_archive_check(
            visit,
            actor=evaluator,
            archive="机构编制实名制管理系统",
            result="conforms",
            note="在编人数与系统一致。",
        )
        actions.close_visit(visit, actor=evaluator, summary="职能运转总体顺畅,三定规定执行到位。")


def _cus(campaign):
    cus = list(campaign.units.select_related("unit", "category").order_by("unit__code"))
    for cu in cus:
        cu.campaign = campaign
    return cus


def build(rng, stdout=None):
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    scheme = Scheme.objects.filter(code=SCHEME_CODE).first()
    version = scheme.latest_published() if scheme else None
    region = Region.objects.filter(name="莱阳市").first()
    if admin is None or region is None:
        if stdout:
            stdout.write("评估活动:缺少编办管理员或莱阳市区划,跳过。")
        return []
    if version is None:
        raise SeedError(f"评估活动:种子指标体系「{SCHEME_CODE}」未导入,不能生成演示评估活动。")
    if Campaign.objects.filter(name__in=[NAME_2025, NAME_2026]).exists():
        return []
    categories = list(Category.objects.all())
    units_by_category: dict = {}
    for unit in (
        Unit.objects.filter(is_active=True, region=region).select_related("category").order_by("code")
    ):
        units_by_category.setdefault(unit.category.name if unit.category else "", []).append(unit)
    _leaders(units_by_category)
    evaluator = User.objects.filter(username="pinggu").first()
    evaluators = [evaluator] if evaluator else []
    third_party = User.objects.filter(username="disanfang").first()
    contacts = {u.unit_id: u for u in User.objects.filter(role=Role.UNIT_CONTACT)}
    committee = User.objects.filter(role=Role.COMMITTEE).first()

    # ---- 2025: run through and published --------------------------------------------------------------------
    c25 = actions.create_campaign(
        actor=admin, name=NAME_2025, year=2025, region=region, scheme_version=version, categories=categories,
        regions=[region], subordinate_share=Decimal("1.00"), deadlines=DEADLINES_2025,
        unvisited_treatment=Campaign.Unvisited.DESK_REVIEW, late_treatment=Campaign.Late.ZERO,
        description="对纳入考核范畴的75个部门按党群系统、政务服务、城乡建设、司法监督、教学科研5大类别开展评估。",
    )  # fmt: skip
    if evaluator:
        actions.assign(c25, actor=admin, user=evaluator, units=list(evaluator.scope_units.all()))
    actions.assign_leaders_from_portfolios(c25, actor=admin)
    _teams(c25, admin, evaluators, third_party)
    info = scoring.schemeinfo.info_for(version)
    cus = _cus(c25)
    qualities = {cu.unit_id: _quality(rng) for cu in cus}
    c25 = actions.close_stage(c25, actor=admin)
    sample = _sample(c25, evaluator)  # the units visited on site: the evaluator's
    entries = [e for cu in cus for e in _entries(cu, info, qualities[cu.unit_id], rng, visited=cu.unit_id in sample)]
    IndicatorEntry.objects.bulk_create(entries)
    record_bulk("create", entries)
    evidence = [e for cu in cus for e in _evidence(cu, info, contacts.get(cu.unit_id), rng)]
    Evidence.objects.bulk_create(evidence)
    record_bulk("create", evidence)
    submitted = datetime.datetime(2025, 11, 26, 9, 30, tzinfo=datetime.UTC)
    for cu in cus:
        cu.report = _report(cu.unit)
        cu.self_status = CampaignUnit.SelfStatus.REVIEWED
        cu.submitted_at = submitted
        cu.review_done_at = submitted + datetime.timedelta(days=8)
    CampaignUnit.objects.bulk_update(cus, ["report", "self_status", "submitted_at", "review_done_at"])
    for _closing in (Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW):
        c25 = actions.close_stage(c25, actor=admin)
    _visits(c25, evaluator or admin, rng)
    c25 = actions.close_stage(Campaign.objects.get(pk=c25.pk), actor=admin)
    _ratings(c25, qualities, rng, c25.leader_rating_periods or ["year"])
    _imports(c25, info, cus, qualities, admin, rng, "2025年度")
    c25 = actions.close_stage(c25, actor=admin)  # multi-party → scoring
    scoring.compute(c25, actor=admin)
    c25.refresh_from_db()
    for flag in c25.flags.all():
        actions.resolve_flag(flag, actor=admin, note="经核实,差异系自评偏高,以核定分为准。")
    c25 = actions.close_stage(c25, actor=admin)  # scoring → feedback
    objecting = next((cu for cu in cus if cu.category and cu.category.name == "政务服务"), cus[0])
    objecting_contact = contacts.get(objecting.unit_id) or admin
    entry = IndicatorEntry.objects.filter(campaign_unit=objecting, code="A2").first()
    if entry is not None and objecting_contact.role == Role.UNIT_CONTACT:
        objecting.campaign = Campaign.objects.get(pk=c25.pk)
        objection = actions.raise_objection(
            objecting,
            actor=objecting_contact,
            code="A2",
            reason="重点任务“项目建设攻坚”已于12月完成验收,请复核。",
        )
        new = min(Decimal(12), (entry.reviewed_score or Decimal(0)) + Decimal(1))
        actions.answer_objection(
            objection, actor=admin, upheld=True, answer="经核实验收材料,予以采纳。", new_score=new
        )
        scoring.compute(objecting.campaign, actor=admin)
    c25 = actions.close_stage(Campaign.objects.get(pk=c25.pk), actor=admin)
    if committee is not None:
        actions.record_decision(
            c25, actor=committee, meeting="2025年第6次市委编委会会议", decided_on=datetime.date(2025, 12, 29),
            outcome="approved", text="审定通过2025年度职能运行评估结果,按类别排名通报,结果计入部门绩效考核。",
            document_number="莱编〔2025〕28号",
        )  # fmt: skip
        actions.publish(Campaign.objects.get(pk=c25.pk), actor=admin)
        # A past campaign: it was published at the end of 2025.
        Campaign.objects.filter(pk=c25.pk).update(
            published_at=datetime.datetime(2025, 12, 31, 2, 0, tzinfo=datetime.UTC)
        )

    # ---- 2026: copied and in progress (desk review) -------------------------------------------------------------
    c26 = build_2026(c25, info, admin, evaluator, contacts, rng)
    if stdout:
        stdout.write(f"评估活动:{NAME_2025}(已公布,{c25.units.count()}个单位)、{NAME_2026}(案头审核阶段)。")
    return [c25, c26]


def _sample(campaign, evaluator) -> set:
    """The units planned for an on-site visit: the demo evaluator's units (the others are scored in the desk
    review, as the campaigns' set-up says)."""
    if evaluator is None:
        return set()
    return set(
        campaign.assignments.filter(user=evaluator, kind="evaluator").values_list("unit_id", flat=True)[:5]
    )


def _schedule_2026(c26):
    """The copied schedule, with the self-assessment deadline passed (the demo runs after it) and the later
    stages still ahead of today."""
    today = timezone.localdate()
    records = {r.stage: r for r in c26.stages.all()}
    due = {Stage.SELF_ASSESSMENT: min(records[Stage.SELF_ASSESSMENT].due_date or today, today - datetime.timedelta(days=1))}
    ahead = max(records[Stage.DESK_REVIEW].due_date or today, today + datetime.timedelta(days=7))
    for offset, stage in enumerate(STAGE_ORDER[STAGE_ORDER.index(Stage.DESK_REVIEW):]):
        due[stage] = ahead + datetime.timedelta(days=[0, 8, 12, 15, 25, 28, 30][offset])
    return due


def build_2026(c25, info, admin, evaluator, contacts, rng):
    """2026, in desk review, with the next step of each demo user pending:

    - 73 units submitted by the deadline; 2 did not (scored zero with a finding, as set up);
    - the demo contact's 发改局 was returned for correction in the desk review and must resubmit;
    - the office's team has desk-reviewed every other unit except 市人力资源社会保障局 (the evaluator's);
    - three of the evaluator's units are planned for an on-site visit (the others' on-site indicators are scored
      in the desk review);
    - the leaders have rated the first half-year and, except 姜振华 (lingdao), the second; the hotline data is
      imported, the service-object survey awaits the third party.
    """
    c26 = actions.copy_campaign(Campaign.objects.get(pk=c25.pk), actor=admin, year=2026)
    for stage, due in _schedule_2026(c26).items():
        actions.set_deadline(c26, actor=admin, stage=stage, due_date=due)
    c26 = actions.close_stage(c26, actor=admin)  # deployment → self-assessment
    cus = _cus(c26)
    qualities = {cu.unit_id: _quality(rng) for cu in cus}
    demo_contact_unit = next(iter(contacts), None)
    mine = [cu for cu in cus if evaluator and cu.unit_id in set(evaluator.scope_units.values_list("pk", flat=True))]
    visited = {cu.unit_id for cu in mine if cu.unit.name in VISITED_2026}
    pending_review = {cu.unit_id for cu in mine if cu.unit.name == PENDING_REVIEW_2026}
    others = [cu for cu in cus if cu not in mine]
    rng.shuffle(others)
    late = others[:2]  # one started, one did not
    entries, evidence, sheets = [], [], []
    submitted_at = datetime.datetime.combine(
        _schedule_2026(c26)[Stage.SELF_ASSESSMENT] - datetime.timedelta(days=3), datetime.time(9, 30), tzinfo=datetime.UTC
    )
    for cu in cus:
        if cu is late[1]:
            continue
        reviewed = cu not in late and cu.unit_id not in pending_review and cu.unit_id != demo_contact_unit
        sources = ("self_assessment", "desk_review") + (() if cu.unit_id in visited else ("on_site",))
        entries += _entries(cu, info, qualities[cu.unit_id], rng, self_only=not reviewed, reviewed_sources=sources,
                            visited=False)  # fmt: skip
        evidence += _evidence(cu, info, contacts.get(cu.unit_id), rng)
        sheets.append(FormSheet(campaign_unit=cu, form="performance_report",
                                data={**prefill("performance_report", cu.unit), "goals_total": 8, "goals_done": 7}))  # fmt: skip
        if cu is late[0]:
            cu.self_status = CampaignUnit.SelfStatus.DRAFT
            continue
        cu.report = _report(cu.unit)
        cu.submitted_at = submitted_at
        cu.self_status = CampaignUnit.SelfStatus.REVIEWED if reviewed else CampaignUnit.SelfStatus.SUBMITTED
        cu.review_done_at = submitted_at + datetime.timedelta(days=4) if reviewed else None
    if late[0]:
        entries = [e for e in entries if e.campaign_unit_id != late[0].pk or e.code not in {"B1", "B2", "B3", "B4"}]
    IndicatorEntry.objects.bulk_create(entries)
    record_bulk("create", entries)
    Evidence.objects.bulk_create(evidence)
    record_bulk("create", evidence)
    CampaignUnit.objects.bulk_update(cus, ["report", "self_status", "submitted_at", "review_done_at"])
    FormSheet.objects.bulk_create(sheets)
    c26 = actions.close_stage(Campaign.objects.get(pk=c26.pk), actor=admin)  # the deadline passed: 2 late
    reviewer = evaluator or admin
    contact_cu = next((cu for cu in cus if cu.unit_id == demo_contact_unit), None)
    if contact_cu is not None:
        contact_cu.campaign = c26
        actions.return_self_assessment(
            contact_cu, actor=reviewer,
            reason="A1工作成效度的证明材料不全,请补充年度目标完成情况台账后重新提交。",
        )  # fmt: skip
    for cu in mine:
        if cu.unit_id in visited:
            cu.campaign = c26
            actions.plan_visit(cu, actor=reviewer, planned_on=_schedule_2026(c26)[Stage.ON_SITE] - datetime.timedelta(days=5),
                               place=f"{cu.unit.name}会议室", team=[reviewer])  # fmt: skip
    _ratings(c26, qualities, rng, c26.leader_rating_periods or ["year"], skip_second=_second_half_pending(c26))
    _imports(c26, info, cus, qualities, admin, rng, "2026年度", survey=False)
    scoring.compute(Campaign.objects.get(pk=c26.pk), actor=admin)  # the scores as they form
    return c26


# The demo evaluator's units visited on site in 2026, and the one still awaiting its desk review.
VISITED_2026 = ("莱阳市发展和改革局", "莱阳市民政局", "莱阳市行政审批服务局")
PENDING_REVIEW_2026 = "莱阳市人力资源和社会保障局"


def _second_half_pending(campaign) -> set:
    """The demo leader (lingdao) has not yet rated the second half-year."""
    return set(campaign.assignments.filter(kind="leader", user__username="lingdao").values_list("unit_id", flat=True))

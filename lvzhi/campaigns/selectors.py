"""Read models that the campaign pages, the API and the documents share: what a user may see of a campaign
(results, review scores, ratings), a unit's progress (what keeps its self-assessment or review from being
complete), what keeps a stage from closing, the missing leader ratings, and the labels of periods and parts.

Who may see what is the policy's (lvzhi.campaigns.policy); these functions ask it and never compare roles.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.models import AuditEvent
from lvzhi.core.templatetags.lvzhi_format import cn_date as core_cn_date

from . import schemeinfo
from .models import (
    Assignment,
    Campaign,
    CampaignUnit,
    Evidence,
    ImportedValue,
    IndicatorEntry,
    LeaderRating,
    Objection,
    Stage,
    TriangulationFlag,
    UnitResult,
    Visit,
)
from .policy import CAMPAIGNS
from .schemeinfo import SchemeInfo

# What a user may see ---------------------------------------------------------------------------------------------


def sees_review(user: Any, campaign: Campaign) -> bool:
    """Whether the user sees the evaluators' side of the campaign's units now: reviewed scores, on-site records,
    findings, objections (a unit contact only from the feedback stage on)."""
    return CAMPAIGNS.allowed(user, "view_review", campaign)


def visible_results(user: Any, campaign: Campaign) -> QuerySet[UnitResult]:
    """The campaign's stored results the user may see now (a unit contact: their unit's, from feedback on)."""
    results: QuerySet[UnitResult] = UnitResult.objects.visible_to(user).filter(campaign=campaign)
    return results if CAMPAIGNS.allowed(user, "view_results", campaign) else results.none()


def blockers_for(user: Any, campaign: Campaign) -> list[str]:
    """What keeps the current stage from closing, for those who may close it (none once published)."""
    return stage_blockers(campaign) if CAMPAIGNS.allowed(user, "view_blockers", campaign) else []


def my_units(user: Any, campaign: Campaign) -> QuerySet[CampaignUnit]:
    """The campaign's units the user works on (a contact's own unit, an evaluator's or leader's assigned units);
    none for those who see every unit."""
    if CAMPAIGNS.allowed(user, "view_all_units"):
        return CampaignUnit.objects.none()
    units: QuerySet[CampaignUnit] = CampaignUnit.objects.visible_to(user).filter(campaign=campaign)
    return units.select_related("unit", "category")


# Labels ----------------------------------------------------------------------------------------------------------


def cn_date(value: date | None) -> str:
    return core_cn_date(value) if value else ""  # type: ignore[no-untyped-call]


def some_names(names: list[str], limit: int) -> str:
    """The first names joined by 、, with 等 when there are more."""
    shown = "、".join(names[:limit])
    return _("%(names)s等") % {"names": shown} if len(names) > limit else shown


PERIOD_LABELS = {
    "year": gettext_lazy("全年"),
    "H1": gettext_lazy("上半年"),
    "H2": gettext_lazy("下半年"),
    "Q1": gettext_lazy("一季度"),
    "Q2": gettext_lazy("二季度"),
    "Q3": gettext_lazy("三季度"),
    "Q4": gettext_lazy("四季度"),
}


def period_label(period: str) -> str:
    return str(PERIOD_LABELS.get(period, period))


PART_LABELS = {"actual": gettext_lazy("实际数"), "target": gettext_lazy("目标数")}


def part_label(part: str) -> str:
    return str(PART_LABELS.get(part) or period_label(part)) if part else ""


def scheme_info_for(campaign: Campaign, category_id: int | None = None) -> SchemeInfo | None:
    version = campaign.version_for_category(category_id)
    if version is None:
        return None
    return schemeinfo.info_for(version)


def unit_info(cu: CampaignUnit) -> tuple[SchemeInfo | None, str | None]:
    """(SchemeInfo, category name) for a campaign unit."""
    info = scheme_info_for(cu.campaign, cu.category_id)
    return info, (cu.category.name if cu.category_id and cu.category else None)


def stage_due_passed(campaign: Campaign, stage: str) -> bool:
    """Whether the stage's due date is set and has passed (today is later)."""
    record = campaign.stages.filter(stage=stage).first()
    return bool(record and record.due_date and record.due_date < timezone.localdate())


def _codes(leaves: Iterable[Any]) -> str:
    return some_names([f"{leaf.code} {leaf.name}" for leaf in leaves], 4)


def _with_inputs(units: Iterable[CampaignUnit]) -> list[CampaignUnit]:
    """The units with their entries and evidence loaded in two queries (only those a check reads)."""
    chosen = list(units)
    prefetch_related_objects(chosen, "entries", "evidence")
    return chosen


def stage_blockers(campaign: Campaign) -> list[str]:
    """What keeps the current stage from closing, one sentence per unit (or visit, objection) naming what is
    missing; the set-up's treatment of units not visited on site and of late units counts as done."""
    from . import sampling

    stage = campaign.stage
    problems: list[str] = []
    units = list(campaign.units.select_related("unit", "category"))
    visited = sampling.visited_ids(campaign)
    for cu in units:
        cu.campaign = campaign
        cu.__dict__["_visited"] = cu.pk in visited
    active = [cu for cu in units if not sampling.is_excluded(campaign, cu)]
    if stage == Stage.DEPLOY:
        if campaign.scheme_version is None:
            problems.append(_("尚未选定指标体系版本。"))
        if not units:
            problems.append(_("活动范围内还没有单位。"))
        for cu in units:
            version = campaign.version_for_category(cu.category_id)
            if version is None:
                problems.append(_("「%(unit)s」所属类别没有指标体系版本。") % {"unit": cu.unit})
    elif stage == Stage.SELF_ASSESSMENT:
        if not stage_due_passed(campaign, Stage.SELF_ASSESSMENT):
            pending = _with_inputs(
                cu
                for cu in units
                if cu.self_status not in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}
            )
            problems += [
                _("「%(unit)s」:%(what)s。") % {"unit": cu.unit.name, "what": self_missing_words(cu)}
                for cu in pending
            ]
    elif stage == Stage.DESK_REVIEW:
        due_passed = stage_due_passed(campaign, Stage.DESK_REVIEW)
        for cu in _with_inputs(cu for cu in active if cu.self_status != CampaignUnit.SelfStatus.REVIEWED):
            if cu.self_status == CampaignUnit.SelfStatus.RETURNED and not cu.late:
                if not due_passed:
                    problems.append(
                        _("「%(unit)s」:退回修改后尚未重新提交自评。") % {"unit": cu.unit.name}
                    )
                continue
            if cu.late and not sampling.late_is_office_review(campaign, cu):
                continue
            missing = review_missing(cu)
            prefix = (
                _("逾期未提交自评,须由评估人员根据编办掌握的材料审核")
                if cu.late
                else _("已提交自评,尚未完成案头审核")
            )
            detail = (
                _("(%(count)s项未审核:%(codes)s)") % {"count": len(missing), "codes": _codes(missing)}
                if missing
                else _("(各项已审核,请点击「完成审核」)")
            )
            problems.append(_("「%(unit)s」:%(what)s%(detail)s。") % {"unit": cu.unit.name, "what": prefix, "detail": detail})
    elif stage == Stage.ON_SITE:
        open_visits = (
            Visit.objects.filter(campaign_unit__campaign=campaign)
            .exclude(status=Visit.Status.CLOSED)
            .select_related("campaign_unit__unit")
            .prefetch_related("items")
        )
        for visit in open_visits:
            unticked = sum(1 for item in visit.items.all() if item.mandatory and not item.ticked)
            problems.append(
                _("「%(unit)s」:实地评估尚未完成(%(count)s项必查事项未勾选)。")
                % {"unit": visit.campaign_unit.unit.name, "count": unticked}
                if unticked
                else _("「%(unit)s」:实地评估清单已完成,尚未结束实地评估。") % {"unit": visit.campaign_unit.unit.name}
            )
        for cu in _with_inputs(active):
            if sampling.late_is_zero(campaign, cu) and not sampling.is_visited(cu):
                continue
            missing = on_site_missing(cu)
            if not missing:
                continue
            what = (
                _("实地评估指标尚未评分")
                if sampling.is_visited(cu)
                else _("未列入实地评估,实地评估指标按案头审核得分计,尚未评分")
            )
            problems.append(
                _("「%(unit)s」:%(what)s(%(codes)s)。") % {"unit": cu.unit.name, "what": what, "codes": _codes(missing)}
            )
    elif stage == Stage.MULTI_PARTY:
        by_unit: dict[str, list[str]] = {}
        for unit_name, leader, period in missing_leader_rating_rows(campaign):
            by_unit.setdefault(unit_name, []).append(
                _("%(leader)s的%(period)s评价") % {"leader": leader, "period": period_label(period)}
            )
        problems += [
            _("「%(unit)s」:尚缺%(what)s。") % {"unit": name, "what": "、".join(items)} for name, items in by_unit.items()
        ]
        for cu in _with_inputs(active):
            missing = imports_missing(cu)
            if missing:
                problems.append(
                    _("「%(unit)s」:尚无%(codes)s的导入数据(可导入数值或「不适用」)。")
                    % {"unit": cu.unit.name, "codes": _codes(missing)}
                )
    elif stage == Stage.SCORING:
        if campaign.results_stale or not campaign.results.exists():
            problems.append(_("评估结果尚未按最新数据计算。"))
        for flag in campaign.flags.filter(status=TriangulationFlag.Status.OPEN).select_related("unit"):
            problems.append(
                _("「%(unit)s」:印证差异(%(what)s)未核实。")
                % {"unit": flag.unit.name, "what": flag.code or _("各来源总体")}
            )
    elif stage == Stage.FEEDBACK:
        for objection in Objection.objects.filter(
            campaign_unit__campaign=campaign, status=Objection.Status.OPEN
        ).select_related("campaign_unit__unit"):
            problems.append(
                _("「%(unit)s」:对指标%(code)s的异议尚未答复。")
                % {"unit": objection.campaign_unit.unit.name, "code": objection.code}
            )
        if campaign.results_stale:
            problems.append(_("复核改动了分数,请重新计算结果。"))
    elif stage == Stage.APPROVAL:
        problems.append(_("须由编委会审定通过。"))
    elif stage == Stage.PUBLICATION:
        problems.append(_("请使用「公布结果」。"))
    return problems


def excluded_names(campaign: Campaign) -> list[str]:
    """The units the set-up leaves out of scoring and ranking (late, treatment "exclude")."""
    if campaign.late_treatment != Campaign.Late.EXCLUDE:
        return []
    return [cu.unit.name for cu in campaign.units.filter(late=True).select_related("unit")]


def closing_notes(campaign: Campaign) -> list[str]:
    """What closing the current stage will do by the set-up (units that did not submit by the deadline)."""
    from . import sampling

    notes: list[str] = []
    units = list(campaign.units.select_related("unit"))
    if campaign.stage == Stage.SELF_ASSESSMENT and stage_due_passed(campaign, Stage.SELF_ASSESSMENT):
        late = [
            cu.unit.name
            for cu in units
            if cu.self_status in {CampaignUnit.SelfStatus.NOT_STARTED, CampaignUnit.SelfStatus.DRAFT}
        ]
        if late:
            notes.append(
                _("自评截止日期已过,%(count)s个单位逾期未提交(%(names)s),结束本阶段后按活动设置「%(how)s」处理。")
                % {"count": len(late), "names": some_names(late, 10), "how": campaign.get_late_treatment_display()}
            )
    if campaign.stage == Stage.DESK_REVIEW and stage_due_passed(campaign, Stage.DESK_REVIEW):
        late = [cu.unit.name for cu in units if cu.self_status == CampaignUnit.SelfStatus.RETURNED and not cu.late]
        if late:
            notes.append(
                _("案头审核截止日期已过,%(count)s个退回修改的单位未重新提交(%(names)s),结束本阶段后按活动设置「%(how)s」处理。")
                % {"count": len(late), "names": some_names(late, 10), "how": campaign.get_late_treatment_display()}
            )
    if campaign.stage in {Stage.DESK_REVIEW, Stage.ON_SITE}:
        visited = sampling.visited_ids(campaign)
        others = sum(1 for cu in units if cu.pk not in visited)
        notes.append(
            _("已安排实地评估%(visited)s个单位;其余%(others)s个单位的实地评估指标按活动设置「%(how)s」。")
            % {"visited": len(visited), "others": others, "how": campaign.get_unvisited_treatment_display()}
        )
    return notes


def self_missing_words(cu: CampaignUnit) -> str:
    """What a unit's self-assessment still lacks, in words."""
    if cu.self_status == CampaignUnit.SelfStatus.RETURNED:
        return _("退回修改,尚未重新提交")
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED and not cu.entries.all():
        return _("尚未填报自评")
    problems = self_assessment_problems(cu)
    return _("填报中,尚未提交(%(count)s项待补:%(first)s)") % {
        "count": len(problems),
        "first": problems[0].rstrip("。") if problems else _("请提交"),
    }


def review_missing(cu: CampaignUnit) -> list[Any]:
    """The self-assessment and desk-review indicators the desk review still has to score for the unit. (The
    on-site indicators of a unit not visited may be scored here too; the visit plan may still change, so they are
    asked for when the on-site stage closes.)"""
    from . import sampling

    info, category = unit_info(cu)
    if info is None:
        return []
    scored = {(e.code, e.period) for e in cu.entries.all() if e.reviewed_score is not None}
    skipped = set(cu.not_applicable or [])
    leaves = [leaf for leaf in info.leaves if leaf.source in sampling.DESK_SOURCES and leaf.applies_to(category)]
    return [
        leaf
        for leaf in leaves
        if leaf.code not in skipped and any((leaf.code, part) not in scored for part in leaf.parts)
    ]


def on_site_missing(cu: CampaignUnit) -> list[Any]:
    """The on-site indicators of a unit still without a score: a visited unit's (scored on site), or — when the
    set-up takes them from the desk review — an unvisited unit's."""
    from . import sampling

    info, category = unit_info(cu)
    if info is None:
        return []
    visited = sampling.is_visited(cu)
    if not visited and not sampling.desk_scores_on_site(cu.campaign, visited):
        return []
    scored = {(e.code, e.period) for e in cu.entries.all() if e.reviewed_score is not None}
    skipped = set(cu.not_applicable or [])
    return [
        leaf
        for leaf in sampling.on_site_leaves(info, category)
        if leaf.code not in skipped and any((leaf.code, part) not in scored for part in leaf.parts)
    ]


def missing_on_site(cu: CampaignUnit) -> bool:
    return bool(on_site_missing(cu))


IMPORT_SOURCES = frozenset({"survey", "hotline", "external_import", "supervision_metric"})


def imports_missing(cu: CampaignUnit) -> list[Any]:
    """The imported indicators (surveys, hotline, third-party and other data) the unit has no value for yet."""
    info, category = unit_info(cu)
    if info is None:
        return []
    have = set(
        ImportedValue.objects.filter(campaign=cu.campaign, unit_id=cu.unit_id).values_list("key", flat=True)
    )
    skipped = set(cu.not_applicable or [])
    return [
        leaf
        for leaf in info.leaves
        if leaf.source in IMPORT_SOURCES
        and leaf.kind not in {"bonus", "deduction"}
        and leaf.applies_to(category)
        and leaf.code not in skipped
        and leaf.code not in have
    ]


def missing_leader_rating_rows(campaign: Campaign) -> list[tuple[str, str, str]]:
    """(unit name, leader, period) of every leader rating still missing."""
    periods = campaign.leader_rating_periods or ["year"]
    have = set(campaign.leader_ratings.values_list("leader_id", "unit_id", "period"))
    return [
        (a.unit.name, str(a.user), period)
        for a in campaign.assignments.filter(kind=Assignment.Kind.LEADER).select_related("user", "unit")
        for period in periods
        if (a.user_id, a.unit_id, period) not in have
    ]


def missing_leader_ratings(campaign: Campaign) -> list[str]:
    periods = campaign.leader_rating_periods or ["year"]
    have = set(campaign.leader_ratings.values_list("leader_id", "unit_id", "period"))
    missing: list[str] = []
    for a in campaign.assignments.filter(kind=Assignment.Kind.LEADER).select_related("user", "unit"):
        missing.extend(
            f"{a.user}→{a.unit}({period_label(period)})"
            for period in periods
            if (a.user_id, a.unit_id, period) not in have
        )
    return missing


def self_assessment_problems(cu: CampaignUnit) -> list[str]:
    """Why the self-assessment cannot be submitted yet, each naming the indicator."""
    info, category = unit_info(cu)
    if info is None:
        return [_("本活动尚未确定指标体系。")]
    entries = {(e.code, e.period): e for e in cu.entries.all()}
    evidence_codes = {e.code for e in cu.evidence.all() if e.purpose == Evidence.Purpose.SELF}
    problems = []
    skipped = set(cu.not_applicable or [])
    for leaf in info.leaves:
        if not leaf.self_assessed or not leaf.applies_to(category) or leaf.code in skipped:
            continue
        missing = [
            p
            for p in leaf.parts
            if entries.get((leaf.code, p)) is None or entries[(leaf.code, p)].self_score is None
        ]
        if missing:
            which = f"({'、'.join(part_label(p) for p in missing)})" if len(leaf.parts) > 1 else ""
            problems.append(
                _("指标「%(code)s %(name)s」尚未填写自评分%(which)s。")
                % {"code": leaf.code, "name": leaf.name, "which": which}
            )
        if leaf.evidence_required and leaf.code not in evidence_codes:
            problems.append(
                _("指标「%(code)s %(name)s」需要佐证材料(%(evidence)s),请上传后再提交。")
                % {"code": leaf.code, "name": leaf.name, "evidence": ";".join(leaf.evidence)}
            )
    has_report_file = any(e.purpose == Evidence.Purpose.REPORT for e in cu.evidence.all())
    if not cu.report.strip() and not has_report_file:
        problems.append(_("请填写或上传自评报告。"))
    return problems


def review_problems(cu: CampaignUnit) -> list[str]:
    info, _category = unit_info(cu)
    if info is None:
        return [_("本活动尚未确定指标体系。")]
    entries = {(e.code, e.period): e for e in cu.entries.all()}
    problems = []
    for leaf in review_missing(cu):
        part = next(p for p in leaf.parts if entries.get((leaf.code, p)) is None or entries[(leaf.code, p)].reviewed_score is None)
        problems.append(
            _("指标「%(code)s %(name)s」%(part)s尚未审核。")
            % {"code": leaf.code, "name": leaf.name, "part": part_label(part)}
        )
    return problems


def objection_deadline(campaign: Campaign) -> date | None:
    record = campaign.stages.filter(stage=Stage.FEEDBACK).first()
    return record.due_date if record else None


def not_evaluated(result: UnitResult) -> str | None:
    """The reason a unit is not evaluated this period (the engine lists it apart: no grade, no rank, not counted
    in rank sizes or quotas), None for a unit that is."""
    reason = (result.summary or {}).get("not_evaluated")
    return str(reason) if reason else None


def grouped(results: Iterable[UnitResult]) -> list[dict[str, Any]]:
    """Results by category: `rows` ranked, `apart` the units not evaluated, each with `reason`."""
    groups: dict[Any, list[UnitResult]] = {}
    for r in results:
        groups.setdefault(r.category, []).append(r)
    return [
        {
            "category": cat,
            "rows": sorted((r for r in rows if not not_evaluated(r)), key=lambda r: (r.rank or 10**6, r.unit.code)),
            "apart": [
                {"result": r, "reason": not_evaluated(r)}
                for r in sorted(rows, key=lambda r: r.unit.code)
                if not_evaluated(r)
            ],
        }
        for cat, rows in sorted(
            groups.items(), key=lambda kv: (kv[0].order if kv[0] else 999, kv[0].code if kv[0] else "")
        )
    ]


def provenance(cu: CampaignUnit, user: Any) -> dict[str, list[dict[str, Any]]]:
    """{indicator code or input name: [{source, value, author, at, reason, history: [...]}]} for one unit, as the
    user may see it: the leader ratings (under "__ratings__", with who gave them) only where
    `LeaderRating.objects.visible_to(user)` holds them — the office, the committee, the rating leader."""
    out: dict[str, list[dict[str, Any]]] = {}
    entries = list(IndicatorEntry.objects.filter(campaign_unit=cu).select_related("self_by", "reviewed_by"))
    ratings = list(
        LeaderRating.objects.visible_to(user)
        .filter(campaign=cu.campaign, unit=cu.unit)
        .select_related("leader")
    )
    imports = list(
        ImportedValue.objects.filter(campaign=cu.campaign, unit=cu.unit).select_related("entered_by", "batch")
    )
    history: dict[tuple[type, str], list[AuditEvent]] = {}
    for model, objs in ((IndicatorEntry, entries), (LeaderRating, ratings), (ImportedValue, imports)):
        if not objs:
            continue
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for event in AuditEvent.objects.filter(
            content_type=ct, object_id__in=[str(o.pk) for o in objs]
        ).order_by("at", "id"):
            history.setdefault((model, event.object_id), []).append(event)
    for e in entries:
        events = history.get((IndicatorEntry, str(e.pk)), [])
        steps = [
            {
                "at": event.at,
                "who": event.actor_name,
                "what": _("自评分") if change["field"] == "self_score" else _("审核分"),
                "before": change["before"],
                "after": change["after"],
                "reason": event.reason,
            }
            for event in events
            for change in event.changes
            if change["field"] in {"self_score", "reviewed_score"}
        ]
        item = {
            "period": e.period,
            "self_score": e.self_score,
            "self_by": e.self_by,
            "self_at": e.self_at,
            "reviewed_score": e.reviewed_score,
            "reviewed_by": e.reviewed_by,
            "reviewed_at": e.reviewed_at,
            "review_reason": e.review_reason,
            "review_source": e.get_review_source_display() if e.review_source else "",
            "history": steps,
        }
        out.setdefault(e.code, []).append({"kind": "entry", **item})
    for r in ratings:
        out.setdefault("__ratings__", []).append(
            {"kind": "rating", "who": r.leader, "period": r.period, "rating": r.rating, "at": r.rated_at, "comment": r.comment,
             "history": len(history.get((LeaderRating, str(r.pk)), []))}
        )  # fmt: skip
    for v in imports:
        steps = [
            {
                "at": ev.at,
                "who": ev.actor_name,
                "before": (ev.before or {}).get("value"),
                "after": (ev.after or {}).get("value"),
            }
            for ev in history.get((ImportedValue, str(v.pk)), [])
        ]
        out.setdefault(v.key, []).append(
            {"kind": "import", "part": v.part, "value": v.value, "who": v.entered_by, "at": v.entered_at,
             "file": v.batch.file_name if v.batch else "", "note": v.note, "source": str(schemeinfo.IMPORT_KINDS.get(v.kind, (v.kind,))[0]),
             "history": steps}
        )  # fmt: skip
    return out

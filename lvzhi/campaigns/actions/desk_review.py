"""Desk review: reviewed scores with reasons, returns, indicators that do not apply, completion, findings."""

from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid, Refused
from lvzhi.findings.models import Finding

from .. import sampling
from ..models import Assignment, CampaignUnit, IndicatorEntry, Stage
from ..notify import campaign_url, notify
from ..policy import require
from ..selectors import review_problems, scheme_info_for
from .common import (
    User,
    campaign_action,
    check_part,
    check_value,
    current_time,
    leaf_for,
    mark_results_stale,
    parse_score,
)


@campaign_action
def return_self_assessment(cu, *, actor, reason: str) -> CampaignUnit:
    require(actor, "return_self", cu.campaign, cu.unit_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("退回修改须说明原因。"))
    if cu.self_status not in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}:
        raise Invalid(_("该单位尚未提交自评,无需退回。"))
    cu.self_status = CampaignUnit.SelfStatus.RETURNED
    cu.return_reason = reason
    cu.review_done_at = None
    cu.save()
    record_event("campaign.self_returned", cu, after={"status": cu.self_status}, reason=reason)
    contacts = User.objects.filter(role="unit_contact", unit_id=cu.unit_id, is_active=True)
    notify(
        list(contacts),
        cu.campaign,
        _("「%(name)s」的自评被退回修改:%(reason)s") % {"name": cu.campaign.name, "reason": reason},
        campaign_url(cu.campaign, "unit_self", unit_id=cu.unit_id),
    )
    return cu


@campaign_action
def set_not_applicable(cu, *, actor, code: str, not_applicable: bool, reason: str = "") -> CampaignUnit:
    """Mark an indicator as not applying to the unit (the engine rescales its parent) or undo it. Audited
    with the reason."""
    require(actor, "mark_na", cu.campaign, cu.unit_id)
    leaf, _category = leaf_for(cu, code)
    reason = (reason or "").strip()
    if not_applicable and not reason:
        raise Invalid(
            _("标记指标「%(code)s %(name)s」不适用须说明理由。") % {"code": leaf.code, "name": leaf.name}
        )
    codes = set(cu.not_applicable or [])
    codes.add(code) if not_applicable else codes.discard(code)
    if sorted(codes) != sorted(cu.not_applicable or []):
        cu.not_applicable = sorted(codes)
        with audit_context(reason=reason):
            cu.save()
        mark_results_stale(cu.campaign)
    return cu


@campaign_action
def set_not_evaluated(cu, *, actor, not_evaluated: bool, reason: str = "") -> CampaignUnit:
    """List the unit apart as not evaluated this period, with the reason (nothing due, no cases), or take it back
    into the grading and ranking. Audited with the reason; the results are to be computed again."""
    require(actor, "mark_not_evaluated", cu.campaign, cu.unit_id)
    reason = (reason or "").strip()
    if not_evaluated and not reason:
        raise Invalid(_("标记「%(unit)s」不参评须说明原因(如本期无到期事项)。") % {"unit": cu.unit}, field="reason")
    if len(reason) > 200:
        raise Invalid(_("不参评原因不能超过 200 字。"), field="reason")
    wanted = reason if not_evaluated else ""
    if wanted != cu.not_evaluated_reason:
        cu.not_evaluated_reason = wanted
        with audit_context(reason=reason or _("恢复参评")):
            cu.save()
        mark_results_stale(cu.campaign)
    return cu


@campaign_action
def review_scores(cu, *, actor, scores: dict, reasons: dict | None = None, source="desk_review") -> int:
    """Set reviewed scores `{(code, period): value}` with reasons `{(code, period): text}`. A reason is
    required wherever the reviewed score differs from the unit's self score. `source` is "desk_review" (desk
    review stage) or "on_site" (on-site stage: scores of on-site indicators and revisions found on site)."""
    action = "desk_review" if source == "desk_review" else "on_site"
    require(actor, action, cu.campaign, cu.unit_id)
    return _store_reviewed(cu, scores, reasons, source, reviewer=actor)


@campaign_action
def enter_review_on_behalf(
    cu, *, actor, evaluator, document: str, scores: dict, reasons: dict | None = None, source: str = ""
) -> int:
    """代录: the office enters the scores an evaluator gave on a paper scoring sheet (desk review or on site),
    naming that sheet. The scores are the evaluator's (reviewed by them); the audit names who entered them, for
    whom, from which document. `source` is the stage the scores belong to (the current one when not given)."""
    require(actor, "review_on_behalf", cu.campaign, cu.unit_id)
    source = source or cu.campaign.stage
    if source not in {Stage.DESK_REVIEW, Stage.ON_SITE}:
        raise Invalid(_("代录的得分应为案头审核或实地评估的得分。"), field="source")
    if cu.campaign.stage != source:
        raise Refused(
            _("当前是%(stage)s阶段,不能代录%(source)s得分。")
            % {"stage": cu.campaign.get_stage_display(), "source": Stage(source).label}
        )
    document = (document or "").strip()
    if not document:
        raise Invalid(_("请填写代录依据的文件(如纸质评分表的名称或编号)。"), field="document")
    assigned = Assignment.objects.filter(
        campaign=cu.campaign, user=evaluator, unit_id=cu.unit_id, kind=Assignment.Kind.EVALUATOR
    ).exists()
    if evaluator is None or not assigned:
        raise Invalid(
            _("%(who)s不是「%(unit)s」的评估人员,不能代其录入得分。")
            % {"who": evaluator or _("所选人员"), "unit": cu.unit},
            field="evaluator_id",
        )
    changed = _store_reviewed(cu, scores, reasons, source, reviewer=evaluator)
    record_event(
        "campaign.review_on_behalf",
        cu,
        after={
            "evaluator": str(evaluator),
            "source": str(Stage(source).label),
            "entries": changed,
            "document": document,
        },
        reason=_("代%(evaluator)s录入%(source)s得分,依据:%(document)s")
        % {"evaluator": evaluator, "source": Stage(source).label, "document": document},
    )
    return changed


def _store_reviewed(cu, scores: dict, reasons: dict | None, source: str, *, reviewer) -> int:
    if (
        source == "desk_review"
        and cu.self_status not in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}
        and not sampling.late_is_office_review(cu.campaign, cu)
    ):
        raise Refused(_("该单位尚未提交自评(或已退回修改),暂不能审核。"))
    reasons = reasons or {}
    allowed_sources = (
        {"self_assessment", "desk_review"}
        if source == "desk_review"
        else {"self_assessment", "desk_review", "on_site"}
    )
    if source == "desk_review" and sampling.desk_scores_on_site(cu.campaign, sampling.is_visited(cu)):
        allowed_sources.add("on_site")  # a unit not visited: its on-site indicators are scored in the desk review
    changed = 0
    now = current_time()
    problems = []
    for (code, period), raw in scores.items():
        leaf, category = leaf_for(cu, code)
        if leaf.source not in allowed_sources:
            raise Invalid(
                _("指标「%(code)s %(name)s」的数据来源是%(source)s,不在此录入。")
                % {"code": leaf.code, "name": leaf.name, "source": leaf.source_label}
            )
        check_part(leaf, period)
        value = parse_score(
            raw, _("指标「%(code)s %(name)s」的审核分") % {"code": leaf.code, "name": leaf.name}
        )
        if value is None:
            continue
        check_value(leaf, category, value, _("审核分"))
        entry, _created = IndicatorEntry.objects.get_or_create(campaign_unit=cu, code=code, period=period)
        reason = (reasons.get((code, period)) or "").strip()
        if entry.self_score is not None and value != entry.self_score and not reason:
            problems.append(
                _("指标「%(code)s %(name)s」的审核分与自评分不同,须说明理由。")
                % {"code": leaf.code, "name": leaf.name}
            )
            continue
        if entry.reviewed_score == value and (not reason or reason == entry.review_reason):
            continue
        entry.reviewed_score = value
        entry.review_reason = reason
        entry.review_source = source
        entry.reviewed_by = reviewer
        entry.reviewed_at = now
        with audit_context(reason=reason):
            entry.save()
        changed += 1
    if problems:
        raise Invalid("".join(problems))
    if changed:
        mark_results_stale(cu.campaign)
    return changed


@campaign_action
def complete_review(cu, *, actor) -> CampaignUnit:
    require(actor, "desk_review", cu.campaign, cu.unit_id)
    late_review = sampling.late_is_office_review(cu.campaign, cu) and cu.self_status != CampaignUnit.SelfStatus.REVIEWED
    if cu.self_status != CampaignUnit.SelfStatus.SUBMITTED and not late_review:
        raise Invalid(_("只有已提交的自评才能完成审核。"))
    problems = review_problems(cu)
    if problems:
        raise Invalid(_("不能完成审核:%(problems)s") % {"problems": "".join(problems)})
    cu.self_status = CampaignUnit.SelfStatus.REVIEWED
    cu.review_done_at = current_time()
    cu.save()
    record_event("campaign.review_completed", cu)
    return cu


@campaign_action
def raise_finding(
    campaign,
    *,
    actor,
    unit,
    source,
    category,
    title,
    description="",
    severity="medium",
    indicator_code="",
    deadline=None,
) -> Finding:
    require(actor, "raise_finding", campaign, unit.pk)
    title = (title or "").strip()
    if not title:
        raise Invalid(_("请填写问题。"))
    if category not in Finding.Category.values:
        raise Invalid(_("请选择问题类别。"))
    if severity not in Finding.Severity.values:
        raise Invalid(_("请选择严重程度。"))
    if source not in Finding.Source.values:
        raise Invalid(_("问题来源无效。"))
    if not campaign.units.filter(unit=unit).exists():
        raise Invalid(_("「%(unit)s」不在本活动范围内。") % {"unit": unit})
    if indicator_code:
        info = scheme_info_for(campaign, unit.category_id)
        if info is None or indicator_code not in info.by_code:
            raise Invalid(_("指标「%(code)s」不在本活动的指标体系中。") % {"code": indicator_code})
    from lvzhi.findings.actions import record_finding

    # Shown to the unit when the campaign opens its results (feedback), or earlier when the office issues it.
    return record_finding(
        actor=actor, unit=unit, campaign=campaign, issued=False, source=source, category=category, title=title,
        description=description, severity=severity, indicator_code=indicator_code, deadline=deadline,
    )

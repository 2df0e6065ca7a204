"""Feedback and re-check: objections by the unit and the evaluators' answers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid, Refused

from ..models import IndicatorEntry, Objection
from ..notify import campaign_url, notify
from ..policy import require
from ..selectors import cn_date, objection_deadline
from .common import (
    User,
    campaign_action,
    check_value,
    current_time,
    leaf_for,
    mark_results_stale,
    parse_score,
)


@campaign_action
def raise_objection(cu, *, actor, code: str, reason: str, requested_score=None) -> Objection:
    require(actor, "object", cu.campaign, cu.unit_id)
    deadline = objection_deadline(cu.campaign)
    if deadline and timezone.localdate() > deadline:
        raise Refused(_("异议期限已于%(date)s截止。") % {"date": cn_date(deadline)})
    leaf, category = leaf_for(cu, code)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            _("请说明对指标「%(code)s %(name)s」的异议理由。") % {"code": leaf.code, "name": leaf.name}
        )
    requested = parse_score(requested_score, _("申请分值"))
    if requested is not None:
        check_value(leaf, category, requested, _("申请分值"))
    if cu.objections.filter(code=code, status=Objection.Status.OPEN).exists():
        raise Invalid(
            _("对指标「%(code)s %(name)s」已有待复核的异议。") % {"code": leaf.code, "name": leaf.name}
        )
    objection = Objection.objects.create(
        campaign_unit=cu, code=code, reason=reason, requested_score=requested, submitted_by=actor
    )
    evaluators = User.objects.filter(
        pk__in=cu.campaign.assignments.filter(unit_id=cu.unit_id, kind="evaluator").values("user_id")
    )
    notify(
        list(evaluators),
        cu.campaign,
        _("%(unit)s对指标「%(code)s %(name)s」提出异议,请复核。")
        % {"unit": cu.unit, "code": leaf.code, "name": leaf.name},
        campaign_url(cu.campaign, "unit_objections", unit_id=cu.unit_id),
    )
    return objection


@campaign_action
def answer_objection(objection, *, actor, upheld: bool, answer: str, new_score=None) -> Objection:
    """Upheld: the indicator's reviewed score becomes `new_score` (audited with the answer as reason);
    rejected: the answer says why. The unit contact is notified either way."""
    cu = objection.campaign_unit
    require(actor, "answer_objection", cu.campaign, cu.unit_id)
    if objection.status != Objection.Status.OPEN:
        raise Invalid(_("该异议已经答复。"))
    answer = (answer or "").strip()
    if not answer:
        raise Invalid(_("请填写复核意见。"))
    leaf, category = leaf_for(cu, objection.code)
    entry = None
    if upheld:
        if not leaf.is_entered:
            raise Invalid(
                _(
                    "指标「%(code)s %(name)s」的数据来源是%(source)s,请更正来源数据后重新计算;此处只能不予采纳或说明。"
                )
                % {"code": leaf.code, "name": leaf.name, "source": leaf.source_label}
            )
        if len(leaf.parts) > 1:
            raise Invalid(
                _("指标「%(code)s %(name)s」分项填报,请在案头审核或实地评估中逐项更正。")
                % {"code": leaf.code, "name": leaf.name}
            )
        score = parse_score(new_score, _("复核后分值"))
        if score is None:
            raise Invalid(_("采纳异议须填写复核后分值。"))
        check_value(leaf, category, score, _("复核后分值"))
        entry, _created = IndicatorEntry.objects.get_or_create(
            campaign_unit=cu, code=objection.code, period=""
        )
        objection.old_score = entry.effective_score
        objection.new_score = score
        entry.reviewed_score = score
        entry.review_reason = _("复核采纳异议:%(answer)s") % {"answer": answer}
        entry.review_source = IndicatorEntry.ReviewSource.RECHECK
        entry.reviewed_by = actor
        entry.reviewed_at = current_time()
        with audit_context(reason=_("复核采纳异议:%(answer)s") % {"answer": answer}):
            entry.save()
        mark_results_stale(cu.campaign)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = current_time()
    objection.save()
    record_event(
        "campaign.objection_answered",
        objection,
        before={"score": str(objection.old_score) if objection.old_score is not None else None},
        after={
            "status": objection.status,
            "score": str(objection.new_score) if objection.new_score is not None else None,
        },
        reason=answer,
    )
    contacts = User.objects.filter(role="unit_contact", unit_id=cu.unit_id, is_active=True)
    notify(
        list(contacts),
        cu.campaign,
        _("您对指标「%(code)s %(name)s」的异议%(status)s:%(answer)s")
        % {"code": leaf.code, "name": leaf.name, "status": objection.get_status_display(), "answer": answer},
        campaign_url(cu.campaign, "unit_objections", unit_id=cu.unit_id),
    )
    return objection

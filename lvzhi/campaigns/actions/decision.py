"""The committee's decision and publication."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .. import completeness
from ..models import Campaign, CampaignStage, CommitteeDecision, Stage, stage_index
from ..notify import campaign_url, notify
from ..policy import require
from ..scoring import results_digest
from .common import User, campaign_action, current_time
from .transitions import open_stage


@campaign_action
def record_decision(
    campaign,
    *,
    actor,
    meeting: str,
    decided_on,
    outcome: str,
    text: str,
    document_number: str = "",
    acknowledge_gaps: bool = False,
) -> CommitteeDecision:
    """The committee's decision. Approved: the approval stage closes and publication opens. Sent back: the
    campaign returns to scoring (the decision is the reason, audited). Approving results whose inputs are
    incomplete (lvzhi.campaigns.completeness) needs `acknowledge_gaps`; the gaps are recorded in the decision."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "decide", campaign)
    if not (meeting or "").strip() or not (text or "").strip() or decided_on is None:
        raise Invalid(_("请填写会议、审定日期和决定内容。"))
    if outcome not in CommitteeDecision.Outcome.values:
        raise Invalid(_("请选择审定结论。"))
    if decided_on > timezone.localdate():
        raise Invalid(
            _("审定日期不能晚于今天(%(today)s)。") % {"today": cn_date(timezone.localdate())}, field="decided_on"
        )
    if campaign.results_stale or not campaign.results.exists():
        raise Invalid(_("评估结果尚未按最新数据计算,不能审定。"))
    gaps = completeness.gaps(campaign)
    if outcome == CommitteeDecision.Outcome.APPROVED and gaps and not acknowledge_gaps:
        raise Invalid(
            _("评估数据尚不完整(%(what)s),审定通过须勾选「已知悉上述不完整情况」并在决定中记录。")
            % {"what": "、".join(g["title"] for g in gaps)},
            field="acknowledge_gaps",
        )
    decision = CommitteeDecision.objects.create(
        campaign=campaign,
        meeting=meeting.strip(),
        decided_on=decided_on,
        outcome=outcome,
        text=text.strip(),
        document_number=(document_number or "").strip(),
        recorded_by=actor,
        results_digest=results_digest(campaign),
        gaps=gaps,
        gaps_acknowledged=bool(gaps and acknowledge_gaps),
    )
    record = campaign.stages.get(stage=Stage.APPROVAL)
    if outcome == CommitteeDecision.Outcome.APPROVED:
        record.status = CampaignStage.Status.CLOSED
        record.closed_at = current_time()
        record.closed_by = actor
        record.save()
        record_event(
            "campaign.approved",
            campaign,
            after={"decision": decision.pk, "gaps_acknowledged": [g["title"] for g in gaps]},
            reason=text.strip(),
        )
        open_stage(campaign, Stage.PUBLICATION)
    else:
        with audit_context(reason=_("编委会退回:%(text)s") % {"text": text.strip()}):
            for later in campaign.stages.filter(order__gte=stage_index(Stage.SCORING)):
                later.status = CampaignStage.Status.PENDING
                later.opened_at = later.closed_at = None
                later.closed_by = None
                later.save()
            record_event("campaign.sent_back", campaign, after={"decision": decision.pk}, reason=text.strip())
            open_stage(campaign, Stage.SCORING)
    return decision


@campaign_action
def publish(campaign, *, actor) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "publish", campaign)
    decision = campaign.decisions.filter(outcome=CommitteeDecision.Outcome.APPROVED).first()
    if decision is None:
        raise Invalid(_("尚无编委会审定通过的记录。"))
    if decision.results_digest and decision.results_digest != results_digest(campaign):
        raise Invalid(_("结果在审定后发生了变化,须重新提请编委会审定。"))
    record = campaign.stages.get(stage=Stage.PUBLICATION)
    record.status = CampaignStage.Status.CLOSED
    record.closed_at = current_time()
    record.closed_by = actor
    record.save()
    campaign.published_at = current_time()
    campaign.save(update_fields=["published_at"])
    record_event("campaign.published", campaign, after={"published_at": campaign.published_at.isoformat()})
    unit_ids = campaign.units.values("unit_id")
    audience = list(
        User.objects.filter(
            Q(role="unit_contact", unit_id__in=unit_ids) | Q(role="committee"), is_active=True
        )
    )
    notify(
        audience,
        campaign,
        _("「%(name)s」评估结果已公布。") % {"name": campaign.name},
        campaign_url(campaign, "bulletin"),
    )
    return campaign

"""The stage machine: closing the current stage (unless something blocks it) and reopening a closed one."""

from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.findings.models import Finding

from ..models import STAGE_ORDER, Campaign, CampaignStage, CampaignUnit, Stage, stage_index
from ..notify import campaign_url, notify
from ..policy import require
from ..selectors import cn_date, stage_blockers
from .common import User, campaign_action, current_time
from .setup import require_published_version


def _stage_audience(campaign, stage) -> list:
    if stage == Stage.SELF_ASSESSMENT or stage == Stage.FEEDBACK:
        unit_ids = campaign.units.values("unit_id")
        return list(User.objects.filter(role="unit_contact", is_active=True, unit_id__in=unit_ids))
    if stage in {Stage.DESK_REVIEW, Stage.ON_SITE, Stage.SCORING}:
        return list(
            User.objects.filter(pk__in=campaign.assignments.filter(kind="evaluator").values("user_id"))
        )
    if stage == Stage.MULTI_PARTY:
        return list(User.objects.filter(pk__in=campaign.assignments.filter(kind="leader").values("user_id")))
    if stage == Stage.APPROVAL:
        return list(User.objects.filter(role="committee", is_active=True))
    return []


def open_stage(campaign, stage):
    record = campaign.stages.get(stage=stage)
    record.status = CampaignStage.Status.OPEN
    record.opened_at = current_time()
    record.closed_at = None
    record.closed_by = None
    record.save()
    campaign.stage = stage
    campaign.save(update_fields=["stage"])
    due = _(",截止日期%(date)s") % {"date": cn_date(record.due_date)} if record.due_date else ""
    notify(
        _stage_audience(campaign, stage),
        campaign,
        _("「%(name)s」进入%(stage)s阶段%(due)s。")
        % {"name": campaign.name, "stage": record.get_stage_display(), "due": due},
        campaign_url(campaign),
        key=f"c{campaign.pk}-open-{stage}-{record.opened_at:%Y%m%d%H%M%S}",
    )


@campaign_action
def close_stage(campaign, *, actor, reason: str = "", force: bool = False) -> Campaign:
    """Close the current stage and open the next. With blockers the stage stays open, unless an office
    administrator forces it with a reason (audited)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "close_stage", campaign)
    stage = campaign.stage
    blockers = stage_blockers(campaign)
    reason = (reason or "").strip()
    if blockers and not force:
        raise Invalid(_("不能结束本阶段:%(problems)s") % {"problems": "".join(blockers)})
    if blockers and not reason:
        raise Invalid(_("强制结束阶段须说明理由。"))
    if stage == Stage.DEPLOY:
        # Freeze what the campaign uses: re-check the versions are still published.
        require_published_version(campaign.scheme_version)
    late = mark_late(campaign, stage, actor)
    record = campaign.stages.get(stage=stage)
    record.status = CampaignStage.Status.CLOSED
    record.closed_at = current_time()
    record.closed_by = actor
    record.save()
    record_event(
        "campaign.stage_closed",
        campaign,
        before={"stage": stage},
        after={
            "stage": STAGE_ORDER[stage_index(stage) + 1],
            "forced": bool(blockers),
            "blockers": blockers,
            "late": late,
        },
        reason=reason,
    )
    open_stage(campaign, STAGE_ORDER[stage_index(stage) + 1])
    return campaign


def mark_late(campaign, stage, actor) -> list[str]:
    """Closing the self-assessment stage, the units that have not submitted become late; closing the desk review,
    the units returned for correction that have not resubmitted. Under the set-up "scored zero with a finding",
    each gets a finding. The codes of the late units."""
    if stage == Stage.SELF_ASSESSMENT:
        waiting = {CampaignUnit.SelfStatus.NOT_STARTED, CampaignUnit.SelfStatus.DRAFT}
    elif stage == Stage.DESK_REVIEW:
        waiting = {CampaignUnit.SelfStatus.RETURNED}
    else:
        return []
    late = list(campaign.units.filter(self_status__in=waiting, late=False).select_related("unit"))
    for cu in late:
        cu.late = True
        cu.save(update_fields=["late"])
        if campaign.late_treatment == Campaign.Late.ZERO:
            Finding.objects.create(
                campaign=campaign,
                unit=cu.unit,
                source=Finding.Source.DESK_REVIEW,
                category=Finding.Category.UNDERPERFORMANCE,
                severity=Finding.Severity.MEDIUM,
                title=_("未按期提交自评材料"),
                description=_("截至自评截止日期未提交自评,自评和案头审核指标计零分。"),
                raised_by=actor,
            )
    return [cu.unit.code for cu in late]


@campaign_action
def reopen_stage(campaign, *, actor, stage: str, reason: str) -> Campaign:
    """Go back to a closed stage. Needs an office administrator and a reason; the later stages become pending
    again and a publication is withdrawn. Audited."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "reopen_stage", campaign)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("重新开启阶段须说明理由。"))
    if stage not in STAGE_ORDER:
        raise Invalid(_("没有这个阶段。"))
    record = campaign.stages.get(stage=stage)
    if record.status != CampaignStage.Status.CLOSED:
        raise Invalid(_("「%(stage)s」阶段尚未结束,无需重新开启。") % {"stage": record.get_stage_display()})
    before = {
        "stage": campaign.stage,
        "published_at": campaign.published_at.isoformat() if campaign.published_at else None,
    }
    with audit_context(reason=reason):
        for later in campaign.stages.filter(order__gt=record.order):
            if later.status != CampaignStage.Status.PENDING:
                later.status = CampaignStage.Status.PENDING
                later.opened_at = None
                later.closed_at = None
                later.closed_by = None
                later.save()
        if campaign.published_at is not None:
            campaign.published_at = None
            campaign.save(update_fields=["published_at"])
        # Reopening the stage a unit was late for gives it its chance again.
        if stage_index(stage) <= stage_index(Stage.SELF_ASSESSMENT):
            campaign.units.filter(late=True).update(late=False)
        elif stage == Stage.DESK_REVIEW:
            campaign.units.filter(late=True, self_status=CampaignUnit.SelfStatus.RETURNED).update(late=False)
        open_stage(campaign, stage)
        record_event(
            "campaign.stage_reopened", campaign, before=before, after={"stage": stage}, reason=reason
        )
    return campaign

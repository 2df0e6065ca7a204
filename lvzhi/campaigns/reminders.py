"""Deadline reminders in the app: for the current stage of every campaign not yet published, the people who still
have work get "due in N days" (three days before) and "overdue" notices. Sending twice sends nothing new (each
notice has a key per person, stage, deadline and kind). Run daily: `lvzhi campaign_reminders`."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.templatetags.lvzhi_format import cn_date

from .models import Campaign, CampaignStage, Objection, Stage, Visit
from .notify import campaign_url, notify

User = get_user_model()
SOON_DAYS = 3


def _who_still_has_work(campaign, stage) -> list:
    units = campaign.units.all()
    if stage == Stage.SELF_ASSESSMENT:
        pending = units.exclude(self_status__in=["submitted", "reviewed"]).values("unit_id")
        return list(User.objects.filter(role="unit_contact", is_active=True, unit_id__in=pending))
    if stage == Stage.DESK_REVIEW:
        pending = units.exclude(self_status="reviewed").values("unit_id")
        return list(User.objects.filter(campaign_assignments__campaign=campaign, campaign_assignments__kind="evaluator",
                                        campaign_assignments__unit_id__in=pending).distinct())  # fmt: skip
    if stage == Stage.ON_SITE:
        open_units = (
            Visit.objects.filter(campaign_unit__campaign=campaign)
            .exclude(status="closed")
            .values("campaign_unit__unit_id")
        )
        return list(User.objects.filter(campaign_assignments__campaign=campaign, campaign_assignments__kind="evaluator",
                                        campaign_assignments__unit_id__in=open_units).distinct())  # fmt: skip
    if stage == Stage.MULTI_PARTY:
        periods = campaign.leader_rating_periods or ["year"]
        have = set(campaign.leader_ratings.values_list("leader_id", "unit_id", "period"))
        ids = {
            a.user_id
            for a in campaign.assignments.filter(kind="leader")
            if any((a.user_id, a.unit_id, p) not in have for p in periods)
        }
        return list(User.objects.filter(pk__in=ids))
    if stage == Stage.FEEDBACK:
        open_units = Objection.objects.filter(campaign_unit__campaign=campaign, status="open").values(
            "campaign_unit__unit_id"
        )
        contacts = User.objects.filter(
            role="unit_contact", is_active=True, unit_id__in=units.values("unit_id")
        )
        evaluators = User.objects.filter(campaign_assignments__campaign=campaign, campaign_assignments__kind="evaluator",
                                         campaign_assignments__unit_id__in=open_units)  # fmt: skip
        return list(User.objects.filter(Q(pk__in=contacts) | Q(pk__in=evaluators)).distinct())
    if stage == Stage.APPROVAL:
        return list(User.objects.filter(role="committee", is_active=True))
    return list(User.objects.filter(Q(role="admin") | Q(is_superuser=True), is_active=True))


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Queue the reminders due today; returns how many people were reminded (before de-duplication)."""
    today = today or timezone.localdate()
    count = 0
    for campaign in Campaign.objects.filter(published_at__isnull=True):
        record = campaign.stages.filter(stage=campaign.stage, status=CampaignStage.Status.OPEN).first()
        if record is None or record.due_date is None:
            continue
        days = (record.due_date - today).days
        if days > SOON_DAYS:
            continue
        label = record.get_stage_display()
        due = cn_date(record.due_date)
        if days >= 0:
            kind, text = (
                "soon",
                _("「%(name)s」%(label)s将于%(due)s截止,请抓紧办理。")
                % {"name": campaign.name, "label": label, "due": due},
            )
        else:
            kind, text = (
                "overdue",
                _("「%(name)s」%(label)s已于%(due)s截止,您还有未完成的事项。")
                % {"name": campaign.name, "label": label, "due": due},
            )
        people = _who_still_has_work(campaign, campaign.stage)
        notify(
            people,
            campaign,
            text,
            campaign_url(campaign),
            key=f"c{campaign.pk}-{campaign.stage}-{record.due_date}-{kind}",
        )
        count += len(people)
    return count

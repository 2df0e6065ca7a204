"""Claim reminders in the app (the campaigns room's notifications, lvzhi.campaigns.notify): each unit contact of
a unit with a pending claim gets "due in N days" or "overdue"; the same reminder is not sent twice on one day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.campaigns.notify import notify
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .models import NoticeClaim


def send_claim_reminders(claim_ids: Iterable[int], today: datetime.date | None = None) -> int:
    """Queue a reminder (after commit) to the unit contacts of each claim; returns how many people."""
    today = today or timezone.localdate()
    users = get_user_model().objects.filter(role="unit_contact", is_active=True)
    count = 0
    for claim in NoticeClaim.objects.filter(pk__in=list(claim_ids)).select_related("notice"):
        contacts = list(users.filter(unit_id=claim.unit_id))
        if claim.deadline < today:
            text = _("上级变更「%(title)s」(%(doc)s)的认领已于%(due)s逾期,请尽快认领。")
        else:
            text = _("上级变更「%(title)s」(%(doc)s)请于%(due)s前认领。")
        text = text % {
            "title": claim.notice.title,
            "doc": claim.notice.document_number,
            "due": cn_date(claim.deadline),
        }
        notify(
            contacts,
            None,
            text,
            url=reverse("duties:claims"),
            key=f"duties-claim-{claim.pk}-{today.isoformat()}",
        )
        count += len(contacts)
    return count

"""In-app notifications: written after the transaction commits, never twice for the same key."""

from django.db import transaction
from django.urls import reverse

from .models import Notification


def notify(users, campaign, text: str, url: str = "", key: str = "") -> None:
    users = [u for u in users if u is not None]
    if not users:
        return
    campaign_id = campaign.pk if campaign is not None else None

    def send():
        Notification.objects.bulk_create(
            [Notification(user=u, campaign_id=campaign_id, text=text[:300], url=url, key=key) for u in users],
            ignore_conflicts=bool(key),
        )

    transaction.on_commit(send)


def campaign_url(campaign, name="campaign_detail", **kwargs) -> str:
    return reverse(f"campaigns:{name}", kwargs={"pk": campaign.pk, **kwargs})

"""The demo's unit evaluation reports: every demo campaign with results gets its units' opinions drafted (the
office's to-do then lists them to release)."""

from __future__ import annotations

from typing import Any

from lvzhi.accounts.models import Role, User
from lvzhi.campaigns.models import Campaign

from . import unitactions
from .models import UnitReport


def build(rng: Any, stdout: Any = None) -> int:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if admin is None or UnitReport.objects.exists():
        return 0
    drafted = 0
    for campaign in Campaign.objects.filter(results__isnull=False).distinct().order_by("pk"):
        drafted += unitactions.draft_reports(campaign, actor=admin)
    if stdout is not None and drafted:
        stdout.write(f"  单位评估报告:起草 {drafted} 份评估意见")
    return drafted

"""The writes of the unit evaluation reports: draft the opinions of a campaign's units (every unit with a result,
or the ones named), edit one report's opinions, release it to the unit and those who read its results, withdraw
it again. One transaction each, the acting user, the policy first, the audit record inside (the UnitReport rows
are audited models; release and withdrawal are business events too)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.campaigns.models import Campaign, UnitResult
from lvzhi.core.errors import FieldProblem, Invalid

from . import opinions, unitreport
from .models import UnitReport
from .policy import POLICY

MAX_OPINION = 4000


def results_of(campaign: Campaign, unit_ids: list[int] | None = None) -> list[UnitResult]:
    qs = UnitResult.objects.filter(campaign=campaign).select_related("unit", "category", "scheme_version")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return list(qs.order_by("unit__order", "unit__code"))


def draft_reports(campaign: Campaign, *, actor: Any, unit_ids: list[int] | None = None) -> int:
    """Draft (or redraft) the opinions of the campaign's unit reports from the stored results; a report the
    office has edited or released keeps its text. Returns how many reports were drafted."""
    POLICY.require(actor, "draft_reports", campaign)
    rows = results_of(campaign, unit_ids)
    if not rows:
        raise Invalid(_("该活动还没有评估结果,请先计算结果。"))
    figures = unitreport.campaign_figures(campaign)
    existing = {r.unit_id: r for r in UnitReport.objects.filter(campaign=campaign)}
    drafted = 0
    with transaction.atomic(), audit_context(actor=actor):
        for row in rows:
            report = existing.get(row.unit_id)
            if report is not None and (report.edited or report.status == UnitReport.Status.RELEASED):
                continue
            data = unitreport.build(campaign, row, figures, report=report)
            texts = opinions.draft(data)
            if report is None:
                UnitReport.objects.create(campaign=campaign, unit=row.unit, opinions=texts)
            else:
                report.opinions, report.drafted_at = texts, timezone.now()
                report.save(update_fields=["opinions", "drafted_at"])
            drafted += 1
        record_event("reports.unit_reports_drafted", campaign, after={"units": drafted})
    return drafted


def save_opinions(report: UnitReport, *, actor: Any, texts: dict[str, str]) -> UnitReport:
    """The office's wording of the summary (key "__summary__") and of each level-1 indicator's opinion."""
    POLICY.require(actor, "edit_report", report)
    problems = [
        FieldProblem(field=code, message=_("评估意见不能超过%(n)s个字。") % {"n": MAX_OPINION})
        for code, text in texts.items()
        if len(text) > MAX_OPINION
    ]
    if problems:
        raise Invalid(_("评估意见有误。"), problems)
    with transaction.atomic(), audit_context(actor=actor):
        report.opinions = {**report.opinions, **{k: v.strip() for k, v in texts.items()}}
        report.edited = True
        report.save(update_fields=["opinions", "edited"])
    return report


def release_report(report: UnitReport, *, actor: Any) -> UnitReport:
    POLICY.require(actor, "release_report", report)
    with transaction.atomic(), audit_context(actor=actor):
        report.status, report.released_by, report.released_at = (
            UnitReport.Status.RELEASED,
            actor,
            timezone.now(),
        )
        report.save(update_fields=["status", "released_by", "released_at"])
        record_event("reports.unit_report_released", report, after={"unit": report.unit.name})
    return report


def withdraw_report(report: UnitReport, *, actor: Any, reason: str = "") -> UnitReport:
    POLICY.require(actor, "withdraw_report", report)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        report.status, report.released_by, report.released_at = UnitReport.Status.DRAFT, None, None
        report.save(update_fields=["status", "released_by", "released_at"])
        record_event("reports.unit_report_withdrawn", report, after={"unit": report.unit.name})
    return report

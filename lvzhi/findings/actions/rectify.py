"""Rectification, one finding at a time (整改一件、销号一件): the unit files its plan and its evidence, the office
returns it when the evidence is not enough, verifies it and closes it; overdue findings are reminded; measures
(约谈, 通报, 暂停机构编制事项) are recorded against the finding and the unit. Each step is an audit event."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.core.templatetags.lvzhi_format import cn_date

from ..models import Finding, FindingEvidence, Measure
from ..policy import POLICY
from .common import finding_action, text

S = Finding.Status
MAX_UPLOAD = 20 * 1024 * 1024


def _contacts(unit_id: int) -> list[Any]:
    return list(get_user_model().objects.filter(role="unit_contact", unit_id=unit_id, is_active=True))


def _tell_unit(finding: Finding, message: str, key: str = "") -> None:
    from lvzhi.campaigns.notify import notify

    notify(
        _contacts(finding.unit_id), None, message, url=reverse("findings:detail", args=[finding.pk]), key=key
    )


def _step(finding: Finding, event: str, before: str, **after: Any) -> None:
    record_event(event, finding, before={"status": before}, after={"status": finding.status, **after})


@finding_action
def file_plan(finding: Finding, *, actor: Any, plan: str, responsible: str = "",
              deadline: datetime.date | None = None) -> Finding:  # fmt: skip
    POLICY.require(actor, "file_plan", finding)
    plan = text(plan)
    if not plan:
        raise Invalid(_("请填写整改方案。"), field="plan")
    before = finding.status
    finding.plan, finding.plan_filed_at = plan, timezone.now()
    if responsible:
        finding.responsible = text(responsible, 100)
    if deadline is not None:
        finding.deadline = deadline
    if finding.status == S.OPEN:
        finding.status = S.RECTIFYING
    finding.save()
    _step(finding, "findings.plan_filed", before)
    return finding


@finding_action
def submit_evidence(finding: Finding, *, actor: Any, note: str, files: list[Any] = ()) -> Finding:  # type: ignore[assignment]
    """The unit says what it has done, with files (served only to those who see the finding)."""
    POLICY.require(actor, "submit_evidence", finding)
    note = text(note)
    if not note:
        raise Invalid(_("请说明整改情况。"), field="note")
    for upload in files:
        if upload.size > MAX_UPLOAD:
            raise Invalid(_("文件「%(name)s」超过20MB。") % {"name": upload.name}, field="files")
    before = finding.status
    for upload in files:
        FindingEvidence.objects.create(
            finding=finding, file=upload, name=text(upload.name, 200), uploaded_by=actor
        )
    finding.evidence_note, finding.submitted_at, finding.status = note, timezone.now(), S.SUBMITTED
    finding.save()
    _step(finding, "findings.evidence_submitted", before, files=len(files))
    return finding


@finding_action
def return_finding(finding: Finding, *, actor: Any, reason: str) -> Finding:
    POLICY.require(actor, "return", finding)
    reason = text(reason)
    if not reason:
        raise Invalid(_("退回须说明整改佐证哪里不足。"), field="reason")
    before = finding.status
    finding.status, finding.return_reason, finding.returns = S.RETURNED, reason, finding.returns + 1
    finding.save()
    record_event("findings.returned", finding, before={"status": before}, after={"status": finding.status},
                 reason=reason)  # fmt: skip
    _tell_unit(
        finding, _("问题「%(title)s」的整改被退回:%(reason)s") % {"title": finding.title, "reason": reason}
    )
    return finding


@finding_action
def verify_finding(finding: Finding, *, actor: Any, note: str = "") -> Finding:
    POLICY.require(actor, "verify", finding)
    before = finding.status
    finding.status, finding.verified_at, finding.verify_note = S.VERIFIED, timezone.now(), text(note)
    finding.save()
    _step(finding, "findings.verified", before)
    return finding


@finding_action
def close_finding(finding: Finding, *, actor: Any, note: str = "") -> Finding:
    """销号: after this nothing of the finding changes."""
    POLICY.require(actor, "close", finding)
    before = finding.status
    finding.status, finding.closed_at = S.CLOSED, timezone.now()
    finding.save()
    record_event("findings.closed", finding, before={"status": before}, after={"status": finding.status},
                 reason=text(note))  # fmt: skip
    _tell_unit(finding, _("问题「%(title)s」已整改销号。") % {"title": finding.title})
    return finding


@finding_action
def remind_overdue(*, actor: Any, today: datetime.date | None = None) -> int:
    """催办: every overdue finding's unit contacts get a reminder (once a day); returns how many findings."""
    POLICY.require(actor, "remind")
    today = today or timezone.localdate()
    findings = list(
        Finding.objects.visible_to(actor, "remind").overdue(today).filter(issued_at__isnull=False)
    )
    for finding in findings:
        assert finding.deadline is not None
        _tell_unit(
            finding,
            _("问题「%(title)s」的整改期限%(due)s已过,请尽快整改并提交佐证。")
            % {"title": finding.title, "due": cn_date(finding.deadline)},  # type: ignore[no-untyped-call]
            key=f"findings-overdue-{finding.pk}-{today.isoformat()}",
        )
        finding.reminded_at = timezone.now()
    Finding.objects.bulk_update(findings, ["reminded_at"])
    if findings:
        record_event("findings.reminded", None, after={"count": len(findings)})
    return len(findings)


@finding_action
def record_measure(*, actor: Any, unit: Any, kind: str, finding: Finding | None = None, person: str = "",
                   taken_on: datetime.date | None = None, document_number: str = "", note: str = "") -> Measure:  # fmt: skip
    POLICY.require(actor, "record_measure", finding)
    if kind not in Measure.Kind.values:
        raise Invalid(_("请选择督促措施。"), field="kind")
    if finding is not None and finding.unit_id != unit.pk:
        raise Invalid(_("该问题不属于「%(unit)s」。") % {"unit": unit}, field="finding")
    measure = Measure.objects.create(
        unit=unit, finding=finding, kind=kind, person=text(person, 100), taken_on=taken_on or timezone.localdate(),
        document_number=text(document_number, 80), note=text(note), recorded_by=actor,
    )  # fmt: skip
    record_event("findings.measure_recorded", finding or measure, after={"kind": measure.get_kind_display()},
                 unit_id=unit.pk)  # fmt: skip
    return measure


@finding_action
def complete_measure(measure: Measure, *, actor: Any, note: str = "") -> Measure:
    """A consequence done (the written report received, the talk held)."""
    POLICY.require(actor, "complete_measure", measure)
    if measure.done_at is not None:
        raise Invalid(_("该措施已办结。"))
    if measure.kind == Measure.Kind.WRITTEN_REPORT and measure.reported_at is None:
        raise Invalid(_("单位尚未提交书面报告,不能办结。"))
    measure.done_at = timezone.now()
    if note:
        measure.note = (measure.note + "\n" + text(note)).strip()
    measure.save()
    record_event(
        "findings.measure_done", measure, after={"kind": measure.get_kind_display(), "note": text(note)}
    )
    return measure

"""Use of results: a staffing recommendation per unit of a campaign (reduce, keep, reorganise; add is the
office's own call) drawn from its grade, its findings still open and its staffing findings, with the reasons
shown; the office accepts it (it becomes a staffing matter with its document number) or rejects it. Audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..models import Finding, Recommendation
from ..policy import POLICY
from .common import finding_action, text


def _bands(result: Any) -> list[str]:
    definition = result.scheme_version.definition if result.scheme_version_id else {}
    return [b.get("grade") for b in (definition.get("grades") or {}).get("bands") or []]


def draft(result: Any, findings: list[Finding]) -> tuple[str, list[str]]:
    """(kind, reasons) for one unit's result and its findings in the campaign."""
    bands = _bands(result)
    open_ = [f for f in findings if f.status not in Finding.DONE_STATES]
    staffing = [f for f in open_ if f.category == Finding.Category.STAFFING]
    reasons = [_("评估总分%(total)s,等次%(grade)s") % {"total": result.total, "grade": result.grade or "—"}]
    if open_:
        reasons.append(_("尚未整改完成的问题%(n)s个") % {"n": len(open_)})
    if staffing:
        reasons.append(_("机构编制管理不规范问题%(n)s个:%(titles)s")
                       % {"n": len(staffing), "titles": "、".join(f.title for f in staffing[:3])})  # fmt: skip
    if bands and result.grade == bands[-1] and len(bands) > 1:
        return Recommendation.Kind.REDUCE, reasons
    if staffing:
        return Recommendation.Kind.REORGANISE, reasons
    return Recommendation.Kind.KEEP, reasons


@finding_action
def recommend(campaign: Any, *, actor: Any) -> list[Recommendation]:
    """One recommendation per unit with a result in the campaign (those already decided are kept as they are)."""
    POLICY.require(actor, "recommend")
    from lvzhi.campaigns.models import UnitResult

    results = UnitResult.objects.filter(campaign=campaign).select_related("unit", "scheme_version")
    findings: dict[int, list[Finding]] = {}
    for f in Finding.objects.filter(campaign=campaign):
        findings.setdefault(f.unit_id, []).append(f)
    made = []
    for result in results:
        if Recommendation.objects.filter(campaign=campaign, unit=result.unit).exclude(
                status=Recommendation.Status.PROPOSED).exists():  # fmt: skip
            continue
        kind, reasons = draft(result, findings.get(result.unit_id, []))
        rec, _created = Recommendation.objects.update_or_create(
            campaign=campaign, unit=result.unit, status=Recommendation.Status.PROPOSED,
            defaults={"kind": kind, "reasons": reasons},
        )  # fmt: skip
        made.append(rec)
    return made


@finding_action
def decide_recommendation(rec: Recommendation, *, actor: Any, accept: bool, note: str = "", kind: str = "",
                          matter: str = "", document_number: str = "") -> Recommendation:  # fmt: skip
    """Accept (a staffing matter with its document number; the office may change the kind) or reject (a note)."""
    POLICY.require(actor, "decide_recommendation", rec)
    if rec.status != Recommendation.Status.PROPOSED:
        raise Invalid(_("该建议已决定。"))
    if kind:
        if kind not in Recommendation.Kind.values:
            raise Invalid(_("建议类型无效。"), field="kind")
        rec.kind = kind
    if accept:
        rec.matter = text(matter, 200) or str(rec.get_kind_display())
        rec.document_number = text(document_number, 80)
        if not rec.document_number:
            raise Invalid(_("采纳后形成机构编制事项,请填写文号。"), field="document_number")
        rec.status = Recommendation.Status.ACCEPTED
    else:
        if not text(note):
            raise Invalid(_("不采纳时请说明理由。"), field="note")
        rec.status = Recommendation.Status.REJECTED
    rec.decision_note = text(note)
    rec.decided_by, rec.decided_at = actor, timezone.now()
    rec.save()
    record_event("findings.recommendation_decided", rec, after={"status": rec.status,
                                                                 "document_number": rec.document_number})  # fmt: skip
    return rec

"""Use of results: a staffing recommendation per unit of a campaign (reduce, keep, add; reorganise internal
bodies) drawn from its grade, its findings still open, its staffing findings, its vacancies and its workload from
supervision (lvzhi.findings.facts), with the reasons shown; the office accepts it (it becomes a staffing matter
with its document number) or rejects it (with a reason). Audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from ..facts import UnitFacts, facts
from ..models import Finding, Recommendation, StaffingRequest
from ..policy import POLICY, FindingRefused
from .common import finding_action, text

K = Recommendation.Kind


def _bands(result: Any) -> list[str]:
    definition = result.scheme_version.definition if result.scheme_version_id else {}
    return [b.get("grade") for b in (definition.get("grades") or {}).get("bands") or []]


def draft(result: Any, findings: list[Finding], unit_facts: UnitFacts | None = None) -> tuple[str, list[str]]:
    """(kind, reasons) for one unit's result, its findings in the campaign and what the registry and supervision
    know of it: the lowest grade or a light workload with vacancies → reduce; a heavy workload with no vacancy
    left → add; staffing findings → reorganise; else keep."""
    f = unit_facts or UnitFacts()
    bands = _bands(result)
    open_ = [x for x in findings if x.status not in Finding.DONE_STATES]
    staffing = [x for x in open_ if x.category == Finding.Category.STAFFING]
    reasons = [_("评估总分%(total)s,等次%(grade)s") % {"total": result.total, "grade": result.grade or "—"}]
    if open_:
        reasons.append(_("尚未整改完成的问题%(n)s个") % {"n": len(open_)})
    if staffing:
        reasons.append(_("机构编制管理不规范问题%(n)s个:%(titles)s")
                       % {"n": len(staffing), "titles": "、".join(x.title for x in staffing[:3])})  # fmt: skip
    if f.approved or f.actual:
        reasons.append(f.staffing_sentence())
    level = f.workload.level if f.workload else ""
    if f.workload:
        reasons.append(f.workload.sentence())
    if f.warnings:
        reasons.append(
            _("近一年监管预警%(n)s次:%(kinds)s")
            % {
                "n": len(f.warnings),
                "kinds": "、".join(sorted({str(w.get_kind_display()) for w in f.warnings})),
            }
        )
    lowest = bool(bands) and len(bands) > 1 and result.grade == bands[-1]
    if lowest:
        reasons.append(_("评估等次为最低档,职能履行弱化"))
        return K.REDUCE, reasons
    if level == "under" and f.vacancy:
        reasons.append(_("工作量明显低于同类单位且有空编"))
        return K.REDUCE, reasons
    if level == "over" and not f.vacancy:
        reasons.append(_("工作量明显高于同类单位且无空编可用"))
        return K.ADD, reasons
    if staffing:
        return K.REORGANISE, reasons
    if level == "over":
        reasons.append(_("工作量偏高,可先使用现有空编"))
    return K.KEEP, reasons


@finding_action
def recommend(campaign: Any, *, actor: Any) -> list[Recommendation]:
    """One recommendation per unit with a result in the campaign (those already decided are kept as they are;
    a proposed one is drafted again from today's figures)."""
    POLICY.require(actor, "recommend")
    from lvzhi.campaigns.models import UnitResult

    results = list(UnitResult.objects.filter(campaign=campaign).select_related("unit", "scheme_version"))
    findings: dict[int, list[Finding]] = {}
    for f in Finding.objects.filter(campaign=campaign):
        findings.setdefault(f.unit_id, []).append(f)
    decided = set(Recommendation.objects.filter(campaign=campaign).exclude(
        status=Recommendation.Status.PROPOSED).values_list("unit_id", flat=True))  # fmt: skip
    known = facts(actor, [r.unit for r in results if r.unit_id not in decided])
    made = []
    for result in results:
        if result.unit_id in decided:
            continue
        kind, reasons = draft(result, findings.get(result.unit_id, []), known.get(result.unit_id))
        rec, _created = Recommendation.objects.update_or_create(
            campaign=campaign, unit=result.unit, status=Recommendation.Status.PROPOSED,
            defaults={"kind": kind, "reasons": reasons},
        )  # fmt: skip
        made.append(rec)
    record_event("findings.recommendations_drafted", campaign, after={"units": len(made)})
    return made


@finding_action
def decide_recommendation(rec: Recommendation, *, actor: Any, accept: bool, note: str = "", kind: str = "",
                          matter: str = "", document_number: str = "") -> Recommendation:  # fmt: skip
    """Accept (a staffing matter with its document number; the office may change the kind) or reject (a note)."""
    POLICY.require(actor, "decide_recommendation", rec)
    if rec.status != Recommendation.Status.PROPOSED:
        raise FindingRefused(_("该建议已%(status)s,不能再次决定。") % {"status": rec.get_status_display()})
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
    record_event("findings.recommendation_decided", rec, after={
        "status": rec.status, "kind": rec.kind, "matter": rec.matter, "document_number": rec.document_number,
        "note": rec.decision_note})  # fmt: skip
    return rec


@finding_action
def record_request(*, actor: Any, unit: Any, title: str, document_number: str = "", received_on: Any = None,
                   note: str = "") -> StaffingRequest:  # fmt: skip
    """Register a unit's 机构编制事项请示; its page then gives the unit's performance dossier."""
    POLICY.require(actor, "record_request")
    if not text(title):
        raise Invalid(_("请填写请示事项。"), field="title")
    return StaffingRequest.objects.create(
        unit=unit, title=text(title, 200), document_number=text(document_number, 80),
        received_on=received_on or timezone.localdate(), note=text(note), recorded_by=actor,
    )  # fmt: skip


@finding_action
def export_results(campaign: Any, *, actor: Any, layout: str, points: Any = None) -> list[Any]:
    """A published campaign's results in a consumer's layout (lvzhi.findings.results_export); who took which
    layout is recorded."""
    from .. import results_export

    POLICY.require(actor, "export_results", campaign)
    if layout not in results_export.LAYOUTS:
        raise Invalid(_("导出格式无效。"), field="layout")
    if points is not None and not (0 < points <= 1000):
        raise Invalid(_("指标分值须大于0且不超过1000。"), field="points")
    parts = results_export.sheets(campaign, layout, points)
    record_event("findings.results_exported", campaign, after={
        "layout": layout, "units": len(parts[0].rows) if layout != "discipline" else len(parts[-1].rows)})  # fmt: skip
    return parts

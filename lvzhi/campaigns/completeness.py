"""How complete a campaign's inputs are, for the committee before it decides: the units with missing inputs by
indicator, the units handled by the set-up's rules (late self-assessment), stages closed by force, open objections,
unresolved triangulation flags, results not computed from the latest inputs.

Approving results with any of these needs an explicit acknowledgement, recorded in the decision
(`CommitteeDecision.gaps`, `gaps_acknowledged`); the bulletin repeats what was acknowledged, so a total is never
published silently from zeros.
"""

from typing import Any

from django.utils.translation import gettext as _

from lvzhi.audit.models import AuditEvent

from . import schemeinfo
from .models import Campaign, Objection, Stage, TriangulationFlag, UnitResult
from .selectors import period_label, some_names


def _leaf_label(infos: dict[int, Any], version_id: int, key: str) -> str:
    """ "A9 市领导评价(下半年)" for the engine's missing key "A9@H2"."""
    code, _sep, period = key.partition("@")
    info = infos.get(version_id)
    leaf = info.by_code.get(code) if info else None
    label = f"{code} {leaf.name}" if leaf else code
    return f"{label}({period_label(period)})" if period else label


def gaps(campaign: Campaign) -> list[dict[str, Any]]:
    """[{kind, title, items: [sentence]}] — empty when the inputs are complete."""
    out: list[dict[str, Any]] = []
    results = list(UnitResult.objects.filter(campaign=campaign).select_related("unit", "scheme_version"))
    infos = {r.scheme_version_id: schemeinfo.info_for(r.scheme_version) for r in results}
    by_indicator: dict[str, list[str]] = {}
    for r in results:
        for key in (r.summary or {}).get("missing") or []:
            by_indicator.setdefault(_leaf_label(infos, r.scheme_version_id, key), []).append(r.unit.name)
    if by_indicator:
        out.append(
            {
                "kind": "missing",
                "title": _("缺少数据的指标(按0分计)"),
                "items": [
                    _("%(leaf)s:%(count)s个单位(%(names)s)")
                    % {"leaf": leaf, "count": len(names), "names": some_names(names, 8)}
                    for leaf, names in sorted(by_indicator.items())
                ],
            }
        )
    late = list(campaign.units.filter(late=True).select_related("unit"))
    if late:
        out.append(
            {
                "kind": "late",
                "title": _("逾期未提交自评的单位"),
                "items": [
                    _("%(names)s:按活动设置「%(how)s」处理")
                    % {
                        "names": some_names([cu.unit.name for cu in late], 20),
                        "how": campaign.get_late_treatment_display(),
                    }
                ],
            }
        )
    forced = AuditEvent.objects.filter(
        event_type="campaign.stage_closed", content_type__model="campaign", object_id=str(campaign.pk)
    ).order_by("at")
    forced_items = [
        _("「%(stage)s」阶段由%(who)s强制结束,理由:%(reason)s;当时未满足:%(blockers)s")
        % {
            "stage": Stage((e.before or {}).get("stage", Stage.DEPLOY)).label,
            "who": e.actor_name,
            "reason": e.reason,
            "blockers": some_names(list((e.after or {}).get("blockers") or []), 3),
        }
        for e in forced
        if (e.after or {}).get("forced")
    ]
    if forced_items:
        out.append({"kind": "forced", "title": _("强制结束的阶段"), "items": forced_items})
    objections = Objection.objects.filter(campaign_unit__campaign=campaign, status=Objection.Status.OPEN)
    if objections.exists():
        out.append(
            {
                "kind": "objections",
                "title": _("未答复的异议"),
                "items": [
                    _("%(unit)s:指标%(code)s") % {"unit": o.campaign_unit.unit.name, "code": o.code}
                    for o in objections.select_related("campaign_unit__unit")
                ],
            }
        )
    flags = campaign.flags.filter(status=TriangulationFlag.Status.OPEN).select_related("unit")
    if flags.exists():
        out.append(
            {
                "kind": "flags",
                "title": _("未核实的印证差异"),
                "items": [
                    _("%(unit)s:%(what)s") % {"unit": f.unit.name, "what": f.code or _("各来源总体")}
                    for f in flags
                ],
            }
        )
    if campaign.results_stale or not results:
        out.append({"kind": "stale", "title": _("评估结果"), "items": [_("评估结果尚未按最新数据计算。")]})
    return out

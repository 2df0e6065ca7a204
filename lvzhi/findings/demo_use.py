"""Demo part, after supervision (its workload figures feed the reasons): the use of the 2025 campaign's results.
The office drafts a staffing recommendation per unit from the published results, findings, vacancies and
workload; a few are accepted as staffing matters with their document numbers (Laiyang turned results into 47
documents for 33 units), one is rejected with a reason, the rest wait for the office's decision (its to-do). Two units' staffing requests (机构编制事项请示) have come in,
each opening the unit's performance dossier."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import Unit

from . import actions
from .models import Recommendation

# (kind, document number, the matter) for the first proposals of each kind the draft gave.
ACCEPT = [
    ("reduce", "莱编〔2026〕3号", "核减事业编制2名,收回空编"),
    ("reorganise", "莱编〔2026〕5号", "整合内设机构,撤销综合科、设立政策法规科"),
    ("keep", "莱编〔2026〕8号", "维持现有机构编制,按评估意见完善职责分工"),
]
REJECT_NOTE = "该单位机构改革方案已报市委编委统筹研究,暂不单独调整。"
# Staffing requests (机构编制事项请示) received, each opening the unit's dossier: (unit, matter, number, days ago).
REQUESTS = [
    ("莱阳市民政局", "关于增设社会救助服务中心的请示", "莱民政〔2026〕21号", 12),
    ("莱阳市发展和改革局", "关于增加行政审批服务科编制的请示", "莱发改〔2026〕35号", 3),
]


def build(rng: Any, stdout: Any = None) -> None:
    from lvzhi.campaigns.demo import NAME_2025
    from lvzhi.campaigns.models import Campaign

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    campaign = Campaign.objects.filter(name=NAME_2025).first()
    if admin is None or campaign is None or Recommendation.objects.filter(campaign=campaign).exists():
        return
    made = actions.recommend(campaign, actor=admin)
    by_kind: dict[str, list[Recommendation]] = {}
    for rec in made:
        by_kind.setdefault(rec.kind, []).append(rec)
    accepted = 0
    for kind, number, matter in ACCEPT:
        pool = by_kind.get(kind) or []
        if pool:
            actions.decide_recommendation(pool.pop(0), actor=admin, accept=True, document_number=number,
                                          matter=matter)  # fmt: skip
            accepted += 1
    rest = [r for pool in by_kind.values() for r in pool]
    if rest:
        actions.decide_recommendation(rest[-1], actor=admin, accept=False, note=REJECT_NOTE)
    _link_adjustments(admin)
    units = {u.name: u for u in Unit.objects.filter(name__in=[r[0] for r in REQUESTS])}
    for name, title, number, days in REQUESTS:
        if name in units:
            actions.record_request(actor=admin, unit=units[name], title=title, document_number=number,
                                   received_on=timezone.localdate() - datetime.timedelta(days=days))  # fmt: skip
    if stdout:
        stdout.write(
            f"机构编制事项请示{len(units)}件;机构编制调整建议{len(made)}条(已采纳{accepted}条、不采纳1条,其余待决定)。"
        )


def _link_adjustments(admin: Any) -> None:
    """Findings about duties still open are settled by their unit's latest adjustment of the three lists."""
    from lvzhi.duties.models import Adjustment

    from .models import Finding

    about_duties = Finding.objects.filter(category__in=["overlap", "lists"], settled_by__isnull=True).exclude(
        status="closed")  # fmt: skip
    for finding in about_duties.order_by("pk")[:3]:
        adjustment = Adjustment.objects.filter(unit=finding.unit).order_by("-effective_date", "-id").first()
        if adjustment is not None:
            actions.link_adjustment(finding, actor=admin, adjustment=adjustment)

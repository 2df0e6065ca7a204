"""What the other rooms know about a unit, read for the use of results: its staffing (approved, actual, vacancies,
over-quota use; lvzhi.registry.staffing), its workload from supervision (工作饱和度: the quantity of its
performance records per staff member against the units of its category, lvzhi.supervision's "workload" metric)
and its supervision warnings. The staffing recommendations draw their reasons from here and the performance
dossier shows the same figures, so the two never disagree.

Every function takes many units at once and runs a constant number of queries (one metric run over the store).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

# A unit whose records per head reach this multiple of its category's mean is overloaded; at or below the
# lower one it is under-loaded. Both need at least two units with records in the category.
OVERLOADED = 1.3
UNDERLOADED = 0.6


@dataclass
class Workload:
    headcount: int
    quantity: float
    per_head: float
    peer_mean: float | None
    peers: int

    @property
    def ratio(self) -> float | None:
        if not self.peer_mean or self.peers < 2:
            return None
        return round(self.per_head / self.peer_mean, 2)

    @property
    def level(self) -> str:
        """ "over", "under" or "" against the category."""
        ratio = self.ratio
        if ratio is None:
            return ""
        if ratio >= OVERLOADED:
            return "over"
        if ratio <= UNDERLOADED:
            return "under"
        return ""

    def sentence(self) -> str:
        ratio = self.ratio
        text = _("近一年人均履职量%(per)s(在编%(n)s人)") % {
            "per": round(self.per_head, 1),
            "n": self.headcount,
        }
        if ratio is None:
            return text
        return text + _(",为同类单位平均的%(pct)s%%") % {"pct": round(ratio * 100)}


@dataclass
class UnitFacts:
    approved: int = 0
    actual: int = 0
    vacancy: int = 0
    over: int = 0
    leadership_over: int = 0
    workload: Workload | None = None
    warnings: list[Any] = field(default_factory=list)

    def staffing_sentence(self) -> str:
        text = _("核定编制%(approved)s名,实有%(actual)s名") % {
            "approved": self.approved,
            "actual": self.actual,
        }
        if self.vacancy:
            text += _(",空编%(n)s名") % {"n": self.vacancy}
        if self.over:
            text += _(",超编%(n)s名") % {"n": self.over}
        if self.leadership_over:
            text += _(",超职数配备领导%(n)s名") % {"n": self.leadership_over}
        return text


def year_before(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def workloads(actor: Any, units: list[Any], since: datetime.date) -> dict[int, Workload]:
    """unit id → its workload since `since` (units with no records or no staff are missing)."""
    if not units:
        return {}
    from lvzhi.supervision import metrics, selectors

    tables = selectors.tables(actor, selectors.Filters(start=since))
    by_code = {u.code: u.pk for u in units}
    out = {}
    for row in metrics.run("workload", tables):
        pk = by_code.get(row["unit"])
        if pk is None:
            continue
        out[pk] = Workload(
            headcount=int(row["headcount"]), quantity=float(row["quantity"] or 0),
            per_head=float(row["per_head"] or 0), peer_mean=row["peer_mean"], peers=int(row["peers"] or 0),
        )  # fmt: skip
    return out


def warnings(units: list[Any], since: datetime.date) -> dict[int, list[Any]]:
    """unit id → its supervision warnings raised since `since` and not dismissed, newest first."""
    from lvzhi.supervision.models import Warning

    out: dict[int, list[Any]] = {}
    rows = Warning.objects.filter(unit__in=[u.pk for u in units], raised_at__date__gte=since).exclude(
        status=Warning.Status.DISMISSED).order_by("-raised_at", "-id")  # fmt: skip
    for w in rows:
        out.setdefault(w.unit_id, []).append(w)
    return out


def facts(actor: Any, units: list[Any], today: datetime.date | None = None) -> dict[int, UnitFacts]:
    """unit id → what the registry and supervision know of it over the past year."""
    from lvzhi.registry.staffing import unit_staffing

    since = year_before(today)
    staffing = unit_staffing([u.pk for u in units])
    loads = workloads(actor, units, since)
    alerts = warnings(units, since)
    out = {}
    for u in units:
        s = staffing.get(u.pk)
        out[u.pk] = UnitFacts(
            approved=s.approved_total if s else 0, actual=s.actual_total if s else 0,
            vacancy=s.vacancy_total if s else 0, over=s.over_total if s else 0,
            leadership_over=s.leadership_over_total if s else 0, workload=loads.get(u.pk),
            warnings=alerts.get(u.pk, []),
        )  # fmt: skip
    return out

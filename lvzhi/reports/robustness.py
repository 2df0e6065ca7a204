"""Ranking robustness of a campaign on the Django side: the action that runs the analysis over the campaign's stored
results and keeps it (`run_robustness`), and what pages, API and documents show of it (the selectors below).

The analysis reads the stored inputs of every evaluated unit scored under the campaign's scheme version
(`UnitResult.inputs`, the very records the campaign's results were computed from), lets the engine's batch path
score them once (`layout.build`), and runs the Monte Carlo model (`montecarlo.analyse`). Units scored under a
category's own version, and units not evaluated, are left out and counted. A run records the digest of the results
it was made on: when the campaign is recomputed, the pages say the analysis is out of date.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi import scoring as engine
from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.campaigns import schemeinfo
from lvzhi.campaigns.models import Campaign, UnitResult
from lvzhi.campaigns.policy import CAMPAIGNS
from lvzhi.campaigns.scoring import results_digest
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.scoring.engine import UnitInputs

from . import layout, montecarlo
from .models import RobustnessRun
from .policy import POLICY

DEFAULT_SPREAD = 25
DEFAULT_THRESHOLD = 10


def _rows(campaign: Campaign) -> tuple[list[UnitResult], int]:
    version = campaign.scheme_version
    rows = list(
        UnitResult.objects.filter(campaign=campaign).select_related("unit", "category").order_by("unit__code")
    )
    kept = [
        r
        for r in rows
        if r.scheme_version_id == getattr(version, "pk", None) and not (r.summary or {}).get("not_evaluated")
    ]
    return kept, len(rows) - len(kept)


def indicators_of(campaign: Campaign) -> list[dict[str, Any]]:
    """The weighted level-1 indicators of the campaign's scheme version: code, name, weight (%)."""
    if campaign.scheme_version is None:
        return []
    scheme = engine.load_scheme(schemeinfo.effective_definition(campaign.scheme_version))
    default = scheme.places(None)
    total = float(default["__root__"].max) or 1.0
    return [
        {"code": r.code, "name": r.name, "weight": round(float(default[r.code].max) / total * 100, 2)}
        for r in layout.weighted_roots(scheme)
    ]


def _ranges(
    indicators: list[dict[str, Any]], ranges: dict[str, tuple[float | None, float | None]], spread: float
) -> tuple[np.ndarray, np.ndarray, list[dict[str, Any]]]:
    low, high, rows, problems = [], [], [], []
    for item in indicators:
        nominal = item["weight"]
        given_low, given_high = ranges.get(item["code"], (None, None))
        lo = given_low if given_low is not None else nominal * (1 - spread / 100)
        hi = given_high if given_high is not None else nominal * (1 + spread / 100)
        if lo > hi:
            problems.append(
                FieldProblem(f"low_{item['code']}", _("%(name)s:下限不能高于上限。") % {"name": item["name"]})
            )
        if hi <= 0 or nominal <= 0:
            problems.append(
                FieldProblem(
                    f"high_{item['code']}", _("%(name)s:权重上限须大于 0。") % {"name": item["name"]}
                )
            )
        rows.append({**item, "low": round(lo, 2), "high": round(hi, 2)})
        low.append(lo / nominal if nominal else 0.0)
        high.append(hi / nominal if nominal else 0.0)
    if problems:
        raise Invalid.many(problems)
    return np.array(low), np.array(high), rows


def run_robustness(
    campaign: Campaign,
    *,
    actor: Any,
    draws: int = montecarlo.MIN_DRAWS,
    spread: float = DEFAULT_SPREAD,
    ranges: dict[str, tuple[float | None, float | None]] | None = None,
    vary_missing: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int | None = None,
) -> RobustnessRun:
    """Run the analysis on the campaign's stored results and keep it (one transaction, audited)."""
    POLICY.require(actor, "run_robustness", campaign)
    if not montecarlo.MIN_DRAWS <= draws <= montecarlo.MAX_DRAWS:
        raise Invalid(
            _("抽样次数须在 %(low)s 到 %(high)s 之间。")
            % {"low": montecarlo.MIN_DRAWS, "high": montecarlo.MAX_DRAWS},
            field="draws",
        )
    if campaign.scheme_version is None:
        raise Invalid(_("本活动尚未确定指标体系版本。"))
    rows, left_out = _rows(campaign)
    if len(rows) < 2:
        raise Invalid(_("至少要有 2 个单位的评估结果才能分析排名稳健性;请先计算结果。"))
    indicators = indicators_of(campaign)
    if len(indicators) < 2:
        raise Invalid(_("该指标体系的一级指标少于 2 个,没有可以变动的权重。"))
    low, high, indicator_rows = _ranges(indicators, ranges or {}, spread)
    scheme = engine.load_scheme(schemeinfo.effective_definition(campaign.scheme_version))
    units = [UnitInputs.coerce(r.inputs, key=r.unit.code) for r in rows]
    contexts = [r.rank_context or {} for r in rows] if scheme.has_rank_by else None
    adjustments = [
        [a for a in (r.summary or {}).get("grade_adjustments") or [] if a.get("action") != "quota"]
        for r in rows
    ]
    started = time.perf_counter()
    built = layout.build(scheme, units, contexts=contexts, adjustments=adjustments, vary_missing=vary_missing)
    seed = int(seed if seed is not None else time.time_ns() % 2**31)
    outcome = montecarlo.analyse(built.layout, low, high, draws=draws, vary_missing=vary_missing, seed=seed)
    seconds = time.perf_counter() - started
    grades = scheme.grades
    unit_rows = []
    for i, row in enumerate(rows):
        change = float(outcome.grade_change[i])
        shares = outcome.grade_shares[i]
        reference = int(outcome.reference_grade[i])
        other = None
        if grades and change > 0:
            others = [(float(shares[g]), g) for g in range(len(grades)) if g != reference]
            other = grades[max(others)[1]] if others else None
        unit_rows.append(
            {
                "unit_id": row.unit_id,
                "code": row.unit.code,
                "name": row.unit.name,
                "category": row.category.name if row.category is not None else "",
                "total": str(row.total),
                "grade": row.grade,
                "rank": row.rank,
                "median": float(outcome.median_rank[i]),
                "low": int(outcome.rank_low[i]),
                "high": int(outcome.rank_high[i]),
                "change": round(change, 4),
                "percent": round(change * 100),
                "other_grade": other,
                "flagged": bool(grades) and change * 100 > threshold,
            }
        )
    factors = [
        {
            **item,
            "first": round(float(outcome.first_order[i]), 4),
            "total": round(float(outcome.total_order[i]), 4),
        }
        for i, item in enumerate(indicator_rows)
    ]
    missing_factor = None
    if vary_missing and len(outcome.first_order) > len(indicator_rows):
        missing_factor = {
            "first": round(float(outcome.first_order[-1]), 4),
            "total": round(float(outcome.total_order[-1]), 4),
        }
    deviation = max(
        abs(float(t) - float(r)) for t, r in zip(built.engine_totals, outcome.reference_total, strict=True)
    )
    result = {
        "units": unit_rows,
        "indicators": factors,
        "missing_factor": missing_factor,
        "left_out": left_out,
        "deviation": round(deviation, 4),
        "runs": outcome.runs,
        "draws": outcome.draws,
        "varied_missing": bool(missing_factor),
        "has_grades": bool(grades),
    }
    options = {
        "draws": draws,
        "spread": spread,
        "vary_missing": vary_missing,
        "threshold": threshold,
        "seed": seed,
        "ranges": {r["code"]: [r["low"], r["high"]] for r in indicator_rows},
    }
    flagged = sum(1 for u in unit_rows if u["flagged"])
    with transaction.atomic(), audit_context(actor=actor):
        run = RobustnessRun.objects.create(
            campaign=campaign,
            options=options,
            result=result,
            digest=results_digest(campaign),
            computed_by=actor,
            seconds=seconds,
        )
        record_event(
            "reports.robustness_run",
            campaign,
            after={"draws": draws, "units": len(unit_rows), "flagged": flagged},
        )
    return run


# -- selectors ------------------------------------------------------------------------------------------------


def latest_run(user: Any, campaign: Campaign) -> RobustnessRun | None:
    """The latest analysis of the campaign, for those who may read it (none for the others)."""
    if not POLICY.allowed(user, "view_robustness", campaign):
        return None
    run: RobustnessRun | None = RobustnessRun.objects.visible_to(user).filter(campaign=campaign).first()
    return run


def is_current(run: RobustnessRun) -> bool:
    return run.digest == results_digest(run.campaign)


def summary(user: Any, campaign: Campaign) -> dict[str, Any] | None:
    """What the campaign's results and approval pages show: the units whose grade depends on the weighting."""
    if not CAMPAIGNS.allowed(user, "view_all_units", campaign):
        return None
    run = latest_run(user, campaign)
    if run is None:
        return {"run": None, "flagged": [], "current": False}
    flagged = [u for u in run.result.get("units", []) if u.get("flagged")]
    return {"run": run, "flagged": flagged, "current": is_current(run)}

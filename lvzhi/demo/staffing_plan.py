"""The demo registry's staffing plan per unit: approved quotas by kind, active persons, deputies, and which
units are over quota, have vacancies or one deputy too many; and the 三定 document numbers."""

import datetime
import random
from dataclasses import dataclass

from lvzhi.registry.models import (
    StaffingKind,
    UnitKind,
)

from . import county
from .county import UnitSpec

# How many units get which staffing situation (the rest are near their quota).
OVER_QUOTA_UNITS = 3
LEADERSHIP_OVER_UNITS = 1
VACANCY_UNITS = 9


@dataclass
class StaffingPlan:
    quotas: dict[str, int]  # approved headcount by staffing kind (current 三定)
    actual: dict[str, int]  # active persons by staffing kind
    deputies: int  # approved unit deputies
    body_deputies: int  # approved internal-body deputies
    extra_deputy: bool = False  # one deputy more than approved (领导职数超配)
    situation: str = "正常"  # 正常, 空编较多, 超编 or 领导职数超配


def _main_kind(spec: UnitSpec) -> str:
    if spec.kind == UnitKind.JUDICIAL or spec.key == "gaj":
        return StaffingKind.POLITICAL_LEGAL
    if spec.kind in county.INSTITUTIONS:
        return StaffingKind.PUBLIC_INSTITUTION
    return StaffingKind.ADMINISTRATIVE


def _quotas(rng: random.Random, spec: UnitSpec) -> dict[str, int]:
    main = _main_kind(spec)
    quotas = {main: spec.size}
    if spec.key == "gaj":
        quotas[StaffingKind.ADMINISTRATIVE] = 6
    elif spec.key == "sfj":  # 司法所 staff are on 政法专项编制
        quotas[StaffingKind.ADMINISTRATIVE] = spec.size - 8
        quotas[StaffingKind.POLITICAL_LEGAL] = 8
    elif spec.key == "kfq":
        quotas[StaffingKind.PUBLIC_INSTITUTION] = 12
    if spec.kind == UnitKind.JUDICIAL:
        quotas[StaffingKind.LOGISTICS] = rng.randint(2, 4)
    elif spec.kind in county.INSTITUTIONS:
        if rng.random() < 0.25:
            quotas[StaffingKind.LOGISTICS] = rng.randint(1, 2)
    elif rng.random() < 0.55:
        quotas[StaffingKind.LOGISTICS] = rng.randint(1, 3)
    # Keep the kinds in their usual order: 行政, 政法专项, 事业, 工勤.
    return {kind: quotas[kind] for kind in StaffingKind.values if kind in quotas}


def staffing_plans(rng: random.Random) -> dict[str, StaffingPlan]:
    plans = {}
    for spec in county.UNITS:
        quotas = _quotas(rng, spec)
        deputies = 2 if spec.size <= 10 else 3 if spec.size <= 20 else 4
        body_deputies = max(1, round(len(spec.bodies) * rng.uniform(0.3, 0.6))) if spec.size >= 14 else 0
        plans[spec.key] = StaffingPlan(
            quotas=quotas, actual={}, deputies=deputies, body_deputies=body_deputies
        )

    keys = [spec.key for spec in county.UNITS]
    chosen = rng.sample(keys, OVER_QUOTA_UNITS + VACANCY_UNITS)
    over, vacant = chosen[:OVER_QUOTA_UNITS], chosen[OVER_QUOTA_UNITS:]
    lead_candidates = [k for k in keys if k not in chosen and plans[k].deputies <= 3]
    lead_over = rng.sample(lead_candidates, LEADERSHIP_OVER_UNITS)

    for spec in county.UNITS:
        plan = plans[spec.key]
        main = _main_kind(spec)
        for kind, approved in plan.quotas.items():
            if kind == main:
                vacancy = rng.choice([0, 0, 1, 1, 1, 2])
                if spec.key in vacant:
                    vacancy = max(3, round(approved * rng.uniform(0.15, 0.3)))
            else:
                vacancy = rng.choice([0, 0, 1])
            plan.actual[kind] = max(0, approved - vacancy)
        if spec.key in vacant:
            plan.situation = "空编较多"
        if spec.key in over:
            kind = main
            if StaffingKind.LOGISTICS in plan.quotas and rng.random() < 0.5:
                kind = StaffingKind.LOGISTICS
            excess = rng.randint(1, 3) if kind == main else 1
            plan.actual[kind] = plan.quotas[kind] + excess
            plan.situation = "超编"
        if spec.key in lead_over:
            plan.extra_deputy = True
            plan.situation = "领导职数超配"
    return plans


# ---------------------------------------------------------------------------------------------------------------
# Documents


class DocumentNumbers:
    """莱办发〔2019〕23号-style numbers with their dates, in issuing order."""

    def __init__(self, rng: random.Random, prefix: str, year: int, first_day: datetime.date):
        self.rng = rng
        self.prefix = prefix
        self.year = year
        self.number = rng.randint(8, 15)
        self.day = first_day

    def next(self) -> tuple[str, datetime.date]:
        number, day = f"{self.prefix}〔{self.year}〕{self.number}号", self.day
        self.number += self.rng.randint(1, 3)
        self.day += datetime.timedelta(days=self.rng.randint(0, 3))
        return number, day

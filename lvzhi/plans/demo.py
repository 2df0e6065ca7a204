"""The demo county's evaluation plan for the next term: 2027—2029, most units spread over the three years, the
last few left for the office to place (they are on its to-do list)."""

from __future__ import annotations

from typing import Any

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import Region

from . import actions
from .models import PlannedUnit

LEFT_FOR_THE_OFFICE = 3


def build(rng: Any, stdout: Any = None) -> None:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    laiyang = Region.objects.filter(name="莱阳市").first()
    if admin is None or laiyang is None:
        return
    plan = actions.create_plan(
        actor=admin,
        name="莱阳市2027—2029年部门职能运行评估轮评规划",
        first_year=2027,
        last_year=2029,
        region=laiyang,
        note="按照“三年一轮、全面覆盖”的要求,规划期内每个部门评估一次;下属事业单位由各年度活动按不低于30%的比例抽查。",
    )
    actions.distribute(plan, actor=admin)
    left = PlannedUnit.objects.filter(plan=plan).order_by("-year", "-unit__order", "-unit__code")
    for entry in list(left[:LEFT_FOR_THE_OFFICE]):
        actions.unplan_unit(plan, actor=admin, unit=entry.unit)
    if stdout is not None:
        planned = PlannedUnit.objects.filter(plan=plan).count()
        stdout.write(f"评估规划:{plan.name},已安排 {planned} 个单位,{LEFT_FOR_THE_OFFICE} 个待安排。\n")

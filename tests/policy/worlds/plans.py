"""Evaluation plans: one plan over the registry world's units, unit_a planned for 2026."""

from lvzhi.plans.models import EvaluationPlan, PlannedUnit
from lvzhi.plans.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role


class PlansWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.plan = EvaluationPlan.objects.create(name="轮评规划", first_year=2026, last_year=2028)
        PlannedUnit.objects.create(plan=self.plan, unit=base.unit_a, year=2026)
        self.unit = base.unit_b

    def target(self, route: Route, action: str, state):
        params = {"pk": self.plan.pk, "plan_id": self.plan.pk, "unit_id": self.unit.pk}
        obj = self.plan if ("pk" in route.params or "plan_id" in route.params) else None
        multipart = route.kind == "page"
        if route.name.endswith("plan_create") or route.path.rstrip("/").endswith("/api/plans"):
            body = {"name": "新规划", "first_year": 2026, "last_year": 2027}
        elif "units" in route.path:
            body = {"unit": self.unit.pk, "year": 2027}
        elif route.name.endswith("plan_edit"):
            body = {"name": "轮评规划", "first_year": 2026, "last_year": 2028}
        else:
            body = {}
        return Target(obj, params, body, multipart=multipart)

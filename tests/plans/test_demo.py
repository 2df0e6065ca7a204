"""The demo county's plan for the next term, as `make run` shows it: most units placed over 2027—2029, a few left,
and the office finding them on its to-do list."""

import random

import pytest

from lvzhi.accounts.models import Role, User
from lvzhi.audit.context import audit_context
from lvzhi.core.todo import items_for
from lvzhi.demo import registry
from lvzhi.plans import demo, selectors
from lvzhi.plans.models import EvaluationPlan

pytestmark = pytest.mark.django_db


def test_the_demo_plan_spreads_the_county_over_three_years_and_leaves_three_for_the_office(db):
    with audit_context(reason="演示数据", source="demo"):
        User.objects.create_superuser("admin", password="x", role=Role.ADMIN, full_name="编办管理员")
        registry.build(random.Random("2026:lvzhi.demo.registry"))
        demo.build(random.Random("2026:lvzhi.plans.demo"))
    plan = EvaluationPlan.objects.get()
    summary = selectors.overview(plan)
    assert [y.year for y in summary.years] == [2027, 2028, 2029]
    assert len(summary.unplanned) == 3
    counts = [y.count for y in summary.years]
    assert (
        summary.planned == summary.in_scope - 3 and max(counts) - min(counts) <= 1 + 3
    )  # balanced before three were taken back
    admin = User.objects.get(username="admin")
    assert f"「{plan.name}」还有 3 个单位未安排评估年度" in [i.title for i in items_for(admin)]

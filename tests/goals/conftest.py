"""Fixtures of the goals tests: helpers that file a quantitative and a qualitative goal for unit_a."""

import datetime
from decimal import Decimal

import pytest

from lvzhi.goals import actions
from lvzhi.goals.actions import GoalFields


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def quantitative(year=2026, **extra):
    values = {"year": year, "title": "新增市场主体", "source": "central_task", "source_note": "2026年政府工作报告",
                  "nature": "quantitative", "category": "key", "metric": "新增市场主体", "measure_unit": "户",
                  "target": Decimal(400)}  # fmt: skip
    values.update(extra)
    return GoalFields(**values)


def qualitative(year=2026, **extra):
    values = {"year": year, "title": "完善规划编制机制", "source": "assigned", "source_note": "烟发改〔2026〕2号",
                  "nature": "qualitative", "category": "regular", "measure_q1": "调研", "measure_q2": "起草",
                  "measure_q3": "征求意见", "measure_q4": "印发"}  # fmt: skip
    values.update(extra)
    return GoalFields(**values)


def file_goal(world, fields, actor=None, submit=False, approve=False):
    actor = actor or world.users.contact_a
    goal = actions.save_goal(world.unit_a, fields, actor=actor)
    actions.save_task(goal, internal_body=world.planning, text="牵头推进", deadline=datetime.date(fields.year, 12, 31),
                      cooperating_units=[world.unit_b], actor=actor)  # fmt: skip
    if submit or approve:
        actions.submit_goal(goal, actor=actor)
    if approve:
        actions.review_goal(goal, decision="approve", actor=world.users.admin)
    goal.refresh_from_db()
    return goal

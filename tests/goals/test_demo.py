"""The demo county's goals, as `make run` shows them: the contact's unit has goals in every state with quarterly
progress, a section's and a person's 目标计划书; another unit has an overdue quarter; the demo users find their
next step on the to-do list."""

import pytest
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.todo import items_for
from lvzhi.goals import selectors
from lvzhi.goals.models import Goal, ProgressReport
from tests.campaigns.test_confidentiality_walk import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo()
            yield
            transaction.set_rollback(True)


def test_the_demo_has_goals_in_every_state_at_every_level_with_progress(demo):
    goals = Goal.objects.filter(unit__name="莱阳市发展和改革局", year=timezone.localdate().year)
    assert set(goals.values_list("status", flat=True)) == {"draft", "submitted", "returned", "approved"}
    assert set(goals.values_list("level", flat=True)) == {"unit", "body", "person"}
    assert goals.get(status="returned").return_reason.startswith("目标过于笼统")
    assert ProgressReport.objects.filter(goal__in=goals).count() >= 6


def test_the_demo_users_find_their_next_step_on_the_to_do_list(demo):
    contact = User.objects.get(username="lianluo")
    assert any(
        "退回" in i.title or "优化营商环境" in i.title for i in items_for(contact) if i.room == "年度工作目标"
    )
    admin = User.objects.filter(role="admin").first()
    assert any(i.room == "年度工作目标" for i in items_for(admin))
    assert any(o.goal.unit.name == "莱阳市民政局" for o in selectors.overdue(admin, timezone.localdate()))

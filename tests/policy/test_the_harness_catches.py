"""The generated policy test fails when a rule is removed from a table, when a table changes while a route
still answers the old way, and when a route bypasses the policy or carries no mark."""

import dataclasses

import pytest

from lvzhi.schemes.policy import POLICY
from tests.policy import harness

THROWAWAY = "tests.policy.throwaway_urls"


def _route(name):
    return next(r for r in harness.page_routes(THROWAWAY) if r.name == name)


def test_a_mark_naming_a_rule_removed_from_its_table_is_reported(monkeypatch):
    routes = harness.all_routes()
    assert harness.dangling_marks(routes) == []
    monkeypatch.setattr(POLICY, "rules", {k: v for k, v in POLICY.rules.items() if k != "publish"})
    reported = harness.dangling_marks(routes)
    assert "page schemes:version_publish: schemes.publish" in reported
    assert "api POST /api/schemes/{code}/versions/{number}/publish: schemes.publish" in reported


@pytest.mark.urls(THROWAWAY)
def test_a_route_answering_the_old_way_after_the_table_changed_is_reported(policy_worlds, monkeypatch):
    world = policy_worlds["schemes"]
    route = _route("own_check")
    assert harness.check_case(world, [route], "publish", "evaluator", "draft") == []
    widened = dataclasses.replace(POLICY.rules["publish"], roles=frozenset({"admin", "evaluator"}))
    monkeypatch.setitem(POLICY.rules, "publish", widened)
    assert harness.check_case(world, [route], "publish", "evaluator", "draft") == [
        "page own_check as evaluator in draft: the table allows it, the route answered 403"
    ]


@pytest.mark.urls(THROWAWAY)
def test_a_marked_route_that_never_checks_is_reported(policy_worlds):
    world = policy_worlds["schemes"]
    route = _route("no_check")
    assert harness.check_case(world, [route], "publish", "admin", "draft") == []
    problems = harness.check_case(world, [route], "publish", "committee", "draft")
    assert problems == [
        "page no_check as committee in draft: the table refuses it (role: 只有编办管理员可以修改指标体系。), "
        "the route answered 200"
    ]
    assert harness.check_case(world, [route], "publish", "admin", "published")[0].startswith(
        "page no_check as admin in published: the table refuses it (state: "
    )


def test_a_write_route_without_a_mark_is_reported():
    assert harness.unmarked_write_routes(harness.page_routes(THROWAWAY)) == ["page no_mark"]

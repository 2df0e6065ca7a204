"""The generated policy test: every write route names its rule, and every marked route answers every role in
every state the way its room's table says (tests/policy/harness.py, README.md)."""

import pytest

from lvzhi.core.policy import POLICIES
from tests.policy import harness
from tests.policy.worlds import WORLDS

ROUTES = harness.all_routes()
CASES = [
    pytest.param(room, action, role, state, id=f"{room}.{action}[{role}{'-' + state if state else ''}]")
    for room, action, role, state in harness.cases(WORLDS, ROUTES)
]


def test_every_write_route_names_the_rule_it_enforces():
    assert harness.unmarked_write_routes(ROUTES) == []


def test_every_mark_names_a_rule_of_its_table():
    assert harness.dangling_marks(ROUTES) == []


def test_every_room_with_marked_routes_has_a_world():
    rooms = {policy.room for route in ROUTES for policy, _action in route.marks}
    assert sorted(rooms - set(WORLDS)) == []
    assert set(WORLDS) <= set(POLICIES)


@pytest.mark.parametrize(("room", "action", "role", "state"), CASES)
def test_the_route_answers_as_the_table_says(policy_worlds, room, action, role, state):
    routes = harness.routes_of(ROUTES, room, action)
    assert harness.check_case(policy_worlds[room], routes, action, role, state) == []

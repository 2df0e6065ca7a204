"""What every room's world starts from: the registry world of tests/factories.py and its users per role."""

from tests.factories import make_registry_world

# Which user of tests/factories.py plays each role: the unit contact is unit_a's, the evaluator is assigned
# unit_a, the leader's portfolio is unit_a and unit_b, the third party has no assignment.
ROLE_USERS = {
    "admin": "admin",
    "evaluator": "evaluator",
    "unit_contact": "contact_a",
    "leader": "leader",
    "committee": "committee",
    "third_party": "third_party",
}


def base_world():
    return make_registry_world()


def users_by_role(base) -> dict:
    return {role: getattr(base.users, name) for role, name in ROLE_USERS.items()}

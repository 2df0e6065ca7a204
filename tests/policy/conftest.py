"""One world for the whole module (built once, in a transaction rolled back at the end); every case runs in a
savepoint (pytest-django's `db`), and every route call inside it in another, so cases do not see each other's
writes."""

import pytest
from django.db import transaction

from tests.policy.worlds import WORLDS
from tests.policy.worlds.base import base_world


@pytest.fixture(scope="module")
def _policy_worlds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            base = base_world()
            yield {room: world(base) for room, world in WORLDS.items()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def policy_worlds(_policy_worlds, db):
    """The module's worlds; `db` wraps each case in a savepoint that undoes what it wrote."""
    return _policy_worlds

"""A demo part used by the tests: it records which users exist when the demo parts run."""

from lvzhi.accounts.models import Role, User

SEEN: list[list[str]] = []


def build(rng, stdout=None):
    SEEN.append(list(User.objects.filter(role=Role.ADMIN).values_list("username", flat=True)))

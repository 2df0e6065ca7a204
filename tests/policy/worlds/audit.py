"""Audit: a record of unit_a (the unit contact's own unit)."""

from lvzhi.audit.models import AuditEvent
from lvzhi.audit.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role


class AuditWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.event = AuditEvent.objects.filter(unit_id=base.unit_a.pk).first()

    def target(self, route: Route, action: str, state):
        if {"pk", "event_id"} & set(route.params):
            return Target(self.event, {"pk": self.event.pk, "event_id": self.event.pk})
        return Target(None)

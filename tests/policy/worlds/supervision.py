"""Supervision: a warning about unit_a in every state (open, confirmed, dismissed); a batch route sends one
performance record of unit_a (a unit contact of unit_a may, and a refused record is not a refusal of the route)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.supervision.models import Batch, Warning
from lvzhi.supervision.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role

RECORD = {"unit": "LY001", "item_kind": "power", "item": "XK-1", "day": "2026-02-13", "quantity": 1}


class SupervisionWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.unit = base.unit_a
        self.warnings = {
            state: Warning.objects.create(
                unit=self.unit,
                kind="overdue",
                key=f"k-{state}",
                period="2026-02",
                value=0.5,
                threshold=0.2,
                summary=f"超时率过高-{state}",
                status=state,
            )
            for state in POLICY.states
        }
        Batch.objects.create(
            batch_id="W-1", kind="performance", channel="api", status="accepted", sent_by=base.users.contact_a
        )

    def target(self, route: Route, action: str, state):
        warning = self.warnings[state or "open"]
        params = {
            "pk": warning.pk,
            "batch_id": "W-1",
            "name": "records_by_unit",
            "kind": "performance",
            "fmt": "docx",
        }
        if action == "submit" and route.kind == "api" and "files" in route.path:
            upload = SimpleUploadedFile(
                "r.csv", "单位代码,事项类型,事项编码,日期,数量\nLY001,power,XK-1,2026-02-13,1\n".encode()
            )
            return Target(None, params, {"file": upload, "kind": "performance"}, multipart=True)
        if action == "submit" and route.kind == "api":
            return Target(None, params, {"kind": "performance", "records": [RECORD]})
        if action == "submit":
            return Target(None, params, {"form": "record", **RECORD})
        if action in ("confirm", "dismiss"):
            return Target(warning, params, {"reason": "核实"}, multipart=route.kind == "page")
        return Target(None, params, {} if route.kind == "api" else None)

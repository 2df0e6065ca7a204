"""Working calendar: the year table as seeded (2026 with its Spring Festival days); a day and a file to change."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.workcal.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role


class WorkcalWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)

    def target(self, route: Route, action: str, state):
        params = {"year": 2026, "date": "2026-02-16"}
        if route.name.endswith("load") or "load" in route.path:
            upload = SimpleUploadedFile("2027.csv", "日期,类型,说明\n2027-01-01,休,元旦\n".encode())
            return Target(None, params, {"file": upload, "note": ""}, multipart=True)
        if action == "edit":
            body = {"date": "2026-02-16", "kind": "休", "note": "春节", "reason": "核对"}
            return Target(None, params, body, multipart=route.kind == "page")
        return Target(None, {**params, "start": "2026-02-13", "end": "2026-02-28", "n": 1})

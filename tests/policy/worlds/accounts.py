"""Accounts: another user's account (unit_b's contact) and their API token."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.accounts.models import ApiToken
from lvzhi.accounts.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role

BODIES = {
    "create_user": {"username": "policy_new", "role": "evaluator", "password": "Pinggu-2026-ok"},
    "update_user": {"full_name": "李联络(民政)"},
    "reset_password": {"password": "Minzheng-2026"},
}


class AccountsWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.account = base.users.contact_b
        self.token, _key = ApiToken.issue(self.account, "民政局脚本")

    def target(self, route: Route, action: str, state):
        params = {"pk": self.account.pk, "user_id": self.account.pk, "token_pk": self.token.pk,
                  "token_id": self.token.pk}
        name = route.view.__name__
        if action == "manage_tokens":
            body = {"name": "同步脚本", "user": self.account.pk}
            return Target(self.account, params, body)
        if route.kind == "api" and name == "import_users":
            upload = SimpleUploadedFile("users.csv", "用户名,姓名,角色\n".encode(), content_type="text/csv")
            return Target(None, params, {"file": upload}, multipart=True)
        obj = self.account if {"pk", "user_id"} & set(route.params) else None
        return Target(obj, params, BODIES.get(name, {}))

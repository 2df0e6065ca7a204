"""Who may manage accounts and API tokens (the accounts room's table; lvzhi.core.policy reads it).

User management — the list, an account's page, creating, changing, deactivating, resetting a password,
unlocking — is the office administrators'. Every signed-in user manages their own API tokens; an administrator
also sees, issues and revokes anyone's. Another user's token is not visible to anyone else (a 404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.policy import EVERYONE, Policy, Rule, register

ADMIN = frozenset({"admin"})
# The pages have always said it this way; the API and the actions the second way.
PAGE_REFUSAL = _("用户管理仅向编办管理员开放。")
API_REFUSAL = _("只有编办管理员可以管理用户。")


def _admin_rule(label: Any, note: Any = "") -> Rule:
    return Rule(label, ADMIN, scope="any", refusal=API_REFUSAL, page_refusal=PAGE_REFUSAL, note=note)


def _relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    """Token rules relate the token's owner (`obj`: a token, or the user it is for) to the caller: their own,
    or anyone's for an administrator."""
    owner_id = getattr(obj, "user_id", None) or getattr(obj, "pk", None)
    if rule.scope == "own" and role != "admin" and owner_id != user.pk:
        return gettext("只能为自己创建接口令牌。")
    return None


POLICY = register(
    Policy(
        room="accounts",
        label=_("用户与令牌"),
        rules={
            "view_users": _admin_rule(_("查看用户")),
            "create_user": _admin_rule(_("新增用户")),
            "edit_user": _admin_rule(_("修改用户"), _("角色、所属单位、负责单位;不能取消自己的管理员角色")),
            "set_active": _admin_rule(_("停用或启用用户"), _("不能停用自己的账号")),
            "reset_password": _admin_rule(_("重置密码"), _("新密码须符合密码规则;同时解除登录锁定")),
            "unlock": _admin_rule(_("解除登录锁定")),
            "manage_tokens": Rule(
                _("查看、创建、撤销接口令牌"),
                EVERYONE,
                scope="own",
                note=_("本人的;编办管理员:任何人的(他人的令牌对其他角色不可见)"),
            ),
        },
        relation=_relation,
    )
)

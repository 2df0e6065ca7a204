"""The business events the accounts room writes to the audit log (`record_event(<type>, …)`), with their Chinese
names and the values they record that are not fields of the user (registered in AccountsConfig.ready through
lvzhi.audit.labels.register_events)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value, plain_text


def _unit_names(value) -> str:
    """A list of unit ids as the units' names (an id whose unit is gone stays a number)."""
    from lvzhi.registry.models import Unit

    if not value:
        return "—"
    ids = [v for v in value if isinstance(v, int)]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return "、".join(names.get(v, str(v)) for v in value)


EVENT_LABELS = {
    "account.created": _("新增账号"),
    "account.updated": _("修改账号"),
    "account.activated": _("启用账号"),
    "account.deactivated": _("停用账号"),
    "account.password_reset": _("重置密码"),
    "account.unlocked": _("解除登录锁定"),
    "account.token_issued": _("签发接口令牌"),
    "account.token_revoked": _("吊销接口令牌"),
    "account.imported": _("批量导入账号"),
}

_SCOPE = {"scope_unit_ids": Value(_("负责单位"), _unit_names)}

EVENT_FIELDS = {
    "account.created": _SCOPE,
    "account.updated": _SCOPE,
    "account.unlocked": {"cleared_attempts": Value(_("清除的登录失败记录"), plain_text)},
    "account.token_issued": {"token": Value(_("接口令牌")), "expires_at": Value(_("有效期至"))},
    "account.token_revoked": {"token": Value(_("接口令牌"))},
    "account.imported": {"file": Value(_("文件")), "accounts": Value(_("账号数"))},
}

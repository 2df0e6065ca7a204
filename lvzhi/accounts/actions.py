"""Account management: the one implementation behind the pages (lvzhi.accounts.views) and the API
(lvzhi.accounts.api). Each change is one transaction and writes an audit event (`account.*`) naming the acting
user, whichever way it was made; passwords and token keys never enter the log."""

from __future__ import annotations

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from .models import ApiToken, Role, User
from .policy import POLICY

# Which roles use which scoping field (see User).
UNIT_ROLES = {Role.UNIT_CONTACT}
SCOPE_ROLES = {Role.EVALUATOR, Role.LEADER, Role.THIRD_PARTY}


class AccountError(Invalid):
    """A change to an account that cannot be accepted, with a message for the administrator; `field` names the
    input it is about (the API's 422 body, the form's field), or None for the account as a whole."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message, field=field)


def snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit_id": user.unit_id,
        "scope_unit_ids": sorted(user.scope_units.values_list("pk", flat=True)) if user.pk else [],
        "phone": user.phone,
        "email": user.email,
        "is_active": user.is_active,
    }


def _normalise_scope(user: User, scope_units):
    """Keep the unit only for unit contacts and scope units only for the roles that have them. The scope units
    to set, or None to keep the current ones (`scope_units` None: not being changed)."""
    if user.role not in UNIT_ROLES:
        user.unit = None
    if user.role not in SCOPE_ROLES:
        return []
    return None if scope_units is None else list(scope_units)


def create_user(user: User, *, password: str, scope_units=(), actor, reason: str = "") -> User:
    """Store a new account (built by the form or the API) with its password and scope."""
    POLICY.require(actor, "create_user")
    if user.role in UNIT_ROLES and not user.unit_id:
        raise AccountError(_("单位联络员必须指定所属单位。"), field="unit")
    validate_password(password, user=user)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        scope = _normalise_scope(user, scope_units)
        user.set_password(password)
        user.save()
        if scope:
            user.scope_units.set(scope)
        record_event("account.created", user, after=snapshot(user))
    return user


def update_user(user: User, *, scope_units=None, actor, reason: str = "") -> User:
    """Save changes the form or the API made to an account, and its scope (None: scope units unchanged)."""
    POLICY.require(actor, "edit_user", user)
    if user.role in UNIT_ROLES and not user.unit_id:
        raise AccountError(_("单位联络员必须指定所属单位。"), field="unit")
    if user.pk == actor.pk and user.role != Role.ADMIN and not user.is_superuser:
        raise AccountError(_("不能取消自己的管理员角色。"), field="role")
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        before = snapshot(User.objects.get(pk=user.pk))
        scope = _normalise_scope(user, scope_units)
        user.save()
        if scope is not None:
            user.scope_units.set(scope)
        after = snapshot(user)
        if after != before:
            record_event("account.updated", user, before=before, after=after)
    return user


def set_active(user: User, active: bool, *, actor, reason: str = "") -> None:
    """Activate or deactivate an account; a deactivated one cannot sign in and its tokens stop working."""
    POLICY.require(actor, "set_active", user)
    if not active and user.pk == actor.pk:
        raise AccountError(_("不能停用自己的账号。"))
    if user.is_active == active:
        return
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        user.is_active = active
        user.save(update_fields=["is_active"])
        record_event(
            "account.activated" if active else "account.deactivated",
            user,
            before={"is_active": not active},
            after={"is_active": active},
        )


def reset_password(user: User, password: str, *, actor, reason: str = "") -> None:
    """Set a new password (checked against the password policy) and lift a lockout."""
    POLICY.require(actor, "reset_password", user)
    validate_password(password, user=user)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        user.set_password(password)
        user.save(update_fields=["password"])
        axes_reset(username=user.username)
        record_event("account.password_reset", user)


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out now (django-axes failures at or over the limit)."""
    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))


def unlock(user: User, *, actor, reason: str = "") -> int:
    """Lift a lockout after repeated failed logins; returns how many failure records were cleared."""
    POLICY.require(actor, "unlock", user)
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        cleared = axes_reset(username=user.username)
        record_event("account.unlocked", user, after={"cleared_attempts": cleared})
    return cleared


def issue_token(
    user: User, name: str, *, expires_at: datetime.datetime | None = None, actor, reason: str = ""
) -> tuple[ApiToken, str]:
    """A new API token for the user; the plain key is returned once and only its hash is stored."""
    POLICY.require(actor, "manage_tokens", user)
    if not user.is_active:
        raise AccountError(_("账号已停用,不能签发接口令牌。"), field="user")
    if expires_at is not None and expires_at <= timezone.now():
        raise AccountError(_("有效期须晚于当前时间。"), field="expires_at")
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        token, key = ApiToken.issue(user, name, expires_at=expires_at)
        record_event(
            "account.token_issued",
            user,
            after={
                "token": str(token),
                "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            },
        )
    return token, key


def revoke_token(token: ApiToken, *, actor, reason: str = "") -> None:
    POLICY.require(actor, "manage_tokens", token.user)
    if token.revoked_at is not None:
        return
    with transaction.atomic(), audit_context(actor=actor, reason=reason):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event("account.token_revoked", token.user, after={"token": str(token)})

"""Accounts API: the signed-in user, user management (office administrators only) and API tokens.
Mounted at /api/accounts/.

- `GET /me`: every signed-in user;
- `/users…`: office administrators only (403 for every other role): list, create, change, deactivate and
  activate, reset a password (the password policy applies), unlock after repeated login failures;
- `/tokens…`: every user lists, creates and revokes their own tokens; an administrator sees and revokes any
  user's and may issue one for another user. Another user's token is a 404 for a non-administrator.

Every change goes through lvzhi.accounts.actions, as in the pages, so the same audit event (`account.*`, with the
acting user and the values before and after, never a password or a token) is written whichever way it is made.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.crud import resolve
from lvzhi.api.errors import (
    ERROR_RESPONSES,
    invalid,
    invalid_many,
    not_found,
)
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.api.schemas import InputSchema, changed_fields, omit_to_keep
from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, imports
from .models import ApiToken, Role, User
from .policy import POLICY
from .schemas import MeOut, UnitBrief

router = Router(tags=[gettext_lazy("用户与令牌")])

READ = ERROR_RESPONSES


# ---------------------------------------------------------------------------------------------------------
# Schemas


class UserBrief(Schema):
    id: int
    username: str
    full_name: str


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    role: Role
    role_label: str
    unit: UnitBrief | None
    scope_units: list[UnitBrief]
    phone: str
    email: str
    is_active: bool
    locked: bool = Field(description=gettext_lazy("因连续登录失败被锁定"))
    last_login: datetime.datetime | None
    date_joined: datetime.datetime

    @staticmethod
    def resolve_role_label(obj):
        return obj.get_role_display()

    @staticmethod
    def resolve_locked(obj):
        return getattr(obj, "locked", False)


class UserIn(InputSchema):
    username: str = Field(description=gettext_lazy("用户名(登录名,唯一)"))
    full_name: str = Field("", description=gettext_lazy("姓名"))
    role: Role = Field(description=gettext_lazy("角色"))
    unit: int | None = Field(None, description=gettext_lazy("所属单位编号;单位联络员必填"))
    scope_units: list[int] = Field(
        default_factory=list, description=gettext_lazy("负责单位编号(评估人员、领导评议人、第三方机构)")
    )
    phone: str = Field("", description=gettext_lazy("联系电话"))
    email: str = Field("", description=gettext_lazy("电子邮箱"))
    password: str = Field(description=gettext_lazy("初始密码,须符合密码规则"))


class UserUpdate(InputSchema):
    username: str = omit_to_keep(description=gettext_lazy("用户名"))
    full_name: str = omit_to_keep(description=gettext_lazy("姓名"))
    role: Role = omit_to_keep(description=gettext_lazy("角色"))
    unit: int | None = Field(None, description=gettext_lazy("所属单位编号"))
    scope_units: list[int] | None = Field(None, description=gettext_lazy("负责单位编号"))
    phone: str = omit_to_keep(description=gettext_lazy("联系电话"))
    email: str = omit_to_keep(description=gettext_lazy("电子邮箱"))


class PasswordIn(InputSchema):
    password: str = Field(description=gettext_lazy("新密码,须符合密码规则"))


class UserFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按用户名或姓名搜索"))
    role: Role | None = Field(None, description=gettext_lazy("角色"))
    unit: int | None = Field(None, description=gettext_lazy("所属单位编号"))
    is_active: bool | None = Field(None, description=gettext_lazy("在用"))


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description=gettext_lazy("令牌开头几位,便于辨认"))
    user: UserBrief
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    is_active: bool

    @staticmethod
    def resolve_is_active(obj):
        return obj.revoked_at is None and (obj.expires_at is None or obj.expires_at > timezone.now())


class TokenCreated(Schema):
    token: TokenOut
    key: str = Field(description=gettext_lazy("令牌全文,只显示这一次,请妥善保存"))


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100, description=gettext_lazy("名称,例如“数据同步脚本”"))
    expires_at: datetime.datetime | None = Field(None, description=gettext_lazy("有效期至;留空为长期有效"))
    user: int | None = Field(None, description=gettext_lazy("为哪个用户创建(仅管理员可为他人创建)"))


class TokenFilters(Schema):
    user: int | None = Field(None, description=gettext_lazy("用户编号(管理员)"))
    active: bool | None = Field(None, description=gettext_lazy("true 只看有效的令牌"))


# ---------------------------------------------------------------------------------------------------------
# Me


@router.get("/me", response={200: MeOut, **READ}, summary=gettext_lazy("当前用户"))
def me(request):
    return User.objects.select_related("unit").get(pk=request.user.pk)


# ---------------------------------------------------------------------------------------------------------
# Users


def _user_queryset():
    return User.objects.select_related("unit").prefetch_related("scope_units").order_by("username")


def _mark_locked(users):
    """Set `locked` on each user from django-axes' failure records, in one query."""
    locked = actions.locked_usernames(u.username for u in users)
    for user in users:
        user.locked = user.username in locked
    return users


def _get_user(user_id):
    user = _user_queryset().filter(pk=user_id).first()
    if user is None:
        raise not_found()
    return user


# Django's own messages for these are not all translated (the minimum length one is English in zh-hans).
PASSWORD_MESSAGES = {
    "password_too_short": gettext_lazy("密码太短,至少需要 %(min_length)s 个字符。"),
    "password_too_common": gettext_lazy("密码太常见,容易被猜到。"),
    "password_entirely_numeric": gettext_lazy("密码不能全是数字。"),
    "password_too_similar": gettext_lazy("密码与用户名或姓名等个人信息太相似。"),
}


def _password_refused(exc: DjangoValidationError):
    """The password policy (settings.AUTH_PASSWORD_VALIDATORS, checked by the action): every broken rule."""
    errors = []
    for error in exc.error_list:
        template = PASSWORD_MESSAGES.get(error.code or "")
        message = str(template) % (error.params or {}) if template else " ".join(error.messages)
        errors.append({"field": "password", "message": message})
    return invalid_many(errors)


def _apply_user_values(user, values):
    """Set plain fields and resolve units (not saved: the action does that, with the account rules); returns
    the scope unit list, or None when it is not being changed."""
    if "unit" in values:
        values["unit"] = resolve(Unit.objects.all(), values["unit"], "unit", _("单位"))
    scope_units = None
    if "scope_units" in values:
        ids = values.pop("scope_units") or []
        scope_units = list(Unit.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {u.pk for u in scope_units})
        if missing:
            raise invalid(
                "scope_units", _("未找到编号为 %(ids)s 的单位。") % {"ids": "、".join(map(str, missing))}
            )
    for name, value in values.items():
        if value is None and name != "unit":
            raise invalid(name, _("不能为空。"))
        setattr(user, name, value)
    user.full_clean(exclude=["password"])  # a ValidationError answers 422 naming each field (lvzhi.api.errors)
    return scope_units


@router.get("/users", response={200: Page[UserOut], **READ}, summary=gettext_lazy("用户列表(管理员)"))
@enforces(POLICY, "view_users")
def list_users(request, filters: Query[UserFilters], page: Query[PageParams]):
    POLICY.require(request.user, "view_users")
    qs = _user_queryset()
    if filters.q:
        qs = qs.filter(Q(username__icontains=filters.q) | Q(full_name__icontains=filters.q))
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    result = paginate(qs, page)
    _mark_locked(result["items"])
    return result


class ImportedUserOut(Schema):
    id: int
    username: str
    full_name: str
    role: Role
    unit_id: int | None
    first_password: str | None = Field(
        None, description=gettext_lazy("系统生成的初始密码(仅此一次返回);文件中给出密码时为空")
    )


class UserImportOut(Schema):
    created: int
    accounts: list[ImportedUserOut]


@router.post(
    "/users/import",
    response={201: UserImportOut, **READ},
    summary=gettext_lazy("批量导入用户(Excel/CSV,整份校验,有错则不导入;首次登录须改密码)"),
)
@enforces(POLICY, "create_user")
def import_users(request, file: File[UploadedFile], reason: Form[str] = ""):
    """The columns of the template (`GET /users/import-template`). A file with any problem answers 422 with each
    problem as `file: 第N行 第X列(栏目):原因`, and nothing is stored."""
    POLICY.require(request.user, "create_user")
    result = imports.import_upload(file, actor=request.user, reason=reason)
    accounts = [
        {
            "id": a.user.pk,
            "username": a.user.username,
            "full_name": a.user.full_name,
            "role": a.user.role,
            "unit_id": a.user.unit_id,
            "first_password": a.password if a.generated else None,
        }
        for a in result.accounts
    ]
    return Status(201, {"created": len(accounts), "accounts": accounts})


@router.get(
    "/users/import-template",
    response={200: None, **READ},
    summary=gettext_lazy("用户导入模板(Excel)"),
)
@enforces(POLICY, "create_user")
def import_template(request):
    POLICY.require(request.user, "create_user")
    response = HttpResponse(imports.write_template(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(imports.TEMPLATE_NAME, suffix=".xlsx"))


@router.get("/users/{int:user_id}", response={200: UserOut, **READ}, summary=gettext_lazy("用户详情(管理员)"))
@enforces(POLICY, "view_users")
def get_user(request, user_id: int):
    POLICY.require(request.user, "view_users")
    return _mark_locked([_get_user(user_id)])[0]


@router.post("/users", response={201: UserOut, **READ}, summary=gettext_lazy("新增用户(管理员)"))
@enforces(POLICY, "create_user")
def create_user(request, payload: UserIn):
    POLICY.require(request.user, "create_user")
    values = payload.model_dump()
    password = values.pop("password")
    user = User()
    scope_units = _apply_user_values(user, values)
    try:
        actions.create_user(user, password=password, scope_units=scope_units or (), actor=request.user)
    except DjangoValidationError as exc:
        raise _password_refused(exc) from exc
    return Status(201, _mark_locked([_get_user(user.pk)])[0])


@router.patch("/users/{int:user_id}", response={200: UserOut, **READ}, summary=gettext_lazy("修改用户(管理员)"))
@enforces(POLICY, "edit_user")
def update_user(request, user_id: int, payload: UserUpdate):
    POLICY.require(request.user, "edit_user")
    user = _get_user(user_id)
    scope_units = _apply_user_values(user, changed_fields(payload))
    actions.update_user(user, scope_units=scope_units, actor=request.user)
    return _mark_locked([_get_user(user.pk)])[0]


def _set_active(request, user_id, active: bool):
    POLICY.require(request.user, "set_active")
    user = _get_user(user_id)
    actions.set_active(user, active, actor=request.user)
    return _mark_locked([_get_user(user.pk)])[0]


@router.post("/users/{int:user_id}/deactivate", response={200: UserOut, **READ}, summary=gettext_lazy("停用用户(管理员)"))
@enforces(POLICY, "set_active")
def deactivate_user(request, user_id: int):
    """A deactivated user can no longer sign in, and their API tokens stop working."""
    return _set_active(request, user_id, False)


@router.post("/users/{int:user_id}/activate", response={200: UserOut, **READ}, summary=gettext_lazy("启用用户(管理员)"))
@enforces(POLICY, "set_active")
def activate_user(request, user_id: int):
    return _set_active(request, user_id, True)


@router.post(
    "/users/{int:user_id}/reset-password", response={200: UserOut, **READ}, summary=gettext_lazy("重置密码(管理员)")
)
@enforces(POLICY, "reset_password")
def reset_password(request, user_id: int, payload: PasswordIn):
    """The new password must meet the password policy; a lockout after failed logins is lifted too."""
    POLICY.require(request.user, "reset_password")
    user = _get_user(user_id)
    try:
        actions.reset_password(user, payload.password, actor=request.user)
    except DjangoValidationError as exc:
        raise _password_refused(exc) from exc
    return _mark_locked([_get_user(user.pk)])[0]


@router.post("/users/{int:user_id}/unlock", response={200: UserOut, **READ}, summary=gettext_lazy("解除登录锁定(管理员)"))
@enforces(POLICY, "unlock")
def unlock_user(request, user_id: int):
    POLICY.require(request.user, "unlock")
    user = _get_user(user_id)
    actions.unlock(user, actor=request.user)
    return _mark_locked([_get_user(user.pk)])[0]


# ---------------------------------------------------------------------------------------------------------
# API tokens


def _token_queryset(user):
    return ApiToken.objects.visible_to(user).select_related("user").order_by("-created_at", "-id")


@router.get("/tokens", response={200: Page[TokenOut], **READ}, summary=gettext_lazy("接口令牌列表"))
def list_tokens(request, filters: Query[TokenFilters], page: Query[PageParams]):
    """Your own tokens; an administrator sees every user's (filter with `user`)."""
    qs = _token_queryset(request.user)
    if filters.user is not None:
        qs = qs.filter(user_id=filters.user)
    if filters.active is True:
        qs = qs.active()
    elif filters.active is False:
        qs = qs.exclude(pk__in=ApiToken.objects.active().values("pk"))
    return paginate(qs, page)


@router.post("/tokens", response={201: TokenCreated, **READ}, summary=gettext_lazy("创建接口令牌"))
@enforces(POLICY, "manage_tokens")
def create_token(request, payload: TokenIn):
    """The token's full text is returned once, in `key`; only its hash is stored."""
    owner = request.user
    if payload.user is not None and payload.user != request.user.pk:
        POLICY.require(request.user, "manage_tokens", User(pk=payload.user))
        owner = resolve(User.objects.filter(is_active=True), payload.user, "user", _("在用用户"))
    token, key = actions.issue_token(
        owner, payload.name.strip(), expires_at=payload.expires_at, actor=request.user
    )
    return Status(201, {"token": token, "key": key})


@router.delete("/tokens/{int:token_id}", response={204: None, **READ}, summary=gettext_lazy("撤销接口令牌"))
@enforces(POLICY, "manage_tokens")
def revoke_token(request, token_id: int):
    token = get_for(request.user, _token_queryset(request.user), "manage_tokens", policy=POLICY, pk=token_id)
    actions.revoke_token(token, actor=request.user)
    return Status(204, None)

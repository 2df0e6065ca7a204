"""Who is calling the API: the browser's session (with CSRF on unsafe methods) or a bearer token.

Unauthenticated requests get 401 (never a CSRF 403 that says nothing about signing in). For token requests the
audit middleware ran before the token was resolved, so `with_audit_actor` (installed on every operation by
`lvzhi.api.site`) sets the audit actor to the user the request was authenticated as.
"""

import functools

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from lvzhi.accounts.models import ApiToken
from lvzhi.audit.context import audit_context
from lvzhi.core.clientip import client_ip

from .errors import ApiError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class SessionAuth(APIKeyCookie):
    """Django's session cookie. CSRF is checked on unsafe methods, only once the session is known to be valid."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        # Django's own check (token, origin, referer over HTTPS), as CsrfViewMiddleware would run it.
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(403, _("CSRF 校验失败:浏览器请求须带上 X-CSRFToken 请求头(取自 csrftoken Cookie)。"))
        return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer lvz_…` — an ApiToken issued to a user; only its hash is stored.

    A request that names a token which is unknown, revoked, expired or whose user is deactivated is refused with
    401 even if it also carries a session: the client asked to be that token.
    """

    def authenticate(self, request, token):
        user = ApiToken.authenticate(token.strip())
        if user is None:
            raise ApiError(401, _("接口令牌无效、已过期或已撤销。"))
        request.user = user
        return user


# Tried in order: a bearer header first, then the session.
API_AUTH = [BearerToken(), SessionAuth()]


def with_audit_actor(view_func):
    """Run an API operation with the authenticated user as the audit actor and "api" as the source."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        actor = getattr(request, "auth", None)
        if actor is None or not getattr(actor, "is_authenticated", False):
            return view_func(request, *args, **kwargs)
        with audit_context(actor=actor, source="api", ip=client_ip(request)):
            return view_func(request, *args, **kwargs)

    return wrapper

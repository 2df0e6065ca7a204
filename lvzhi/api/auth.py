from django.utils.functional import SimpleLazyObject  # noqa: F401
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from lvzhi.accounts.models import ApiToken
from lvzhi.audit.context import audit_context  # noqa: F401


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class SessionOrToken:
    """Session for the browser (with CSRF), a bearer token for machine clients."""

    def __init__(self):
        self.session = SessionAuth(csrf=True)
        self.bearer = BearerToken()

    def __call__(self, request):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return self.bearer(request)
        return self.session(request)

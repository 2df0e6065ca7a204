from lvzhi.core.clientip import client_ip

from .context import audit_context


class AuditActorMiddleware:
    """Every audit record written while serving a request names the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        source = "api" if request.path.startswith("/api/") else "web"
        ip = client_ip(request)
        with audit_context(actor=actor, source=source, ip=ip):
            return self.get_response(request)

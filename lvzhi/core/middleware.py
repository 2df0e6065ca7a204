"""The pages' half of the one error model (lvzhi.core.errors; the API's half is lvzhi.api.errors).

A `Refused` that reaches the page layer is a 403 page with its reason. An `Invalid` that a view did not show on
its form is a message and a redirect back to the page the user came from, so nothing they typed is lost
without a word.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from . import busy
from .errors import Invalid, Refused


class ErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # No API route matched (e.g. /api/registry/units/abc): the API's JSON 404, not the HTML page.
            return JsonResponse(
                {"detail": _("未找到该对象,或您无权访问。")}, status=404, json_dumps_params={"ensure_ascii": False}
            )
        return response

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if busy.is_busy(exception):
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                back = request.get_full_path()
            response = render(
                request, "core/busy.html", {"message": busy.busy_message(), "back": back}, status=503
            )
            response["Retry-After"] = str(busy.RETRY_AFTER_SECONDS)
            return response
        if busy.is_out_of_range(exception):
            return page_not_found(request, Http404())
        if isinstance(exception, Refused):
            raise PermissionDenied(exception.page_message) from exception
        if isinstance(exception, Invalid):
            messages.error(request, str(exception))
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                back = request.get_full_path()
            return redirect(back)
        return None


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script anywhere (tests/core/test_small_holes.py)
        "style-src 'self' 'unsafe-inline'",  # style attributes for indentation; htmx's indicator style
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Every response says where scripts, styles and images may come from: this site only (the front end is
    vendored under lvzhi/static; Swagger UI too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

"""The API docs page at /api/docs: Swagger UI served from lvzhi/static/vendor/swagger-ui, never from a CDN
(users' intranets have no internet)."""

import functools
import json

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase


def docs_login_required(view):
    """The docs page and the OpenAPI document list every operation of the product: in production
    (settings.API_DOCS_PUBLIC off, the default unless LVZHI_DEBUG) only signed-in users read them. The page sends
    a visitor to the login page; the document answers 401 JSON, like every API route."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(settings, "API_DOCS_PUBLIC", False) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            detail = _("请先登录,或在请求头中提供有效的接口令牌(Authorization: Bearer …)。")
            return JsonResponse({"detail": detail}, status=401, json_dumps_params={"ensure_ascii": False})
        return redirect_to_login(request.get_full_path())

    return wrapper


class OfflineSwagger(DocsBase):
    template = "api/docs.html"
    settings = {"layout": "BaseLayout", "deepLinking": True, "docExpansion": "none", "filter": True}

    def render_page(self, request, api, **kwargs):
        openapi_url = reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs)
        context = {
            "api": api,
            "openapi_url": openapi_url,
            "swagger_settings": json.dumps({**self.settings, "url": openapi_url}),
        }
        return render(request, self.template, context)

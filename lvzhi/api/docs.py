"""The API docs page at /api/docs: Swagger UI served from lvzhi/static/vendor/swagger-ui, never from a CDN
(users' intranets have no internet)."""

import json

from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase


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

"""The REST API under /api/ (Django Ninja). Each room adds its router in `lvzhi/<app>/api.py`.

- OpenAPI document: /api/openapi.json; docs page: /api/docs (Swagger UI, vendored, works offline).
- Authentication: the browser's session (CSRF token on unsafe methods) or `Authorization: Bearer <token>`.
- Errors: JSON `{"detail": "<中文说明>", "errors": [{"field": …, "message": …}]}` (lvzhi.api.errors).
See docs/api.md and docs/permissions.md.
"""

import datetime
from importlib import import_module

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .auth import API_AUTH, with_audit_actor
from .docs import OfflineSwagger, docs_login_required
from .errors import install_exception_handlers


class LocalTimeEncoder(NinjaJSONEncoder):
    """Times in the site's time zone (Asia/Shanghai: 2026-11-22T09:30:00+08:00), as users read them."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON (Chinese stays readable, no \\uXXXX escapes) with local times."""

    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


class LvzhiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`lvzhi_<room>_api_<function>`, also when a room's API is a package of modules (stable for clients)."""
        module = operation.view_func.__module__
        room_api, dot_api, _ = module.partition(".api.")
        if dot_api:
            module = room_api + ".api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def validation_error_from_error_contexts(self, error_contexts):
        """Ninja drops each error's input; whether it was a null is kept, so the answer can say so."""
        error = super().validation_error_from_error_contexts(error_contexts)
        nulls = [
            "input" in item and item["input"] is None
            for context in error_contexts
            for item in context.pydantic_validation_error.errors(include_url=False)
        ]
        for item, was_null in zip(error.errors, nulls, strict=False):
            if was_null:
                item["null_input"] = True
        return error


api = LvzhiAPI(
    title=gettext_lazy("履职 Lvzhi API"),
    version="1.0.0",
    description=gettext_lazy(
        "机构编制执行情况和使用效益评估、机关职能运行监管。\n\n"
        "认证:浏览器会话(修改类请求须带 X-CSRFToken 请求头),或接口令牌(请求头 `Authorization: Bearer <令牌>`,"
        "在 `/api/accounts/tokens` 创建)。\n\n"
        "列表分页:`limit`(默认 50,最大 500)与 `offset`,返回 `count` 总数。"
        "错误返回 JSON:`detail` 为中文说明,数据校验错误(422)另有 `errors` 逐项列出字段与原因。"
        "无权查看的对象与不存在的对象一样返回 404。"
    ),
    auth=API_AUTH,
    docs=OfflineSwagger(),
    docs_decorator=docs_login_required,
    renderer=ChineseJSONRenderer(),
    urls_namespace="api-1.0.0",
)
install_exception_handlers(api)
# Audit records written by an operation name the user it was authenticated as (session or token).
api.add_decorator(with_audit_actor, mode="operation")  # wraps the view, after authentication

ROUTERS = [
    ("/accounts/", "lvzhi.accounts.api"),
    ("/audit/", "lvzhi.audit.api"),
    ("/registry/io/", "lvzhi.registry.io.api"),
    ("/registry/", "lvzhi.registry.api"),
    ("/schemes/", "lvzhi.schemes.api"),
    ("/campaigns/", "lvzhi.campaigns.api"),
    ("/plans/", "lvzhi.plans.api"),
    ("/duties/", "lvzhi.duties.api"),
    ("/todo", "lvzhi.core.api"),
    ("/calendar/", "lvzhi.workcal.api"),
    ("/surveys/", "lvzhi.surveys.api"),
    ("/reports/", "lvzhi.reports.api"),
    ("/goals/", "lvzhi.goals.api"),
    ("/workflows/", "lvzhi.workflows.api"),
    ("/findings/", "lvzhi.findings.api"),
    ("/supervision/", "lvzhi.supervision.api"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)

"""The REST API under /api/ (Django Ninja). Each room adds its router in `lvzhi/<app>/api.py`."""

from importlib import import_module

from ninja import NinjaAPI

from .auth import SessionOrToken

api = NinjaAPI(
    title="履职 Lvzhi API",
    version="1.0.0",
    description="机构编制执行情况和使用效益评估、机关职能运行监管。会话(浏览器)或令牌(Authorization: Bearer …)认证。",
    auth=SessionOrToken(),
    urls_namespace="api-1.0.0",
)

ROUTERS = [
    ("/accounts/", "lvzhi.accounts.api"),
    ("/audit/", "lvzhi.audit.api"),
    ("/registry/io/", "lvzhi.registry.io.api"),
    ("/registry/", "lvzhi.registry.api"),
    ("/schemes/", "lvzhi.schemes.api"),
    ("/campaigns/", "lvzhi.campaigns.api"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)

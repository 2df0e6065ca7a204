from django.urls import NoReverseMatch, reverse

# (url name, label, roles that see it or None for every signed-in user). Only rooms that exist are listed:
# an entry whose url does not resolve is left out.
NAVIGATION = [
    ("home", "工作台", None),
    ("registry:unit_list", "机构编制", None),
    ("registry:region_list", "区划汇总", {"admin", "committee", "evaluator", "leader"}),
    ("schemes:scheme_list", "指标体系", None),
    ("campaigns:campaign_list", "评估活动", None),
    ("registry_io:import_list", "导入导出", {"admin"}),
    ("audit:event_list", "操作日志", {"admin", "unit_contact"}),
    ("accounts:user_list", "用户管理", {"admin"}),
    ("api-1.0.0:openapi-view", "接口文档", {"admin"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAVIGATION:
        if roles is not None and user.role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}

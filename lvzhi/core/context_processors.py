from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it or None for every signed-in user). Only rooms that exist are listed:
# an entry whose url does not resolve is left out.
NAVIGATION = [
    ("home", _("工作台"), None),
    ("registry:unit_list", _("机构编制"), None),
    ("registry:region_list", _("区划汇总"), {"admin", "committee", "evaluator", "leader"}),
    ("schemes:scheme_list", _("指标体系"), None),
    ("campaigns:campaign_list", _("评估活动"), None),
    ("duties:index", _("职责清单"), None),
    ("goals:index", _("年度目标"), {"admin", "evaluator", "unit_contact", "leader", "committee"}),
    ("workflows:index", _("流程图"), None),
    ("surveys:index", _("问卷调查"), {"admin", "committee", "third_party"}),
    ("reports:index", _("报告分析"), {"admin", "evaluator", "committee"}),
    ("findings:index", _("问题整改"), {"admin", "committee", "evaluator", "unit_contact"}),
    ("supervision:dashboard", _("履职监管"), {"admin", "evaluator", "unit_contact", "leader", "committee"}),
    ("registry_io:import_list", _("导入导出"), None),
    ("workcal:index", _("工作日历"), None),
    ("audit:event_list", _("操作日志"), {"admin", "unit_contact"}),
    ("accounts:user_list", _("用户管理"), {"admin"}),
    ("api-1.0.0:openapi-view", _("接口文档"), {"admin"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notifications": None}
    items = []
    for url_name, label, roles in NAVIGATION:
        if roles is not None and user.role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items, "unread_notifications": unread_notifications(user)}


def unread_notifications(user) -> dict | None:
    """The bell in the navigation bar: how many of the user's in-app notifications are unread, and where they are."""
    try:
        notification = apps.get_model("campaigns", "Notification")
        url = reverse("campaigns:notifications")
    except (LookupError, NoReverseMatch):
        return None
    return {"count": notification.objects.visible_to(user).unread().count(), "url": url}

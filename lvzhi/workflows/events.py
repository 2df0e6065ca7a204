"""The workflows room's audit events and their Chinese names (registered in WorkflowsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value

EVENT_LABELS = {
    "workflows.version_created": _("新建流程图版本"),
    "workflows.submitted": _("报送流程图"),
    "workflows.adopted": _("审定启用流程图"),
    "workflows.returned": _("退回流程图"),
    "workflows.imported": _("导入流程图"),
}

EVENT_FIELDS = {
    "workflows.version_created": {"number": Value(_("版本号")), "copied_from": Value(_("复制自第几版"))},
    "workflows.adopted": {"number": Value(_("版本号")), "valid_from": Value(_("启用日期"))},
    "workflows.imported": {
        "rows": Value(_("行数")),
        "workflows": Value(_("流程图数")),
        "steps": Value(_("环节数")),
    },
}

"""The Chinese names of the goals room's audit events and of the values they record (shown by the audit browser
and its export; registered in GoalsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value

EVENT_LABELS = {
    "goals.submitted": _("报送年度目标"),
    "goals.approved": _("审核通过年度目标"),
    "goals.returned": _("退回年度目标"),
    "goals.reported": _("报告季度进展"),
    "goals.reminded": _("提醒逾期未报季度进展"),
    "goals.imported": _("导入年度目标"),
    "goals.progress_imported": _("导入季度进展"),
    "goals.fed": _("目标完成情况计入评估指标"),
    "goals.checklist_added": _("年度目标列入实地评估清单"),
}

EVENT_FIELDS = {
    "goals.reported": {"late": Value(_("逾期报送"))},
    "goals.reminded": {
        "units": Value(_("单位数")),
        "reports": Value(_("逾期进展数")),
        "people": Value(_("提醒人数")),
    },
    "goals.imported": {
        "rows": Value(_("行数")),
        "goals": Value(_("目标数")),
        "created": Value(_("新建目标")),
        "updated": Value(_("修改目标")),
        "tasks": Value(_("分解任务数")),
    },
    "goals.checklist_added": {"items": Value(_("列入事项数"))},
    "goals.progress_imported": {
        "rows": Value(_("行数")),
        "reports": Value(_("季度进展数")),
        "new_reports": Value(_("新报")),
        "corrected": Value(_("修改")),
    },
}

"""The business events the reports room writes to the audit log, with their Chinese names."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value

EVENT_LABELS = {
    "reports.weights_accepted": _("判断矩阵导出权重并生成方案草稿"),
    "reports.robustness_run": _("排名稳健性分析"),
    "reports.unit_reports_drafted": _("起草单位评估报告"),
    "reports.unit_report_released": _("发布单位评估报告"),
    "reports.unit_report_withdrawn": _("撤回单位评估报告"),
    "reports.batch_started": _("后台生成全部单位评估报告"),
}

EVENT_FIELDS = {
    "reports.weights_accepted": {
        "consistency_ratio": Value(_("一致性比率")),
        "weights": Value(_("权重")),
        "draft": Value(_("草稿版本")),
        "judges": Value(_("判断人数")),
    },
    "reports.robustness_run": {
        "draws": Value(_("抽样次数")),
        "units": Value(_("单位数")),
        "flagged": Value(_("等次受权重影响的单位数")),
    },
    "reports.unit_reports_drafted": {"units": Value(_("单位数"))},
    "reports.unit_report_released": {"unit": Value(_("单位"))},
    "reports.unit_report_withdrawn": {"unit": Value(_("单位"))},
    "reports.batch_started": {"formats": Value(_("格式")), "job": Value(_("后台任务编号"))},
}

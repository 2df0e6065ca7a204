"""The business events the supervision room writes to the audit log, with their Chinese names."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value

EVENT_LABELS = {
    "supervision.batch_received": _("接收履职监管数据"),
    "supervision.warning_raised": _("生成监管预警"),
    "supervision.warning_confirmed": _("确认监管预警"),
    "supervision.warning_dismissed": _("排除监管预警"),
    "supervision.listed": _("列入重点监管名单"),
}

EVENT_FIELDS = {
    "supervision.batch_received": {
        "kind": Value(_("数据类型")),
        "received": Value(_("收到条数")),
        "accepted": Value(_("新存条数")),
        "refused": Value(_("退回条数")),
        "status": Value(_("状态")),
    },
    "supervision.warning_raised": {"summary": Value(_("预警内容"))},
    "supervision.warning_confirmed": {"finding": Value(_("问题编号"))},
    "supervision.listed": {"note": Value(_("说明"))},
}

"""The Chinese names of the duties room's audit events (shown by the audit browser)."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "duties.adjusted": _("清单调整"),
    "duties.published": _("清单公示"),
    "duties.notice_issued": _("下发上级变更通知"),
    "duties.claimed": _("认领上级变更"),
    "duties.reminded": _("提醒认领"),
    "duties.imported": _("导入清单"),
    "duties.decomposition_imported": _("导入科室职责任务分解表"),
    "duties.catalogue_imported": _("导入上级标准目录"),
    "duties.overlap_confirmed": _("确认职责交叉"),
    "duties.overlap_dismissed": _("排除职责交叉"),
    "duties.overlap_settled": _("以边界清单化解职责交叉"),
    "duties.overlaps_scanned": _("扫描职责交叉"),
}

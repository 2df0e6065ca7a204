"""The Chinese names of the goals room's audit events (shown by the audit browser)."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "goals.submitted": _("报送年度目标"),
    "goals.approved": _("审核通过年度目标"),
    "goals.returned": _("退回年度目标"),
    "goals.reported": _("报告季度进展"),
    "goals.reminded": _("提醒逾期未报季度进展"),
    "goals.imported": _("导入年度目标"),
    "goals.progress_imported": _("导入季度进展"),
    "goals.fed": _("目标完成情况计入评估指标"),
}

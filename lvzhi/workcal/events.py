"""The working calendar's audit events and their Chinese names (registered in WorkcalConfig.ready)."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "workcal.year_seeded": _("从日历库载入年度节假日安排"),
    "workcal.year_loaded": _("导入年度节假日安排"),
    "workcal.day_set": _("修改工作日历的一天"),
    "workcal.day_removed": _("删除工作日历的一天"),
}

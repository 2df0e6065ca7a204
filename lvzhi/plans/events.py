"""The evaluation plans' audit events and the values they record, in Chinese (lvzhi.audit.labels).

Plans and their units are audited models: creating, changing and removing them is recorded field by field."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "plans.distributed": _("把未安排的单位分配到各年度"),
}
EVENT_FIELDS = {
    "plans.distributed": {"planned": _("新安排的单位数"), "by_year": _("各年度新安排的单位数")},
}

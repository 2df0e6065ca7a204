"""The evaluation plans' audit events and the values they record, in Chinese (lvzhi.audit.labels).

Plans and their units are audited models: creating, changing and removing them is recorded field by field."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import Value


def _per_year(value: Any) -> str:
    """{"2027年": 20, "2028年": 19} as 2027年 20 个、2028年 19 个."""
    if not isinstance(value, dict):
        return str(value)
    return "、".join(f"{year} {n} 个" for year, n in value.items())


EVENT_LABELS = {
    "plans.distributed": _("把未安排的单位分配到各年度"),
}
EVENT_FIELDS = {
    "plans.distributed": {
        "planned": Value(_("新安排的单位数")),
        "by_year": Value(_("各年度新安排的单位数"), show=_per_year),
    },
}

"""The business events the surveys room writes to the audit log, with their Chinese names. Answers are never
audited: an audit record would carry the time and the address of a respondent (docs/surveys.md)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import HIDDEN, Value

EVENT_LABELS = {
    "surveys.invitations_issued": _("发放问卷邀请"),
    "surveys.open_link_created": _("生成公开问卷链接"),
    "surveys.results_imported": _("导入第三方调查结果"),
}

EVENT_FIELDS = {
    "surveys.invitations_issued": {"count": Value(_("份数")), "batch": Value(_("批次")), "unit": Value(_("限定单位"))},
    "surveys.open_link_created": {"limit": Value(_("限额"))},
    "surveys.results_imported": {"batch": HIDDEN, "rows": Value(_("单位数"))},
}

"""The business events the schemes room writes to the audit log (`record_event(<type>, …)`), with their Chinese
names and the values they record that are not fields of the version (registered in SchemesConfig.ready through
lvzhi.audit.labels.register_events)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.audit.labels import HIDDEN, Value


def _version_number(value) -> str:
    return "—" if value in (None, "") else f"v{value}"


EVENT_LABELS = {
    "scheme.derived": _("派生下级方案"),
    "scheme.draft_started": _("新建草稿版本"),
    "scheme.published": _("发布方案版本"),
    "scheme.imported": _("导入方案文件"),
}

EVENT_FIELDS = {
    "scheme.derived": {"parent_version_id": HIDDEN, "parent": Value(_("上级方案版本"))},
    "scheme.draft_started": {"from_version": Value(_("基于版本"), _version_number)},
    "scheme.published": {"number": Value(_("版本号"), _version_number)},
    "scheme.imported": {"filename": Value(_("文件名"))},
}

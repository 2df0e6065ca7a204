from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def may_read_evidence(user, name: str) -> bool:
    """A rectification file is readable by whoever may see its finding (never public)."""
    from .models import Finding, FindingEvidence

    evidence = FindingEvidence.objects.filter(file=name).only("finding_id").first()
    return bool(evidence and Finding.objects.visible_to(user).filter(pk=evidence.finding_id).exists())


class FindingsConfig(AppConfig):
    name = "lvzhi.findings"
    verbose_name = _("问题整改与结果运用")

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.files import register_file_access
        from lvzhi.core.todo import register_todo

        from . import policy  # noqa: F401 - the table's querysets
        from .events import EVENT_FIELDS, EVENT_LABELS
        from .todo import findings_todo

        register_file_access("findings/", may_read_evidence)
        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_todo("findings", findings_todo)

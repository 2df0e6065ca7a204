from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "lvzhi.workflows"
    verbose_name = _("流程图")

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.files import register_file_access
        from lvzhi.core.todo import register_todo

        from .events import EVENT_FIELDS, EVENT_LABELS
        from .norms import may_read_norm
        from .todo import workflows_todo

        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_file_access("norms/", may_read_norm)
        register_todo("workflows", workflows_todo)

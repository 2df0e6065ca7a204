from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "lvzhi.goals"
    verbose_name = _("年度工作目标")

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.files import register_file_access
        from lvzhi.core.todo import register_todo
        from lvzhi.workcal.recompute import register

        from . import policy  # noqa: F401  (registers the table)
        from .deadlines import recompute
        from .events import EVENT_FIELDS, EVENT_LABELS
        from .selectors import may_read_evidence
        from .todo import goals_todo

        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_file_access("goals/", may_read_evidence)
        register_todo("goals", goals_todo)
        register("goals.progress_deadlines", recompute)

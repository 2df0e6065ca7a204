from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lvzhi.plans"
    verbose_name = _("评估规划")

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.todo import register_todo

        from . import policy  # noqa: F401  (registers the table)
        from .events import EVENT_FIELDS, EVENT_LABELS
        from .todo import plans_todo

        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_todo("plans", plans_todo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lvzhi.reports"
    label = "reports"
    verbose_name = _("报告与分析")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events

        from . import batch, policy  # noqa: F401  (registers the table and the background job's task)
        from .events import EVENT_FIELDS, EVENT_LABELS

        register_events(EVENT_LABELS, EVENT_FIELDS)

        from lvzhi.core.todo import register_todo

        from .todo import reports_todo

        register_todo("reports", reports_todo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lvzhi.supervision"
    verbose_name = _("职能运行监管")

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.todo import register_todo

        from . import policy  # noqa: F401 - the table's querysets
        from .events import EVENT_FIELDS, EVENT_LABELS
        from .todo import supervision_todo

        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_todo("supervision", supervision_todo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "lvzhi.duties"
    verbose_name = _("职责与三张清单")

    def ready(self) -> None:
        from lvzhi.audit.views import register_event_labels
        from lvzhi.core.todo import register_todo

        from .events import EVENT_LABELS
        from .todo import duties_todo

        register_event_labels(EVENT_LABELS)  # type: ignore[arg-type]
        register_todo("duties", duties_todo)

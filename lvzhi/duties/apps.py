from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "lvzhi.duties"
    verbose_name = _("职责与三张清单")

    def ready(self) -> None:
        from lvzhi.audit.views import register_event_labels

        from .events import EVENT_LABELS

        register_event_labels(EVENT_LABELS)  # type: ignore[arg-type]

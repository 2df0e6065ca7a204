from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalConfig(AppConfig):
    name = "lvzhi.workcal"
    verbose_name = _("工作日历")

    def ready(self):
        from lvzhi.audit.views import register_event_labels

        from . import policy  # noqa: F401  (registers the table)
        from .events import EVENT_LABELS

        register_event_labels(EVENT_LABELS)

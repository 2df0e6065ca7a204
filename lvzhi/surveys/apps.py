from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "lvzhi.surveys"
    label = "surveys"
    verbose_name = _("问卷调查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lvzhi.audit.views import register_event_labels

        from .events import EVENT_LABELS

        register_event_labels(EVENT_LABELS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "lvzhi.surveys"
    label = "surveys"
    verbose_name = _("问卷调查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lvzhi.audit.labels import register_events
        from lvzhi.core.todo import register_todo

        from .events import EVENT_FIELDS, EVENT_LABELS
        from .todo import surveys_todo

        register_events(EVENT_LABELS, EVENT_FIELDS)
        register_todo("surveys", surveys_todo)

from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "lvzhi.schemes"
    verbose_name = "指标体系"

    def ready(self):
        from lvzhi.audit.labels import register_events

        from .events import EVENT_FIELDS, EVENT_LABELS

        register_events(EVENT_LABELS, EVENT_FIELDS)

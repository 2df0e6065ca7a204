from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lvzhi.accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from lvzhi.audit.labels import register_events

        from .events import EVENT_FIELDS, EVENT_LABELS

        register_events(EVENT_LABELS, EVENT_FIELDS)

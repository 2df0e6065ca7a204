from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lvzhi.audit"
    verbose_name = "操作日志"

    def ready(self):
        from . import signals  # noqa: F401

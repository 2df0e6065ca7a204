from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    verbose_name = "公共"

from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "lvzhi.schemes"
    verbose_name = "指标体系"

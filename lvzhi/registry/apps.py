from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "lvzhi.registry"
    verbose_name = "机构编制"

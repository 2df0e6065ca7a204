from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lvzhi.demo"
    verbose_name = "演示数据"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "lvzhi.findings"
    verbose_name = _("问题台账")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    verbose_name = _("公共")

    def ready(self):
        from django.db.models.signals import pre_save

        from . import text

        pre_save.connect(text.check_instance, dispatch_uid="lvzhi_clean_text")

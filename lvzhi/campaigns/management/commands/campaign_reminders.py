from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a str, not a lazy translation
        return _("发送评估活动的截止提醒(即将截止、已逾期);重复运行不会重复提醒。建议每天运行一次。")

    def handle(self, *args, **options):
        from lvzhi.campaigns.reminders import send_deadline_reminders

        with transaction.atomic():
            count = send_deadline_reminders()
        self.stdout.write(_("已提醒 %(count)s 人次(重复的提醒不会再次发送)。") % {"count": count})

"""`lvzhi worker`: reclaim jobs whose worker was killed (marked failed, retryable), then run the background
worker (django-tasks' db_worker) with the same options."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import reclaim_abandoned


class Command(BaseCommand):
    help = gettext_lazy("标记已中断的后台任务为出错(可重试),然后启动后台任务处理程序(db_worker)。")

    def add_arguments(self, parser):
        parser.add_argument("--reclaim-only", action="store_true", help=gettext_lazy("只标记已中断的任务,不启动处理程序"))

    def handle(self, *args, reclaim_only=False, **options):
        count = reclaim_abandoned()
        if count:
            self.stdout.write(_("已将 %(count)s 个中断的后台任务标记为出错(可在任务页面重试)。") % {"count": count})
        if not reclaim_only:
            call_command("db_worker")

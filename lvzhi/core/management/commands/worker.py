"""`lvzhi worker`: reclaim jobs whose worker was killed (marked failed, retryable), then run the background
worker (django-tasks' db_worker) with the same options, at a lower CPU priority than the web processes."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.jobs import reclaim_abandoned


def yield_cpu() -> int:
    """Lower this process's priority by `LVZHI_WORKER_NICENESS` (a large import then takes the CPU people's
    requests leave, instead of half of it); the niceness it now runs at."""
    if not hasattr(os, "nice"):  # not on Windows
        return 0
    return os.nice(max(0, min(19, settings.WORKER_NICENESS)))


class Command(BaseCommand):
    help = gettext_lazy("标记已中断的后台任务为出错(可重试),然后启动后台任务处理程序(db_worker)。")

    def add_arguments(self, parser):
        parser.add_argument("--reclaim-only", action="store_true", help=gettext_lazy("只标记已中断的任务,不启动处理程序"))

    def handle(self, *args, reclaim_only=False, **options):
        count = reclaim_abandoned()
        if count:
            self.stdout.write(_("已将 %(count)s 个中断的后台任务标记为出错(可在任务页面重试)。") % {"count": count})
        if not reclaim_only:
            yield_cpu()
            call_command("db_worker")

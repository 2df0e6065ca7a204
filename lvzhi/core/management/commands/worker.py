"""`lvzhi worker`: reclaim jobs whose worker was killed (marked failed, retryable), then run the background
worker (django-tasks' db_worker) with the same options."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lvzhi.core.jobs import reclaim_abandoned


class Command(BaseCommand):
    help = "标记已中断的后台任务为出错(可重试),然后启动后台任务处理程序(db_worker)。"

    def add_arguments(self, parser):
        parser.add_argument("--reclaim-only", action="store_true", help="只标记已中断的任务,不启动处理程序")

    def handle(self, *args, reclaim_only=False, **options):
        count = reclaim_abandoned()
        if count:
            self.stdout.write(f"已将 {count} 个中断的后台任务标记为出错(可在任务页面重试)。")
        if not reclaim_only:
            call_command("db_worker")

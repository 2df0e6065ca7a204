"""`lvzhi setup_demo`: create the office administrator if missing, load the demo county into an empty database,
and always print the address and the logins."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lvzhi.accounts.models import Role, User
from lvzhi.demo.accounts import DEMO_ACCOUNTS, DEMO_ADMIN, DEMO_PASSWORD
from lvzhi.registry.models import Unit


class Command(BaseCommand):
    help = "空库时载入演示数据并创建编办管理员，打印访问地址和登录信息。"

    def handle(self, *args, **options):
        # The administrator first: demo parts (schemes, campaigns) act as the office administrator.
        if not User.objects.filter(username=DEMO_ADMIN).exists():
            User.objects.create_superuser(
                DEMO_ADMIN, password=DEMO_PASSWORD, role=Role.ADMIN, full_name="编办管理员"
            )
        if not Unit.objects.exists():
            self.stdout.write("数据库为空，正在生成演示数据……")
            call_command("load_demo", stdout=self.stdout)
        addr = os.environ.get("LVZHI_ADDR", "127.0.0.1:8000")
        self.stdout.write(self.style.SUCCESS(f"\n履职系统地址：http://{addr}/"))
        self.stdout.write(f"编办管理员：用户名 {DEMO_ADMIN}，密码 {DEMO_PASSWORD}")
        present = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        accounts = [a for a in DEMO_ACCOUNTS if a.username in present]
        if accounts:
            self.stdout.write("其他演示账号（密码相同）：")
            for account in accounts:
                self.stdout.write(f"  {account.username:<10} {account.full_name}  {account.description}")
        self.stdout.write("")

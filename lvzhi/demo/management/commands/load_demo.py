from django.core.management.base import BaseCommand, CommandError

from lvzhi.registry.models import Region, Unit


class Command(BaseCommand):
    help = "在空库中生成演示数据（莱阳市，可复现：--seed）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据（默认 2026）"
        )

    def handle(self, *args, **options):
        from lvzhi.demo.build import build_demo

        if Unit.objects.exists() or Region.objects.exists():
            raise CommandError("数据库中已有区划或单位，演示数据只能载入空库。")
        build_demo(seed=options["seed"], stdout=self.stdout)

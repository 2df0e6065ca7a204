from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "生成演示数据(可复现,--seed)。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        from lvzhi.demo.build import build_demo

        build_demo(seed=options["seed"], stdout=self.stdout)

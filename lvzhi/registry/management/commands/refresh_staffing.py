"""lvzhi refresh_staffing [--unit CODE ...]: recount the per-unit staffing summaries (UnitStaffing,
UnitLeadership) from quotas and persons, e.g. after rows were written with bulk_create or QuerySet.update()."""

import time

from django.core.management.base import BaseCommand, CommandError

from lvzhi.registry.models import Unit, UnitLeadership, UnitStaffing, refresh_staffing_summaries


class Command(BaseCommand):
    help = "重新统计各单位编制使用汇总(核定数、在编人数、领导职数)。"

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", default=[], help="只统计这些单位代码(可重复);默认全部")

    def handle(self, *args, unit, **options):
        started = time.perf_counter()
        ids = None
        if unit:
            found = dict(Unit.objects.filter(code__in=unit).values_list("code", "pk"))
            missing = sorted(set(unit) - set(found))
            if missing:
                raise CommandError(f"单位代码不存在:{'、'.join(missing)}")
            ids = list(found.values())
        refresh_staffing_summaries(ids)
        self.stdout.write(
            f"已重新统计{'全部' if ids is None else f' {len(ids)} 个'}单位:编制汇总 {UnitStaffing.objects.count()} 行,"
            f"领导职数汇总 {UnitLeadership.objects.count()} 行,用时 {time.perf_counter() - started:.1f} 秒。"
        )

"""lvzhi refresh_staffing [--unit CODE ...]: recount the per-unit staffing summaries (UnitStaffing,
UnitLeadership) from quotas and persons, e.g. after rows were written with bulk_create or QuerySet.update()."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
                raise CommandError(_("单位代码不存在:%(codes)s") % {"codes": "、".join(missing)})
            ids = list(found.values())
        refresh_staffing_summaries(ids)
        words = {
            "staffing": UnitStaffing.objects.count(),
            "leadership": UnitLeadership.objects.count(),
            "seconds": time.perf_counter() - started,
        }
        if ids is None:
            message = _(
                "已重新统计全部单位:编制汇总 %(staffing)s 行,领导职数汇总 %(leadership)s 行,用时 %(seconds).1f 秒。"
            )
        else:
            words["count"] = len(ids)
            message = _(
                "已重新统计 %(count)s 个单位:编制汇总 %(staffing)s 行,领导职数汇总 %(leadership)s 行,用时 %(seconds).1f 秒。"
            )
        self.stdout.write(message % words)

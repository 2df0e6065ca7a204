"""lvzhi export_registry --kind units|bodies|posts|persons|quotas -o FILE [--user USERNAME]

Writes the export (the import template's columns) of what the user may see (default: everything); the format
follows the file name (.xlsx or .csv)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lvzhi.registry.io import exporters
from lvzhi.registry.io.columns import KINDS


class Command(BaseCommand):
    help = "导出机构编制数据(Excel 或 CSV,列与导入模板相同)。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=list(KINDS))
        parser.add_argument("-o", "--output", required=True, help="输出文件(.xlsx 或 .csv)")
        parser.add_argument("--user", help="按该用户可见的范围导出(默认导出全部)")

    def handle(self, *args, kind, output, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(_("用户 %(user)s 不存在") % {"user": user}) from exc
        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt not in exporters.FORMATS:
            raise CommandError(_("输出文件须以 .xlsx 或 .csv 结尾"))
        rows = exporters.export_to(kind, actor, Path(output), fmt=fmt)
        self.stdout.write(
            _("已导出%(kind)s %(rows)s 行到 %(file)s")
            % {"kind": KINDS[kind].label, "rows": rows, "file": output}
        )

"""lvzhi import_registry FILE --kind units|bodies|posts|persons|quotas [--mode upsert|create|update]
[--allow-over-quota] [--user USERNAME]

Imports a registry file exactly as an upload does (atomic: any error stores nothing and every error is listed).
Audit records name the given user (default: none, source "command") and the file.
"""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.registry.io.columns import KINDS
from lvzhi.registry.io.importers import MODES, ImportOptions, ImportRejected
from lvzhi.registry.io.reader import FileUnreadable
from lvzhi.registry.io.services import import_file


class _Progress:
    """Rows done, printed to stderr at most once a second."""

    def __init__(self, stream):
        self.stream = stream
        self.total = None
        self.done = 0
        self._last = 0.0

    def stage(self, name, total=None, done=0):
        self.total, self.done = total, done
        self.stream.write(f"{name}…\n")

    def advance(self, done, total=None):
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._last >= 1:
            self._last = now
            if self.total:
                line = _("已处理 %(done)s / %(total)s 行") % {"done": done, "total": self.total}
            else:
                line = _("已处理 %(done)s 行") % {"done": done}
            self.stream.write(f"  {line}\n")


class Command(BaseCommand):
    help = "导入机构编制数据文件(Excel 或 CSV):单位、内设机构、岗位、实名制人员、编制和领导职数。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=list(KINDS), help="导入内容")
        parser.add_argument(
            "--mode",
            default="upsert",
            choices=list(MODES),
            help="upsert 新增或更新(默认)、create 仅新增、update 仅更新",
        )
        parser.add_argument(
            "--allow-over-quota", action="store_true", help="允许导入后超出核定编制数或领导职数"
        )
        parser.add_argument("--user", help="记入操作日志的用户名")

    def handle(self, *args, file, kind, mode, allow_over_quota, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(_("用户 %(user)s 不存在") % {"user": user}) from exc
        progress = _Progress(self.stderr)
        try:
            with audit_context(actor=actor, source="command"):
                result = import_file(
                    kind,
                    file,
                    actor=actor,
                    options=ImportOptions(mode=mode, allow_over_quota=allow_over_quota),
                    progress=progress,
                )
        except FileNotFoundError as exc:
            raise CommandError(_("找不到文件 %(file)s") % {"file": file}) from exc
        except FileUnreadable as exc:
            raise CommandError(str(exc)) from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            if exc.error_count > len(exc.errors):
                self.stderr.write(
                    _("另有 %(count)s 处错误未列出") % {"count": exc.error_count - len(exc.errors)}
                )
            self.stderr.write(exc.message)
            sys.exit(1)
        data = result.as_dict()
        self.stdout.write(
            _("%(message)s用时 %(seconds).1f 秒(%(rate)d 行/秒),操作日志 %(audit)s 条。")
            % {
                "message": data["message"],
                "seconds": result.seconds,
                "rate": result.rows_per_second,
                "audit": result.audit_records,
            }
        )

"""`lvzhi import_registry` and `lvzhi export_registry` for administrators at the command line."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import InternalBody

from .helpers import BODY_HEADER


def test_the_import_command_imports_a_file_and_names_the_user_in_the_audit_log(world, csv_file):
    path = csv_file([BODY_HEADER, ["LY002", "01", "办公室", "", 1, "是"]], name="bodies.csv")
    out = io.StringIO()
    call_command(
        "import_registry", str(path), "--kind", "bodies", "--user", "admin", stdout=out, stderr=io.StringIO()
    )
    assert "共 1 行:新增 1,更新 0,未变 0。" in out.getvalue()
    body = InternalBody.objects.get(unit=world.unit_b, code="01")
    event = AuditEvent.objects.get(object_id=str(body.pk), object_repr=body.name, action="create")
    assert (event.actor, event.source) == (world.users.admin, "command")
    assert "bodies.csv" in event.reason


def test_the_import_command_lists_every_error_and_exits_with_failure(world, csv_file):
    path = csv_file(
        [BODY_HEADER, ["LY404", "01", "办公室", "", 1, "是"], ["LY002", "", "综合科", "", 2, "是"]]
    )
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_registry", str(path), "--kind", "bodies", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    lines = err.getvalue().splitlines()
    assert "第2行 A列「单位代码」:单位代码「LY404」不存在" in lines
    assert "第3行 B列「机构代码」:必填,不能为空" in lines
    assert not InternalBody.objects.filter(name="办公室", unit=world.unit_b).exists()


def test_the_import_command_refuses_an_unknown_user(world, csv_file):
    path = csv_file([BODY_HEADER])
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        call_command("import_registry", str(path), "--kind", "bodies", "--user", "nobody")


def test_the_export_command_writes_what_the_user_may_see(world, tmp_path):
    path = tmp_path / "persons.csv"
    call_command(
        "export_registry", "--kind", "persons", "-o", str(path), "--user", "contact_b", stdout=io.StringIO()
    )
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("P0003,")

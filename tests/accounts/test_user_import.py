"""Accounts in bulk: a list of users (e.g. the contacts of the units, the evaluators) in Excel becomes accounts in one
go, or none with every problem named by row and column; each new account must change its first password."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.accounts.imports import import_accounts
from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Refused
from lvzhi.registry.io.importers.base import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = ["用户名", "姓名", "角色", "所属单位", "负责单位", "联系电话", "电子邮箱", "初始密码"]


def workbook(rows, header=HEADER) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(tmp_path, rows, **kw):
    path = tmp_path / "用户名单.xlsx"
    path.write_bytes(workbook(rows, **kw))
    return path


def test_a_list_of_contacts_and_evaluators_becomes_accounts_that_must_change_their_password(world, tmp_path):
    path = write(tmp_path, [
        ["ly_fgj", "王芳", "单位联络员", "LY001", None, "0535-7211001", None, None],
        ["ly_mzj", "李强", "单位联络员", "莱阳市民政局", None, None, None, "Minzheng2026x"],
        ["pg_zhang", "张敏", "评估人员", None, "LY001、LY002", None, "zm@example.cn", None],
    ])  # fmt: skip
    result = import_accounts(path, actor=world.users.admin)
    assert [a.user.username for a in result.accounts] == ["ly_fgj", "ly_mzj", "pg_zhang"]
    contact = User.objects.get(username="ly_fgj")
    assert (contact.role, contact.unit, contact.must_change_password) == ("unit_contact", world.unit_a, True)
    assert User.objects.get(username="ly_mzj").check_password("Minzheng2026x")
    evaluator = User.objects.get(username="pg_zhang")
    assert set(evaluator.scope_units.all()) == {world.unit_a, world.unit_b}
    # a generated first password is shown once and works
    generated = {a.user.username: a.password for a in result.generated}
    assert set(generated) == {"ly_fgj", "pg_zhang"}
    assert contact.check_password(generated["ly_fgj"])
    assert AuditEvent.objects.filter(event_type="account.created").count() == 3
    assert AuditEvent.objects.filter(event_type="account.imported").get().after["accounts"] == 3


def test_a_bad_row_rejects_the_whole_file_naming_row_and_column(world, tmp_path):
    path = write(tmp_path, [
        ["ok_user", "赵一", "评估人员", None, None, None, None, None],
        ["contact_a", "孙联络", "单位联络员", "LY001", None, None, None, None],
        ["new_contact", "钱二", "单位联络员", None, None, None, None, None],
        ["x", "孙三", "组长", None, None, None, None, None],
        ["ok_user", "赵一", "评估人员", None, "LY999", None, None, "123"],
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as rejected:
        import_accounts(path, actor=world.users.admin)
    found = {(e.row, e.column, e.header): e.reason for e in rejected.value.errors}
    assert found[(3, "A", "用户名")] == "用户名「contact_a」已被使用"
    assert found[(4, "D", "所属单位")] == "单位联络员必须填写所属单位"
    assert found[(5, "C", "角色")].startswith("应为:编办管理员、评估人员、单位联络员")
    assert found[(6, "A", "用户名")] == "与第2行重复"
    assert found[(6, "E", "负责单位")] == "没有代码或名称为「LY999」的在用单位"
    assert (6, "H", "初始密码") in found
    assert not User.objects.filter(username__in=["ok_user", "new_contact", "x"]).exists()
    assert "第3行 A列「用户名」:用户名「contact_a」已被使用" in str(rejected.value.errors[0]) or any(
        "第3行 A列「用户名」" in str(e) for e in rejected.value.errors
    )


def test_missing_columns_are_named(world, tmp_path):
    path = write(tmp_path, [["a", "b"]], header=["用户名", "姓名"])
    with pytest.raises(ImportRejected) as rejected:
        import_accounts(path, actor=world.users.admin)
    assert rejected.value.errors[0].reason == "缺少列:角色"


def test_only_the_office_imports_accounts(world, tmp_path):
    path = write(tmp_path, [["someone", "某人", "评估人员", None, None, None, None, None]])
    with pytest.raises(Refused):
        import_accounts(path, actor=world.users.evaluator)


def test_the_first_sign_in_leads_to_the_password_change_and_nothing_else_opens(world, tmp_path, client):
    path = write(tmp_path, [["ly_new", "周新", "单位联络员", "LY001", None, None, None, "Chushi2026ab"]])
    import_accounts(path, actor=world.users.admin)
    signed_in = client.post("/accounts/login/", {"username": "ly_new", "password": "Chushi2026ab"})
    assert signed_in.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert client.get("/api/todo").status_code == 403
    page = client.get("/accounts/password/", follow=True).content.decode()
    assert "这是您首次登录,请先修改初始密码,再使用系统。" in page
    changed = client.post(
        "/accounts/password/",
        {"old_password": "Chushi2026ab", "new_password1": "Xinmima2026zz", "new_password2": "Xinmima2026zz"},
    )
    assert changed.status_code == 302
    assert User.objects.get(username="ly_new").must_change_password is False
    assert client.get("/").status_code == 200


def test_the_import_page_shows_the_errors_or_the_generated_passwords(world, login):
    client = login(world.users.admin)
    bad = SimpleUploadedFile("名单.xlsx", workbook([["", "无名", "评估人员", None, None, None, None, None]]))
    response = client.post("/users/import/", {"file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "文件有 1 处错误,未导入任何账号" in body and "必填" in body
    good = SimpleUploadedFile("名单.xlsx", workbook([["pg_li", "李评", "评估人员", None, "LY001", None, None, None]]))
    body = client.post("/users/import/", {"file": good}).content.decode()
    assert "已导入1个账号" in body and 'id="first-passwords"' in body and "pg_li" in body


def test_the_template_has_the_columns_a_sheet_of_instructions_and_examples_that_import(world, login):
    client = login(world.users.admin)
    page = client.get("/users/import/").content.decode()
    assert "下载导入模板" in page
    response = client.get("/users/import/template/")
    assert response.status_code == 200
    assert "%E7%94%A8%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    users, notes = book.worksheets
    rows = [[c.value for c in row] for row in users.iter_rows()]
    assert rows[0] == HEADER
    explained = {row[0].value: row[1].value for row in notes.iter_rows() if row[0].value}
    assert explained["角色"] == "说明" and "只能看到本单位" in explained["单位联络员"]
    assert "必填" in explained["用户名"]
    # The example rows are real: uploaded as it is, the template creates its two example accounts.
    upload = SimpleUploadedFile("用户导入模板.xlsx", response.content)
    body = client.post("/users/import/", {"file": upload}).content.decode()
    assert "已导入2个账号" in body
    assert set(User.objects.filter(username__in=["zhang.lianluo", "li.pinggu"]).values_list("role", flat=True)) == {
        "unit_contact",
        "evaluator",
    }


def test_the_api_imports_accounts_all_or_nothing_and_answers_the_generated_passwords_once(world, login):
    client = login(world.users.admin)
    bad = SimpleUploadedFile("名单.xlsx", workbook([
        ["api_one", "甲", "评估人员", None, None, None, None, None],
        ["api_two", "乙", "单位联络员", None, None, None, None, None],
    ]))  # fmt: skip
    refused = client.post("/api/accounts/users/import", {"file": bad})
    assert refused.status_code == 422
    assert "第3行 D列「所属单位」" in refused.content.decode()
    assert not User.objects.filter(username__startswith="api_").exists()
    good = SimpleUploadedFile("名单.xlsx", workbook([
        ["api_one", "甲", "评估人员", None, "LY001", None, None, None],
        ["api_two", "乙", "单位联络员", "LY001", None, None, None, "Chushi2026ab"],
    ]))  # fmt: skip
    answer = client.post("/api/accounts/users/import", {"file": good})
    assert answer.status_code == 201, answer.content
    accounts = {a["username"]: a for a in answer.json()["accounts"]}
    assert answer.json()["created"] == 2
    assert accounts["api_two"]["first_password"] is None  # the file gave it
    generated = accounts["api_one"]["first_password"]
    assert User.objects.get(username="api_one").check_password(generated)
    assert User.objects.get(username="api_one").must_change_password
    template = client.get("/api/accounts/users/import-template")
    assert template.status_code == 200 and openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]["A1"].value == "用户名"


def test_the_api_import_is_for_the_office_only(world, login):
    upload = SimpleUploadedFile("名单.xlsx", workbook([["sneaky", "某", "编办管理员", None, None, None, None, None]]))
    for user in (world.users.evaluator, world.users.contact_a):
        assert login(user).post("/api/accounts/users/import", {"file": upload}).status_code == 403
        assert login(user).get("/api/accounts/users/import-template").status_code == 403
    assert not User.objects.filter(username="sneaky").exists()

"""Accounts in bulk: an Excel or CSV list of users (the contacts of every unit, the evaluators) becomes accounts in one
go. The file is read with the product's one reader (lvzhi.registry.io.reader) and checked as a whole: a problem in
any row rejects the file with the row, the column and the reason (`ImportRejected`, the registry's), and nothing of
it is stored. Each new account gets its first password (the file's, or a generated one shown once to the
administrator) and must change it at the first sign-in (`User.must_change_password`)."""

from __future__ import annotations

import re
import secrets
import string
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core import spreadsheets
from lvzhi.registry.io.cells import column_letter
from lvzhi.registry.io.importers.base import MISSING, ImportRejected, RowError
from lvzhi.registry.io.reader import open_table
from lvzhi.registry.models import Unit

from .actions import SCOPE_ROLES, UNIT_ROLES, snapshot
from .models import Role, User
from .policy import POLICY

# The columns of the file, in the order of the template; the first two and the role are required.
COLUMNS = {
    "username": gettext_lazy("用户名"),
    "full_name": gettext_lazy("姓名"),
    "role": gettext_lazy("角色"),
    "unit": gettext_lazy("所属单位"),
    "scope_units": gettext_lazy("负责单位"),
    "phone": gettext_lazy("联系电话"),
    "email": gettext_lazy("电子邮箱"),
    "password": gettext_lazy("初始密码"),
}
REQUIRED = ("username", "full_name", "role")
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
SEPARATORS = re.compile(r"[、,,;;\s]+")
MAX_ERRORS = 200


@dataclass
class ImportedAccount:
    user: User
    password: str
    generated: bool


@dataclass
class AccountImport:
    accounts: list[ImportedAccount] = field(default_factory=list)

    @property
    def generated(self) -> list[ImportedAccount]:
        return [a for a in self.accounts if a.generated]


def first_password() -> str:
    """A first password that passes the password rules: 12 characters, letters and digits."""
    alphabet = string.ascii_letters + string.digits
    while True:
        word = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word


def _role(text: str) -> str | None:
    for value, label in Role.choices:
        if text in (value, str(label)):
            return str(value)
    return None


class _Units:
    """Units by code or by name (a name shared by two units must be given as a code)."""

    def __init__(self) -> None:
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in Unit.objects.filter(is_active=True).only("pk", "code", "name"):
            self.by_code[unit.code] = unit
            self.by_name.setdefault(unit.name, []).append(unit)

    def find(self, text: str) -> tuple[Unit | None, str]:
        if text in self.by_code:
            return self.by_code[text], ""
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _("有多个单位名为「%(name)s」,请填写单位代码") % {"name": text}
        return None, _("没有代码或名称为「%(text)s」的在用单位") % {"text": text}


def _cell(row: list, index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_accounts(path: str | Path, name: str = "") -> list[dict[str, Any]]:
    """Every row of the file as the account it describes; ImportRejected with every problem otherwise."""
    table = open_table(path, name)
    try:
        headers = [str(h or "").strip() for h in table.headers]
        index = {
            key: (headers.index(str(label)) if str(label) in headers else None)
            for key, label in COLUMNS.items()
        }
        errors: list[RowError] = []

        def problem(row_no: int, key: str, reason: str) -> None:
            col = index[key]
            errors.append(
                RowError(
                    row_no,
                    MISSING if col is None else col,
                    "" if col is None else column_letter(col),
                    str(COLUMNS[key]),
                    reason,
                )
            )

        missing = [str(COLUMNS[k]) for k in REQUIRED if index[k] is None]
        if missing:
            errors.append(
                RowError(1, MISSING, "", "", _("缺少列:%(columns)s") % {"columns": "、".join(missing)})
            )
            raise ImportRejected(errors, len(errors), 0)
        units = _Units()
        taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
        seen: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        row_no = 1
        for raw in table.rows:
            row_no += 1
            values = {key: _cell(raw, index[key]) for key in COLUMNS}
            if not any(values.values()):
                continue
            account: dict[str, Any] = {"row": row_no, **values}
            username = values["username"]
            if not username:
                problem(row_no, "username", _("必填"))
            elif not USERNAME.match(username):
                problem(row_no, "username", _("只能用字母、数字和 @ . + - _"))
            elif username.lower() in taken:
                problem(row_no, "username", _("用户名「%(name)s」已被使用") % {"name": username})
            elif username.lower() in seen:
                problem(row_no, "username", _("与第%(row)s行重复") % {"row": seen[username.lower()]})
            else:
                seen[username.lower()] = row_no
            if not values["full_name"]:
                problem(row_no, "full_name", _("必填"))
            role = _role(values["role"])
            if role is None:
                problem(
                    row_no,
                    "role",
                    _("应为:%(roles)s") % {"roles": "、".join(str(label) for _v, label in Role.choices)},
                )
            account["role"] = role
            account["unit"] = None
            if values["unit"]:
                unit, why = units.find(values["unit"])
                if unit is None:
                    problem(row_no, "unit", why)
                account["unit"] = unit
            elif role in UNIT_ROLES:
                problem(row_no, "unit", _("单位联络员必须填写所属单位"))
            scope: list[Unit] = []
            for text in SEPARATORS.split(values["scope_units"]) if values["scope_units"] else []:
                unit, why = units.find(text)
                if unit is None:
                    problem(row_no, "scope_units", why)
                else:
                    scope.append(unit)
            account["scope_units"] = scope if role in SCOPE_ROLES else []
            if values["password"]:
                try:
                    validate_password(
                        values["password"], user=User(username=username, full_name=values["full_name"])
                    )
                except ValidationError as exc:
                    problem(row_no, "password", ";".join(exc.messages))
            rows.append(account)
            if len(errors) >= MAX_ERRORS:
                break
        if errors:
            raise ImportRejected(errors, len(errors), row_no - 1)
        if not rows:
            raise ImportRejected([RowError(2, MISSING, "", "", _("文件中没有用户"))], 1, 0)
        return rows
    finally:
        table.close()


def import_accounts(path: str | Path, name: str = "", *, actor, reason: str = "") -> AccountImport:
    """Create every account of the file, or none (ImportRejected names each problem by row and column)."""
    POLICY.require(actor, "create_user")
    rows = read_accounts(path, name)
    result = AccountImport()
    with transaction.atomic(), audit_context(actor=actor, reason=reason or _("批量导入用户")):
        for row in rows:
            password = row["password"] or first_password()
            user = User(
                username=row["username"],
                full_name=row["full_name"],
                role=row["role"],
                unit=row["unit"],
                phone=row["phone"],
                email=row["email"],
                must_change_password=True,
            )
            user.set_password(password)
            user.save()
            if row["scope_units"]:
                user.scope_units.set(row["scope_units"])
            record_event("account.created", user, after=snapshot(user))
            result.accounts.append(ImportedAccount(user, password, generated=not row["password"]))
        record_event(
            "account.imported",
            None,
            after={"file": name or Path(path).name, "accounts": len(result.accounts)},
        )
    return result


TEMPLATE_NAME = gettext_lazy("用户导入模板")
# What each column takes, for the template's 填写说明 sheet.
COLUMN_NOTES = {
    "username": gettext_lazy("必填。登录用的用户名:字母、数字或 . @ + - _,不能与已有用户重复"),
    "full_name": gettext_lazy("必填。本人姓名"),
    "role": gettext_lazy("必填。角色的中文名称,见下表"),
    "unit": gettext_lazy("单位联络员必填:所在单位的代码或名称"),
    "scope_units": gettext_lazy("评估人员、领导评议人、第三方机构可填:负责的单位,多个时用顿号分隔"),
    "phone": gettext_lazy("可不填"),
    "email": gettext_lazy("可不填"),
    "password": gettext_lazy("可不填,由系统生成;首次登录须修改"),
}


ROLE_NOTES = {
    Role.ADMIN: gettext_lazy("编办工作人员,管理全部单位和评估活动"),
    Role.EVALUATOR: gettext_lazy("评估组成员,审核和实地评估负责的单位"),
    Role.UNIT_CONTACT: gettext_lazy("被评估单位的联络员,只能看到本单位"),
    Role.LEADER: gettext_lazy("对分管单位进行领导评价"),
    Role.COMMITTEE: gettext_lazy("编委会成员,审定评估结果"),
    Role.THIRD_PARTY: gettext_lazy("第三方机构,导入调查和评议数据"),
}


def write_template() -> bytes:
    """The Excel template of the import: the columns in order with two example rows, and a sheet that says what
    each column takes and which roles there are."""
    workbook = spreadsheets.new_workbook(title=_("用户"))
    sheet = workbook.active
    spreadsheets.append(sheet, [str(label) for label in COLUMNS.values()])
    units = list(Unit.objects.filter(is_active=True).order_by("order", "code")[:2])
    first = units[0].code if units else "001"
    second = units[1].code if len(units) > 1 else first
    spreadsheets.append(sheet, ["zhang.lianluo", "张联络", str(Role.UNIT_CONTACT.label), first, "", "", "", ""])
    spreadsheets.append(
        sheet, ["li.pinggu", "李评估", str(Role.EVALUATOR.label), "", f"{first}、{second}", "", "", ""]
    )
    notes = workbook.create_sheet(spreadsheets.sheet_title(_("填写说明")))
    spreadsheets.append(notes, [_("栏目"), _("填写要求")])
    for key, label in COLUMNS.items():
        spreadsheets.append(notes, [str(label), str(COLUMN_NOTES[key])])
    spreadsheets.append(notes, [])
    spreadsheets.append(notes, [_("角色"), _("说明")])
    for value, label in Role.choices:
        spreadsheets.append(notes, [str(label), str(ROLE_NOTES.get(value, ""))])
    spreadsheets.append(notes, [])
    spreadsheets.append(notes, [_("整个文件一次校验:任何一行有误则不导入任何账号,并逐行逐列列出问题。")])
    return spreadsheets.to_bytes(workbook)



def import_upload(upload, *, actor, reason: str = "") -> AccountImport:
    """`import_accounts` of an uploaded file (page or API), kept on disk only while it is read."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name or "users.xlsx").name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_accounts(path, upload.name or "", actor=actor, reason=reason)

"""Accounts in bulk: an Excel or CSV list of users (the contacts of every unit, the evaluators) becomes accounts in one
go. The file is read with the product's one reader (lvzhi.registry.io.reader) and checked as a whole: a problem in
any row rejects the file with the row, the column and the reason (`ImportRejected`, the registry's), and nothing of
it is stored. Each new account gets its first password (the file's, or a generated one shown once to the
administrator) and must change it at the first sign-in (`User.must_change_password`)."""

from __future__ import annotations

import re
import secrets
import string
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

"""Machinery for permission matrices: a table of API calls × roles with the status each role must get.

A row is `Row(method, path, body, admin, evaluator, unit_contact, leader, committee, third_party)`. `path`
may hold `{placeholders}` and `body` names a payload; both are resolved against a dict of named objects built
by the test module. Later rooms write their own table with the same Row and `call()`, and render it into
docs/permissions.md with `markdown_table()`.
"""

import json
from dataclasses import dataclass

from django.test import Client

ROLES = ("admin", "evaluator", "unit_contact", "leader", "committee", "third_party")
ROLE_LABELS = {
    "admin": "编办管理员",
    "evaluator": "评估人员",
    "unit_contact": "单位联络员",
    "leader": "领导评议人",
    "committee": "编委会成员",
    "third_party": "第三方机构",
}
# Which fixture user plays each role (tests/factories.py): the unit contact is unit_a's.
ROLE_USERS = {
    "admin": "admin",
    "evaluator": "evaluator",
    "unit_contact": "contact_a",
    "leader": "leader",
    "committee": "committee",
    "third_party": "third_party",
}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    body: str | None
    admin: int
    evaluator: int
    unit_contact: int
    leader: int
    committee: int
    third_party: int

    def expected(self, role: str) -> int:
        return getattr(self, role)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.body})" if self.body else "")


def R(method, path, body, *statuses) -> Row:  # a short name: it starts every table row
    assert len(statuses) == len(ROLES), f"{method} {path}: one status per role"
    return Row(method, path, body, *statuses)


def call(client: Client, row: Row, names: dict, bodies: dict):
    """Send the row's request with the client; returns the response."""
    path = "/api" + row.path.format(**names)
    method = row.method.lower()
    if method in {"get", "delete"}:
        return getattr(client, method)(path)
    payload = bodies[row.body] if row.body else None
    if isinstance(payload, dict) and any(hasattr(value, "read") for value in payload.values()):
        return getattr(client, method)(path, payload)  # a file upload: multipart/form-data
    data = json.dumps(payload) if payload is not None else ""
    return getattr(client, method)(path, data, content_type="application/json")


def markdown_table(rows) -> str:
    """The matrix as the Markdown table docs/permissions.md carries."""
    lines = [
        "| 接口 | 请求体 | " + " | ".join(ROLE_LABELS[r] for r in ROLES) + " |",
        "|---|---|" + "---|" * len(ROLES),
    ]
    for row in rows:
        cells = [f"`{row.method} /api{row.path}`", row.body or ""]
        cells += [str(row.expected(r)) for r in ROLES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

"""What the duties room's actions share: one audited transaction, model validation as `Invalid`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.core.errors import FieldProblem, Invalid, Refused


class ListsConflict(Refused):
    """A change the lists refuse because of their state (a closed version, a claimed notice): 409."""

    status_code = 409


@contextlib.contextmanager
def audited(*, actor: Any, reason: str = "") -> Iterator[None]:
    try:
        with transaction.atomic(), audit_context(actor=actor, reason=reason):
            yield
    except IntegrityError as exc:
        raise Invalid(_("与已有数据冲突(可能是重复的编号),请刷新后重试。")) from exc


def validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    """The model's own rules, as `Invalid` naming the fields."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        problems = [
            FieldProblem(None if name == "__all__" else name, str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        raise Invalid.many(problems) from exc


def require_text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(_("请填写%(label)s。") % {"label": label}, field=field)
    return value

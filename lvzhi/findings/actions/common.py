"""What every action of the room shares: one transaction with the actor as the author of its audit records."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from lvzhi.audit.context import audit_context

F = TypeVar("F", bound=Callable[..., Any])


def finding_action(fn: F) -> F:
    """One transaction, with `actor` as the author of every audit record written inside."""

    @functools.wraps(fn)
    def wrapper(*args: Any, actor: Any, **kwargs: Any) -> Any:
        with transaction.atomic(), audit_context(actor=actor):
            return fn(*args, actor=actor, **kwargs)

    return wrapper  # type: ignore[return-value]


def text(value: Any, limit: int | None = None) -> str:
    cleaned = str(value or "").strip()
    return cleaned[:limit] if limit else cleaned

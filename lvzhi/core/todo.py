"""The to-do list (待办) of the workbench: what the signed-in user has to do next, with its deadline and a link.

Each room registers a provider once, from its app config's `ready()`:

    from lvzhi.core.todo import TodoItem, register_todo

    def campaign_todo(user) -> list[TodoItem]:
        ...  # ask the room's policy (`visible_to`, `allowed`), never compare roles
        return [TodoItem(title=..., link=..., room=_("评估活动"), deadline=stage.due_date)]

    register_todo("campaigns", campaign_todo)

A provider returns the items of its room for one user: only what the user may do now (its policy decides), each
with the page where it is done. `items_for(user)` collects every room's items, the most urgent first (overdue,
then by deadline, items without a deadline last). The workbench shows them (`core/_workbench_todo.html`), the
page `/todo/` lists them all and `GET /api/todo` returns them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

SOON_DAYS = 3


@dataclass(frozen=True)
class TodoItem:
    """One thing to do. `title` says what ("为「市民政局」填报自评"), `link` where it is done, `room` which room it
    comes from (its Chinese name), `deadline` by when (None: no deadline), `detail` a short second line (the
    campaign, how many units…), `urgent` for what came back to the user (a returned self-assessment)."""

    title: str
    link: str
    room: str
    deadline: datetime.date | None = None
    detail: str = ""
    urgent: bool = False

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    def state(self, today: datetime.date | None = None) -> str:
        """ "overdue", "soon" (due within three days), "later" or "none" (no deadline)."""
        days = self.days_left(today)
        if days is None:
            return "none"
        if days < 0:
            return "overdue"
        return "soon" if days <= SOON_DAYS else "later"

    def sort_key(self, today: datetime.date | None = None) -> tuple[int, int, datetime.date, str]:
        overdue = self.state(today) == "overdue"
        return (
            0 if overdue else 1,
            0 if self.urgent else 1,
            self.deadline or datetime.date.max,
            self.title,
        )


Provider = Callable[[Any], list[TodoItem]]
_PROVIDERS: dict[str, Provider] = {}


def register_todo(name: str, provider: Provider) -> Provider:
    """Add a room's provider (registering the same name again replaces it, so a reloaded app does not count
    twice)."""
    _PROVIDERS[name] = provider
    return provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def items_for(user: Any, today: datetime.date | None = None) -> list[TodoItem]:
    """Every room's to-do items for `user`, the most urgent first; none for a visitor who has not logged in."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items: list[TodoItem] = []
    for provider in _PROVIDERS.values():
        items.extend(provider(user))
    today = today or timezone.localdate()
    return sorted(items, key=lambda item: item.sort_key(today))


def todo_rows(user: Any, limit: int | None = None) -> dict[str, Any]:
    """What the workbench panel and the to-do page show: (item, state, days left) rows, the count, how many are
    not shown and how many are overdue."""
    today = timezone.localdate()
    items = items_for(user, today)
    shown = items if limit is None else items[:limit]
    return {
        "rows": [(item, item.state(today), item.days_left(today)) for item in shown],
        "count": len(items),
        "more": len(items) - len(shown),
        "overdue": sum(1 for item in items if item.state(today) == "overdue"),
    }

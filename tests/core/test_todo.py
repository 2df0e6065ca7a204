"""The workbench to-do list (待办): each role finds what it has to do next, with the deadline and a link, and
nothing it may not do; rooms add their items through lvzhi.core.todo."""

import datetime

import pytest

from lvzhi.core import todo
from lvzhi.core.todo import TodoItem, items_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 10)


def titles(user):
    return [item.title for item in items_for(user)]


def test_items_come_most_urgent_first():
    items = [
        TodoItem("无截止", "/a", "甲"),
        TodoItem("下月", "/b", "甲", deadline=datetime.date(2026, 6, 10)),
        TodoItem("已逾期", "/c", "甲", deadline=datetime.date(2026, 5, 1)),
        TodoItem("退回", "/d", "甲", deadline=datetime.date(2026, 6, 30), urgent=True),
    ]
    ordered = sorted(items, key=lambda i: i.sort_key(TODAY))
    assert [i.title for i in ordered] == ["已逾期", "退回", "下月", "无截止"]
    assert [i.state(TODAY) for i in items] == ["none", "later", "overdue", "later"]
    assert TodoItem("明天", "/e", "甲", deadline=datetime.date(2026, 5, 11)).state(TODAY) == "soon"


def test_a_room_adds_its_items_through_the_registry(world):
    todo.register_todo("test-room", lambda user: [TodoItem(f"给{user.username}的事项", "/x/", "测试")])
    try:
        assert "给committee的事项" in titles(world.users.committee)
    finally:
        todo._PROVIDERS.pop("test-room")

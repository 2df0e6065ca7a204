"""The signed-in user's to-do list (lvzhi.core.todo) through the API: GET /api/todo."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from lvzhi.core.todo import items_for

router = Router(tags=[gettext_lazy("待办")])


class TodoOut(Schema):
    title: str
    link: str
    room: str
    deadline: datetime.date | None
    detail: str
    urgent: bool
    state: str  # overdue, soon (within three days), later, none (no deadline)


@router.get("", response=list[TodoOut], summary=gettext_lazy("我的待办"))
def my_todo(request):
    """What the user has to do next, the most urgent first, each with its deadline and the page where it is done."""
    today = timezone.localdate()
    return [
        TodoOut(
            title=item.title,
            link=item.link,
            room=str(item.room),
            deadline=item.deadline,
            detail=item.detail,
            urgent=item.urgent,
            state=item.state(today),
        )
        for item in items_for(request.user, today)
    ]

"""The to-do panel of the workbench (lvzhi.core.todo): the first items of the signed-in user's list."""

from django import template

from lvzhi.core.todo import todo_rows

register = template.Library()

WORKBENCH_LIMIT = 8


@register.inclusion_tag("core/_workbench_todo.html", takes_context=True)
def todo_workbench(context):
    return {"user": context["user"], **todo_rows(context["user"], WORKBENCH_LIMIT)}

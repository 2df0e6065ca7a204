"""The few steps every API write shares before it calls a room's action: find what the user may see, check they
may change it, resolve the objects a request body names by id. The action validates, saves atomically and
audits; its errors are mapped once (lvzhi.api.errors)."""

from django.utils.translation import gettext as _

from .errors import forbidden, invalid, not_found


def get_visible(queryset, user, pk):
    """The object with this id if the user may see it; otherwise 404 (whether it exists or not)."""
    try:
        return queryset.visible_to(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise not_found() from exc


def require_editable(obj, user, message: str | None = None) -> None:
    """A visible object the user may not change is a 403 (they can see it, so its existence is no secret)."""
    manager = type(obj)._default_manager
    if not manager.editable_by(user).filter(pk=obj.pk).exists():
        raise forbidden(message)


def resolve(queryset, pk, field: str, label: str):
    """A foreign key given by id in a request body, looked up in what the user may use; else 422 on that field.

    A hidden object gets the same answer as one that does not exist.
    """
    if pk is None:
        return None
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise invalid(field, _("未找到编号为 %(pk)s 的%(label)s,或您无权使用。") % {"pk": pk, "label": label})
    return obj

"""The few steps every API write shares: find what the user may see, check they may change it, validate like
the model does, save atomically (the audit signals record the change with the acting user)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import django_validation_errors, forbidden, invalid, invalid_many, not_found


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


def save_validated(instance, values: dict):
    """Set `values` on the instance, run full_clean() (fields, uniqueness, constraints and the model's clean())
    and save, in one transaction. Errors become a 422 naming each field."""
    for name, value in values.items():
        setattr(instance, name, value)
    computed = [f.name for f in instance._meta.concrete_fields if not f.editable]
    try:
        instance.full_clean(exclude=computed)
    except DjangoValidationError as exc:
        raise invalid_many(django_validation_errors(exc)) from exc
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # A race with another writer on a unique field; full_clean() saw no duplicate a moment earlier.
        raise invalid(None, _("与已有数据冲突(可能是重复的代码或编号),请刷新后重试。")) from exc
    return instance


def delete_atomic(instance) -> None:
    with transaction.atomic():
        instance.delete()

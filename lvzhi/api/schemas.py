"""Schema helpers shared by every router."""

import types
import typing
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, create_model


class InputSchema(Schema):
    """Request bodies: an unknown field is an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omit_to_keep(description: Any = None, **kwargs: Any) -> Any:
    """A PATCH field that may be left out (its value is then kept) but not sent as null, because what it sets
    cannot be empty: the document does not call it nullable, and a null is refused naming the field."""
    return Field(None, description=description, json_schema_extra=_drop_default, **kwargs)


def allows_null(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return annotation is None or annotation is type(None) or annotation is Any


def patch_of(schema: type[Schema], name: str | None = None) -> type[Schema]:
    """The same fields, each optional: a PATCH changes only the fields it names (see `changed_fields`). A field
    stays nullable only where the creating schema lets it be null (a null then clears it)."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        annotation = info.annotation if info.annotation is not None else Any
        nullable = allows_null(annotation)
        if info.metadata:  # the creating schema's bounds (ge, max_length…) hold for a change too
            annotation = typing.Annotated[annotation, *info.metadata]
        if nullable:
            fields[field_name] = (annotation, Field(None, description=info.description, title=info.title))
        else:
            fields[field_name] = (annotation, omit_to_keep(info.description, title=info.title))
    return create_model(name or f"{schema.__name__}Patch", __base__=InputSchema, **fields)


def changed_fields(payload: Schema) -> dict:
    """The fields a PATCH body names, with their values (null included)."""
    return payload.model_dump(exclude_unset=True)

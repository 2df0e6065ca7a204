"""Schema helpers shared by every router."""

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, create_model


class InputSchema(Schema):
    """Request bodies: an unknown field is an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


def patch_of(schema: type[Schema], name: str | None = None) -> type[Schema]:
    """The same fields, each optional: a PATCH changes only the fields it names (see `changed_fields`)."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        annotation = info.annotation if info.annotation is not None else Any
        fields[field_name] = (annotation | None, Field(None, description=info.description, title=info.title))
    return create_model(name or f"{schema.__name__}Patch", __base__=InputSchema, **fields)


def changed_fields(payload: Schema) -> dict:
    """The fields a PATCH body names, with their values (null included)."""
    return payload.model_dump(exclude_unset=True)

"""Lists are paged with `limit` and `offset` and say how many objects match in all.

GET /api/registry/units?limit=50&offset=100  →  {"count": 812, "limit": 50, "offset": 100, "items": [...]}
"""

from typing import Generic, TypeVar

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10**9  # far beyond any list here, and within every database's integer

T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=format_lazy(
            gettext_lazy("每页条数,1–{limit},默认 {default}"), limit=MAX_LIMIT, default=DEFAULT_LIMIT
        ),
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=gettext_lazy("跳过的条数,默认 0"))


class Page(Schema, Generic[T]):
    count: int = Field(description=gettext_lazy("符合条件的总条数"))
    limit: int
    offset: int
    items: list[T]


def paginate(queryset, page: PageParams) -> dict:
    """One COUNT and one query for the page, whatever the page size (select_related is the caller's job)."""
    count = queryset.count()
    items = list(queryset[page.offset : page.offset + page.limit])
    return {"count": count, "limit": page.limit, "offset": page.offset, "items": items}

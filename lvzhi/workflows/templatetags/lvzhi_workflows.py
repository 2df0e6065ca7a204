"""Template filters of the workflows pages."""

from __future__ import annotations

from fractions import Fraction

from django import template

from ..checks import percent

register = template.Library()


@register.filter
def share(value: Fraction | None) -> str:
    """A share as 72.82% (— when there is nothing to count)."""
    return percent(value)


@register.filter
def item(mapping: dict, key: object) -> object:
    """mapping[key] (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None

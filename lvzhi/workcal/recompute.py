"""What the other rooms recompute when a year of the calendar changes.

A room whose deadlines or durations come from the calendar registers a hook once (in its AppConfig.ready):

    from lvzhi.workcal.recompute import register
    register("goals.progress_deadlines", recompute_progress_deadlines)

A hook takes the changed years and returns how many stored values it changed. The calendar's actions call every
hook inside their transaction, after the year table has changed: a change and the recomputation it causes are one
step, and the counts go into the audit record and the year's revision.
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[frozenset[int]], int]

_HOOKS: dict[str, Hook] = {}


def register(name: str, hook: Hook) -> None:
    _HOOKS[name] = hook


def unregister(name: str) -> None:
    _HOOKS.pop(name, None)


def hooks() -> dict[str, Hook]:
    return dict(_HOOKS)


def run(years: frozenset[int]) -> dict[str, int]:
    """Call every hook for `years`; {hook name: values changed}."""
    return {name: hook(years) for name, hook in sorted(_HOOKS.items())}

"""The two kinds of error every room raises, mapped once for the API (lvzhi.api.errors) and once for pages
(lvzhi.core.middleware.ErrorMiddleware).

- `Refused`: the user may not do this (now). The message says why, in Chinese; API 403, pages a 403 page.
  An object the user may not even see is not a refusal but a 404 (`django.http.Http404`), on both paths.
- `Invalid`: the input cannot be accepted. It names the field(s); API 422 with one entry per field, pages a
  message on the form (or, where no form is shown, a message and a redirect back).

A room's own error classes subclass one of these; nothing else is raised to say "no" to a user. A refusal that
comes from the object's state rather than the user's role (a published version, data that still depends on the
object) sets `status_code = 409`; the API answers with the error's `status_code`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


class Refused(Exception):
    """An action the user may not take (now). `str(exc)` is the sentence the user reads.

    `page_message`, when given, is how the pages word the same refusal (kept where pages and API have always
    said it differently); the API answers `str(exc)`.
    """

    status_code = 403

    def __init__(self, message: object = "", *, page_message: object = None):
        super().__init__(str(message))
        self.page_message = str(page_message) if page_message else str(message)


@dataclass(frozen=True)
class FieldProblem:
    field: str | None  # the field as the form/API spells it; None for the input as a whole
    message: str


class FormLike(Protocol):
    """What `Invalid.add_to_form` needs of a django.forms.Form (this module imports no Django)."""

    def add_error(self, field: str | None, error: str) -> None: ...


class Invalid(Exception):
    """Input the action cannot accept; names what is wrong.

    `Invalid("名称不能为空。", field="name")` for one field, `Invalid.many([...])` for several.
    """

    status_code = 422

    def __init__(self, message: str, field: str | None = None, problems: Iterable[FieldProblem] = ()):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        listed = list(problems)
        self.problems: list[FieldProblem] = listed or [FieldProblem(field, self.message)]

    @classmethod
    def many(cls, problems: Iterable[FieldProblem | tuple[str | None, str]]) -> Invalid:
        listed = [p if isinstance(p, FieldProblem) else FieldProblem(*p) for p in problems]
        if not listed:
            raise ValueError("Invalid.many needs at least one problem")
        summary = ";".join((f"{p.field}:{p.message}" if p.field else p.message).rstrip("。") for p in listed[:5])
        first = listed[0]
        return cls(summary + "。", field=first.field, problems=listed)

    @classmethod
    def from_form(cls, form: Any) -> Invalid:
        """A page form's errors, the first message of each field, as one Invalid."""
        return cls.many([(name, str(errors[0])) for name, errors in form.errors.items()])

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [{"field": p.field, "message": p.message} for p in self.problems]

    def add_to_form(self, form: FormLike) -> None:
        """Show the problems on a bound form: each on its field when the form has it, else on the form."""
        for problem in self.problems:
            field = problem.field if problem.field in getattr(form, "fields", {}) else None
            form.add_error(field, problem.message)

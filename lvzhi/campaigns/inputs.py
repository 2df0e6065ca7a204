"""The input of each POST on the campaign pages, parsed by one form per action.

These forms render nothing (the pages' visible forms are in lvzhi.campaigns.forms) and judge nothing: a value
comes out as it was posted (None or the field's default when absent), and the action it is handed to says in
the user's words what is wrong with it. Fields named by the indicator (`score__A1__H1`) are taken from the
posted names, so that a score for an indicator the unit does not have reaches the action and its message.
"""

from django import forms
from django.utils.translation import gettext as _

from lvzhi.core.redirects import safe_next

from .forms import DecisionForm, FindingForm


class PostedField(forms.Field):
    """A posted value as it came; `default` when it was not posted."""

    def __init__(self, default=None, **kwargs):
        self.default = default
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return self.default if value is None else value


class PostedFlag(forms.Field):
    """A "1"/"0" switch of a page: True only for "1"."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return value == "1"


class PostedId(forms.Field):
    """The id of an object the page names: None when not posted, 0 (which names nothing) when not a number."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return 0


class PostedFile(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_empty_file=True, **kwargs)


class PostForm(forms.Form):
    """A page's POST: which of its buttons was pressed (`action`) and the values that go with it."""

    action = PostedField()

    def parsed(self) -> dict:
        self.is_valid()
        return self.cleaned_data


def posted_action(request, default=None) -> str | None:
    return PostForm(request.POST).parsed()["action"] or default


class NamedValuesForm(PostForm):
    """Values posted under names that carry their key (`score__A1__H1`), one field per posted name."""

    name_prefixes: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in data or {}:
            if name.startswith(self.name_prefixes):
                self.fields[name] = PostedField()

    def named(self, prefix: str) -> dict[str, str]:
        """{what follows the prefix: value} for the fields named with `prefix`, in posted order."""
        values = self.parsed()
        return {name[len(prefix) :]: values[name] for name in self.fields if name.startswith(prefix)}

    def scores(self, prefix: str, reason_prefix: str | None = None):
        """({(code, period): value}, {(code, period): reason}) from `prefix` fields (`reviewed__A1__H1`)."""
        scores, reasons = {}, {}
        named = self.named(reason_prefix) if reason_prefix else {}
        for rest, value in self.named(prefix).items():
            code, _sep, period = rest.partition("__")
            scores[(code, period)] = value
            reasons[(code, period)] = named.get(rest, "")
        return scores, reasons


# -- stages and set-up ---------------------------------------------------------------------------------------------


class ReopenInput(PostForm):
    stage = PostedField(default="")
    reason = PostedField(default="")

    def parsed_values(self) -> dict:
        values = self.parsed()
        return {"stage": values["stage"], "reason": values["reason"]}


class SetupInput(PostForm):
    """The small forms of the set-up page that name a unit, a team or an assignment, and the checklist text."""

    unit = PostedId()
    team = PostedId()
    assignment = PostedId()
    checklist = PostedField(default="")

    def checklist_items(self) -> list[dict]:
        """The checklist text, one item a line: 类别|事项|必须 (or 可选)."""
        items = []
        for line in self.parsed()["checklist"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            items.append(
                {
                    "group": parts[0],
                    "text": parts[1] if len(parts) > 1 else "",
                    "mandatory": (parts[2] if len(parts) > 2 else _("必须")) != _("可选"),
                }
            )
        return items


class LeaderRatingsInput(NamedValuesForm):
    """A leader's ratings of their portfolio: `rating__<unit id>__<period>` (a label), `score__…` (a rater's score
    instead of a label) and `comment__…`."""

    name_prefixes = ("rating__", "score__", "comment__")

    def rating(self, unit_id: int, period: str) -> tuple[str, str, str]:
        """(label, score, comment) as posted, each "" when not given."""
        values = self.parsed()
        key = f"{unit_id}__{period}"
        return tuple(values.get(f"{name}__{key}") or "" for name in ("rating", "score", "comment"))  # type: ignore[return-value]


# -- results, triangulation, approval --------------------------------------------------------------------------------


class ResolveFlagInput(PostForm):
    flag = PostedId()
    note = PostedField(default="")


class DecisionInput(DecisionForm):
    """The committee's decision, or "publish" (the same page's other button)."""

    action = PostedField()

    def decision(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "action"}


# -- one unit --------------------------------------------------------------------------------------------------------


class NextInput(PostForm):
    """Where to go back to (a path on this site)."""

    next = PostedField()

    def back(self, fallback: str) -> str:
        return safe_next(self.parsed()["next"], fallback)


class SelfAssessmentInput(NamedValuesForm):
    """Self scores (`score__<code>__<period>`), notes (`note__<code>`), the report; "submit" to submit too."""

    name_prefixes = ("score__", "note__")
    report = PostedField()
    document = PostedField(default="")  # 代录: the paper form the office enters the unit's scores from


class EvidenceInput(NextInput):
    purpose = PostedField(default="self")
    code = PostedField(default="")
    url = PostedField(default="")
    text = PostedField(default="")
    title = PostedField(default="")
    item = PostedId()
    objection = PostedId()
    file = PostedFile()


class SheetInput(PostForm):
    """One self-assessment form: its fields, or its table's cells (`<row>__<column>`) and notes, or an Excel file."""

    excel = PostedFile()
    notes = PostedField(default="")

    def __init__(self, data=None, files=None, *, spec, **kwargs):
        super().__init__(data, files, **kwargs)
        self.spec = spec
        if spec.table is not None:
            for row in spec.table.rows:
                for key, _label in spec.table.columns:
                    self.fields[f"{row}__{key}"] = PostedField()
        else:
            for field in spec.fields:
                self.fields[field.key] = PostedField()

    def sheet_data(self) -> dict:
        values = self.parsed()
        table = self.spec.table
        if table is None:
            return {f.key: values[f.key] for f in self.spec.fields}
        return {
            "rows": {
                row: {key: values[f"{row}__{key}"] for key, _label in table.columns} for row in table.rows
            },
            "notes": values["notes"],
        }


class ReviewInput(NamedValuesForm):
    """Reviewed scores (`reviewed__<code>__<period>`, reasons `reason__…`), an indicator marked not applicable
    (`code`, `not_applicable`, `na_reason`), a return (`return_reason`); "complete" to complete the review."""

    name_prefixes = ("reviewed__", "reason__")
    code = PostedField(default="")
    not_applicable = PostedFlag()
    na_reason = PostedField(default="")
    not_evaluated = PostedFlag()
    not_evaluated_reason = PostedField(default="")
    return_reason = PostedField(default="")


class FindingInput(FindingForm):
    next = PostedField()

    def back(self, fallback: str) -> str:
        return safe_next(self.cleaned_data.get("next"), fallback)


class VisitInput(NamedValuesForm):
    """The on-site page's small forms: a checklist item ticked or added, on-site scores, the closing summary."""

    name_prefixes = ("reviewed__", "reason__")
    item = PostedId()
    ticked = PostedFlag()
    note = PostedField(default="")
    group = PostedField(default="")
    text = PostedField(default="")
    mandatory = PostedFlag()
    summary = PostedField(default="")


class ScoresOnBehalfInput(NamedValuesForm):
    """代录 on-site scores (`reviewed__…`, `reason__…`) for the evaluator `evaluator`, from the sheet `document`."""

    name_prefixes = ("reviewed__", "reason__")
    evaluator = PostedId()
    document = PostedField(default="")


class ObjectionInput(PostForm):
    """An objection (`code`, `reason`, `requested_score`, a file) or an answer to one (`objection`, `upheld`,
    `answer`, `new_score`)."""

    code = PostedField(default="")
    reason = PostedField(default="")
    requested_score = PostedField()
    file = PostedFile()
    objection = PostedId()
    upheld = PostedFlag()
    answer = PostedField(default="")
    new_score = PostedField()

"""Errors of the scoring engine. Messages are in Chinese and name the indicator (or the file row/column)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem found in a scheme or an inputs file. `where` is an indicator code, a setting name, or a
    file location such as 指标!第5行「分值」; empty for the scheme as a whole."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


class ScoringError(Exception):
    """Base class: carries every issue found, not only the first."""

    def __init__(self, issues: list[Issue] | Issue | str):
        if isinstance(issues, str):
            issues = [Issue("", issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues: list[Issue] = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class SchemeError(ScoringError):
    """The scheme definition is invalid (structure, sums, codes, rules, caps …)."""


class InputsError(ScoringError):
    """The raw inputs are unreadable (file layout, unknown units …)."""

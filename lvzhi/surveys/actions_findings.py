"""An open answer becomes a finding (评估发现问题) through the campaign room's own action, which keeps the
finding's rules (the campaign's stage, the unit in scope); the answer's text is the finding's description."""

from __future__ import annotations

from typing import Any

from .models import Answer, RespondentGroup
from .policy import POLICY


def finding_from_answer(group: RespondentGroup, answer: Answer, *, actor: Any, unit: Any, category: str,
                        severity: str, title: str) -> Any:  # fmt: skip
    POLICY.require(actor, "make_finding", group)
    from lvzhi.campaigns.actions import raise_finding

    return raise_finding(
        group.campaign, actor=actor, unit=unit, source="multi_party", category=category, severity=severity,
        title=title, description=f"问卷调查「{group.name}」开放题意见:{answer.text}"[:4000],
    )  # fmt: skip

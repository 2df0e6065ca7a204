"""Weights from judgement (AHP) on the Django side: what a study shows (a selector) and its actions.

Every action takes the acting user as `actor`, enforces the room's policy first, writes in one transaction and
records its audit inside (field changes through AuditedModel, the acceptance as the event
`reports.weights_accepted`). The accepted weights go into a draft of the scheme through lvzhi.schemes.actions
(`start_draft`, `update_draft`): the scheme room's own rules, validation and audit apply as for any edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import FieldProblem, Invalid
from lvzhi.schemes import actions as scheme_actions
from lvzhi.schemes.models import SchemeVersion

from . import ahp, drafting
from .models import Judgement, WeightStudy
from .policy import POLICY


def pair_key(i: int, j: int) -> str:
    return f"{i}-{j}"


def pairs(study: WeightStudy) -> list[tuple[int, int]]:
    n = len(study.codes)
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def judgement_words(a: str, b: str, value: Fraction) -> str:
    """「A」比「B」稍微重要(3) — a judgement as a sentence."""
    if value == 1:
        return _("「%(a)s」与「%(b)s」同等重要(1)") % {"a": a, "b": b}
    if value < 1:
        a, b, value = b, a, 1 / value
    return _("「%(a)s」比「%(b)s」%(words)s(%(value)s)") % {
        "a": a,
        "b": b,
        "words": ahp.SCALE_WORDS[int(value)],
        "value": fraction_text(value),
    }


def choices_for(a: str, b: str) -> list[tuple[str, str]]:
    """The 17 judgements of one pair, from "a is extremely more important" to "b is", in words."""
    return [(fraction_text(v), judgement_words(a, b, v)) for v in sorted(ahp.JUDGEMENTS, reverse=True)]


def matrix_of(study: WeightStudy, values: dict[str, Any]) -> np.ndarray:
    return ahp.matrix_from_upper(
        len(study.codes),
        {(i, j): values[pair_key(i, j)] for i, j in pairs(study) if pair_key(i, j) in values},
    )


@dataclass
class PairRow:
    a: str
    b: str
    judged: str
    suggested: str


@dataclass
class StudyResult:
    """What the study page, the API and the acceptance show: the combined weights and their consistency."""

    judges: list[dict[str, Any]]
    weights: list[dict[str, Any]]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    acceptable: bool
    revisit: list[PairRow]


def result_of(study: WeightStudy) -> StudyResult | None:
    """The panel's combined result (None without any judgement)."""
    judgements = list(study.judgements.all())
    if not judgements:
        return None
    matrices = [matrix_of(study, j.values) for j in judgements]
    judges = []
    for judgement, matrix in zip(judgements, matrices, strict=True):
        own = ahp.priorities(matrix)
        judges.append(
            {
                "id": judgement.pk,
                "judge": judgement.judge,
                "consistency_ratio": own.consistency_ratio,
                "acceptable": own.acceptable,
                "updated_at": judgement.updated_at,
            }
        )
    combined = ahp.priorities(ahp.combine(matrices))
    names = study.names
    revisit = [
        PairRow(
            names[p.i],
            names[p.j],
            judgement_words(names[p.i], names[p.j], ahp.nearest_judgement(p.judged)),
            judgement_words(names[p.i], names[p.j], p.suggested),
        )
        for p in combined.pairs_to_revisit
    ]
    weights = [
        {"code": code, "name": name, "weight": weight, "percent": round(weight * 100, 1)}
        for code, name, weight in zip(study.codes, names, combined.weights, strict=True)
    ]
    return StudyResult(
        judges,
        weights,
        combined.lambda_max,
        combined.consistency_index,
        combined.random_index,
        combined.consistency_ratio,
        combined.acceptable,
        revisit,
    )


def start_study(version: SchemeVersion, *, actor: Any, parent_code: str = "", title: str = "") -> WeightStudy:
    """A new study of the regular indicators under `parent_code` ("" for level 1) of a scheme version."""
    POLICY.require(actor, "start_weights")
    parent_code = (parent_code or "").strip()
    try:
        nodes = drafting.comparable(version.definition, parent_code)
    except drafting.DraftingError as exc:
        raise Invalid(_("方案中没有指标“%(code)s”。") % {"code": parent_code}, field="parent_code") from exc
    if len(nodes) < 2:
        raise Invalid(
            _("该层级只有 %(n)s 个指标,至少要有 2 个才能两两比较。") % {"n": len(nodes)}, field="parent_code"
        )
    if len(nodes) > ahp.MAX_ORDER:
        raise Invalid(
            _("该层级有 %(n)s 个指标,两两比较最多 %(max)s 个。") % {"n": len(nodes), "max": ahp.MAX_ORDER},
            field="parent_code",
        )
    codes = [str(n.get("code")) for n in nodes]
    names = [str(n.get("name") or n.get("code")) for n in nodes]
    if not title:
        parent = _("一级指标") if not parent_code else _("“%(code)s”下的指标") % {"code": parent_code}
        title = _("%(scheme)s %(parent)s权重判断") % {"scheme": version.scheme.name, "parent": parent}
    with transaction.atomic(), audit_context(actor=actor):
        return WeightStudy.objects.create(
            title=title[:120],
            scheme_version=version,
            parent_code=parent_code,
            codes=codes,
            names=names,
            created_by=actor,
        )


def save_judgement(study: WeightStudy, *, actor: Any, judge: str, values: dict[str, Any]) -> Judgement:
    """One judge's comparisons (every pair, each on the 1–9 scale); a judge already recorded is replaced."""
    POLICY.require(actor, "judge", study)
    judge = (judge or "").strip()
    problems = []
    if not judge:
        problems.append(FieldProblem("judge", _("请填写判断人。")))
    clean: dict[str, str] = {}
    for i, j in pairs(study):
        key = pair_key(i, j)
        raw = values.get(key)
        label = _("「%(a)s」与「%(b)s」") % {"a": study.names[i], "b": study.names[j]}
        if raw in (None, ""):
            problems.append(FieldProblem(key, _("%(pair)s:请选择判断。") % {"pair": label}))
            continue
        try:
            value = ahp.as_fraction(raw)
        except ahp.JudgementError:
            value = None
        if value not in ahp.JUDGEMENTS:
            problems.append(
                FieldProblem(key, _("%(pair)s:判断值须为 1–9 标度(或其倒数)。") % {"pair": label})
            )
            continue
        clean[key] = fraction_text(value)
    if problems:
        raise Invalid.many(problems)
    with transaction.atomic(), audit_context(actor=actor):
        locked = WeightStudy.objects.select_for_update().get(pk=study.pk)
        POLICY.require(actor, "judge", locked)
        judgement, created = Judgement.objects.get_or_create(
            study=locked, judge=judge, defaults={"values": clean, "entered_by": actor}
        )
        if not created:
            judgement.values = clean
            judgement.entered_by = actor
            judgement.updated_at = timezone.now()
            judgement.save()
    return judgement


def delete_judgement(judgement: Judgement, *, actor: Any) -> None:
    POLICY.require(actor, "judge", judgement.study)
    with transaction.atomic(), audit_context(actor=actor):
        judgement.delete()


def accept_study(study: WeightStudy, *, actor: Any) -> SchemeVersion:
    """Derive the weights and write them into the scheme's draft. Refused when the combined matrix's CR > 0.1,
    naming the pairs whose judgement departs most from the derived weights."""
    POLICY.require(actor, "accept_weights", study)
    result = result_of(study)
    if result is None:
        raise Invalid(_("还没有任何判断,请先录入两两比较。"))
    if not result.acceptable:
        pairs_text = ";".join(
            _("%(a)s与%(b)s(现为:%(judged)s;与权重一致的判断约为:%(suggested)s)")
            % {"a": row.a, "b": row.b, "judged": row.judged, "suggested": row.suggested}
            for row in result.revisit
        )
        raise Invalid(
            _("一致性比率 CR = %(cr)s,大于 0.1,判断矩阵不一致,不能导出权重。请重新判断这些指标对:%(pairs)s。")
            % {"cr": f"{result.consistency_ratio:.3f}", "pairs": pairs_text}
        )
    weights = [row["weight"] for row in result.weights]
    with transaction.atomic(), audit_context(actor=actor):
        locked = WeightStudy.objects.select_for_update().get(pk=study.pk)
        POLICY.require(actor, "accept_weights", locked)
        scheme = locked.scheme_version.scheme
        draft = scheme.open_draft() or scheme_actions.start_draft(
            scheme, actor=actor, from_version=locked.scheme_version
        )
        try:
            definition = drafting.apply_weights(draft.definition, locked.parent_code, locked.codes, weights)
        except drafting.DraftingError as exc:
            raise Invalid(str(exc)) from exc
        note = _("按两两比较判断(AHP,CR = %(cr)s)调整权重") % {"cr": f"{result.consistency_ratio:.3f}"}
        scheme_actions.update_draft(draft, definition, actor=actor, note=note[:500])
        locked.status = WeightStudy.Status.ACCEPTED
        locked.weights = weights
        locked.consistency_ratio = result.consistency_ratio
        locked.draft_version = draft
        locked.accepted_at = timezone.now()
        locked.save()
        record_event(
            "reports.weights_accepted",
            locked,
            after={
                "consistency_ratio": round(result.consistency_ratio, 4),
                "weights": "、".join(f"{row['name']} {row['weight'] * 100:.1f}%" for row in result.weights),
                "draft": str(draft),
                "judges": len(result.judges),
            },
        )
    return draft

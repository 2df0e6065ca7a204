"""Weights from pairwise judgement: the analytic hierarchy process (AHP). Pure NumPy, no Django import.

A judge compares each pair of n indicators on Saaty's 1–9 scale: a[i][j] = 3 says indicator i is moderately more
important than j (and a[j][i] = 1/3). The weights are the principal right eigenvector of the reciprocal matrix,
normalised to add up to 1; the consistency index is CI = (λmax − n) / (n − 1) and the consistency ratio
CR = CI / RI(n), with Saaty's random index RI. A matrix with CR > 0.1 is refused (Saaty 1980, ch. 1; 1990).

A panel's judgements are combined element by element with the geometric mean (aggregation of individual
judgements, Aczél and Saaty 1983): the result is again a reciprocal matrix, which is then treated like one judge's.

Sources: T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill, 1980; T. L. Saaty, "How to make a decision:
the analytic hierarchy process", European Journal of Operational Research 48 (1990) 9–26.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

# Saaty's random consistency index by matrix order (Saaty 1980, p. 21; 11–15 from the same simulation series as
# reprinted in Saaty and Vargas, Models, Methods, Concepts & Applications of the AHP, 2012, p. 9).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
MAX_ORDER = max(RANDOM_INDEX)
CR_LIMIT = 0.1
# The judgements of Saaty's fundamental scale, and their words.
SCALE: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9)
SCALE_WORDS: dict[int, str] = {
    1: "同等重要",
    2: "介于同等与稍微之间",
    3: "稍微重要",
    4: "介于稍微与明显之间",
    5: "明显重要",
    6: "介于明显与强烈之间",
    7: "强烈重要",
    8: "介于强烈与极端之间",
    9: "极端重要",
}
# The values a judgement may take: 1/9 … 1/2, 1, 2 … 9.
JUDGEMENTS: tuple[Fraction, ...] = tuple(
    sorted({Fraction(1, v) for v in SCALE} | {Fraction(v) for v in SCALE})
)


class JudgementError(ValueError):
    """A matrix that is not a judgement matrix (order, reciprocity, a value off the scale); the message says which."""


@dataclass(frozen=True)
class PairAdvice:
    """A pair whose judgement departs most from the derived weights: its judgement a[i][j], what the weights imply
    (w[i] / w[j]) and the nearest value of the scale to that."""

    i: int
    j: int
    judged: float
    implied: float
    suggested: Fraction
    departure: float  # |ln(a[i][j] · w[j] / w[i])|


@dataclass
class Priorities:
    weights: list[float]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    pairs_to_revisit: list[PairAdvice] = field(default_factory=list)

    @property
    def acceptable(self) -> bool:
        return self.consistency_ratio <= CR_LIMIT


def as_fraction(value: Any) -> Fraction:
    """A judgement as written: 3, "3", "1/3", 0.333… (the nearest scale value when within rounding)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        text = value.strip().replace("／", "/")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise JudgementError(f"“{value}”不是一个判断值(应为 1–9 或 1/2–1/9)") from exc
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JudgementError(f"“{value}”不是一个判断值(应为 1–9 或 1/2–1/9)")
    fraction = Fraction(value).limit_denominator(9)
    if abs(float(fraction) - float(value)) > 1e-6:
        raise JudgementError(f"“{value}”不是一个判断值(应为 1–9 或 1/2–1/9)")
    return fraction


def matrix_from_upper(n: int, upper: dict[tuple[int, int], Any]) -> Matrix:
    """The full reciprocal matrix from the judgements a[i][j], i < j (every pair needed, each on the scale)."""
    if n < 2 or n > MAX_ORDER:
        raise JudgementError(f"两两比较的指标须为 2–{MAX_ORDER} 个,现有 {n} 个")
    a = np.ones((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) not in upper:
                raise JudgementError(f"缺少第 {i + 1} 与第 {j + 1} 个指标的比较")
            value = as_fraction(upper[(i, j)])
            if value not in JUDGEMENTS:
                raise JudgementError(f"第 {i + 1} 与第 {j + 1} 个指标的判断值 {value} 不在 1–9 标度内")
            a[i, j] = float(value)
            a[j, i] = 1.0 / float(value)
    return a


def check_matrix(a: Matrix) -> None:
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise JudgementError("判断矩阵须为方阵")
    n = a.shape[0]
    if n < 1 or n > MAX_ORDER:
        raise JudgementError(f"两两比较的指标须为 2–{MAX_ORDER} 个,现有 {n} 个")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise JudgementError("判断值须为正数")
    if not np.allclose(a * a.T, 1.0, rtol=1e-9, atol=1e-9):
        raise JudgementError("判断矩阵须互为倒数(a[i][j] × a[j][i] = 1)")


def combine(matrices: list[Matrix]) -> Matrix:
    """A panel's judgements as one matrix: the element-wise geometric mean (reciprocal again)."""
    if not matrices:
        raise JudgementError("没有任何判断")
    stack = np.stack(matrices)
    for matrix in matrices:
        check_matrix(matrix)
    return np.asarray(np.exp(np.log(stack).mean(axis=0)), dtype=np.float64)


def nearest_judgement(value: float) -> Fraction:
    """The scale value nearest to a ratio, on the logarithmic scale the judgements live on."""
    return min(JUDGEMENTS, key=lambda j: abs(math.log(float(j)) - math.log(value)))


def priorities(a: Matrix, revisit: int = 3) -> Priorities:
    """Weights (principal eigenvector), λmax, CI, RI and CR of a judgement matrix, and the `revisit` pairs whose
    judgement departs most from the weights (a[i][j]·w[j]/w[i] furthest from 1), largest departure first."""
    check_matrix(a)
    n = a.shape[0]
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lambda_max = float(values[k].real)
    vector = np.abs(vectors[:, k].real)
    weights = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0)
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri else 0.0
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = float(weights[i] / weights[j])
            departure = abs(math.log(float(a[i, j]) / implied))
            pairs.append(PairAdvice(i, j, float(a[i, j]), implied, nearest_judgement(implied), departure))
    pairs.sort(key=lambda p: (-round(p.departure, 9), p.i, p.j))  # equal departures (to float noise): in order
    return Priorities(
        weights=[float(w) for w in weights],
        lambda_max=lambda_max,
        consistency_index=ci,
        random_index=ri,
        consistency_ratio=cr,
        pairs_to_revisit=[p for p in pairs[:revisit] if p.departure > 1e-9] if cr > CR_LIMIT else [],
    )


def shares(weights: list[float], whole: Fraction, quantum: Fraction) -> list[Fraction]:
    """Weights as multiples of `quantum` adding up to exactly `whole` (largest remainder; ties to the first)."""
    steps = int(whole / quantum)
    if steps * quantum != whole:
        raise JudgementError("总分不是最小单位的整数倍")
    total = sum(weights)
    exact = [w / total * steps for w in weights]
    floors = [math.floor(x) for x in exact]
    left = steps - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [quantum * f for f in floors]

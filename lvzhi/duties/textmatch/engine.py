"""Overlap candidates among many duty texts without comparing every pair.

1. Each text becomes a TF-IDF vector over its terms (tokens.terms); the clauses that three or more units carry
   word for word (shared boilerplate the patterns do not know) are left out of it, and texts with nothing else
   are skipped; terms in more than `max_df` of the texts are dropped (they say nothing about a matter).
2. The vectors form a sparse matrix X (rows: texts; its columns are the inverted index: which texts have a
   term). X·Xᵀ, computed a block of rows at a time, gives the cosine of exactly the pairs that share a term;
   the pairs of different units at or above the threshold are the candidates; of them, each text keeps its best
   `PER_TEXT` (a pair stays when either of its texts keeps it), so a template copied by dozens of units brings
   its closest pairs, not every pair of them.
3. Each candidate gets the phrases both texts share (tokens.shared_phrases); the product's scan leaves them to be
   worked out when a candidate is shown (`OverlapCandidate.phrases`), a fraction of a millisecond each.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from .tokens import core, is_boilerplate, normalise, shared_phrases, terms

# The product's default: a pair at or above this cosine is shown for review (tuned on tests/duties' labelled set).
DEFAULT_THRESHOLD = 0.3
SHARED_BY_UNITS = 3  # a clause this many units carry word for word is boilerplate
# A text's best partners kept for review: a duty worded like those of dozens of units (a template every township
# copied) would otherwise bring every pair of them, more than anyone reviews and nothing the best few do not show.
PER_TEXT = 5


@dataclass(frozen=True)
class Doc:
    id: str
    unit: str
    text: str
    basis: str = ""


@dataclass(frozen=True)
class Pair:
    a: Doc
    b: Doc
    score: float
    shared: tuple[str, ...] = ()


@dataclass
class ScanStats:
    texts: int = 0
    skipped_boilerplate: int = 0
    terms: int = 0
    candidates: int = 0  # pairs of different units that share at least one term (scored)
    pairs: int = 0  # of which at or above the threshold
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _vectors(docs: Sequence[str], max_df: float) -> tuple[sparse.csr_matrix, int]:
    """The L2-normalised TF-IDF matrix of the texts (sublinear tf, smooth idf) and the number of terms kept."""
    counts = [Counter(terms(text)) for text in docs]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(docs)
    limit = max(50, int(max_df * n))
    vocabulary = {t: i for i, (t, k) in enumerate(sorted(df.items())) if k <= limit}
    vocabulary = {t: i for i, t in enumerate(vocabulary)}
    idf = np.zeros(len(vocabulary))
    for t, i in vocabulary.items():
        idf[i] = math.log((1 + n) / (1 + df[t])) + 1.0
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for c in counts:
        for t, k in c.items():
            column = vocabulary.get(t)
            if column is not None:
                indices.append(column)
                values.append((1.0 + math.log(k)) * idf[column])
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(n, len(vocabulary)),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(sparse.diags(1.0 / norms).dot(matrix), dtype=np.float32)
    return matrix, len(vocabulary)


def _best_per_row(
    rows: np.ndarray, cols: np.ndarray, data: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of each row among its `k` highest (ties by column), as (rows, cols, data)."""
    if len(rows) == 0:
        return rows, cols, data
    order = np.lexsort((cols, -data, rows))
    rows, cols, data = rows[order], cols[order], data[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    lengths = np.diff(np.r_[starts, len(rows)])
    rank = np.arange(len(rows)) - np.repeat(starts, lengths)
    keep = rank < k
    return rows[keep], cols[keep], data[keep]


_CLAUSES = re.compile(r"[;\uff1b。\n]+")


def _clauses(text: str) -> list[str]:
    return [c for c in (normalise(part) for part in _CLAUSES.split(text)) if c]


def _usable(docs: Iterable[Doc], stats: ScanStats) -> list[tuple[Doc, str]]:
    """The docs worth comparing, each with the text to compare: the clauses (split at ;。) that three or more
    units carry (the same once administrative words are taken out, tokens.core) are boilerplate of that region
    and left out; a doc left with nothing is skipped."""
    listed = list(docs)
    units_by_clause: dict[str, set[str]] = defaultdict(set)
    for d in listed:
        for clause in _clauses(d.text):
            units_by_clause[core(clause)].add(d.unit)
    kept: list[tuple[Doc, str]] = []
    for d in listed:
        own = [c for c in _clauses(d.text) if len(units_by_clause[core(c)]) < SHARED_BY_UNITS]
        text = ";".join(own)
        if not own or is_boilerplate(text):
            stats.skipped_boilerplate += 1
            continue
        kept.append((d, text))
    return kept


def find_overlaps(
    docs: Iterable[Doc],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    max_df: float = 0.005,
    block: int = 2000,
    per_text: int | None = PER_TEXT,
    with_phrases: bool = True,
    stats: ScanStats | None = None,
) -> list[Pair]:
    """Pairs of texts of different units whose cosine is at least `threshold`, best first. With `per_text`, a
    pair is kept when it is among the best `per_text` pairs of one of its two texts (None: every pair)."""
    stats = stats if stats is not None else ScanStats()
    started = time.perf_counter()
    listed = list(docs)
    stats.texts = len(listed)
    usable = _usable(listed, stats)
    if len(usable) < 2:
        stats.seconds = time.perf_counter() - started
        return []
    kept = [d for d, _text in usable]
    matrix, stats.terms = _vectors([text for _d, text in usable], max_df)
    units = np.asarray([hash(d.unit) for d in kept], dtype=np.int64)
    transposed = matrix.T.tocsr()
    n = matrix.shape[0]
    keys: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    for start in range(0, n, block):
        product = sparse.csr_matrix(matrix[start : start + block].dot(transposed)).tocoo()
        rows, cols, data = product.row.astype(np.int64) + start, product.col.astype(np.int64), product.data
        other_unit = units[cols] != units[rows]
        stats.candidates += int(((cols > rows) & other_unit).sum())
        keep = other_unit & (cols != rows) & (data >= threshold)
        rows, cols, data = rows[keep], cols[keep], data[keep]
        if per_text:
            rows, cols, data = _best_per_row(rows, cols, data, per_text)
        keys.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
        scores.append(data)
    all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    all_scores = np.concatenate(scores) if scores else np.zeros(0, dtype=np.float32)
    # A pair kept from both of its texts appears twice: once, with its higher score.
    order = np.lexsort((-all_scores, all_keys))
    all_keys, all_scores = all_keys[order], all_scores[order]
    first = np.ones(len(all_keys), dtype=bool)
    first[1:] = all_keys[1:] != all_keys[:-1]
    all_keys, all_scores = all_keys[first], all_scores[first]
    found = sorted(
        zip(all_scores.tolist(), (all_keys // n).tolist(), (all_keys % n).tolist(), strict=True),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    pairs = [
        Pair(
            kept[i],
            kept[j],
            round(float(s), 4),
            tuple(shared_phrases(kept[i].text, kept[j].text)) if with_phrases else (),
        )
        for s, i, j in found
    ]
    stats.pairs = len(pairs)
    stats.seconds = time.perf_counter() - started
    return pairs

"""The duties room's text engine (no Django): Chinese duty texts → TF-IDF vectors over character n-grams, pairs
of texts of different units that describe the same matter (职责交叉), with the phrases they share.

`find_overlaps(docs)` is the one entry point; lvzhi.duties.overlaps loads the texts and stores the candidates,
`lvzhi lists overlaps FILE` runs it on a file.
"""

from .engine import DEFAULT_THRESHOLD, Doc, Pair, ScanStats, find_overlaps
from .tokens import is_boilerplate, normalise, shared_phrases, terms

__all__ = [
    "DEFAULT_THRESHOLD",
    "Doc",
    "Pair",
    "ScanStats",
    "find_overlaps",
    "is_boilerplate",
    "normalise",
    "shared_phrases",
    "terms",
]

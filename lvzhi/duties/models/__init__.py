"""The duties room's tables: decomposition, the lists and their versions, adjustments, notices and claims,
overlap candidates."""

from .base import VersionedItem, VersionQuerySet, new_key
from .changes import Adjustment, AdjustmentType, ChangeNotice, ClaimStatus, NoticeClaim
from .decomposition import BodyDuty, Task
from .lists import (
    VERSIONED_MODELS,
    BoundaryItem,
    CatalogueItem,
    DelegationItem,
    Initiation,
    ListKind,
    PowerItem,
    PowerType,
    TerritorialItem,
)
from .overlaps import OverlapCandidate

__all__ = [
    "VERSIONED_MODELS",
    "Adjustment",
    "AdjustmentType",
    "BodyDuty",
    "BoundaryItem",
    "CatalogueItem",
    "ChangeNotice",
    "ClaimStatus",
    "DelegationItem",
    "Initiation",
    "ListKind",
    "NoticeClaim",
    "OverlapCandidate",
    "PowerItem",
    "PowerType",
    "Task",
    "TerritorialItem",
    "VersionQuerySet",
    "VersionedItem",
    "new_key",
]

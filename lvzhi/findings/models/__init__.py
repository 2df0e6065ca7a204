"""The findings room's models: the ledger (问题台账) and its rectification, the two result lists (特色亮点清单,
制度完善清单), accountability (问责) and the use of results (staffing recommendations)."""

from .accountability import AccountabilityArea, AccountabilityCase, Situation
from .ledger import (
    CommonFinding,
    ExtraCategory,
    Finding,
    FindingEvidence,
    FindingQuerySet,
    Measure,
    evidence_upload_to,
)
from .lists import Highlight, Institution
from .results import Recommendation, StaffingRequest

__all__ = [
    "AccountabilityArea",
    "AccountabilityCase",
    "CommonFinding",
    "ExtraCategory",
    "Finding",
    "FindingEvidence",
    "FindingQuerySet",
    "Highlight",
    "Institution",
    "Measure",
    "Recommendation",
    "Situation",
    "StaffingRequest",
    "evidence_upload_to",
]

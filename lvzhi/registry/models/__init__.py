"""The registry (机构编制): regions, categories, units, their 三定 rules, internal bodies, posts and persons
(`structure`), and the staffing figures derived from them per unit (`summaries`)."""

from .structure import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    SanDingChildQuerySet,
    SanDingQuerySet,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitKind,
    UnitQuerySet,
    UnitScopedQuerySet,
)
from .summaries import (
    LeadershipSummaryQuerySet,
    StaffingSummaryQuerySet,
    UnitLeadership,
    UnitStaffing,
    refresh_staffing_summaries,
)

__all__ = [
    "Category",
    "InternalBody",
    "LeadershipLevel",
    "LeadershipQuota",
    "LeadershipSummaryQuerySet",
    "MainDuty",
    "Person",
    "Post",
    "Region",
    "SanDing",
    "SanDingChildQuerySet",
    "SanDingQuerySet",
    "StaffingKind",
    "StaffingQuota",
    "StaffingSummaryQuerySet",
    "Unit",
    "UnitKind",
    "UnitLeadership",
    "UnitQuerySet",
    "UnitScopedQuerySet",
    "UnitStaffing",
    "refresh_staffing_summaries",
]

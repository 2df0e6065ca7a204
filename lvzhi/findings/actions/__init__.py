"""Every write of the findings room: one transaction each, the acting user as `actor`, the policy table enforced
first, the audit record inside. Other rooms raise findings with `raise_finding` (or `record_finding` after their
own rule)."""

from ..catalogue import CATALOGUE
from .accountability import record_case, save_situation, seed_catalogue
from .consequences import impose_consequences, submit_report
from .ledger import (
    categories,
    edit_finding,
    issue_finding,
    link_adjustment,
    raise_common_finding,
    raise_finding,
    record_finding,
    save_category,
)
from .lists import LIST_MODELS, save_list_item
from .rectify import (
    close_finding,
    complete_measure,
    file_plan,
    record_measure,
    remind_overdue,
    return_finding,
    submit_evidence,
    verify_finding,
)
from .results import decide_recommendation, draft, export_results, recommend, record_request

__all__ = [
    "CATALOGUE",
    "LIST_MODELS",
    "categories",
    "close_finding",
    "complete_measure",
    "decide_recommendation",
    "draft",
    "edit_finding",
    "export_results",
    "file_plan",
    "impose_consequences",
    "issue_finding",
    "link_adjustment",
    "raise_common_finding",
    "raise_finding",
    "recommend",
    "record_case",
    "record_finding",
    "record_measure",
    "record_request",
    "remind_overdue",
    "return_finding",
    "save_category",
    "save_list_item",
    "save_situation",
    "seed_catalogue",
    "submit_evidence",
    "submit_report",
    "verify_finding",
]

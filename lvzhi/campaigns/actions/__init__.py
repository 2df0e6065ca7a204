"""What people do in a campaign, one module per stage. Each function is one transaction, takes the acting user as
`actor`, asks the policy first (lvzhi.campaigns.policy, so the pages and the API refuse the same things with the
same message) and writes its audit records inside: field changes through AuditedModel, business steps through
`record_event`.

Refusals raise `Refused` (role, stage or lock) and bad input raises `Invalid`; both carry a Chinese message for
the user. The read models the pages also use (stage blockers, a unit's missing entries) are in
lvzhi.campaigns.selectors and re-exported here for the callers that know them as actions.
"""

from lvzhi.core.errors import Invalid, Refused

from ..selectors import (
    cn_date,
    missing_leader_ratings,
    objection_deadline,
    part_label,
    period_label,
    review_problems,
    scheme_info_for,
    self_assessment_problems,
    stage_blockers,
    unit_info,
)
from .common import campaign_action, mark_read, mark_results_stale, parse_score
from .decision import publish, record_decision
from .desk_review import (
    complete_review,
    enter_review_on_behalf,
    raise_finding,
    return_self_assessment,
    review_scores,
    set_not_applicable,
    set_not_evaluated,
)
from .evidence import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    add_evidence,
    remove_evidence,
    validate_evidence_file,
)
from .feedback import answer_objection, raise_objection
from .ratings import rate_on_behalf, rate_portfolio, rate_unit
from .scoring import compute, resolve_flag
from .self_assessment import enter_self_on_behalf, save_self_assessment, save_sheet, submit_self_assessment
from .setup import (
    DEFAULT_CHECKLIST,
    add_units,
    assign,
    assign_leaders_from_portfolios,
    compute_scope,
    copy_campaign,
    create_campaign,
    default_checklist,
    delete_team,
    distribute_evaluators,
    refresh_scope,
    remove_unit,
    save_checklist,
    save_team,
    set_category_scheme,
    set_deadline,
    unassign,
    update_campaign,
)
from .transitions import close_stage, reopen_stage
from .visits import add_archive_check, add_checklist_item, add_interview, close_visit, plan_visit, tick_item

__all__ = [
    "DEFAULT_CHECKLIST",
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "Invalid",
    "Refused",
    "add_archive_check",
    "add_checklist_item",
    "add_evidence",
    "add_interview",
    "add_units",
    "answer_objection",
    "assign",
    "assign_leaders_from_portfolios",
    "campaign_action",
    "close_stage",
    "close_visit",
    "cn_date",
    "complete_review",
    "compute",
    "compute_scope",
    "copy_campaign",
    "create_campaign",
    "default_checklist",
    "delete_team",
    "distribute_evaluators",
    "enter_review_on_behalf",
    "enter_self_on_behalf",
    "mark_read",
    "mark_results_stale",
    "missing_leader_ratings",
    "objection_deadline",
    "parse_score",
    "part_label",
    "period_label",
    "plan_visit",
    "publish",
    "raise_finding",
    "raise_objection",
    "rate_on_behalf",
    "rate_portfolio",
    "rate_unit",
    "record_decision",
    "refresh_scope",
    "remove_evidence",
    "remove_unit",
    "reopen_stage",
    "resolve_flag",
    "return_self_assessment",
    "review_problems",
    "review_scores",
    "save_checklist",
    "save_self_assessment",
    "save_sheet",
    "save_team",
    "scheme_info_for",
    "self_assessment_problems",
    "set_category_scheme",
    "set_deadline",
    "set_not_applicable",
    "set_not_evaluated",
    "stage_blockers",
    "submit_self_assessment",
    "tick_item",
    "unassign",
    "unit_info",
    "update_campaign",
    "validate_evidence_file",
]

"""Campaign API, mounted at /api/campaigns/: everything a person does on the campaign pages, through the same
actions and so with the same permissions (docs/campaigns.md). One router; its operations are grouped by stage in
the modules of this package.

- A campaign, a unit's record or any object the user may not see is a 404, as in the UI.
- An action the user's role or the campaign's stage does not allow is a 403 whose `detail` says why
  (e.g. "当前阶段为「案头审核」,不能提出异议;…").
- Input an action cannot accept (missing evidence, a reason left out, an out-of-range score) is a 422 whose
  `detail` names the indicator.
"""

from . import decision, desk_review, feedback, ratings, scoring, self_assessment, setup, visits
from .common import router

__all__ = [
    "decision",
    "desk_review",
    "feedback",
    "ratings",
    "router",
    "scoring",
    "self_assessment",
    "setup",
    "visits",
]

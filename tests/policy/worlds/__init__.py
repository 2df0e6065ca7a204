"""One World per room for the generated policy test (tests/policy/README.md says how to add one)."""

from tests.policy.harness import World

from .accounts import AccountsWorld
from .audit import AuditWorld
from .campaigns import CampaignsWorld
from .duties import DutiesWorld
from .findings import FindingsWorld
from .goals import GoalsWorld
from .plans import PlansWorld
from .registry import RegistryWorld
from .reports import ReportsWorld
from .schemes import SchemesWorld
from .supervision import SupervisionWorld
from .surveys import SurveysWorld
from .workcal import WorkcalWorld
from .workflows import WorkflowsWorld

WORLDS: dict[str, type[World]] = {
    "accounts": AccountsWorld,
    "audit": AuditWorld,
    "campaigns": CampaignsWorld,
    "duties": DutiesWorld,
    "findings": FindingsWorld,
    "registry": RegistryWorld,
    "schemes": SchemesWorld,
    "workcal": WorkcalWorld,
    "surveys": SurveysWorld,
    "reports": ReportsWorld,
    "goals": GoalsWorld,
    "workflows": WorkflowsWorld,
    "plans": PlansWorld,
    "supervision": SupervisionWorld,
}

"""Reports: a published weight-style scheme with a weight study in each state (open with a consistent judgement,
accepted into a draft)."""

from lvzhi.reports import weights
from lvzhi.reports.policy import POLICY
from lvzhi.schemes import actions as scheme_actions
from tests.policy.harness import Route, Target, World
from tests.reports.conftest import weighted

from .base import users_by_role

CONSISTENT = {"0-1": "2", "0-2": "4", "1-2": "2"}


class ReportsWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        admin = base.users.admin
        version = scheme_actions.create_scheme(
            actor=admin,
            code="policy-weights",
            name="权重方案",
            definition={**weighted(), "code": "policy-weights"},
        )
        self.version = scheme_actions.publish_version(version, actor=admin)
        self.studies = {}
        for state in POLICY.states:
            study = weights.start_study(self.version, actor=admin, title=f"判断-{state}")
            weights.save_judgement(study, actor=admin, judge="赵管理", values=CONSISTENT)
            if state == "accepted":
                weights.accept_study(study, actor=admin)
                study.refresh_from_db()
            self.studies[state] = study

    def target(self, route: Route, action: str, state):
        study = self.studies[state]
        params = {"pk": study.pk, "study_id": study.pk}
        if action == "start_weights":
            body = (
                {"scheme": "policy-weights", "version": 1}
                if route.kind == "api"
                else {"version": self.version.pk, "parent_code": ""}
            )
            return Target(None, params, body)
        if action == "judge":
            if route.kind == "api":
                return Target(study, params, {"judge": "专家甲", "values": CONSISTENT})
            if "delete" in route.path:
                return Target(study, params, {"judgement": study.judgements.first().pk})
            return Target(study, params, {"judge": "专家甲", **CONSISTENT})
        if action == "view_weights" and "study_id" not in route.params and "pk" not in route.params:
            return Target(None, params)
        return Target(study, params)

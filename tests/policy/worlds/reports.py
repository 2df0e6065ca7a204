"""Reports: a published weight-style scheme with a weight study in each state (open with a consistent judgement,
accepted into a draft); a campaign with computed results for the robustness routes (the unit contact's unit among
them, the evaluator assigned to it), and a published one for the bulletin after publication."""

import datetime

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import Stage
from lvzhi.reports import batch, templating, unitactions, weights
from lvzhi.reports.models import UnitReport
from lvzhi.reports.policy import POLICY
from lvzhi.schemes import actions as scheme_actions
from tests.campaigns.conftest import MINI_SCHEME, publish_scheme
from tests.campaigns.test_bulletin import run_to
from tests.policy.harness import Route, Target, World
from tests.reports.conftest import weighted
from tests.reports.test_templates import template_docx

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
        campaign = campaign_actions.create_campaign(
            actor=admin,
            name="稳健性活动",
            year=2026,
            categories=[base.service],
            scheme_version=publish_scheme({**MINI_SCHEME, "code": "policy-robustness"}, admin),
            deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
        )
        campaign_actions.assign(campaign, actor=admin, user=base.users.evaluator, units=[base.unit_a])
        self.campaign = run_to(campaign, base, publish=False)
        published = campaign_actions.create_campaign(
            actor=admin,
            name="通报活动",
            year=2026,
            categories=[base.service],
            scheme_version=publish_scheme({**MINI_SCHEME, "code": "policy-bulletin"}, admin),
            deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
        )
        campaign_actions.assign(published, actor=admin, user=base.users.evaluator, units=[base.unit_a])
        self.published = run_to(published, base)
        self.unit = base.unit_a
        self.template = templating.upload_template(
            actor=admin,
            name="模板",
            file_name="t.docx",
            content=template_docx("{{单位名称}}", "{{评估意见}}"),
        )
        templating.use_template(self.template, actor=admin)  # the unit report in the template is downloadable
        # a version not in use: stopping it through the API leaves the one in use alone
        self.spare_template = templating.upload_template(
            actor=admin, name="备用模板", file_name="s.docx", content=template_docx("{{单位名称}}")
        )
        self.batch_job = batch.start_batch(self.campaign, actor=admin, background=False)
        # Unit reports: unit_a's a draft, unit_b's released
        unitactions.draft_reports(self.campaign, actor=admin)
        self.reports = {
            "draft": UnitReport.objects.get(campaign=self.campaign, unit=base.unit_a),
            "released": unitactions.release_report(
                UnitReport.objects.get(campaign=self.campaign, unit=base.unit_b), actor=admin
            ),
        }

    def target(self, route: Route, action: str, state):
        if action in ("campaign_report", "draft_reports"):
            return Target(
                self.campaign, {"pk": self.campaign.pk, "campaign_id": self.campaign.pk, "fmt": "docx"}
            )
        if action == "manage_templates":
            template = self.spare_template if route.path.endswith("/stop") else self.template
            if "pk" in route.params or "template_id" in route.params:
                return Target(template, {"pk": template.pk, "template_id": template.pk})
            return Target(None, {}, {"name": "模板"})
        if action == "view_dashboards":
            params = {"pk": self.campaign.pk, "campaign_id": self.campaign.pk, "board": "overview"}
            return Target(self.campaign, {**params, "chart": "distribution"})
        if action == "view_unit_profile":
            return Target(self.unit, {"pk": self.unit.pk, "unit_id": self.unit.pk, "chart": "totals"})
        if action == "generate_reports":
            params = {"pk": self.campaign.pk, "job": self.batch_job.pk}
            params |= {"campaign_id": self.campaign.pk, "job_id": self.batch_job.pk}
            return Target(self.campaign, params, {"formats": "docx"})
        if action == "view_bulletin":  # before publication (the office's draft) and after
            campaign = self.published if state in ("released", "accepted") else self.campaign
            return Target(campaign, {"pk": campaign.pk, "campaign_id": campaign.pk, "fmt": "docx"})
        if action in ("view_unit_report", "edit_report", "release_report", "withdraw_report"):
            report = self.reports["released" if state in ("released", "accepted") else "draft"]
            body = {"opinion_A": "意见。"} if action == "edit_report" else {}
            if action == "edit_report" and route.kind == "api":
                body = {"texts": {"A": "意见。"}}
            return Target(report, {"pk": report.pk, "report_id": report.pk, "fmt": "docx"}, body)
        if state in ("draft", "released"):
            state = "open" if state == "draft" else "accepted"
        if action in ("view_robustness", "run_robustness"):
            params = {"pk": self.campaign.pk, "campaign_id": self.campaign.pk}
            body = {"draws": 1000, "spread": 25, "threshold": 10} if action == "run_robustness" else {}
            return Target(
                self.campaign, params, body if route.kind == "page" else {"draws": 1000} if body else {}
            )
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

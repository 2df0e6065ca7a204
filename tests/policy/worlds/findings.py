"""Findings: a finding of unit_a in every rectification state (raised by the office, walked there by unit_a's
contact and the office), and a measure against unit_a. A finding route acts on the finding in the case's state;
the unit page on unit_a; a measure route on the measure."""

import datetime

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import Stage
from lvzhi.findings import actions
from lvzhi.findings.models import Recommendation, Situation
from lvzhi.findings.policy import POLICY
from tests.campaigns.conftest import MINI_SCHEME, publish_scheme
from tests.policy.harness import Route, Target, World

from .base import users_by_role

DAY = datetime.date(2026, 6, 30)


class FindingsWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.unit = base.unit_a
        admin, contact = base.users.admin, base.users.contact_a
        self.findings = {}
        for state in POLICY.states:
            f = actions.raise_finding(actor=admin, unit=self.unit, source="hotline", category="underperformance",
                                      title=f"问题-{state}", deadline=DAY)  # fmt: skip
            if state != "open":
                f = actions.file_plan(f, actor=contact, plan="整改方案")
            if state not in ("open", "rectifying"):
                f = actions.submit_evidence(f, actor=contact, note="整改情况")
            if state == "returned":
                f = actions.return_finding(f, actor=admin, reason="佐证不足")
            if state in ("verified", "closed"):
                f = actions.verify_finding(f, actor=admin)
            if state == "closed":
                f = actions.close_finding(f, actor=admin)
            self.findings[state] = f
        self.measure = actions.record_measure(actor=admin, unit=self.unit, kind="interview", person="局长")
        self.report_measure = actions.record_measure(actor=admin, unit=self.unit, kind="written_report")
        self.highlight = actions.save_list_item("highlights", actor=admin, title="亮点", unit=self.unit)
        actions.seed_catalogue(actor=admin)
        self.situation = Situation.objects.order_by("pk").first()
        self.case = actions.record_case(actor=admin, situation=self.situation, unit=self.unit)
        self.campaign = campaign_actions.create_campaign(
            actor=admin, name="结果运用活动", year=2026, categories=[base.service],
            scheme_version=publish_scheme({**MINI_SCHEME, "code": "policy-findings-use"}, admin),
            deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
        )  # fmt: skip
        self.request = actions.record_request(actor=admin, unit=self.unit, title="增设内设机构的请示")
        self.recommendation = Recommendation.objects.create(
            unit=self.unit, campaign=self.campaign, kind="keep", reasons=["评估总分90,等次优秀"]
        )

    def dossier_target(self, route: Route, action: str) -> Target:
        if action == "record_request":
            body = {"unit_id": self.unit.pk, "title": "增加编制的请示"} if route.kind == "api" else {
                "unit": self.unit.pk, "title": "增加编制的请示"}  # fmt: skip
            return Target(None, {}, body)
        if "/requests/" in route.path and "pk" in route.params:
            return Target(self.request, {"pk": self.request.pk})
        return Target(None, {"pk": self.unit.pk, "unit_id": self.unit.pk})

    def use_target(self, route: Route, action: str) -> Target:
        params = {"pk": self.recommendation.pk, "unit": self.unit.pk, "campaign_id": self.campaign.pk}
        bodies = {
            "recommend": {"campaign_id": self.campaign.pk} if route.kind == "api" else {"campaign": self.campaign.pk},
            "decide_recommendation": ({"note": "另行研究"} if route.path.endswith("reject") else
                                      {"document_number": "莱编〔2026〕1号"})
            if route.kind == "api" else {"decision": "accept", "document_number": "莱编〔2026〕1号"},
        }  # fmt: skip
        obj = self.recommendation if "pk" in route.params else None
        return Target(obj, params, bodies.get(action, {}))

    def accountability_target(self, route: Route, action: str) -> Target:
        if "situations" in route.path:
            obj, body = self.situation, {"area": self.situation.area_id, "name": "新情形", "deduction": "1"}
        else:
            obj, body = (
                self.case,
                {"situation": self.situation.pk, "unit": self.unit.pk, "occurred_on": "2026-05-01"},
            )
        if route.kind == "api":
            body = {"unit_id": self.unit.pk, "situation_id": self.situation.pk, "title": "案件",
                    "occurred_on": "2026-05-01"}  # fmt: skip
        if "pk" not in route.params:
            return Target(None, {}, body if action == "manage_accountability" else {})
        return Target(obj if "cases" in route.path else None, {"pk": obj.pk}, body)

    def list_target(self, route: Route, action: str) -> Target:
        params = {"kind": "highlights", "pk": self.highlight.pk}
        if "pk" not in route.params:
            body = {"title": "新亮点", "kind": "unit_practice"} if action == "manage_lists" else {}
            return Target(None, params, body)
        body = {"title": "改"} if route.kind == "api" else {"title": "改", "kind": "unit_practice"}
        return Target(self.highlight, params, body if action == "manage_lists" else {})

    def target(self, route: Route, action: str, state):
        if action == "impose_consequences":
            key = "campaign_id" if route.kind == "api" else "campaign"
            return Target(None, {}, {key: self.campaign.pk})
        if action == "submit_report":
            return Target(self.report_measure, {"pk": self.report_measure.pk}, {"report": "已完成整改。"})
        if action == "export_results":
            return Target(None if "pk" not in route.params and "campaign_id" not in route.params else self.campaign,
                          {"pk": self.campaign.pk, "campaign_id": self.campaign.pk})  # fmt: skip
        if "/requests/" in route.path or "/dossier/" in route.path:
            return self.dossier_target(route, action)
        if "/recommendations/" in route.path:
            return self.use_target(route, action)
        if "/accountability/" in route.path:
            return self.accountability_target(route, action)
        if "/lists/" in route.path:
            return self.list_target(route, action)
        finding = self.findings[state or "open"]
        params = {"pk": finding.pk, "kind": "findings"}
        if action == "complete_measure":
            return Target(self.measure, {"pk": self.measure.pk}, {})
        if route.name == "findings:unit":
            return Target(None, {"pk": self.unit.pk}, {})
        if "pk" not in route.params:
            body = {}
            if route.kind == "api" and action == "raise":
                body = {
                    "unit_id": self.unit.pk,
                    "source": "hotline",
                    "category": "underperformance",
                    "title": "新问题",
                }
            elif action == "raise":
                body = {"unit": self.unit.pk, "source": "hotline", "category": "underperformance", "title": "新问题",
                        "severity": "medium"}  # fmt: skip
            elif action == "manage_categories":
                body = {"name": "新类别"}
            return Target(None, params, body)
        bodies = {
            "file_plan": {"plan": "方案"}, "submit_evidence": {"note": "说明"}, "return": {"reason": "佐证不足"},
            "record_measure": {"kind": "interview"},
            "link_adjustment": {"adjustment_id": None} if route.kind == "api" else {"adjustment": ""},
            "edit": {"title": "改"} if route.kind == "api" else {
                "title": "改", "category": "underperformance", "severity": "medium"},
        }  # fmt: skip
        return Target(finding, params, bodies.get(action, {}))

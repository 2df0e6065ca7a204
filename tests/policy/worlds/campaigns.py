"""Campaigns: one campaign per stage over unit_a and unit_b (tests/campaigns' small scheme), the evaluator assigned
unit_a, the leader rating both, the third party on a team (so that it sees the campaign, not its units). Each
campaign has unit_a's visit with a checklist item, a self-assessment note of evidence, an open objection and a
triangulation flag, so that every route finds what it acts on; the state picks the campaign."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns import actions
from lvzhi.campaigns.models import (
    STAGE_ORDER,
    Campaign,
    CampaignUnit,
    ChecklistItem,
    Evidence,
    LeaderRating,
    Objection,
    Stage,
    TriangulationFlag,
    Visit,
)
from lvzhi.campaigns.policy import CAMPAIGNS
from tests.campaigns.conftest import MINI_SCHEME, publish_scheme
from tests.policy.harness import Route, Target, World

from .base import users_by_role

# The world's campaigns are moved on by force, so approving acknowledges the gaps (lvzhi.campaigns.completeness).
DECISION = {
    "meeting": "编委会第1次会议", "decided_on": "2026-12-01", "outcome": "approved", "text": "同意。",
    "acknowledge_gaps": True,
}  # fmt: skip
FINDING = {"title": "问题", "category": "violation", "severity": "medium"}
API_BODIES = {
    "create_campaign": {"name": "新活动", "year": 2027},
    "copy_campaign": {"year": 2027},
    "reopen_stage": {"stage": "deploy", "reason": "测试"},
    "set_deadlines": {"deploy": None},
    "add_team": {"kind": "working", "name": "工作组"},
    "set_checklist": [{"group": "三必看", "text": "审计报告"}],
    "put_sheet": {"data": {}},
    "return_self": {"reason": "请补充"},
    "review": {"scores": []},
    "mark_not_applicable": {"code": "A2"},
    "add_finding": FINDING,
    "tick": {"ticked": True},
    "add_item": {"group": "三必看", "text": "其他"},
    "add_interview": {"interviewee": "张三", "record": "记录"},
    "add_archive": {"archive": "档案", "result": "conforms"},
    "resolve_flag": {"note": "已核实"},
    "add_objection": {"code": "A1", "reason": "理由"},
    "answer_objection": {"upheld": False, "answer": "维持"},
    "decide": DECISION,
}
PAGE_BODIES = {
    "campaign_copy": {"year": 2027},
    "campaign_setup": {"name": "活动", "year": 2026, "period": "year", "subordinate_share": "0.30",
                       "triangulation_margin": "20"},
    "setup_action": {"kind": "working", "name": "工作组"},
    "stage_reopen": {"stage": "deploy", "reason": "测试"},
    "results": {"action": "compute"},
    "approval": DECISION,
    "evidence_add": {"code": "A1", "text": "说明"},
    "finding_add": FINDING,
    "unit_objections": {"action": "object", "code": "A1", "reason": "理由"},
}  # fmt: skip


class CampaignsWorld(World):
    policy = CAMPAIGNS

    def __init__(self, base):
        self.users = users_by_role(base)
        u = base.users
        self.unit = base.unit_a
        version = publish_scheme(MINI_SCHEME, u.admin)
        self.campaigns, self.cus, self.objects = {}, {}, {}
        for stage in STAGE_ORDER:
            campaign = actions.create_campaign(
                actor=u.admin, name=f"活动-{stage}", year=2026, scheme_version=version, categories=[base.service],
                deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
            )  # fmt: skip
            actions.assign(campaign, actor=u.admin, user=u.evaluator, units=[base.unit_a])
            actions.assign_leaders_from_portfolios(campaign, actor=u.admin)
            team = actions.save_team(
                campaign, actor=u.admin, kind="third_party", name="第三方", members=[u.third_party]
            )
            while campaign.stage != stage:
                if campaign.stage == Stage.FEEDBACK:
                    actions.compute(campaign, actor=u.admin)
                if campaign.stage == Stage.APPROVAL:
                    actions.record_decision(
                        campaign, actor=u.committee, **{**DECISION, "decided_on": datetime.date(2026, 12, 1)}
                    )
                    campaign = Campaign.objects.get(pk=campaign.pk)
                    continue
                campaign = actions.close_stage(campaign, actor=u.admin, force=True, reason="测试推进")
            campaign = Campaign.objects.get(pk=campaign.pk)
            cu = CampaignUnit.objects.select_related("unit", "category").get(
                campaign=campaign, unit=base.unit_a
            )
            cu.campaign = campaign
            visit = Visit.objects.create(campaign_unit=cu)
            item = ChecklistItem.objects.create(visit=visit, order=0, group="三必看", text="审计报告")
            evidence = Evidence.objects.create(
                campaign_unit=cu, purpose="self", code="A1", kind="text", text="说明", uploaded_by=u.contact_a
            )
            objection = Objection.objects.create(
                campaign_unit=cu, code="A1", reason="理由", submitted_by=u.contact_a
            )
            flag = TriangulationFlag.objects.create(
                campaign=campaign, unit=base.unit_a, code="A1", spread=Decimal(30)
            )
            assignment = campaign.assignments.filter(user=u.evaluator).first()
            self.campaigns[stage], self.cus[stage] = campaign, cu
            self.objects[stage] = {"item": item, "evidence": evidence, "objection": objection, "flag": flag,
                                   "team": team, "assignment": assignment}  # fmt: skip

    def _set_self_status(self, cu, action):
        """The status a unit's self-assessment has when the action is one people take: being filled in (or
        returned, once the desk review has begun) for the contact's edits, submitted for the review."""
        if action in {"self_assess", "self_on_behalf"}:
            status = "returned" if cu.campaign.stage == Stage.DESK_REVIEW else "draft"
        elif action in {"desk_review", "return_self"}:
            status = "submitted"
        else:
            return
        CampaignUnit.objects.filter(pk=cu.pk).update(self_status=status)
        cu.self_status = status

    def target(self, route: Route, action: str, state):
        campaign, cu, objects = self.campaigns[state], self.cus[state], self.objects[state]
        self._set_self_status(cu, action)
        params = {
            "pk": campaign.pk, "campaign_id": campaign.pk, "unit_id": self.unit.pk, "form": "performance_report",
            "what": "team", "evidence_id": objects["evidence"].pk, "item_id": objects["item"].pk,
            "objection_id": objects["objection"].pk, "flag_id": objects["flag"].pk, "team_id": objects["team"].pk,
            "assignment_id": objects["assignment"].pk,
        }  # fmt: skip
        name = route.view.__name__
        obj = None if action in {"create", "manage", "read_notifications"} else campaign
        if "flag_id" in route.params:
            obj = objects["flag"]
        elif "objection_id" in route.params:
            obj = objects["objection"]
        elif "unit_id" in route.params:
            obj = cu
        if route.kind == "api":
            if name == "add_evidence":
                return Target(obj, params, {"purpose": "self", "code": "A1", "text": "说明"}, multipart=True)
            if name == "import_data":
                upload = SimpleUploadedFile(
                    "data.csv", "单位代码,指标代码,数值\n".encode(), content_type="text/csv"
                )
                return Target(obj, params, {"kind": "survey", "file": upload}, multipart=True)
            body = API_BODIES.get(name, {})
            if name == "rate":
                body = {"unit_id": self.unit.pk, "rating": LeaderRating.Rating.values[0]}
            elif name == "rate_on_behalf":
                body = {"leader_id": self.users["leader"].pk, "unit_id": self.unit.pk,
                        "rating": LeaderRating.Rating.values[0], "document": "纸质评价表"}  # fmt: skip
            elif name == "add_units":
                body = {"unit_ids": [self.unit.pk]}
            elif name == "add_assignment":
                body = {"user_id": self.users["evaluator"].pk, "unit_ids": [self.unit.pk]}
            return Target(obj, params, body)
        body = dict(PAGE_BODIES.get(name, {}))
        if name == "triangulation":
            body = {"flag": objects["flag"].pk, "note": "已核实"}
        elif name == "rating_on_behalf":
            body = {"leader": self.users["leader"].pk, "unit": self.unit.pk, "period": "H1",
                    "rating": LeaderRating.Rating.values[0], "document": "纸质评价表"}  # fmt: skip
        elif name == "unit_visit":
            body = {"action": "tick", "item": objects["item"].pk, "ticked": "1"}
        return Target(obj, params, body)

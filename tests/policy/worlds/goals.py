"""Goals: one unit_a goal in each state (draft, submitted, returned, approved), each broken down into a task, with
a first-quarter progress report and an evidence file."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns.actions import create_campaign
from lvzhi.goals.models import Goal, GoalTask, ProgressEvidence, ProgressReport
from lvzhi.goals.policy import POLICY
from tests.campaigns.conftest import advance, publish_scheme
from tests.policy.harness import Route, Target, World

from .base import users_by_role

UNIT_ROUTES = {"unit_page", "goal_new", "plans_page"}


class GoalsWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.base = base
        self.unit = base.unit_a
        self.year = datetime.date.today().year
        self.goals = {}
        self.tasks = {}
        self.evidence = {}
        for seq, state in enumerate(POLICY.states, start=1):
            goal = Goal.objects.create(
                unit=self.unit, year=self.year, seq=seq, title=f"目标{seq}", source="central_task",
                source_note="政府工作报告", nature="quantitative", metric="项目数", measure_unit="个",
                target=8, status=state,
            )  # fmt: skip
            self.goals[state] = goal
            self.tasks[state] = GoalTask.objects.create(
                goal=goal, seq=1, internal_body=base.planning, text="推进"
            )
            report = ProgressReport.objects.create(
                goal=goal, quarter=1, actual=2, completion="done", progress="已完成"
            )
            self.evidence[state] = ProgressEvidence.objects.create(
                report=report, file=SimpleUploadedFile("jindu.pdf", b"%PDF-1.4 test")
            )
        scheme = {"format": "lvzhi-scheme/1", "code": "goals-world", "name": "目标", "categories": ["政务服务"],
                  "indicators": [{"code": "A", "name": "目标", "points": 100, "source": "goals",
                                  "rule": {"type": "ratio", "target": 100}}]}  # fmt: skip
        campaign = create_campaign(
            actor=base.users.admin,
            name="目标计分",
            year=self.year,
            scheme_version=publish_scheme(scheme),
            categories=[base.service],
        )
        self.campaign = advance(
            campaign, "multi_party", base.users.admin
        )  # the stage that takes imported data

    def _body(self, name: str) -> dict:
        return {
            "create_goal": {"year": self.year, "title": "新目标", "source": "assigned", "source_note": "上级文件",
                            "nature": "qualitative", "measure_q1": "a", "measure_q2": "b", "measure_q3": "c",
                            "measure_q4": "d"},
            "update_goal": {"year": self.year, "title": "改", "source": "assigned", "source_note": "上级文件",
                            "nature": "qualitative", "measure_q1": "a", "measure_q2": "b", "measure_q3": "c",
                            "measure_q4": "d"},
            "review_goal": {"decision": "return", "reason": "目标值偏低"},
            "add_task": {"internal_body": self.base.planning.pk, "text": "推进"},
            "report_progress": {"actual": "3", "progress": "推进中"},
            "remind": {},
        }.get(name, {})  # fmt: skip

    def target(self, route: Route, action: str, state):
        goal = self.goals[state or "draft"]
        name = route.view.__name__
        if "task" in name and "delete" in name:
            pk, obj = self.tasks[state or "draft"].pk, self.tasks[state or "draft"]
        elif "evidence" in name:
            pk, obj = self.evidence[state or "draft"].pk, self.evidence[state or "draft"]
        elif name in UNIT_ROUTES or action == "file" or "unit_id" in route.params:
            pk, obj = self.unit.pk, self.unit
        else:
            pk, obj = goal.pk, goal
        if action in {"remind", "import", "export", "feed_scores"} or name in {"index", "list_goals"}:
            obj = None
        params = {"pk": pk, "year": self.year, "quarter": 1, "goal_id": goal.pk, "unit_id": self.unit.pk,
                  "task_id": self.tasks[state or "draft"].pk, "campaign_id": self.campaign.pk, "evidence_id": self.evidence[state or "draft"].pk, "kind": "goals"}  # fmt: skip
        if route.kind == "api" and name == "import_file":
            upload = SimpleUploadedFile("goals.csv", "单位代码,目标内容\n".encode(), content_type="text/csv")
            return Target(obj, params, {"file": upload, "kind": "goals"}, multipart=True)
        if route.kind == "api" and name == "upload_evidence":
            upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
            return Target(obj, params, {"file": upload}, multipart=True)
        if name == "task_delete" or name == "delete_task":
            obj = self.tasks[state or "draft"]
        return Target(obj, params, self._body(name) if route.kind == "api" else {})

"""Workflows: unit_a's power item with three workflows whose versions are in every state (W1: v1 superseded,
v2 in force; W2: v1 submitted; W3: v1 a draft), each version with a step and a sub-step; a norm of the planning
section."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.duties.models import PowerItem
from lvzhi.workflows.models import Status, Step, Workflow, WorkflowVersion, WorkNorm
from lvzhi.workflows.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role

DAY = datetime.date(2025, 1, 1)


class WorkflowsWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.base = base
        unit = self.unit = base.unit_a
        self.item = PowerItem.objects.create(
            unit=unit, code="XK-101", name="企业投资项目核准", item_type="licensing", valid_from=DAY
        )
        self.versions = {}
        for code, statuses in (("W1", (Status.SUPERSEDED, Status.IN_FORCE)), ("W2", (Status.SUBMITTED,)),
                               ("W3", (Status.DRAFT,))):  # fmt: skip
            workflow = Workflow.objects.create(
                unit=unit, code=code, name=f"流程{code}", subject_kind="power", power_item_key=self.item.key,
                subject_name=self.item.name, internal_body=base.planning,
            )  # fmt: skip
            for number, status in enumerate(statuses, start=1):
                adopted = status in {Status.SUPERSEDED, Status.IN_FORCE}
                version = WorkflowVersion.objects.create(
                    unit=unit, workflow=workflow, number=number, status=status,
                    valid_from=datetime.date(2024 + number, 1, 1) if adopted else None,
                    valid_to=datetime.date(2025, 1, 1) if status == Status.SUPERSEDED else None,
                )  # fmt: skip
                top = Step.objects.create(
                    unit=unit, version=version, seq=1, name="审查", post=base.clerk_post
                )
                Step.objects.create(
                    unit=unit, version=version, parent=top, seq=1, name="材料审查", responsible="经办人"
                )
                self.versions[status] = version
        self.workflow = self.versions[Status.IN_FORCE].workflow
        self.norm = WorkNorm.objects.create(unit=unit, internal_body=base.planning, title="规划科工作规程")

    def _body(self, name: str, version):
        top = version.steps.filter(parent=None).first()
        return {
            "create_workflow": {
                "unit": self.unit.pk, "code": "W9", "name": "新流程", "subject_kind": "power",
                "power_item_key": self.item.key,
            },
            "new_version": {"reason": "流程再造"},
            "add_step": {"name": "送达", "responsible": "申请人"},
            "update_step": {"name": "审查", "post": self.base.clerk_post.pk},
            "move_step": {"up": True},
            "adopt": {},
            "return_version": {"reason": "请补充时限依据"},
        }.get(name, {}) if top is not None else {}  # fmt: skip

    def target(self, route: Route, action: str, state):
        version = self.versions[state or Status.DRAFT]
        step = version.steps.exclude(parent=None).first()
        path, name = route.path, route.view.__name__
        on_step = "/steps/{" in path and "/steps/new" not in path and not path.endswith("/steps")
        on_version = "/versions/{" in path and not on_step
        on_norm = "/norms/{" in path
        on_section = "/sections/{" in path
        if on_step:
            obj, pk = step, step.pk
        elif on_version:
            obj, pk = version, version.pk
        elif on_norm:
            obj, pk = self.norm, self.norm.pk
        elif on_section:
            obj, pk = self.base.planning, self.base.planning.pk
        elif "{pk}" in path or "{workflow_id}" in path:
            obj, pk = self.workflow, self.workflow.pk
        elif "{unit_id}" in path or name in {"create_workflow", "workflow_pick"}:
            obj, pk = self.unit, self.unit.pk
        else:
            obj, pk = None, None
        if action == "view" and obj is None:
            obj = None
        params = {
            "pk": pk, "workflow_id": self.workflow.pk, "version_id": version.pk, "step_id": step.pk,
            "unit_id": self.unit.pk, "body_id": self.base.planning.pk, "norm_id": self.norm.pk, "fmt": "svg",
            "direction": "up", "unit": self.unit.pk, "a": 1, "b": 2,
        }  # fmt: skip
        if name == "import_file" or (route.kind == "page" and name == "import_page"):
            upload = SimpleUploadedFile(
                "workflows.csv", "单位代码,流程编码,环节序号,环节名称\n".encode(), content_type="text/csv"
            )
            return Target(None, params, {"file": upload}, multipart=True)
        if name in {"add_norm", "norm_add"}:
            return Target(obj, params, {"title": "规划科工作规范"}, multipart=True)
        if route.kind == "page" and name == "version_return":
            return Target(obj, params, {"reason": "请补充时限依据"}, multipart=True)
        if route.kind == "page" and name == "version_new":
            return Target(obj, params, {"reason": "流程再造"}, multipart=True)
        return Target(obj, params, self._body(name, version) if route.kind == "api" else {})

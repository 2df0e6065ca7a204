"""A supervision world on the registry world: unit_a's power item XK-001 and task, its approval workflow LC-1 in
force since 2025 (受理 4 working hours, 审查 3 working days, 审批 2, 送达 1), and a store in a temporary directory."""

import datetime
from types import SimpleNamespace

import pytest

from lvzhi.duties.models import BodyDuty, PowerItem, Task
from lvzhi.workflows.models import Status, Step, Workflow, WorkflowVersion

STEPS = [("受理", 4, "hours"), ("审查", 3, "days"), ("审批", 2, "days"), ("送达", 1, "days")]


@pytest.fixture(autouse=True)
def store_dir(settings, tmp_path):
    settings.SUPERVISION_DIR = tmp_path / "supervision"
    return settings.SUPERVISION_DIR


@pytest.fixture
def sv(world):
    unit = world.unit_a
    item = PowerItem.objects.create(
        unit=unit,
        code="XK-001",
        name="企业投资项目核准",
        item_type="licensing",
        valid_from=datetime.date(2025, 1, 1),
    )
    duty = BodyDuty.objects.create(unit=unit, internal_body=world.planning, seq=1, text="负责规划编制。")
    task = Task.objects.create(unit=unit, body_duty=duty, seq=1, text="编制年度计划")
    workflow = Workflow.objects.create(
        unit=unit,
        code="LC-1",
        name="企业投资项目核准流程",
        subject_kind="power",
        power_item_key=item.key,
        subject_name=item.name,
        internal_body=world.planning,
    )
    version = WorkflowVersion.objects.create(
        unit=unit, workflow=workflow, number=1, status=Status.IN_FORCE, valid_from=datetime.date(2025, 1, 1)
    )
    for seq, (name, limit, time_unit) in enumerate(STEPS, start=1):
        Step.objects.create(
            unit=unit,
            version=version,
            seq=seq,
            name=name,
            post=world.clerk_post,
            time_limit=limit,
            time_unit=time_unit,
        )
    return SimpleNamespace(world=world, unit=unit, item=item, task=task, workflow=workflow)

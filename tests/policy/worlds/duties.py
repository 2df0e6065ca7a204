"""Duties: unit_a's decomposition (a body duty and a task), a power item with its history, a notice with unit_a's
pending claim, and an overlap candidate between unit_a and unit_b."""

import datetime

from lvzhi.duties.models import (
    BodyDuty,
    ChangeNotice,
    NoticeClaim,
    OverlapCandidate,
    PowerItem,
    Task,
)
from lvzhi.duties.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role

ON_UNIT = {"edit_decomposition", "edit_list"}
DAY = datetime.date(2026, 1, 1)


class DutiesWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.base = base
        self.unit = base.unit_a
        main = self.unit.current_sanding.main_duties.first()
        self.duty = BodyDuty.objects.create(
            unit=self.unit,
            internal_body=base.planning,
            main_duty=main,
            seq=1,
            text="负责国民经济和社会发展规划的编制。",
        )
        self.task = Task.objects.create(unit=self.unit, body_duty=self.duty, seq=1, text="起草年度计划。")
        self.item = PowerItem.objects.create(
            unit=self.unit,
            code="XK-001",
            name="固定资产投资项目核准",
            item_type="licensing",
            valid_from=DAY,
            is_published=True,
        )
        self.notice = ChangeNotice.objects.create(
            region=base.laiyang,
            issuer="烟台市委编办",
            document_number="烟编〔2026〕3号",
            title="调整权责事项",
            change_type="change",
            deadline=datetime.date(2026, 12, 31),
        )
        self.claim = NoticeClaim.objects.create(
            notice=self.notice, unit=self.unit, deadline=self.notice.deadline
        )
        self.candidate = OverlapCandidate.objects.create(
            region=base.laiyang,
            pair_key="task:1|task:2",
            source_a="task:1",
            source_b="task:2",
            unit_a=self.unit,
            unit_b=base.unit_b,
            text_a="负责养老服务。",
            text_b="负责养老服务机构监管。",
            score=0.8,
        )

    def target(self, route: Route, action: str, state):
        params = {
            "pk": self.unit.pk,
            "unit_id": self.unit.pk,
            "duty_id": self.duty.pk,
            "task_id": self.task.pk,
            "item_id": self.item.pk,
            "kind": "power",
            "key": self.item.key,
            "claim_id": self.claim.pk,
            "notice_id": self.notice.pk,
            "candidate_id": self.candidate.pk,
        }
        if action == "claim":
            obj = self.claim
        elif action in ON_UNIT or (action == "view" and {"pk", "unit_id"} & set(route.params)):
            obj = self.unit
        else:
            obj = None
        return Target(obj, params, {})

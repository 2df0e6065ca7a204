"""Duties: unit_a's decomposition (a body duty and a task), a power item and a boundary item, a notice with unit_a's
pending claim, and an overlap candidate between unit_a and unit_b."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.campaigns.actions import create_campaign
from lvzhi.duties.models import (
    BodyDuty,
    BoundaryItem,
    CatalogueItem,
    ChangeNotice,
    NoticeClaim,
    OverlapCandidate,
    PowerItem,
    Task,
)
from lvzhi.duties.policy import POLICY
from lvzhi.registry.models import Person
from tests.campaigns.conftest import advance, publish_scheme
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
        self.person = Person.objects.get(staff_no="P0002")
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
        self.boundary = BoundaryItem.objects.create(
            region=base.laiyang, code="BJ-1", matter="养老服务机构监管", unit=self.unit, valid_from=DAY
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
        self.catalogue = CatalogueItem.objects.create(
            region=base.province, code="370000-XK-9", name="建设项目用地预审", item_type="licensing",
            legal_basis="《土地管理法》第五十二条",
        )  # fmt: skip
        scheme = {"format": "lvzhi-scheme/1", "code": "lists-world", "name": "清单", "categories": ["政务服务"],
                  "indicators": [{"code": "B", "name": "上级变更认领", "points": 100, "source": "清单管理:认领及时率",
                                  "rule": {"type": "ratio", "target": 100}}]}  # fmt: skip
        campaign = create_campaign(
            actor=base.users.admin, name="清单计分", year=2026, scheme_version=publish_scheme(scheme),
            categories=[base.service],
        )  # fmt: skip
        self.campaign = advance(campaign, "multi_party", base.users.admin)  # the stage that takes imported data

    def _body(self, name, boundary):
        change = {"reason": "生成的权限测试", "effective_date": "2026-06-01"}
        values = (
            {"region": self.base.laiyang.pk, "code": "BJ-9", "matter": "其他事项", "unit": self.unit.pk}
            if boundary
            else {"unit": self.unit.pk, "code": "QT-9", "name": "其他事项", "item_type": "other"}
        )
        return {
            "create_body_duty": {"internal_body": self.base.planning.pk, "text": "负责规划。"},
            "update_body_duty": {"internal_body": self.base.planning.pk, "text": "负责规划。"},
            "create_task": {"text": "起草规划"},
            "update_task": {"text": "起草规划"},
            "add_item": {"values": values, "change": change},
            "change_item": {"values": {}, "change": change},
            "cancel_item": {"change": change},
            "delegate": {"receiving_body": "古柳街道办事处", "change": change},
            "create_notice": {
                "region": self.base.laiyang.pk,
                "issuer": "烟台市委编办",
                "document_number": "1",
                "title": "t",
                "change_type": "add",
                "deadline": "2026-12-31",
                "units": [self.unit.pk],
            },
            "claim": {"note": "已认领"},
            "remind": {},
            "scan": {"region": self.base.laiyang.pk},
            "confirm": {},
            "dismiss": {},
            "settle": {"boundary_item": self.boundary.pk},
            "create_catalogue_item": {"region": self.base.province.pk, "code": "370000-QT-1", "name": "其他事项",
                                      "item_type": "other"},
            "update_catalogue_item": {"region": self.base.province.pk, "code": "370000-XK-9", "name": "用地预审",
                                      "item_type": "licensing"},
            "localise": {"unit": self.unit.pk, "change": change},
        }.get(name, {})

    def target(self, route: Route, action: str, state):
        boundary = action == "edit_boundary"
        params = {
            "pk": self.unit.pk,
            "unit_id": self.unit.pk,
            "duty_id": self.duty.pk,
            "task_id": self.task.pk,
            "item_id": self.boundary.pk if boundary else self.item.pk,
            "kind": "boundary" if boundary else "power",
            "key": self.item.key,
            "claim_id": self.claim.pk,
            "notice_id": self.notice.pk,
            "candidate_id": self.candidate.pk,
            "decision": "dismiss",
            "post_id": self.base.clerk_post.pk,
            "person_id": self.person.pk,
            "campaign_id": self.campaign.pk,
            "catalogue_id": self.catalogue.pk,
        }
        if action == "claim":
            obj = self.claim
        elif action in ON_UNIT or (action == "view" and {"pk", "unit_id", "post_id", "person_id"} & set(route.params)):
            obj = self.unit
        else:
            obj = None
        name = route.view.__name__
        if route.kind == "api" and name == "import_file":
            upload = SimpleUploadedFile(
                "power.csv", "单位代码,事项编码,事项名称\n".encode(), content_type="text/csv"
            )
            return Target(
                obj, {**params, "kind": "power"}, {"file": upload, "reason": "生成的权限测试"}, multipart=True
            )
        if route.kind == "api" and name == "import_catalogue":
            upload = SimpleUploadedFile(
                "catalogue.csv", "发布层级代码,事项编码,事项名称,事项类型\n".encode(), content_type="text/csv"
            )
            return Target(obj, params, {"file": upload, "reason": "生成的权限测试"}, multipart=True)
        return Target(obj, params, self._body(name, boundary) if route.kind == "api" else {})

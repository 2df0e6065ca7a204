"""A workflow world: unit_a's power item with its posts (a clerk, the planning section's head, a deputy, the
head), and a helper that draws a version from a compact spec through the room's actions."""

import datetime
from types import SimpleNamespace

import pytest

from lvzhi.duties import actions as duties_actions
from lvzhi.registry.models import LeadershipLevel, Post
from lvzhi.workflows import actions

DAY = datetime.date(2026, 1, 5)


@pytest.fixture
def flow(world):
    admin = world.users.admin
    posts = SimpleNamespace(
        clerk=Post.objects.create(unit=world.unit_a, internal_body=world.planning, code="A-11", name="规划科科员"),
        chief=Post.objects.create(
            unit=world.unit_a, internal_body=world.planning, code="A-10", name="规划科科长",
            leadership_level=LeadershipLevel.BODY_HEAD,
        ),
        deputy=Post.objects.create(
            unit=world.unit_a, code="A-03", name="副局长", leadership_level=LeadershipLevel.UNIT_DEPUTY
        ),
        head=world.head_post,
    )  # fmt: skip
    change = duties_actions.Change(reason="清单", effective_date=datetime.date(2025, 1, 1))
    item = duties_actions.add_item(
        "power",
        {"unit": world.unit_a, "code": "XK-001", "name": "企业投资项目核准", "item_type": "licensing",
         "internal_body": world.planning},
        change=change,
        actor=admin,
    )  # fmt: skip

    def draw(version, specs, parent=None, actor=admin):
        """specs: [(name, post key or words, limit, unit, sign_off, materials, [sub-specs])]"""
        for name, who, limit, unit, sign_off, materials, children in specs:
            post = getattr(posts, who, None)
            step = actions.save_step(
                version, name=name, parent=parent, post=post, responsible="" if post else who,
                time_limit=limit, time_unit=unit, sign_off=sign_off, materials=materials, actor=actor,
            )  # fmt: skip
            draw(version, children, parent=step, actor=actor)
        return version

    def new(code="LC-1", name="企业投资项目核准流程", actor=admin):
        return actions.create_workflow(
            world.unit_a, code=code, name=name, subject_kind="power", power_item_key=item.key,
            internal_body=world.planning, actor=actor,
        )  # fmt: skip

    return SimpleNamespace(world=world, admin=admin, posts=posts, item=item, draw=draw, new=new)


# The approval workflow before and after its redesign (hand-counted in the tests).
BEFORE = [
    ("受理", "clerk", 4, "hours", "post", "项目申请报告\n用地预审意见\n营业执照", []),
    ("审查", "clerk", None, "days", "", "", [
        ("材料审查", "clerk", 3, "days", "", "", []),
        ("征求意见", "clerk", 5, "days", "", "", []),
        ("评估论证", "clerk", 2, "days", "", "评估报告", []),
    ]),
    ("科室审核", "chief", 2, "days", "section", "", []),
    ("分管领导审签", "deputy", 2, "days", "deputy", "", []),
    ("局长签发", "head", 2, "days", "head", "", []),
    ("党组会研究", "head", 3, "days", "collective", "", []),
    ("送达", "clerk", 1, "days", "", "", []),
]  # fmt: skip
AFTER = [
    ("受理", "clerk", 4, "hours", "post", "项目申请报告\n营业执照", []),
    ("审查", "clerk", 7, "days", "", "", [
        ("材料审查", "clerk", 2, "days", "", "", []),
        ("并联征求意见", "clerk", 5, "days", "", "", []),
    ]),
    ("科室审批", "chief", 2, "days", "section", "", []),
    ("送达", "clerk", 1, "days", "", "", []),
]  # fmt: skip

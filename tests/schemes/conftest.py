"""Fixtures for the schemes room: a small valid scheme, published and draft versions, JSON API clients."""

import copy

import pytest

from lvzhi.schemes import actions
from tests.api.conftest import api, token_api  # noqa: F401 - fixtures

# A small scheme in the documented format: two level-1 indicators by points, a rating leaf, a deduction group,
# grade bands with a downgrade rule and per-category points.
SMALL = {
    "format": "lvzhi-scheme/1",
    "code": "small",
    "name": "小型测试方案",
    "level": "central",
    "total": 100,
    "categories": ["党群系统", "政务服务"],
    "inputs": [{"name": "cases", "label": "违纪案件数", "type": "number", "default": 0}],
    "rating_scales": {"four": {"优秀": 100, "良好": 85, "一般": 70, "差": 50}},
    "indicators": [
        {
            "code": "A",
            "name": "主责主业",
            "points": 60,
            "children": [
                {"code": "A1", "name": "重点工作", "points": 40, "rule": {"type": "entered"},
                 "source": "desk_review", "evidence": ["工作台账"], "standard": "按完成情况评分",
                 "by_category": {"党群系统": 30}},
                {"code": "A2", "name": "常规工作", "points": 20, "rule": {"type": "ratio", "target": 10},
                 "by_category": {"党群系统": 30}},
            ],
        },
        {
            "code": "B",
            "name": "满意度",
            "points": 40,
            "children": [
                {"code": "B1", "name": "领导评价", "points": 40, "source": "leader_rating",
                 "rule": {"type": "rating", "scale": "four"}},
            ],
        },
        {
            "code": "X",
            "name": "问责扣分",
            "kind": "deduction",
            "points": 10,
            "children": [
                {"code": "X1", "name": "问责", "kind": "deduction", "points": 10,
                 "rule": {"type": "occurrences", "per": 5}},
            ],
        },
    ],
    "grades": {
        "bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般", "min": 60},
                  {"grade": "差"}],
        "rules": [{"when": "cases > 0", "downgrade": 1, "reason": "有违纪案件,降一个等次"}],
    },
}


def small(**changes) -> dict:
    definition = copy.deepcopy(SMALL)
    definition.update(changes)
    return definition


def node(definition: dict, code: str) -> dict:
    def walk(nodes):
        for item in nodes:
            if item["code"] == code:
                return item
            found = walk(item.get("children") or [])
            if found is not None:
                return found
        return None

    return walk(definition["indicators"])


@pytest.fixture
def draft(world):
    """Draft v1 of the small scheme, created by the office administrator."""
    return actions.create_scheme(actor=world.users.admin, code="small", name="小型测试方案", level="central",
                                 definition=small())


@pytest.fixture
def published(draft, world):
    """The small scheme's v1, published."""
    return actions.publish_version(draft, actor=world.users.admin)

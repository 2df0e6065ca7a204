"""Fixtures for the reports room: a weight-style and a points-style scheme, published."""

import copy

import pytest

from lvzhi.schemes import actions as scheme_actions
from tests.api.conftest import api  # noqa: F401 - fixture
from tests.schemes.conftest import small

WEIGHTED = {
    "format": "lvzhi-scheme/1",
    "code": "weighted",
    "name": "权重式测试方案",
    "total": 100,
    "indicators": [
        {
            "code": "A",
            "name": "职能履行",
            "weight": 40,
            "children": [{"code": "A1", "name": "重点工作", "weight": 100}],
        },
        {
            "code": "B",
            "name": "机构编制管理",
            "weight": 40,
            "children": [{"code": "B1", "name": "编制使用", "weight": 100}],
        },
        {
            "code": "C",
            "name": "社会评价",
            "weight": 20,
            "children": [{"code": "C1", "name": "满意度", "weight": 100}],
        },
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般"}]},
}


def weighted() -> dict:
    return copy.deepcopy(WEIGHTED)


@pytest.fixture
def weighted_version(world):
    version = scheme_actions.create_scheme(
        actor=world.users.admin, code="weighted", name="权重式测试方案", definition=weighted()
    )
    return scheme_actions.publish_version(version, actor=world.users.admin)


@pytest.fixture
def points_version(world):
    version = scheme_actions.create_scheme(
        actor=world.users.admin, code="small", name="小型测试方案", definition=small()
    )
    return scheme_actions.publish_version(version, actor=world.users.admin)

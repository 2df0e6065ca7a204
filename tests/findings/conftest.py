import datetime

import pytest

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import Stage
from lvzhi.findings import actions
from tests.campaigns.conftest import MINI_SCHEME, camp, mini_version, publish_scheme  # noqa: F401
from tests.campaigns.test_bulletin import run_to
from tests.factories import make_registry_world


@pytest.fixture
def world(db):
    return make_registry_world()


def raise_for(world, unit=None, **extra):
    values = {"source": "hotline", "category": "underperformance", "title": "12345热线反映办证排队时间长",
              "deadline": datetime.date(2026, 12, 31), **extra}  # fmt: skip
    return actions.raise_finding(actor=world.users.admin, unit=unit or world.unit_a, **values)


def to_state(world, finding, state):
    """Walk a finding to `state` the way people do (the contact files, the office decides)."""
    contact, admin = world.users.contact_a, world.users.admin
    if state == "open":
        return finding
    finding = actions.file_plan(finding, actor=contact, plan="一周内增设两个窗口")
    if state == "rectifying":
        return finding
    finding = actions.submit_evidence(finding, actor=contact, note="已增设窗口并公示")
    if state == "submitted":
        return finding
    if state == "returned":
        return actions.return_finding(finding, actor=admin, reason="缺少公示照片")
    finding = actions.verify_finding(finding, actor=admin)
    if state == "verified":
        return finding
    return actions.close_finding(finding, actor=admin)


@pytest.fixture
def published(world, camp):  # noqa: F811 - unit_a 54.4, unit_b 51; published
    return run_to(camp, world)


@pytest.fixture
def unpublished(world):
    u = world.users
    other = campaign_actions.create_campaign(
        actor=u.admin, name="2026年度专项评估", year=2026, categories=[world.service],
        scheme_version=publish_scheme({**MINI_SCHEME, "code": "mini-draft"}, u.admin),
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    return run_to(other, world, publish=False)

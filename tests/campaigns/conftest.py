"""Fixtures of the campaign tests: a small published scheme that uses every data source, and a campaign over the
two 政务服务 units of the registry world (unit_a: contact_a, evaluator; both in the leader's portfolio)."""

import datetime
from types import SimpleNamespace

import pytest

from lvzhi.campaigns import actions
from lvzhi.campaigns.models import Stage
from lvzhi.schemes.models import Scheme, SchemeVersion

MINI_SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "mini-test",
    "name": "测试评估方案",
    "categories": ["党群系统", "政务服务"],
    "rating_scales": {"four": {"优秀": 100, "良好": 80, "一般": 60, "差": 0}},
    "period_sets": {"halves": {"H1": 50, "H2": 50}},
    "indicators": [
        {
            "code": "A",
            "name": "履职情况",
            "points": 60,
            "children": [
                {"code": "A1", "name": "年度目标完成", "points": 20, "source": "self_assessment",
                 "evidence": ["年度工作目标及完成情况证明"]},
                {"code": "A2", "name": "三定规定执行", "points": 20, "source": "desk_review"},
                {"code": "A3", "name": "重点任务落实", "points": 20, "source": "on_site"},
                {"code": "A4", "name": "领导评价", "kind": "bonus", "points": 10, "source": "leader_rating",
                 "periods": "halves", "rule": {"type": "rating", "scale": "four"}},
                {"code": "A5", "name": "察访核验减分", "kind": "deduction", "points": 10,
                 "source": "external_import", "rule": {"type": "occurrences", "per": 1}},
            ],
        },
        {
            "code": "B",
            "name": "满意度",
            "points": 40,
            "children": [
                {"code": "B1", "name": "热线满意率", "points": 20, "source": "hotline", "rule": {"type": "survey"}},
                {"code": "B2", "name": "第三方评估", "points": 20, "source": "external_import",
                 "rule": {"type": "import", "scale": 100}},
            ],
        },
    ],
    "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "一般", "min": 60},
                         {"grade": "差"}]},
    "ranking": {"within": "category", "order": "desc"},
}  # fmt: skip


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world fixture creates seven users; PBKDF2 would spend seconds hashing their test password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def publish_scheme(definition, actor=None):
    scheme = Scheme.objects.create(code=definition["code"], name=definition["name"])
    return SchemeVersion.objects.create(
        scheme=scheme,
        number=1,
        status=SchemeVersion.Status.PUBLISHED,
        definition=definition,
        created_by=actor,
    )


@pytest.fixture
def mini_version(world):
    return publish_scheme(MINI_SCHEME, world.users.admin)


@pytest.fixture
def camp(world, mini_version):
    """A 2026 campaign in deployment over unit_a and unit_b, with the evaluator on unit_a and the leader
    rating both."""
    u = world.users
    campaign = actions.create_campaign(
        actor=u.admin,
        name="2026年度履职评估",
        year=2026,
        scheme_version=mini_version,
        categories=[world.service],
        deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )
    actions.assign(campaign, actor=u.admin, user=u.evaluator, units=[world.unit_a])
    actions.assign_leaders_from_portfolios(campaign, actor=u.admin)
    return campaign


def advance(campaign, stage, actor):
    """Force the campaign forward to `stage` (each skipped stage closed with a reason)."""
    from lvzhi.campaigns.models import STAGE_ORDER, Campaign

    campaign = Campaign.objects.get(pk=campaign.pk)
    while STAGE_ORDER.index(campaign.stage) < STAGE_ORDER.index(stage):
        campaign = actions.close_stage(campaign, actor=actor, force=True, reason="测试推进")
    return Campaign.objects.get(pk=campaign.pk)


def cu_of(campaign, unit):
    cu = campaign.units.select_related("unit", "category").get(unit=unit)
    cu.campaign = campaign
    return cu


def text_evidence(cu, actor, code="A1"):
    return actions.add_evidence(cu, actor=actor, code=code, text="年度目标12项,全部完成,见附件台账。")


@pytest.fixture
def ns():
    return SimpleNamespace(advance=advance, cu_of=cu_of, text_evidence=text_evidence)


@pytest.fixture
def api():
    """api(user) -> a JSON client of /api/ signed in by session as that user."""
    from tests.api.conftest import ApiClient

    return lambda user=None: ApiClient(user)

"""Fixtures of the surveys tests: a scheme with survey indicators (服务对象 by options; the bureau's
satisfaction as leadership 40 + staff 60), a campaign over unit_a and unit_b, a questionnaire with every kind
of question, and an open group with invitations."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from lvzhi.campaigns import actions as campaign_actions
from lvzhi.campaigns.models import Stage
from lvzhi.surveys import actions
from lvzhi.surveys.models import Question
from tests.campaigns.conftest import publish_scheme

SURVEY_SCHEME = {
    "format": "lvzhi-scheme/1",
    "code": "survey-test",
    "name": "问卷测试方案",
    "categories": ["党群系统", "政务服务"],
    "indicators": [
        {"code": "A", "name": "履职情况", "points": 70, "children": [
            {"code": "A1", "name": "年度目标完成", "points": 70, "source": "desk_review"}]},
        {"code": "C", "name": "满意度", "points": 30, "children": [
            {"code": "C1", "name": "管理服务对象评价", "points": 15, "source": "survey:管理服务对象",
             "rule": {"type": "survey", "options": {"满意": 100, "基本满意": 60, "不满意": 0}}},
            {"code": "C2", "name": "工作满意度", "points": 15, "source": "survey:领导班子",
             "rule": {"type": "survey", "groups": [{"name": "领导班子", "weight": 40},
                                                     {"name": "干部职工", "weight": 60}]}},
        ]},
    ],
}  # fmt: skip


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def camp(world):
    version = publish_scheme(SURVEY_SCHEME, world.users.admin)
    campaign = campaign_actions.create_campaign(
        actor=world.users.admin, name="2026年度履职评估", year=2026, scheme_version=version,
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    campaign_actions.assign(
        campaign, actor=world.users.admin, user=world.users.evaluator, units=[world.unit_a]
    )
    return campaign


def build_questionnaire(admin, title="管理服务对象满意度问卷"):
    """Q1 满意度 (scores), Q2 单选 是否办理过业务, Q3 多选 shown only if Q2 = 是, Q4 open text (optional),
    Q5 1–5 rating (optional)."""
    version = actions.create_questionnaire(actor=admin, title=title, intro="感谢您参与本次调查。")
    q1 = actions.save_question(version, actor=admin, text="您对该单位履职情况的总体评价", kind="satisfaction",
                               scores=True, section="总体评价")  # fmt: skip
    q2 = actions.save_question(version, actor=admin, text="近一年是否到该单位办理过业务", kind="single",
                               options=["是", "否"], section="办事体验")  # fmt: skip
    q3 = actions.save_question(version, actor=admin, text="办理的是哪类业务", kind="multiple",
                               options=["审批", "咨询", "投诉"], condition_question=q2, condition_values=["是"],
                               section="办事体验")  # fmt: skip
    q4 = actions.save_question(version, actor=admin, text="意见和建议", kind="text", required=False)
    q5 = actions.save_question(version, actor=admin, text="办事效率评分", kind="scale5", required=False)
    return version, SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5)


@pytest.fixture
def survey(world, camp):
    admin = world.users.admin
    version, qs = build_questionnaire(admin)
    group = actions.create_group(camp, actor=admin, version=version, units=[world.unit_a, world.unit_b],
                                 name="管理服务对象", invitations_planned=40, weight=100, leaf_code="C1")  # fmt: skip
    actions.open_group(group, actor=admin)
    return SimpleNamespace(version=version, q=qs, group=group, campaign=camp)


def answers(qs, unit, rating="满意", business="否", kinds=(), text="", score=""):
    data = {"unit": [str(unit.pk)], f"q{qs.q1.pk}": [rating], f"q{qs.q2.pk}": [business]}
    if kinds:
        data[f"q{qs.q3.pk}"] = list(kinds)
    if text:
        data[f"q{qs.q4.pk}"] = [text]
    if score:
        data[f"q{qs.q5.pk}"] = [score]
    return data


class Respondent:
    """A phone without an account: opens the link, posts the form the page gave it."""

    def __init__(self, token):
        self.token = token
        self.client = Client(enforce_csrf_checks=True)

    def open(self):
        return self.client.get(f"/s/{self.token}/")

    def submit(self, data, sid="submission-0000000001"):
        if "csrftoken" not in self.client.cookies:
            self.open()
        csrf = self.client.cookies["csrftoken"].value
        body = {"csrfmiddlewaretoken": csrf, "token": self.token, "sid": sid}
        body.update(data)
        return self.client.post("/s/submit/", body)


@pytest.fixture
def respondent():
    return Respondent


@pytest.fixture
def helpers():
    return SimpleNamespace(answers=answers, build_questionnaire=build_questionnaire)


@pytest.fixture
def question_kinds():
    return Question.Kind

"""The campaign pages take their interface text from the i18n catalogue (docs/i18n.md): with the test catalogue in
which every entry reads ‹msgid› (tests/core/test_i18n.py), the only Chinese left unmarked on a page is data —
names of units, people, the campaign and the scheme's indicators, the words of the self-assessment forms
(lvzhi/campaigns/formats.py), texts stored when they were written (notifications, checklist items), and the
explanations of the scoring engine, which stay Chinese by design."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

import lvzhi
from lvzhi.accounts.models import User
from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import (
    Campaign,
    CampaignUnit,
    ChecklistItem,
    Evidence,
    IndicatorEntry,
    Notification,
    Stage,
    UnitResult,
)
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.scoring import vocab
from tests.core.gettext_files import chinese_literals
from tests.core.test_i18n import marked, unmarked_chinese  # noqa: F401 - `marked` is a fixture

from .conftest import MINI_SCHEME, advance, cu_of, text_evidence

PACKAGE = Path(lvzhi.__file__).parent


def data_strings() -> list[str]:
    """Every piece of Chinese that is data rather than interface text, as of now."""
    found = set(chinese_literals((PACKAGE / "campaigns" / "formats.py").read_text(encoding="utf-8")))
    for row in UnitResult.objects.all():  # the engine's explanations (made when a result page is first read)
        found |= set(json.dumps([row.result, row.summary], ensure_ascii=False).split('"'))
    found |= set(json.dumps(MINI_SCHEME, ensure_ascii=False).split('"'))
    found |= set(vocab.RULE_TYPES.values())  # the engine's names of rule types, shown in explained results
    # the engine's readings of its own data (lvzhi.scoring.wording: inputs, rules, missing items in words)
    found |= set(chinese_literals((PACKAGE / "scoring" / "wording.py").read_text(encoding="utf-8")))
    for model, fields in (
        (Unit, ["name"]),
        (Category, ["name"]),
        (Region, ["name"]),
        (User, ["full_name"]),
        (Campaign, ["name"]),
        (Notification, ["text"]),
        (ChecklistItem, ["group", "text"]),
        (Evidence, ["title", "text"]),
        (IndicatorEntry, ["self_note", "review_reason"]),
        (CampaignUnit, ["report", "return_reason"]),
    ):
        for values in model.objects.values_list(*fields):
            found.update(v for v in values if v)
    found |= {item[key] for c in Campaign.objects.all() for item in c.checklist for key in ("group", "text")}
    return sorted(found)


def interface_chinese(page: str) -> list[str]:
    data = data_strings()
    return sorted({run for run in unmarked_chinese(page) if not any(run in text for text in data)})


@pytest.fixture
def feedback(world, camp):
    """Unit A self-assessed, reviewed, visited, rated and computed; the campaign open for objections."""
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    actions.save_self_assessment(
        cu, actor=u.contact_a, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"}, report="报告"
    )
    text_evidence(cu, u.contact_a)
    actions.submit_self_assessment(cu, actor=u.contact_a)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    actions.review_scores(
        cu_of(camp, world.unit_a),
        actor=u.evaluator,
        scores={("A1", ""): "16"},
        reasons={("A1", ""): "未完成"},
    )
    actions.plan_visit(cu_of(camp, world.unit_a), actor=u.evaluator, planned_on=datetime.date(2026, 10, 12))
    camp = advance(camp, Stage.MULTI_PARTY, u.admin)
    actions.rate_unit(camp, actor=u.leader, unit=world.unit_a, period="H1", rating="优秀")
    camp = advance(camp, Stage.SCORING, u.admin)
    scoring.compute(camp, actor=u.admin)
    return advance(camp, Stage.FEEDBACK, u.admin)


def test_the_campaign_pages_show_only_catalogue_text_and_data(world, camp, marked):  # noqa: F811
    u = world.users
    a = world.unit_a.pk
    admin = marked(u.admin)
    pages = [reverse("campaigns:campaign_list"), reverse("campaigns:campaign_create")]
    pages += [
        reverse(f"campaigns:{name}", args=[camp.pk])
        for name in ("campaign_detail", "campaign_setup", "dashboard", "ratings", "imports", "results")
    ]
    pages += [
        reverse("campaigns:unit_self", args=[camp.pk, a]),
        reverse("campaigns:unit_sheet", args=[camp.pk, a, "power_list_stats"]),
    ]
    for url in pages:
        page = admin.get(url).content.decode()
        assert interface_chinese(page) == [], url
    setup = admin.get(reverse("campaigns:campaign_setup", args=[camp.pk])).content.decode()
    # A template string, a form label, a model choice, a stage's description, the date format.
    assert "‹部署设置›" in setup and "‹活动名称›" in setup and "‹领导小组›" in setup
    detail = admin.get(reverse("campaigns:campaign_detail", args=[camp.pk])).content.decode()
    assert "‹编办管理员:确定范围、指标体系版本、日程、工作组和分工›" in detail
    assert "‹%(year)s年%(month)s月%(day)s日›" not in detail  # placeholders filled in …
    refused = marked(u.evaluator).post(
        reverse("campaigns:setup_action", args=[camp.pk, "team"]), {"kind": "working", "name": "x"}
    )
    assert refused.status_code == 403
    assert "‹只有编办管理员可以进行此操作。›" in refused.content.decode()  # a view's refusal


def test_the_unit_pages_in_the_feedback_stage_show_only_catalogue_text_and_data(world, feedback, marked):  # noqa: F811
    u = world.users
    a = world.unit_a.pk
    for user, names in (
        (u.contact_a, ("unit_result", "unit_objections", "unit_self")),
        (u.evaluator, ("unit_review", "unit_visit", "unit_result")),
        (u.admin, ("unit_result",)),
    ):
        client = marked(user)
        for name in names:
            page = client.get(reverse(f"campaigns:{name}", args=[feedback.pk, a])).content.decode()
            assert interface_chinese(page) == [], (user.username, name)
    result = marked(u.contact_a).get(reverse("campaigns:unit_result", args=[feedback.pk, a])).content.decode()
    assert "‹领导评价的逐人评价仅编办、编委会和评价领导本人可见,此处只显示折算得分。›" in result
    objected = marked(u.contact_a).post(
        reverse("campaigns:unit_objections", args=[feedback.pk, a]),
        {"action": "object", "code": "A1", "reason": ""},
        follow=True,
    )
    assert "‹请说明对指标「A1 年度目标完成」的异议理由。›" in objected.content.decode()  # an action's message


def test_api_messages_come_from_the_catalogue(world, camp, marked):  # noqa: F811
    evaluator = marked(world.users.evaluator)
    response = evaluator.get(f"/api/campaigns/{camp.pk}/ratings")
    assert response.status_code == 403
    assert response.json()["detail"] == "‹领导评价仅编办、编委会和评价领导本人可以查看。›"
    # A refusal by the stage rules names the role and the action, each through the catalogue.
    refused = evaluator.patch(f"/api/campaigns/{camp.pk}", {"name": "x"}, content_type="application/json")
    assert refused.json()["detail"] == "‹‹评估人员›不能‹修改活动设置›。›"
    stages = marked(world.users.admin).get(f"/api/campaigns/{camp.pk}").json()["stages"]
    assert stages[0]["label"] == "‹部署›"
    assert stages[0]["actors"] == "‹编办管理员:确定范围、指标体系版本、日程、工作组和分工›"

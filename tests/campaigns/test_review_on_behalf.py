"""Entry on behalf (代录) of an evaluator's scores: the evaluator scored on site on a paper sheet, and the office
enters it on the unit's on-site page or through the API, naming the evaluator and the sheet. The scores are the
evaluator's (reviewed by them); the audit names who entered them, for whom, from which sheet; only the office may
do it, only for an evaluator assigned to the unit, only in the stage the scores belong to."""

import pytest
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions
from lvzhi.campaigns.models import IndicatorEntry, Stage
from lvzhi.core.errors import Invalid, Refused

from .conftest import advance, cu_of

pytestmark = pytest.mark.django_db

SHEET = "实地评估评分表(纸质)第3号"


def visit_url(camp, unit):
    return reverse("campaigns:unit_visit", args=[camp.pk, unit.pk])


def test_the_office_enters_an_evaluators_paper_sheet_on_the_on_site_page(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.ON_SITE, u.admin)
    client = login(u.admin)
    page = client.get(visit_url(camp, world.unit_a)).content.decode()
    assert "代录评估人员的纸质评分表" in page
    assert f'<option value="{u.evaluator.pk}">{u.evaluator}</option>' in page
    on_behalf = reverse("campaigns:unit_scores_on_behalf", args=[camp.pk, world.unit_a.pk])
    assert f'formaction="{on_behalf}"' in page
    refused = client.post(on_behalf, {"reviewed__A3__": "15", "evaluator": u.evaluator.pk}, follow=True)
    assert "请填写代录依据的文件" in refused.content.decode()
    assert not IndicatorEntry.objects.filter(reviewed_score__isnull=False).exists()
    done = client.post(
        on_behalf, {"reviewed__A3__": "15", "evaluator": u.evaluator.pk, "document": SHEET}, follow=True
    ).content.decode()
    assert f"已代{u.evaluator}录入实地评估得分。" in done
    entry = IndicatorEntry.objects.get(campaign_unit__unit=world.unit_a, code="A3")
    assert entry.reviewed_score == 15 and entry.review_source == "on_site" and entry.reviewed_by == u.evaluator
    event = AuditEvent.objects.get(event_type="campaign.review_on_behalf")
    assert event.actor == u.admin and SHEET in event.reason and str(u.evaluator) in event.reason
    assert event.after["document"] == SHEET and event.after["entries"] == 1
    # The evaluator's own page shows the score as theirs; the evaluator is offered no on-behalf form.
    evaluator_page = login(u.evaluator).get(visit_url(camp, world.unit_a)).content.decode()
    assert 'value="15"' in evaluator_page and "代录评估人员的纸质评分表" not in evaluator_page


def test_only_an_assigned_evaluator_in_the_stage_of_the_scores(world, camp):
    u = world.users
    camp = advance(camp, Stage.ON_SITE, u.admin)
    cu = cu_of(camp, world.unit_b)  # the evaluator covers unit_a only
    with pytest.raises(Invalid) as not_assigned:
        actions.enter_review_on_behalf(
            cu, actor=u.admin, evaluator=u.evaluator, document=SHEET, scores={("A3", ""): "15"}
        )
    assert "不是" in str(not_assigned.value) and "评估人员" in str(not_assigned.value)
    cu = cu_of(camp, world.unit_a)
    with pytest.raises(Refused) as wrong_stage:
        actions.enter_review_on_behalf(
            cu, actor=u.admin, evaluator=u.evaluator, document=SHEET, scores={("A2", ""): "15"},
            source="desk_review",
        )  # fmt: skip
    assert "当前是实地评估阶段" in str(wrong_stage.value)
    assert not IndicatorEntry.objects.filter(reviewed_score__isnull=False).exists()


def test_only_the_office_enters_on_behalf_and_the_api_does_the_same(world, camp, api):
    u = world.users
    camp = advance(camp, Stage.ON_SITE, u.admin)
    cu = cu_of(camp, world.unit_a)
    for user in (u.evaluator, u.contact_a, u.committee, u.leader):
        with pytest.raises(Refused):
            actions.enter_review_on_behalf(
                cu, actor=user, evaluator=u.evaluator, document=SHEET, scores={("A3", ""): "15"}
            )
    url = f"campaigns/{camp.pk}/units/{world.unit_a.pk}/review/on-behalf"
    body = {
        "evaluator_id": u.evaluator.pk,
        "document": SHEET,
        "scores": [{"code": "A3", "period": "", "value": "16"}],
    }
    assert api(u.evaluator).put(url, body).status_code == 403
    answer = api(u.admin).put(url, body)
    assert answer.status_code == 200, answer.content
    entry = IndicatorEntry.objects.get(campaign_unit=cu, code="A3")
    assert entry.reviewed_score == 16 and entry.reviewed_by == u.evaluator
    assert api(u.admin).put(url, {**body, "document": " "}).status_code == 422
    assert api(u.admin).put(url, {**body, "evaluator_id": u.committee.pk}).status_code == 422

"""Entry on behalf (代录) of a unit's self-assessment: a unit that sent its self-assessment on paper has it entered
by the office on the unit's page or through the API, naming the document; the scores are the unit's, the audit
names who entered them for which unit and from which form, and only the office may do it."""

import pytest
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns import actions
from lvzhi.campaigns.models import CampaignUnit, IndicatorEntry, Stage
from lvzhi.core.errors import Invalid, Refused

from .conftest import advance, cu_of, text_evidence

pytestmark = pytest.mark.django_db

PAPER = "莱阳市民政局自评表(纸质)2026-03号"


def self_url(camp, unit):
    return reverse("campaigns:unit_self", args=[camp.pk, unit.pk])


def test_the_office_enters_a_units_paper_self_assessment_on_its_page(world, camp, login):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    client = login(u.admin)
    page = client.get(self_url(camp, world.unit_a)).content.decode()
    assert "代录单位自评" in page and 'name="document"' in page
    assert 'action="' + self_url(camp, world.unit_a) + 'on-behalf/"' in page
    refused = client.post(self_url(camp, world.unit_a) + "on-behalf/", {"score__A1__": "18", "action": "save"}, follow=True)
    assert "请填写代录依据的文件" in refused.content.decode()
    assert not IndicatorEntry.objects.filter(self_score__isnull=False).exists()
    done = client.post(
        self_url(camp, world.unit_a) + "on-behalf/",
        {"score__A1__": "18", "score__A2__": "17", "note__A1": "按纸质表录入", "document": PAPER, "action": "save"},
        follow=True,
    ).content.decode()
    assert f"已代{world.unit_a}录入自评。" in done
    entries = dict(
        IndicatorEntry.objects.filter(campaign_unit__unit=world.unit_a).values_list("code", "self_score")
    )
    assert entries["A1"] == 18 and entries["A2"] == 17
    event = AuditEvent.objects.get(event_type="campaign.self_on_behalf")
    assert event.actor == u.admin and PAPER in event.reason and str(world.unit_a) in event.reason
    assert event.after["document"] == PAPER
    # The unit's contact sees the scores as its own self-assessment, and the history says who entered them.
    contact_page = login(u.contact_a).get(self_url(camp, world.unit_a)).content.decode()
    assert 'value="18"' in contact_page


def test_the_office_submits_a_complete_paper_form_and_an_incomplete_one_is_refused(world, camp):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    with pytest.raises(Invalid) as incomplete:
        actions.enter_self_on_behalf(cu, actor=u.admin, document=PAPER, scores={("A1", ""): "18"}, submit=True)
    assert "不能提交" in str(incomplete.value)
    assert not IndicatorEntry.objects.filter(campaign_unit=cu, self_score__isnull=False).exists()  # nothing stored
    text_evidence(cu, u.contact_a)
    cu = cu_of(camp, world.unit_a)
    actions.enter_self_on_behalf(
        cu, actor=u.admin, document=PAPER, scores={("A1", ""): "18", ("A2", ""): "18", ("A3", ""): "18"},
        report="自评报告(纸质)", submit=True,
    )  # fmt: skip
    assert CampaignUnit.objects.get(pk=cu.pk).self_status == CampaignUnit.SelfStatus.SUBMITTED
    with pytest.raises(Refused):  # submitted: locked for the office too
        actions.enter_self_on_behalf(cu_of(camp, world.unit_a), actor=u.admin, document=PAPER, scores={("A1", ""): "1"})


def test_only_the_office_enters_on_behalf_and_the_api_does_the_same(world, camp, api):
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    cu = cu_of(camp, world.unit_a)
    for user in (u.contact_a, u.evaluator, u.committee):
        with pytest.raises(Refused):
            actions.enter_self_on_behalf(cu, actor=user, document=PAPER, scores={("A1", ""): "18"})
    url = f"campaigns/{camp.pk}/units/{world.unit_a.pk}/self/on-behalf"
    body = {"scores": [{"code": "A1", "period": "", "value": "16"}], "document": PAPER}
    assert api(u.evaluator).put(url, body).status_code == 403
    answer = api(u.admin).put(url, body)
    assert answer.status_code == 200, answer.content
    assert IndicatorEntry.objects.get(campaign_unit=cu, code="A1").self_score == 16
    assert api(u.admin).put(url, {**body, "document": " "}).status_code == 422

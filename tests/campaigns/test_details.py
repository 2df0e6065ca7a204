"""Details users expect (issue 8, item 8): a decision dated later than today is refused; submitting, closing,
approving and publishing ask first (data-confirm, read by lvzhi/static/lvzhi/forms.js — no inline script); adding
evidence keeps what is typed (data-keep); visit dates read 2026年5月12日."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.campaigns import actions, scoring
from lvzhi.campaigns.models import Stage
from lvzhi.core.errors import Invalid

from .conftest import advance, cu_of

pytestmark = pytest.mark.django_db


def in_approval(camp, world):
    camp = advance(camp, Stage.SCORING, world.users.admin)
    scoring.compute(camp, actor=world.users.admin)
    return advance(camp, Stage.APPROVAL, world.users.admin)


def test_a_decision_dated_after_today_is_refused_naming_the_date_field(world, camp):
    camp = in_approval(camp, world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(Invalid) as refused:
        actions.record_decision(
            camp, actor=world.users.committee, meeting="编委会", decided_on=tomorrow, outcome="approved", text="同意",
            acknowledge_gaps=True,
        )
    assert "审定日期不能晚于今天" in str(refused.value)
    assert refused.value.problems[0].field == "decided_on"
    assert not camp.decisions.exists()


def test_the_api_refuses_a_future_decision_date_with_a_422(world, camp, api):
    camp = in_approval(camp, world)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = {"meeting": "编委会", "decided_on": tomorrow, "outcome": "approved", "text": "同意"}
    response = api(world.users.committee).post(f"/api/campaigns/{camp.pk}/decisions", body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "decided_on"


def test_the_decision_form_offers_no_date_after_today(world, camp, login):
    camp = in_approval(camp, world)
    page = login(world.users.committee).get(f"/campaigns/{camp.pk}/approval/").content.decode()
    assert f'max="{timezone.localdate().isoformat()}"' in page
    assert 'data-confirm="审定记录保存后不能修改;审定通过即进入公布阶段。确定保存审定记录?"' in page


def test_submitting_and_closing_ask_first_and_evidence_forms_keep_the_typed_scores(world, camp, login):
    camp = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    page = login(world.users.contact_a).get(f"/campaigns/{camp.pk}/units/{world.unit_a.pk}/self/").content.decode()
    assert 'data-confirm="提交后自评内容将锁定,不能再修改。确定提交自评?"' in page
    assert 'data-keep="self-form"' in page and "lvzhi/forms.js" in page
    assert "onsubmit" not in page and "onclick" not in page
    detail = login(world.users.admin).get(f"/campaigns/{camp.pk}/").content.decode()
    assert 'data-confirm="确定结束「自查自评」阶段、进入下一阶段?"' in detail


def test_visit_dates_read_in_the_chinese_format(world, camp, login):
    camp = advance(camp, Stage.DESK_REVIEW, world.users.admin)
    actions.plan_visit(cu_of(camp, world.unit_a), actor=world.users.evaluator, planned_on=datetime.date(2026, 5, 12))
    page = login(world.users.evaluator).get(f"/campaigns/{camp.pk}/units/{world.unit_a.pk}/visit/").content.decode()
    assert "2026年5月12日" in page

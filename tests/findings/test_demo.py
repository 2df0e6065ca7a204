"""The demo county's ledger, as `make run` shows it: findings in every state, a common finding closed per unit,
measures, and a next step on the demo users' to-do lists."""

import pytest

from lvzhi.accounts.models import User
from lvzhi.core.todo import items_for
from lvzhi.findings.models import AccountabilityCase, Finding, Highlight, Institution, Measure
from tests.campaigns.test_confidentiality_walk import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo()
            yield
            transaction.set_rollback(True)


def test_the_demo_ledger_has_findings_in_every_state_and_a_common_one_closed_per_unit(demo):
    states = set(Finding.objects.values_list("status", flat=True))
    assert states >= set(Finding.Status.values)
    common = Finding.objects.filter(common__isnull=False)
    assert common.values("common").distinct().count() == 1
    assert {"closed", "rectifying"} <= set(common.values_list("status", flat=True))
    assert set(Measure.objects.values_list("kind", flat=True)) >= {"interview", "bulletin", "suspend"}
    assert Finding.objects.overdue().exists()


def test_the_demo_users_find_their_next_step_on_the_to_do_list(demo):
    contact = User.objects.get(username="lianluo")
    titles = [i.title for i in items_for(contact) if i.room == "问题整改"]
    assert any("人大代表建议" in t for t in titles)
    assert any(i.urgent for i in items_for(contact) if i.room == "问题整改")
    admin = User.objects.filter(role="admin").first()
    office = [i.title for i in items_for(admin) if i.room == "问题整改"]
    assert any("逾期" in t for t in office) and any("待核验整改" in t for t in office)


def test_the_demo_keeps_highlights_of_both_kinds_and_institutions_in_every_state(demo):
    assert set(Highlight.objects.values_list("kind", flat=True)) == {"office_method", "unit_practice"}
    assert Highlight.objects.filter(unit__isnull=True).exists()
    assert set(Institution.objects.values_list("status", flat=True)) == set(Institution.Status.values)
    assert Institution.objects.filter(finding__isnull=False).exists()
    assert AccountabilityCase.objects.count() >= 3


def test_the_demo_turns_the_2025_results_into_recommendations_in_every_state(demo):
    from lvzhi.findings.models import Recommendation

    assert set(Recommendation.objects.values_list("status", flat=True)) == set(Recommendation.Status.values)
    accepted = Recommendation.objects.filter(status="accepted")
    assert all(r.document_number.startswith("莱编〔2026〕") and r.matter for r in accepted)
    assert all(r.reasons and r.reasons[0].startswith("评估总分") for r in Recommendation.objects.all())
    assert any("核定编制" in reason for r in Recommendation.objects.all() for reason in r.reasons)
    admin = User.objects.filter(role="admin").first()
    assert any("机构编制调整建议待决定" in i.title for i in items_for(admin))
    assert Finding.objects.filter(campaign__name="莱阳市2025年度职能运行评估", source="on_site").exists()


def test_the_demo_has_staffing_requests_whose_dossiers_show_the_published_2025_results(demo):
    from lvzhi.findings import dossier
    from lvzhi.findings.models import StaffingRequest

    admin = User.objects.filter(role="admin").first()
    requests = list(StaffingRequest.objects.select_related("unit"))
    assert len(requests) == 2
    d = dossier.dossier(admin, requests[0].unit, requests[0].received_on)
    assert [r.campaign.name for r in d.results] == ["莱阳市2025年度职能运行评估"]
    assert d.findings and d.facts.approved > 0


def test_the_demo_2025_results_export_for_the_performance_assessment(demo):
    from lvzhi.campaigns.models import Campaign, UnitResult
    from lvzhi.findings import actions

    admin = User.objects.filter(role="admin").first()
    campaign = Campaign.objects.get(name="莱阳市2025年度职能运行评估")
    parts = actions.export_results(campaign, actor=admin, layout="performance")
    assert len(parts[0].rows) == UnitResult.objects.filter(campaign=campaign).count() > 0


def test_the_demo_links_a_finding_about_duties_to_its_list_adjustment(demo):
    linked = Finding.objects.filter(settled_by__isnull=False).select_related("settled_by")
    assert linked.exists()
    assert all(f.settled_by.unit_id == f.unit_id for f in linked)

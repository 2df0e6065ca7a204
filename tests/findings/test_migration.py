"""Findings moved out of the campaign room: a finding raised before the move, and the audit log entry about
it, are there after `migrate`, now as lvzhi.findings' Finding."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import Assignment, Campaign
from lvzhi.findings.models import Finding
from tests.factories import make_registry_world

BEFORE_THE_MOVE = [("campaigns", "0002_leader_ratings_leave_unit_history"), ("findings", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_finding_raised_before_the_move_is_found_in_the_findings_app_with_its_audit_history():
    world = make_registry_world()
    campaign = Campaign.objects.create(name="2026年度评估", year=2026)
    Assignment.objects.create(campaign=campaign, user=world.users.evaluator, unit=world.unit_a)
    try:
        old_apps = migrate(BEFORE_THE_MOVE)
        assert "campaigns_finding" in connection.introspection.table_names()
        OldFinding = old_apps.get_model("campaigns", "Finding")
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        OldAuditEvent = old_apps.get_model("audit", "AuditEvent")
        old_finding = OldFinding.objects.create(
            campaign_id=campaign.pk,
            unit_id=world.unit_a.pk,
            source="desk_review",
            category="staffing",
            severity="high",
            indicator_code="A1",
            title="超职数配备领导干部",
            raised_by_id=world.users.evaluator.pk,
        )
        old_type = OldContentType.objects.get(app_label="campaigns", model="finding")
        OldAuditEvent.objects.create(
            action="create",
            content_type=old_type,
            object_id=str(old_finding.pk),
            object_repr=old_finding.title,
            unit_id=world.unit_a.pk,
        )
    finally:
        migrate(latest())

    finding = Finding.objects.get(pk=old_finding.pk)
    assert (finding.campaign, finding.unit, finding.title, finding.severity, finding.indicator_code) == (
        campaign,
        world.unit_a,
        "超职数配备领导干部",
        "high",
        "A1",
    )
    assert finding.get_category_display() == "机构编制管理不规范"
    assert list(campaign.findings.all()) == [finding]
    assert list(Finding.objects.visible_to(world.users.evaluator)) == [finding]
    assert list(Finding.objects.visible_to(world.users.contact_b)) == []

    event = AuditEvent.objects.for_object(finding).get()
    assert event.content_type.model_class() is Finding
    assert not ContentType.objects.filter(app_label="campaigns", model="finding").exists()
    assert Permission.objects.get(codename="add_finding").content_type.app_label == "findings"

    assert connection.introspection.table_names().count("findings_finding") == 1
    assert "campaigns_finding" not in connection.introspection.table_names()

"""Rectification one finding at a time: every transition, who may make it and in which state, what is audited,
that a closed finding cannot be edited, that a returned finding comes back to the unit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import Notification
from lvzhi.core.errors import Invalid, Refused
from lvzhi.findings import actions
from lvzhi.findings.models import Finding
from lvzhi.findings.policy import POLICY

from .conftest import raise_for, to_state

STATES = ["open", "rectifying", "submitted", "returned", "verified", "closed"]
# transition -> (the states it is allowed in, the roles that may make it)
TRANSITIONS = {
    "file_plan": ({"open", "rectifying", "returned"}, {"admin", "unit_contact"}),
    "submit_evidence": ({"rectifying", "returned"}, {"admin", "unit_contact"}),
    "return": ({"submitted"}, {"admin"}),
    "verify": ({"submitted"}, {"admin"}),
    "close": ({"verified"}, {"admin"}),
    "edit": ({"open", "rectifying", "submitted", "returned", "verified"}, {"admin"}),
}
# The roles that see findings at all (the others are refused everything: the generated policy test covers them).
ROLE_USERS = {
    "admin": "admin",
    "unit_contact": "contact_a",
    "evaluator": "evaluator",
    "committee": "committee",
}


def run(action, finding, user):
    calls = {
        "file_plan": lambda: actions.file_plan(finding, actor=user, plan="方案"),
        "submit_evidence": lambda: actions.submit_evidence(finding, actor=user, note="说明"),
        "return": lambda: actions.return_finding(finding, actor=user, reason="佐证不足"),
        "verify": lambda: actions.verify_finding(finding, actor=user),
        "close": lambda: actions.close_finding(finding, actor=user),
        "edit": lambda: actions.edit_finding(finding, actor=user, title="改后的问题"),
    }
    return calls[action]()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", list(ROLE_USERS))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_each_transition_is_allowed_only_to_its_roles_in_its_states(world, action, role, state):
    finding = to_state(world, raise_for(world), state)
    user = getattr(world.users, ROLE_USERS[role])
    states, roles = TRANSITIONS[action]
    if state in states and role in roles:
        run(action, finding, user)
        assert Finding.objects.get(pk=finding.pk).status != state or action in ("file_plan", "edit")
    else:
        before = Finding.objects.get(pk=finding.pk)
        with pytest.raises(Refused):
            run(action, finding, user)
        after = Finding.objects.get(pk=finding.pk)
        assert (after.status, after.title, after.plan) == (before.status, before.title, before.plan)


def test_the_whole_path_moves_through_every_state_and_each_step_is_audited(world):
    finding = raise_for(world)
    assert finding.status == "open" and finding.issued_at is not None
    for state in ("rectifying", "submitted", "returned"):
        finding = to_state(world, raise_for(world, title=f"问题{state}"), state)
        assert finding.status == state
    finding = to_state(world, finding, "open")
    finding = actions.submit_evidence(finding, actor=world.users.contact_a, note="补充了公示照片")
    finding = actions.verify_finding(finding, actor=world.users.admin, note="整改到位")
    finding = actions.close_finding(finding, actor=world.users.admin)
    assert finding.status == "closed" and finding.closed_at is not None
    steps = list(
        AuditEvent.objects.for_object(finding)
        .exclude(event_type="")
        .order_by("at", "id")
        .values_list("event_type", flat=True)
    )
    assert steps == ["findings.plan_filed", "findings.evidence_submitted", "findings.returned",
                     "findings.evidence_submitted", "findings.verified", "findings.closed"]  # fmt: skip
    returned = AuditEvent.objects.for_object(finding).get(event_type="findings.returned")
    assert returned.reason == "缺少公示照片" and returned.actor == world.users.admin


def test_a_closed_finding_cannot_be_edited_by_anyone(world):
    finding = to_state(world, raise_for(world), "closed")
    with pytest.raises(Refused, match="已销号"):
        actions.edit_finding(finding, actor=world.users.admin, title="想改")
    with pytest.raises(Refused):
        actions.edit_finding(finding, actor=world.users.contact_a, title="想改")
    assert Finding.objects.get(pk=finding.pk).title == "12345热线反映办证排队时间长"
    assert not POLICY.allowed(world.users.admin, "edit", finding)


def test_a_contact_acts_only_on_its_own_units_findings(world):
    other = raise_for(world, unit=world.unit_b)
    with pytest.raises(Refused):
        actions.file_plan(other, actor=world.users.contact_a, plan="方案")
    assert list(Finding.objects.visible_to(world.users.contact_a)) == []


def test_returning_needs_a_reason_and_tells_the_unit(world, django_capture_on_commit_callbacks):
    finding = to_state(world, raise_for(world), "submitted")
    with pytest.raises(Invalid):
        actions.return_finding(finding, actor=world.users.admin, reason="  ")
    assert Finding.objects.get(pk=finding.pk).status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_finding(finding, actor=world.users.admin, reason="缺少公示照片")
    note = Notification.objects.get(user=world.users.contact_a)
    assert "缺少公示照片" in note.text
    assert Finding.objects.get(pk=finding.pk).returns == 1


def test_evidence_files_are_kept_and_served_only_to_those_who_see_the_finding(
    world, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    finding = to_state(world, raise_for(world), "rectifying")
    upload = SimpleUploadedFile("公示照片.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    actions.submit_evidence(finding, actor=world.users.contact_a, note="已公示", files=[upload])
    name = finding.evidence.get().file.name
    client.force_login(world.users.contact_a)
    assert client.get(f"/files/{name}").status_code == 200
    client.force_login(world.users.contact_b)
    assert client.get(f"/files/{name}").status_code == 404
    client.logout()
    assert client.get(f"/files/{name}").status_code in (302, 404)


def test_a_campaign_finding_is_hidden_from_the_unit_until_the_office_issues_it(world):
    from lvzhi.campaigns.models import Campaign

    campaign = Campaign.objects.create(name="2026年度评估", year=2026)
    finding = actions.record_finding(actor=world.users.admin, unit=world.unit_a, campaign=campaign, issued=False,
                                     source="on_site", category="staffing", title="超职数配备")  # fmt: skip
    assert list(Finding.objects.visible_to(world.users.contact_a)) == []
    actions.issue_finding(finding, actor=world.users.admin, deadline=datetime.date(2026, 6, 30))
    assert list(Finding.objects.visible_to(world.users.contact_a)) == [finding]

"""Upper-level change notices: each affected unit claims by the deadline; claims are audited; unclaimed ones are
listed and reminded."""

import datetime

import pytest

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import Notification
from lvzhi.core.errors import Invalid, Refused
from lvzhi.duties import actions
from lvzhi.duties.models import ClaimStatus, NoticeClaim

D = datetime.date


def notice(world, deadline=None):
    return actions.issue_notice(
        region=world.city,
        issuer="烟台市委机构编制委员会办公室",
        document_number="烟编办〔2026〕7号",
        title="关于调整部分行政许可事项的通知",
        change_type="change",
        deadline=deadline or D(2026, 3, 31),
        received_on=D(2026, 3, 1),
        units=[world.unit_a, world.unit_b],
        actor=world.users.admin,
    )


@pytest.mark.django_db
def test_each_unit_claims_its_own_by_the_deadline(world, django_capture_on_commit_callbacks):
    n = notice(world)
    claim_a = n.claims.get(unit=world.unit_a)
    claim_b = n.claims.get(unit=world.unit_b)
    with pytest.raises(Refused):
        actions.claim(claim_b, actor=world.users.contact_a)
    actions.claim(claim_a, note="已调整本单位权责清单", actor=world.users.contact_a)
    claim_a.refresh_from_db()
    assert claim_a.status == ClaimStatus.CLAIMED and claim_a.claimed_by == world.users.contact_a
    with pytest.raises(Refused, match="重复认领"):
        actions.claim(claim_a, actor=world.users.contact_a)
    assert AuditEvent.objects.filter(event_type="duties.claimed", unit_id=world.unit_a.pk).exists()
    # unit_b is still pending; past the deadline it is overdue and gets reminded.
    assert list(NoticeClaim.objects.overdue(D(2026, 4, 1))) == [claim_b]
    assert not NoticeClaim.objects.overdue(D(2026, 3, 31)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_unclaimed(actor=world.users.admin, today=D(2026, 4, 1)) == 1
    text = Notification.objects.get(user=world.users.contact_b).text
    assert "已于" in text and "逾期" in text


@pytest.mark.django_db
def test_not_concerned_needs_a_reason(world):
    claim = notice(world).claims.get(unit=world.unit_a)
    with pytest.raises(Invalid):
        actions.claim(claim, applies=False, actor=world.users.contact_a)
    actions.claim(claim, applies=False, note="本单位无该事项", actor=world.users.contact_a)
    assert NoticeClaim.objects.get(pk=claim.pk).status == ClaimStatus.NOT_APPLICABLE


@pytest.mark.django_db
def test_only_the_office_enters_notices(world):
    with pytest.raises(Refused):
        actions.issue_notice(
            region=world.city,
            issuer="x",
            document_number="1",
            title="t",
            change_type="add",
            deadline=D(2026, 1, 1),
            units=[world.unit_a],
            actor=world.users.contact_a,
        )
    with pytest.raises(Invalid):
        notice(world, deadline=D(2026, 2, 1))  # before it was received

"""Upper-level change notices (上级变更通知): entered once by the office, sent to the affected units, each of
which claims (认领) it by the deadline — with the adjustment it made, or as not concerning it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.registry.models import Region, Unit

from ..models import Adjustment, AdjustmentType, CatalogueItem, ChangeNotice, ClaimStatus, NoticeClaim
from ..policy import POLICY
from .common import ListsConflict, audited, require_text, validate


def issue_notice(
    *,
    region: Region,
    issuer: str,
    document_number: str,
    title: str,
    change_type: str,
    deadline: datetime.date,
    units: Iterable[Unit],
    summary: str = "",
    received_on: datetime.date | None = None,
    catalogue_item: CatalogueItem | None = None,
    actor: Any,
) -> ChangeNotice:
    """Enter a notice and send it to each affected unit with the deadline."""
    POLICY.require(actor, "issue_notice")
    units = list(dict.fromkeys(units))
    if not units:
        raise Invalid(_("请选择涉及的单位。"), field="units")
    received = received_on or timezone.localdate()
    if deadline < received:
        raise Invalid(_("认领期限不能早于收文日期。"), field="deadline")
    with audited(actor=actor):
        notice = ChangeNotice(
            region=region,
            issuer=require_text(issuer, "issuer", _("发文机关")),
            document_number=require_text(document_number, "document_number", _("文号")),
            title=require_text(title, "title", _("标题")),
            summary=summary,
            change_type=change_type,
            deadline=deadline,
            received_on=received,
            catalogue_item=catalogue_item,
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        validate(notice)
        notice.save()
        NoticeClaim.objects.bulk_create(NoticeClaim(notice=notice, unit=u, deadline=deadline) for u in units)
        record_event(
            "duties.notice_issued",
            notice,
            after={"文号": notice.document_number, "单位数": len(units), "认领期限": deadline.isoformat()},
        )
    return notice


def claim(
    claim: NoticeClaim,
    *,
    applies: bool = True,
    note: str = "",
    adjustment: Adjustment | None = None,
    actor: Any,
) -> NoticeClaim:
    """认领: the unit records that it took the change up (with the adjustment it made to its list, if any) or
    that the change does not concern it (then a note says why). A late claim is accepted and stays visible as
    late (claimed_at after the deadline)."""
    POLICY.require(actor, "claim", claim)
    with audited(actor=actor, reason=note):
        claim = NoticeClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.PENDING:
            raise ListsConflict(_("该变更已认领,不能重复认领。"))
        if not applies and not note.strip():
            raise Invalid(_("选择“不涉及”时请说明理由。"), field="note")
        if adjustment is not None:
            if adjustment.unit_id != claim.unit_id:
                raise Invalid(_("调整记录不属于该单位。"), field="adjustment")
            adjustment.claim = claim
            adjustment.save(update_fields=["claim"])
        claim.status = ClaimStatus.CLAIMED if applies else ClaimStatus.NOT_APPLICABLE
        claim.note = note.strip()
        claim.claimed_by = actor if getattr(actor, "pk", None) else None
        claim.claimed_at = timezone.now()
        claim.save()
        record_event(
            "duties.claimed",
            claim,
            after={"状态": claim.get_status_display(), "逾期": claim.claimed_at.date() > claim.deadline},
            reason=claim.note,
            unit_id=claim.unit_id,
        )
    return claim


def remind_unclaimed(
    *, actor: Any, today: datetime.date | None = None, notice: ChangeNotice | None = None
) -> int:
    """Remind every unit with a pending claim (of one notice, or all); returns how many claims were reminded.
    The reminder itself goes out through lvzhi.duties.reminders after commit."""
    POLICY.require(actor, "remind")
    from ..reminders import send_claim_reminders

    queryset = NoticeClaim.objects.pending()
    if notice is not None:
        queryset = queryset.filter(notice=notice)
    with audited(actor=actor):
        ids = list(queryset.values_list("pk", flat=True))
        NoticeClaim.objects.filter(pk__in=ids).update(
            reminded_at=timezone.now(), reminders=F("reminders") + 1
        )
        record_event("duties.reminded", notice, after={"提醒数": len(ids)})
        send_claim_reminders(ids, today=today)
    return len(ids)


__all__ = ["AdjustmentType", "claim", "issue_notice", "remind_unclaimed"]

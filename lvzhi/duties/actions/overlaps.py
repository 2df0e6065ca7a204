"""The overlap review (职责交叉): a scan of a region's duties and power items (the text engine,
lvzhi.duties.textmatch) keeps each candidate pair once; the office confirms one (it becomes a finding of the
findings app) or dismisses it (it stays dismissed through later scans), and settles a confirmed one with a
boundary item."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.recorder import record_event
from lvzhi.findings.models import Finding
from lvzhi.registry.models import Region, Unit

from ..models import BodyDuty, BoundaryItem, OverlapCandidate, PowerItem
from ..policy import POLICY
from ..textmatch import DEFAULT_THRESHOLD, Doc, ScanStats, find_overlaps
from .common import ListsConflict, audited


def region_docs(region: Region) -> list[Doc]:
    """What a region's units say they do: internal-body duties (their tasks break them down and would pair
    twice), and the power items in force (name and responsibilities), each with the unit's id and the basis it
    cites."""
    units = Unit.objects.filter(region__path__startswith=region.path, is_active=True)
    docs: list[Doc] = []
    for pk, unit_id, text in BodyDuty.objects.filter(unit__in=units).values_list("pk", "unit_id", "text"):
        docs.append(Doc(f"body:{pk}", str(unit_id), text))
    power = PowerItem.objects.current().filter(unit__in=units)
    for key, unit_id, name, duties, basis in power.values_list(
        "key", "unit_id", "name", "responsibilities", "legal_basis"
    ):
        docs.append(Doc(f"power:{key}", str(unit_id), f"{name}。{duties}" if duties else name, basis))
    return docs


def scan_overlaps(region: Region, *, actor: Any, threshold: float = DEFAULT_THRESHOLD) -> ScanStats:
    """Find the region's candidate pairs; new pairs are added for review, pending ones refreshed, decided ones
    (confirmed, dismissed, settled) left as decided."""
    POLICY.require(actor, "review_overlaps")
    stats = ScanStats()
    pairs = find_overlaps(region_docs(region), threshold, stats=stats, with_phrases=False)
    with audited(actor=actor):
        existing = {c.pair_key: c for c in OverlapCandidate.objects.filter(region=region)}
        new: list[OverlapCandidate] = []
        for pair in pairs:
            a, b = sorted((pair.a, pair.b), key=lambda d: d.id)
            key = f"{a.id}|{b.id}"
            found = existing.get(key)
            if found is not None:
                if found.status == OverlapCandidate.Status.PENDING:
                    found.score, found.shared_phrases = pair.score, []
                    found.text_a, found.text_b = a.text, b.text
                    found.save(update_fields=["score", "shared_phrases", "text_a", "text_b"])
                continue
            new.append(
                OverlapCandidate(
                    region=region,
                    pair_key=key,
                    source_a=a.id,
                    source_b=b.id,
                    unit_a_id=int(a.unit),
                    unit_b_id=int(b.unit),
                    text_a=a.text,
                    text_b=b.text,
                    basis_a=a.basis,
                    basis_b=b.basis,
                    score=pair.score,
                    shared_phrases=[],
                )
            )
        OverlapCandidate.objects.bulk_create(new, batch_size=1000)
        record_event(
            "duties.overlaps_scanned",
            None,
            after={"区划": region.name, "职责": stats.texts, "疑似交叉": stats.pairs, "新增": len(new)},
        )
    stats.notes.append(str(len(new)))
    return stats


def _decide(candidate: OverlapCandidate, status: str, note: str, actor: Any) -> None:
    candidate.status = status
    candidate.decision_note = note.strip()
    candidate.decided_by = actor if getattr(actor, "pk", None) else None
    candidate.decided_at = timezone.now()


def confirm_overlap(candidate: OverlapCandidate, *, note: str = "", actor: Any) -> Finding:
    """确认: the pair is a real overlap; a finding (职责交叉) is raised for the first unit, naming both."""
    POLICY.require(actor, "review_overlaps")
    with audited(actor=actor, reason=note):
        candidate = OverlapCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != OverlapCandidate.Status.PENDING:
            raise ListsConflict(_("该线索已审核。"))
        unit_a, unit_b = candidate.unit_a, candidate.unit_b
        finding = Finding.objects.create(
            campaign=None,
            unit=unit_a,
            source=Finding.Source.LIST_REVIEW,
            category=Finding.Category.OVERLAP,
            title=(
                _("%(a)s与%(b)s职责交叉:%(phrase)s")
                % {
                    "a": unit_a.name,
                    "b": unit_b.name,
                    "phrase": "、".join(candidate.phrases()[:3]) or candidate.text_a[:30],
                }
            )[:300],
            description=f"{unit_a.name}:{candidate.text_a}\n{unit_b.name}:{candidate.text_b}\n{note}".strip(),
            raised_by=actor if getattr(actor, "pk", None) else None,
        )
        _decide(candidate, OverlapCandidate.Status.CONFIRMED, note, actor)
        candidate.shared_phrases = candidate.phrases()  # kept as they were when it was confirmed
        candidate.finding = finding
        candidate.save()
        record_event("duties.overlap_confirmed", candidate, after={"问题": finding.title}, reason=note)
    return finding


def dismiss_overlap(candidate: OverlapCandidate, *, note: str = "", actor: Any) -> OverlapCandidate:
    """排除: not an overlap (a look-alike, or a division already clear); later scans leave it dismissed."""
    POLICY.require(actor, "review_overlaps")
    with audited(actor=actor, reason=note):
        candidate = OverlapCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != OverlapCandidate.Status.PENDING:
            raise ListsConflict(_("该线索已审核。"))
        _decide(candidate, OverlapCandidate.Status.DISMISSED, note, actor)
        candidate.save()
        record_event("duties.overlap_dismissed", candidate, reason=note)
    return candidate


def settle_overlap(candidate: OverlapCandidate, boundary: BoundaryItem, *, actor: Any) -> OverlapCandidate:
    """化解: a confirmed overlap is settled by a boundary item that divides the matter; its finding closes."""
    POLICY.require(actor, "review_overlaps")
    with audited(actor=actor):
        candidate = OverlapCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != OverlapCandidate.Status.CONFIRMED:
            raise ListsConflict(_("只有确认的职责交叉可以用边界清单化解。"))
        candidate.status = OverlapCandidate.Status.SETTLED
        candidate.boundary_key = boundary.key
        candidate.save()
        if candidate.finding is not None:
            candidate.finding.status = Finding.Status.CLOSED
            candidate.finding.save(update_fields=["status"])
        record_event("duties.overlap_settled", candidate, after={"边界清单事项": str(boundary)})
    return candidate

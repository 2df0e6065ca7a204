"""Every write of the supervision room: a batch received (the records into the store, the batch and its audit
record into the database), a warning raised, confirmed (a finding in the ledger) or dismissed.

Records go to the Parquet store before the batch row is committed: if the database then fails, a second sending
of the batch stores nothing new (the records are known by their content) and records the batch.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.findings.actions import raise_finding
from lvzhi.findings.models import Finding

from . import checking
from .models import Batch, KeySupervision, Warning
from .policy import POLICY
from .references import references, store
from .schema import KINDS, SPECS, header_map
from .store import connect

MAX_BATCH_ID = 100


def _batch_id(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_BATCH_ID:
        raise Invalid(_("批次号不能超过100个字符。"), field="batch_id")
    return text or uuid.uuid4().hex


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_table(
    kind: str, rows: list[dict[str, Any]], first_row: int = 1, row_numbers: list[int] | None = None
) -> pa.Table:
    """Records as given (dicts keyed by column or Chinese header; where a record has both, the column's name
    wins) → a table of text columns and `rn` (the record's row: `row_numbers` when given, else counted from
    `first_row`). Column by column: a batch of 10,000 records is a few list passes, not 10,000 dict rebuilds."""
    present: set[str] = set().union(*rows) if rows else set()
    data = {
        "rn": pa.array(
            row_numbers if row_numbers is not None else range(first_row, first_row + len(rows)), pa.int64()
        )
    }
    for name, header in SPECS[kind].inputs:
        keys = [k for k in (name, header) if k in present]
        if not keys:
            values: list[Any] = [None] * len(rows)
        elif len(keys) == 1:
            values = [row.get(keys[0]) for row in rows]
        else:
            values = [row[name] if name in row else row.get(header) for row in rows]
        data[name] = pa.array([v if type(v) is str else _text(v) for v in values], pa.string())
    return pa.table(data)


def parquet_sql(kind: str, path: str | Path) -> str:
    """The records of a Parquet file (columns named in English or by their Chinese headers) as text columns."""
    try:
        names = pq.read_schema(str(path)).names
    except (pa.ArrowException, OSError) as exc:
        raise Invalid(_("无法读取 Parquet 文件。"), field="file") from exc
    known = header_map(kind)
    chosen = {known[n]: n for n in names if n in known}
    if "unit" not in chosen:
        raise Invalid(_("文件缺少“单位代码”列。"), field="file")
    cols = ", ".join(f'CAST("{src}" AS VARCHAR) AS "{dst}"' for dst, src in chosen.items())
    quoted = str(path).replace("'", "''")
    return f"SELECT file_row_number + 1 AS rn, {cols} FROM read_parquet('{quoted}', file_row_number = true)"


def submit_batch(
    kind: str,
    *,
    actor: Any,
    rows: list[dict[str, Any]] | None = None,
    parquet: str | Path | None = None,
    batch_id: str | None = None,
    allow_partial: bool = False,
    channel: str = Batch.Channel.API,
    first_row: int = 1,
    row_numbers: list[int] | None = None,
    today: dt.date | None = None,
) -> Batch:
    """接收一批数据: check every record, store the new accepted ones (all or nothing unless `allow_partial`).

    The same batch id sent again returns the batch as first received and stores nothing."""
    POLICY.require(actor, "submit")
    if kind not in KINDS:
        raise Invalid(_("数据类型无效。"), field="kind")
    bid = _batch_id(batch_id)
    known: Batch | None = Batch.objects.filter(batch_id=bid).first()
    if known is not None:
        return known
    con = connect()
    try:
        if parquet is not None:
            raw = parquet_sql(kind, parquet)
        else:
            con.register("given", rows_table(kind, rows or [], first_row, row_numbers))
            raw = "SELECT * FROM given"
        outcome = checking.ingest(
            con,
            store(),
            kind,
            raw,
            references(actor),
            batch=bid,
            today=today or timezone.localdate(),
            allow_partial=allow_partial,
        )
    finally:
        con.close()
    if not outcome.stored:
        status = Batch.Status.REJECTED
    else:
        status = Batch.Status.PARTIAL if outcome.refused else Batch.Status.ACCEPTED
    try:
        with transaction.atomic(), audit_context(actor=actor):
            batch = Batch.objects.create(
                batch_id=bid,
                kind=kind,
                channel=channel,
                allow_partial=allow_partial,
                status=status,
                received=outcome.received,
                accepted=outcome.accepted,
                duplicates=outcome.duplicates,
                refused=outcome.refused,
                problems=outcome.problems,
                months=outcome.months,
                sent_by=actor,
            )
            record_event(
                "supervision.batch_received",
                batch,
                after={
                    "kind": kind,
                    "received": batch.received,
                    "accepted": batch.accepted,
                    "refused": batch.refused,
                    "status": status,
                },
            )
    except IntegrityError:
        return Batch.objects.get(batch_id=bid)
    return batch


def _on_list(unit: Any, note: str) -> None:
    entry, created = KeySupervision.objects.get_or_create(unit=unit, defaults={"note": note})
    if not created and not entry.active:
        entry.active, entry.since, entry.note = True, timezone.now(), note
        entry.save(update_fields=["active", "since", "note"])
    if created or not entry.active:
        record_event("supervision.listed", entry, after={"note": note}, unit_id=unit.pk)


def raise_warnings(found: list[dict[str, Any]], *, actor: Any) -> list[Warning]:
    """生成预警: each warning found on the metrics (kind, unit, key, period, value, threshold, summary, evidence)
    once; its unit goes on the key-supervision list. A warning already raised under the same key is kept."""
    POLICY.require(actor, "evaluate")
    made = []
    with transaction.atomic(), audit_context(actor=actor):
        for w in found:
            warning, created = Warning.objects.get_or_create(
                kind=w["kind"],
                unit=w["unit"],
                key=w["key"],
                defaults={k: w[k] for k in ("period", "value", "threshold", "summary", "evidence")},
            )
            if created:
                record_event(
                    "supervision.warning_raised",
                    warning,
                    after={"summary": warning.summary},
                    unit_id=warning.unit_id,
                )
                _on_list(warning.unit, warning.summary)
                made.append(warning)
    return made


def _still_listed(unit_id: int) -> None:
    if not Warning.objects.filter(
        unit_id=unit_id, status__in=[Warning.Status.OPEN, Warning.Status.CONFIRMED]
    ).exists():
        KeySupervision.objects.filter(unit_id=unit_id).update(active=False)


def confirm_warning(
    warning: Warning, *, actor: Any, reason: str = "", deadline: dt.date | None = None
) -> Warning:
    """确认预警: the warning becomes a finding in the ledger (source 监管预警) issued to the unit."""
    POLICY.require(actor, "confirm", warning)
    with transaction.atomic(), audit_context(actor=actor):
        finding = raise_finding(
            actor=actor,
            unit=warning.unit,
            source="supervision",
            category=_finding_category(),
            title=warning.summary,
            description=_evidence_text(warning),
            origin=f"supervision.Warning:{warning.pk}",
            deadline=deadline,
        )
        warning.status, warning.reason, warning.finding = Warning.Status.CONFIRMED, reason.strip(), finding
        warning.decided_by, warning.decided_at = actor, timezone.now()
        warning.save()
        record_event(
            "supervision.warning_confirmed",
            warning,
            after={"finding": finding.pk},
            reason=reason,
            unit_id=warning.unit_id,
        )
    return warning


def dismiss_warning(warning: Warning, *, actor: Any, reason: str) -> Warning:
    """排除预警: with the reason; the unit leaves the list when nothing else keeps it there."""
    POLICY.require(actor, "dismiss", warning)
    if not reason.strip():
        raise Invalid(_("请填写排除理由。"), field="reason")
    with transaction.atomic(), audit_context(actor=actor):
        warning.status, warning.reason = Warning.Status.DISMISSED, reason.strip()
        warning.decided_by, warning.decided_at = actor, timezone.now()
        warning.save()
        record_event("supervision.warning_dismissed", warning, reason=reason, unit_id=warning.unit_id)
        _still_listed(warning.unit_id)
    return warning


def _finding_category() -> str:
    return str(Finding.Category.UNDERPERFORMANCE)


def _evidence_text(warning: Warning) -> str:
    lines = [
        f"{warning.get_kind_display()}:{warning.summary}",
        f"期间:{warning.period}",
        f"指标值 {warning.value:g},阈值 {warning.threshold:g}",
    ]
    for key, value in (warning.evidence or {}).items():
        lines.append(f"{key}:{value}")
    return "\n".join(lines)

"""Supervision API (职能运行监管), mounted at /api/supervision/: systems send performance records, workflow events
and hotline tickets in batches (JSON or a CSV/Excel/Parquet file), read the metrics and the records behind a
figure, and the office judges warnings. Same policy table as the pages (lvzhi/supervision/policy.py)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema
from lvzhi.core.policy import enforces, get_for

from . import actions, files, selectors, warnings
from .models import Batch, Warning
from .policy import POLICY

router = Router(tags=[gettext_lazy("职能运行监管")])
READ = ERROR_RESPONSES
WRITE = {409: ErrorOut, **ERROR_RESPONSES}
KindName = Literal["performance", "events", "hotline"]
Value = str | int | float | None


class ProblemOut(Schema):
    row: int
    reasons: list[str]


class BatchOut(Schema):
    batch_id: str
    kind: str
    channel: str
    status: str
    status_label: str
    allow_partial: bool
    received: int
    accepted: int
    duplicates: int
    refused: int
    problems: list[ProblemOut]
    sent_at: datetime.datetime

    @staticmethod
    def resolve_status_label(obj: Batch) -> str:
        return str(obj.get_status_display())


class BatchIn(InputSchema):
    kind: KindName = Field(description="performance 履职记录 · events 流程环节 · hotline 热线工单")
    batch_id: str = Field("", max_length=100, description="同一批次号再次报送时不重复存储")
    allow_partial: bool = Field(False, description="为 false 时,有一条不合格则整批退回")
    records: list[dict[str, Value]] = Field(
        ..., max_length=200_000, description="每条记录的字段(英文名或中文表头),见 docs/supervision.md"
    )


@router.post(
    "/batches", response={201: BatchOut, 200: BatchOut, **WRITE}, summary=gettext_lazy("报送一批数据")
)
@enforces(POLICY, "submit")
def submit(request: Any, payload: BatchIn) -> Any:
    known = Batch.objects.filter(batch_id=payload.batch_id).exists() if payload.batch_id else False
    batch = actions.submit_batch(
        payload.kind,
        actor=request.auth,
        rows=payload.records,
        batch_id=payload.batch_id,
        allow_partial=payload.allow_partial,
    )
    return Status(200 if known else 201, batch)


@router.post("/files", response={201: BatchOut, 200: BatchOut, **WRITE}, summary=gettext_lazy("导入数据文件"))
@enforces(POLICY, "submit")
def submit_file(
    request: Any,
    file: File[UploadedFile],
    kind: Form[KindName],
    batch_id: Form[str] = "",
    allow_partial: Form[bool] = False,
) -> Any:
    known = Batch.objects.filter(batch_id=batch_id).exists() if batch_id else False
    batch = files.submit_file(kind, file, actor=request.auth, batch_id=batch_id, allow_partial=allow_partial)
    return Status(200 if known else 201, batch)


@router.get("/batches", response={200: list[BatchOut], **READ}, summary=gettext_lazy("已报送的批次"))
@enforces(POLICY, "submit")
def list_batches(request: Any) -> Any:
    POLICY.require(request.auth, "submit")
    return list(Batch.objects.visible_to(request.auth)[:200])


@router.get(
    "/batches/{batch_id}", response={200: BatchOut, **READ}, summary=gettext_lazy("一个批次的接收结果")
)
@enforces(POLICY, "submit")
def get_batch(request: Any, batch_id: str) -> Any:
    return get_for(request.auth, Batch, "submit", batch_id=batch_id)


class MetricFilter(Schema):
    region: str = ""
    category: str = ""
    unit: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


class WarningOut(Schema):
    id: int
    unit_id: int
    kind: str
    summary: str
    period: str
    value: float
    threshold: float
    evidence: dict[str, Any]
    status: str
    reason: str
    finding_id: int | None


class DecisionIn(InputSchema):
    reason: str = ""


def _f(q: MetricFilter) -> selectors.Filters:
    return selectors.Filters(region=q.region, category=q.category, unit=q.unit, start=q.start, end=q.end)


@router.get(
    "/metrics/{name}", response={200: list[dict[str, Any]], **READ}, summary=gettext_lazy("一项监管指标")
)
@enforces(POLICY, "view")
def get_metric(request: Any, name: str, q: Query[MetricFilter]) -> Any:
    POLICY.require(request.auth, "view")
    if name not in selectors.M.METRICS:
        raise Http404
    return [
        {k: (str(v) if isinstance(v, datetime.date) else v) for k, v in row.items()}
        for row in selectors.metric(request.auth, name, _f(q))
    ]


@router.get("/warnings", response={200: list[WarningOut], **READ}, summary=gettext_lazy("监管预警"))
@enforces(POLICY, "view_warnings")
def list_warnings(request: Any) -> Any:
    POLICY.require(request.auth, "view_warnings")
    return list(Warning.objects.visible_to(request.auth)[:500])


@router.post(
    "/warnings/evaluate", response={200: list[WarningOut], **WRITE}, summary=gettext_lazy("生成预警")
)
@enforces(POLICY, "evaluate")
def evaluate(request: Any) -> Any:
    return warnings.run(request.auth)


@router.post("/warnings/{pk}/confirm", response={200: WarningOut, **WRITE}, summary=gettext_lazy("确认预警"))
@enforces(POLICY, "confirm")
def confirm(request: Any, pk: int, payload: DecisionIn) -> Any:
    warning = get_for(request.auth, Warning, "confirm", pk=pk)
    return actions.confirm_warning(warning, actor=request.auth, reason=payload.reason)


@router.post("/warnings/{pk}/dismiss", response={200: WarningOut, **WRITE}, summary=gettext_lazy("排除预警"))
@enforces(POLICY, "dismiss")
def dismiss(request: Any, pk: int, payload: DecisionIn) -> Any:
    warning = get_for(request.auth, Warning, "dismiss", pk=pk)
    return actions.dismiss_warning(warning, actor=request.auth, reason=payload.reason)

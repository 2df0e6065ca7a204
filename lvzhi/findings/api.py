"""Findings API (问题台账), mounted at /api/findings/: the ledger, one finding with its steps, and each step of its
rectification, with the same policy table as the pages (lvzhi/findings/policy.py). Other systems raise findings
here (POST /api/findings/, the office's "raise" rule)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, ErrorOut
from lvzhi.api.schemas import InputSchema, omit_to_keep
from lvzhi.core.policy import enforces, get_for
from lvzhi.registry.models import Unit

from . import actions, api_accountability, api_dossier, api_lists, api_use, selectors
from .models import Finding
from .policy import POLICY

router = Router(tags=[gettext_lazy("问题整改")])
READ = ERROR_RESPONSES
WRITE = {409: ErrorOut, **ERROR_RESPONSES}


class LedgerFindingOut(Schema):
    id: int
    unit_id: int
    unit: str
    campaign_id: int | None
    common_id: int | None
    source: str
    source_label: str
    category: str
    category_label: str
    severity: str
    indicator_code: str
    deduction: Decimal | None
    title: str
    description: str
    root_cause: str
    immediate: bool
    status: str
    status_label: str
    deadline: datetime.date | None
    overdue: bool
    responsible: str
    plan: str
    evidence_note: str
    return_reason: str
    returns: int
    issued_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    settled_by_id: int | None
    settled_by: str

    @staticmethod
    def resolve_settled_by(obj: Finding) -> str:
        a = obj.settled_by
        return (
            f"{a.get_list_kind_display()} · {a}{(' ' + a.document_number) if a.document_number else ''}"
            if a
            else ""
        )

    @staticmethod
    def resolve_unit(obj: Finding) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_source_label(obj: Finding) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_category_label(obj: Finding) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_status_label(obj: Finding) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj: Finding) -> bool:
        return obj.is_overdue()


class FindingIn(InputSchema):
    unit_id: int
    source: str = Field(
        description=gettext_lazy(
            "hotline 热线、npc_cppcc 人大政协意见、audit 审计巡察、supervision 监管预警、other 日常发现…"
        )
    )
    category: str = Field(description=gettext_lazy("内置类别代码或本地增设类别的名称"))
    title: str
    severity: str = "medium"
    description: str = ""
    root_cause: str = ""
    indicator_code: str = ""
    deduction: Decimal | None = None
    immediate: bool = False
    deadline: datetime.date | None = None
    responsible: str = ""


class FindingPatch(InputSchema):
    title: str = omit_to_keep()
    category: str = omit_to_keep()
    severity: str = omit_to_keep()
    description: str = omit_to_keep()
    root_cause: str = omit_to_keep()
    indicator_code: str = omit_to_keep()
    deduction: Decimal | None = None
    immediate: bool = omit_to_keep()
    deadline: datetime.date | None = None
    responsible: str = omit_to_keep()


class PlanIn(InputSchema):
    plan: str
    responsible: str = ""
    deadline: datetime.date | None = None


class EvidenceIn(InputSchema):
    note: str


class ReasonIn(InputSchema):
    reason: str


class NoteIn(InputSchema):
    note: str = ""


class IssueIn(InputSchema):
    deadline: datetime.date | None = None


class LedgerFilter(Schema):
    unit_id: int | None = None
    campaign_id: int | None = None
    category: str | None = None
    status: str | None = None
    source: str | None = None
    overdue: bool = False


class LedgerCountOut(Schema):
    value: str
    label: str
    count: int


class LedgerCountsOut(Schema):
    total: int
    overdue: int
    closed: int
    average_days_to_close: float | None
    by_status: list[LedgerCountOut]
    by_category: list[LedgerCountOut]
    by_source: list[LedgerCountOut]


def _finding(request: Any, pk: int, action: str = "view") -> Finding:
    return get_for(request.auth, Finding.objects.select_related("unit"), action, pk=pk)


def _filters(f: LedgerFilter) -> dict[str, Any]:
    return {"unit": f.unit_id, "campaign": f.campaign_id, "category": f.category, "status": f.status,
            "source": f.source, "overdue": f.overdue}  # fmt: skip


@router.get("/", response={200: list[LedgerFindingOut], **READ}, summary=gettext_lazy("问题台账"))
@enforces(POLICY, "view")
def list_findings(request: Any, filters: Query[LedgerFilter]) -> Any:
    POLICY.require(request.auth, "view")
    return selectors.ledger(request.auth, _filters(filters))[:1000]


@router.get(
    "/counts",
    response={200: LedgerCountsOut, **READ},
    summary=gettext_lazy("问题统计(按状态、类别、来源;销号用时)"),
)
@enforces(POLICY, "view")
def counts(request: Any, filters: Query[LedgerFilter]) -> Any:
    POLICY.require(request.auth, "view")
    c = selectors.counts(selectors.ledger(request.auth, _filters(filters)))
    rows = lambda items: [{"value": v, "label": lbl, "count": n} for v, lbl, n in items]  # noqa: E731
    return {"total": c.total, "overdue": c.overdue, "closed": c.closed,
            "average_days_to_close": c.average_days_to_close, "by_status": rows(c.by_status),
            "by_category": rows(c.by_category), "by_source": rows(c.by_source)}  # fmt: skip


@router.post("/", response={201: LedgerFindingOut, **WRITE}, summary=gettext_lazy("登记问题(下发给单位)"))
@enforces(POLICY, "raise")
def raise_finding(request: Any, payload: FindingIn) -> Any:
    POLICY.require(request.auth, "raise")
    data = payload.dict()
    unit = get_for(request.auth, Unit, pk=data.pop("unit_id"))
    return 201, actions.raise_finding(actor=request.auth, unit=unit, **data)


@router.get("/{pk}", response={200: LedgerFindingOut, **READ}, summary=gettext_lazy("问题详情"))
@enforces(POLICY, "view")
def get_finding(request: Any, pk: int) -> Any:
    return _finding(request, pk)


@router.patch(
    "/{pk}", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("修改问题(已销号的不能修改)")
)
@enforces(POLICY, "edit")
def edit_finding(request: Any, pk: int, payload: FindingPatch) -> Any:
    finding = _finding(request, pk, "edit")
    return actions.edit_finding(finding, actor=request.auth, **payload.dict(exclude_unset=True))


@router.post("/{pk}/issue", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("下发整改"))
@enforces(POLICY, "issue")
def issue(request: Any, pk: int, payload: IssueIn) -> Any:
    return actions.issue_finding(
        _finding(request, pk, "issue"), actor=request.auth, deadline=payload.deadline
    )


@router.post("/{pk}/plan", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("提交整改方案"))
@enforces(POLICY, "file_plan")
def file_plan(request: Any, pk: int, payload: PlanIn) -> Any:
    return actions.file_plan(_finding(request, pk, "file_plan"), actor=request.auth, **payload.dict())


@router.post(
    "/{pk}/evidence",
    response={200: LedgerFindingOut, **WRITE},
    summary=gettext_lazy("提交整改佐证(文件请在页面上传)"),
)
@enforces(POLICY, "submit_evidence")
def submit_evidence(request: Any, pk: int, payload: EvidenceIn) -> Any:
    return actions.submit_evidence(
        _finding(request, pk, "submit_evidence"), actor=request.auth, note=payload.note
    )


@router.post("/{pk}/return", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("退回整改"))
@enforces(POLICY, "return")
def return_finding(request: Any, pk: int, payload: ReasonIn) -> Any:
    return actions.return_finding(_finding(request, pk, "return"), actor=request.auth, reason=payload.reason)


@router.post("/{pk}/verify", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("核验整改"))
@enforces(POLICY, "verify")
def verify(request: Any, pk: int, payload: NoteIn) -> Any:
    return actions.verify_finding(_finding(request, pk, "verify"), actor=request.auth, note=payload.note)


@router.post("/{pk}/close", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("销号"))
@enforces(POLICY, "close")
def close(request: Any, pk: int, payload: NoteIn) -> Any:
    return actions.close_finding(_finding(request, pk, "close"), actor=request.auth, note=payload.note)


class AdjustmentIn(InputSchema):
    adjustment_id: int | None = Field(description=gettext_lazy("清单调整的id;null 取消关联"))


@router.post(
    "/{pk}/adjustment", response={200: LedgerFindingOut, **WRITE}, summary=gettext_lazy("关联清单调整")
)
@enforces(POLICY, "link_adjustment")
def link_adjustment(request: Any, pk: int, payload: AdjustmentIn) -> Any:
    from lvzhi.duties.models import Adjustment

    finding = _finding(request, pk, "link_adjustment")
    adjustment = None
    if payload.adjustment_id is not None:
        adjustment = get_for(request.auth, Adjustment, pk=payload.adjustment_id)
    return actions.link_adjustment(finding, actor=request.auth, adjustment=adjustment)


router.add_router("/lists", api_lists.router)
router.add_router("/accountability", api_accountability.router)
router.add_router("/recommendations", api_use.router)
router.add_router("/results", api_use.results_router)
router.add_router("/consequences", api_use.consequences_router)
router.add_router("/dossier", api_dossier.router)
router.add_router("/requests", api_dossier.requests_router)

"""三定 versions: duties, staffing quotas and leadership posts; read like their unit, changed by office
administrators only (actions.may_edit_sanding), as in the UI."""

import datetime

from django.utils.translation import gettext_lazy
from ninja import Field, Router, Status

from lvzhi.api.crud import get_visible
from lvzhi.api.schemas import InputSchema, changed_fields
from lvzhi.core.policy import enforces
from lvzhi.registry import actions
from lvzhi.registry.models import LeadershipLevel, SanDing, StaffingKind, Unit
from lvzhi.registry.policy import POLICY

from .common import _SANDING_PREFETCH, READ, _assign
from .schemas import SanDingOut

router = Router()


def _sanding_queryset(user):
    return SanDing.objects.visible_to(user).select_related("unit").prefetch_related(*_SANDING_PREFETCH)


def _require_sanding_editor(user):
    POLICY.require(user, "edit_sanding")


def _fresh_sanding(user, sanding_id):
    return get_visible(_sanding_queryset(user), user, sanding_id)


class SanDingNewIn(InputSchema):
    document_number: str = Field("", max_length=60, description=gettext_lazy("文号"))
    approved_on: datetime.date | None = Field(None, description=gettext_lazy("印发日期"))
    note: str = Field("", description=gettext_lazy("说明"))
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


class SanDingUpdate(InputSchema):
    document_number: str | None = Field(None, max_length=60, description=gettext_lazy("文号"))
    approved_on: datetime.date | None = Field(None, description=gettext_lazy("印发日期"))
    note: str | None = Field(None, description=gettext_lazy("说明"))


class QuotasIn(InputSchema):
    staffing: dict[StaffingKind, int | None] = Field(
        default_factory=dict,
        description=gettext_lazy("按编制类型的核定数;0 或 null 表示取消该类编制;未列出的不变"),
    )
    leadership: dict[LeadershipLevel, int | None] = Field(
        default_factory=dict,
        description=gettext_lazy("按领导职数类型的核定职数;0 或 null 表示取消;未列出的不变"),
    )
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


class MainDutiesIn(InputSchema):
    duties: list[str] = Field(description=gettext_lazy("主要职责,按顺序;空白条目忽略"))
    reason: str = Field("", max_length=200, description=gettext_lazy("调整原因(记入操作日志)"))


@router.get(
    "/sandings/{int:sanding_id}", response={200: SanDingOut, **READ}, summary=gettext_lazy("三定规定详情")
)
def get_sanding(request, sanding_id: int):
    return _fresh_sanding(request.user, sanding_id)


@router.get(
    "/units/{int:unit_id}/sandings",
    response={200: list[SanDingOut], **READ},
    summary=gettext_lazy("单位的三定规定(各版本)"),
)
def list_unit_sandings(request, unit_id: int):
    unit = get_visible(Unit.objects, request.user, unit_id)
    return list(
        unit.sandings.order_by("-version").select_related("unit").prefetch_related(*_SANDING_PREFETCH)
    )


@router.post(
    "/units/{int:unit_id}/sandings",
    response={201: SanDingOut, **READ},
    summary=gettext_lazy("新增三定版本(管理员)"),
)
@enforces(POLICY, "edit_sanding")
def create_sanding(request, unit_id: int, payload: SanDingNewIn):
    """The new version becomes current, starting as a copy of the current one's duties and quotas."""
    unit = get_visible(Unit.objects, request.user, unit_id)
    _require_sanding_editor(request.user)
    values = payload.model_dump()
    sanding = actions.create_sanding_version(unit, actor=request.user, **values)
    return Status(201, _fresh_sanding(request.user, sanding.pk))


@router.patch(
    "/sandings/{int:sanding_id}",
    response={200: SanDingOut, **READ},
    summary=gettext_lazy("修改三定文号、日期(管理员)"),
)
@enforces(POLICY, "edit_sanding")
def update_sanding(request, sanding_id: int, payload: SanDingUpdate):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    values = changed_fields(payload)
    for name in ("document_number", "note"):
        if name in values and values[name] is None:
            values[name] = ""
    actions.save_sanding(_assign(sanding, values), actor=request.user)
    return _fresh_sanding(request.user, sanding.pk)


@router.put(
    "/sandings/{int:sanding_id}/quotas",
    response={200: SanDingOut, **READ},
    summary=gettext_lazy("设置编制核定与领导职数(管理员)"),
)
@enforces(POLICY, "edit_sanding")
def set_sanding_quotas(request, sanding_id: int, payload: QuotasIn):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    actions.set_quotas(
        sanding,
        actor=request.user,
        staffing={str(k.value): v for k, v in payload.staffing.items()},
        leadership={str(k.value): v for k, v in payload.leadership.items()},
        reason=payload.reason,
    )
    return _fresh_sanding(request.user, sanding.pk)


@router.put(
    "/sandings/{int:sanding_id}/main-duties",
    response={200: SanDingOut, **READ},
    summary=gettext_lazy("设置主要职责(管理员)"),
)
@enforces(POLICY, "edit_sanding")
def set_sanding_duties(request, sanding_id: int, payload: MainDutiesIn):
    sanding = get_visible(SanDing.objects, request.user, sanding_id)
    _require_sanding_editor(request.user)
    actions.set_main_duties(sanding, actor=request.user, texts=payload.duties, reason=payload.reason)
    return _fresh_sanding(request.user, sanding.pk)

"""Audit log API: who changed what, when, with the values before and after. Mounted at /api/audit/.

Office administrators read every event and filter it; a unit contact reads its own unit's history
(`AuditEvent.objects.visible_to`); every other role gets 403. An event outside what the user may see is a 404.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from lvzhi.api.errors import ERROR_RESPONSES, invalid
from lvzhi.api.pagination import Page, PageParams, paginate
from lvzhi.core.policy import enforces, get_for

from .models import AuditAction, AuditEvent
from .policy import POLICY

router = Router(tags=[gettext_lazy("操作日志")])


class ActorOut(Schema):
    id: int
    username: str
    full_name: str


class ChangeOut(Schema):
    field: str
    before: object | None
    after: object | None


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: ActorOut | None
    actor_name: str
    action: AuditAction
    action_label: str
    event_type: str
    model: str | None = Field(description=gettext_lazy("对象类型,如 registry.person"))
    model_label: str | None = Field(description=gettext_lazy("对象类型的中文名,如 实名制人员"))
    object_id: str
    object_repr: str
    unit_id: int | None
    reason: str
    source: str
    before: dict | None
    after: dict | None
    changes: list[ChangeOut] = Field(description=gettext_lazy("逐字段列出修改前后不同的值"))

    @staticmethod
    def resolve_action_label(obj):
        return obj.get_action_display()

    @staticmethod
    def resolve_model(obj):
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None

    @staticmethod
    def resolve_model_label(obj):
        ct = obj.content_type
        model = ct.model_class() if ct else None
        return str(model._meta.verbose_name) if model else None


class AuditFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按对象名称或操作人姓名搜索"))
    action: AuditAction | None = Field(
        None, description=gettext_lazy("操作:create 新增、update 修改、delete 删除、event 业务操作")
    )
    event_type: str | None = Field(None, description=gettext_lazy("事件类型,如 account.password_reset"))
    model: str | None = Field(None, description=gettext_lazy("对象类型,如 registry.person"))
    object_id: str | None = Field(None, description=gettext_lazy("对象编号(与 model 一起使用)"))
    unit: int | None = Field(None, description=gettext_lazy("所属单位编号"))
    actor: int | None = Field(None, description=gettext_lazy("操作人(用户编号)"))
    source: str | None = Field(None, description=gettext_lazy("来源:web、api、import、command、demo …"))
    since: datetime.date | None = Field(None, description=gettext_lazy("起始日期(含),YYYY-MM-DD"))
    until: datetime.date | None = Field(None, description=gettext_lazy("截止日期(含),YYYY-MM-DD"))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@router.get("/events", response={200: Page[AuditEventOut], **ERROR_RESPONSES}, summary=gettext_lazy("操作日志列表"))
@enforces(POLICY, "view")
def list_events(request, filters: Query[AuditFilters], page: Query[PageParams]):
    POLICY.require(request.user, "view")
    qs = AuditEvent.objects.visible_to(request.user).select_related("actor", "content_type")
    if filters.q:
        qs = qs.filter(Q(object_repr__icontains=filters.q) | Q(actor_name__icontains=filters.q))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.event_type:
        qs = qs.filter(event_type=filters.event_type)
    if filters.model:
        app_label, _dot, model = filters.model.lower().partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            raise invalid("model", _("未知的对象类型:%(model)s(格式如 registry.person)。") % {"model": filters.model})
        qs = qs.filter(content_type=content_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.actor is not None:
        qs = qs.filter(actor_id=filters.actor)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.since and filters.until and filters.since > filters.until:
        raise invalid("until", _("截止日期不能早于起始日期。"))
    if filters.since:
        qs = qs.filter(at__gte=_day_start(filters.since))
    if filters.until:
        qs = qs.filter(at__lt=_day_start(filters.until + datetime.timedelta(days=1)))
    return paginate(qs, page)


@router.get(
    "/events/{int:event_id}", response={200: AuditEventOut, **ERROR_RESPONSES}, summary=gettext_lazy("操作日志详情")
)
@enforces(POLICY, "view")
def get_event(request, event_id: int):
    POLICY.require(request.user, "view")
    return get_for(request.user, AuditEvent.objects.select_related("actor", "content_type"), pk=event_id)

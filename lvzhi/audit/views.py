"""Browsing the audit log: administrators see every record, a unit contact its own unit's history."""

import datetime
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.policy import get_for, requires
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_datetime
from lvzhi.registry.models import Unit

from .models import AuditAction, AuditedModel, AuditEvent
from .policy import POLICY

PAGE_SIZE = 50
EMPTY = "—"


def may_browse(user) -> bool:
    return POLICY.allowed(user, "view")


def audited_content_types() -> list[ContentType]:
    """The content types of every audited model, for the filter (a room that adds a model appears by itself)."""
    audited = [m for m in apps.get_models() if issubclass(m, AuditedModel)]
    audited.append(get_user_model())  # accounts record business events (account.*) on users
    types = ContentType.objects.get_for_models(*audited, for_concrete_models=False)
    return sorted(types.values(), key=lambda ct: (ct.app_label, str(ct.model_class()._meta.verbose_name)))


class EventFilterForm(forms.Form):
    unit = forms.CharField(label=gettext_lazy("单位(名称或代码)"), required=False, max_length=100)
    actor = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=100)
    model = forms.TypedChoiceField(
        label=gettext_lazy("对象类型"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(
        label=gettext_lazy("操作"),
        required=False,
        choices=[("", gettext_lazy("全部操作")), *AuditAction.choices],
    )
    date_from = forms.DateField(
        label=gettext_lazy("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["model"].choices = [("", _("全部类型"))] + [
            (ct.pk, ct.model_class()._meta.verbose_name) for ct in audited_content_types()
        ]
        if POLICY.own_unit_only(user, "view"):
            del self.fields["unit"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = _("%(label)s不是有效日期。") % {
                "label": self.fields[name].label
            }

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filter(self, events):
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data.get("unit"):
            text = data["unit"].strip()
            matching = Unit.objects.visible_to(self.user).filter(Q(code=text) | Q(name__icontains=text))
            events = events.filter(unit_id__in=matching.values("pk"))
        if data["actor"]:
            text = data["actor"].strip()
            events = events.filter(Q(actor_name__icontains=text) | Q(actor__username__icontains=text))
        if data["model"]:
            events = events.filter(content_type_id=data["model"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
        return events


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# How a recorded value reads ---------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class EventRow:
    event: AuditEvent
    type_label: str
    changed_labels: list[str]


def _fields_of(event) -> dict[str, models.Field]:
    model = event.content_type.model_class() if event.content_type_id else None
    if model is None:
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


# Chinese names of business events (AuditEvent.event_type); rooms add theirs with register_event_labels.
EVENT_LABELS: dict[str, str] = {
    "account.created": gettext_lazy("新增账号"),
    "account.updated": gettext_lazy("修改账号"),
    "account.activated": gettext_lazy("启用账号"),
    "account.deactivated": gettext_lazy("停用账号"),
    "account.password_reset": gettext_lazy("重置密码"),
    "account.unlocked": gettext_lazy("解除登录锁定"),
    "account.token_issued": gettext_lazy("签发接口令牌"),
    "account.token_revoked": gettext_lazy("吊销接口令牌"),
}


# Labels of values that business events record under names that are not model fields.
EXTRA_FIELD_LABELS: dict[str, str] = {
    "scope_unit_ids": gettext_lazy("负责单位"),
    "cleared_attempts": gettext_lazy("清除的登录失败记录"),
    "token": gettext_lazy("接口令牌"),
    "expires_at": gettext_lazy("有效期至"),
}


def register_event_labels(labels: dict[str, str]) -> None:
    EVENT_LABELS.update(labels)


def type_label(event) -> str:
    model = event.content_type.model_class() if event.content_type_id else None
    label = str(model._meta.verbose_name) if model is not None else ""
    if event.event_type:
        name = EVENT_LABELS.get(event.event_type, event.event_type)
        return f"{label} · {name}" if label else name
    return label or EMPTY


def event_rows(events) -> list[EventRow]:
    """Events with their type and the labels of the fields they changed, for tables."""
    rows = []
    for event in events:
        fields = _fields_of(event)
        labels = [_field_label(fields, c["field"]) for c in event.changes]
        if event.action in ("create", "delete"):
            labels = []
        rows.append(EventRow(event=event, type_label=type_label(event), changed_labels=labels))
    return rows


def _field_label(fields: dict, name: str) -> str:
    if name in fields:
        return str(fields[name].verbose_name)
    return EXTRA_FIELD_LABELS.get(name, name)


def _display(field: models.Field | None, value, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value))
        return cn_datetime(parsed) if parsed else str(value)
    if isinstance(field, models.DateField):
        parsed = parse_date(str(value))
        return cn_date(parsed) if parsed else str(value)
    return str(value)


def event_changes(event) -> list[Change]:
    """Field by field, what the record changed (all values for a creation or a deletion), as users read them:
    labels instead of column names, choice labels, names of related objects."""
    fields = _fields_of(event)
    changes = event.changes
    # Names of related objects, one query per related model.
    wanted: dict = {}
    for c in changes:
        field = fields.get(c["field"])
        if field is not None and field.is_relation:
            for value in (c["before"], c["after"]):
                if value is not None:
                    wanted.setdefault(field.related_model, set()).add(value)
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return [
        Change(
            field=c["field"],
            label=_field_label(fields, c["field"]),
            before=_display(fields.get(c["field"]), c["before"], names) if event.before is not None else "",
            after=_display(fields.get(c["field"]), c["after"], names) if event.after is not None else "",
        )
        for c in changes
        if c["field"] != "id"
    ]


# Pages ------------------------------------------------------------------------------------------------------


@login_required
@requires(POLICY, "view")
def event_list(request):
    form = EventFilterForm(request.GET, user=request.user)
    events = form.filter(AuditEvent.objects.visible_to(request.user).select_related("content_type"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "rows": event_rows(page.object_list), "query": query.urlencode()},
    )


@login_required
@requires(POLICY, "view")
def event_detail(request, pk):
    event = get_for(request.user, AuditEvent.objects.select_related("content_type"), pk=pk)
    unit = None
    if event.unit_id:
        unit = Unit.objects.visible_to(request.user).filter(pk=event.unit_id).first()
    return render(
        request,
        "audit/event_detail.html",
        {"event": event, "type_label": type_label(event), "changes": event_changes(event), "unit": unit},
    )

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
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.policy import get_for, requires
from lvzhi.core.templatetags.lvzhi_format import cn_date, cn_datetime
from lvzhi.registry.models import Unit

from . import export
from .labels import COMMON_FIELDS, event_label, plain_text, recorded_value, register_events
from .labels import source_label as _source_label
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

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, value) for the export's header."""
        if not self.is_valid():
            return []
        out = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(value, datetime.date):
                value = cn_date(value)
            out.append((str(field.label), str(value)))
        return out

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


def register_event_labels(labels: dict[str, str]) -> None:
    """Kept for rooms that name their events without values (lvzhi.audit.labels.register_events is the way)."""
    register_events(labels)


def type_label(event) -> str:
    model = event.content_type.model_class() if event.content_type_id else None
    label = str(model._meta.verbose_name) if model is not None else ""
    if event.event_type:
        name = event_label(event.event_type)
        return f"{label} · {name}" if label else name
    return label or EMPTY


def event_rows(events) -> list[EventRow]:
    """Events with their type and the labels of the fields they changed, for tables."""
    rows = []
    for event in events:
        fields = _fields_of(event)
        labels = [
            _field_label(event, fields, c["field"]) for c in event.changes if _shown(event, fields, c["field"])
        ]
        if event.action in ("create", "delete"):
            labels = []
        rows.append(EventRow(event=event, type_label=type_label(event), changed_labels=labels))
    return rows


def _field_label(event, fields: dict, name: str) -> str:
    recorded = recorded_value(event.event_type, name) if event.event_type else None
    if recorded is not None:
        return str(recorded.label)
    if name in fields:
        return str(fields[name].verbose_name)
    return name


def _shown(event, fields: dict, name: str) -> bool:
    recorded = recorded_value(event.event_type, name) if event.event_type else COMMON_FIELDS.get(name)
    return not (recorded is not None and recorded.hidden)


def _display(event, name: str, field: models.Field | None, value, names: dict) -> str:
    recorded = recorded_value(event.event_type, name) if event.event_type else None
    if recorded is not None:
        return recorded.show(value)
    if value is None or value == "":
        return EMPTY
    if field is None or isinstance(value, list | dict):
        if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
            return _("(内容已记录,共 %(count)s 项)") % {"count": len(value)}
        return plain_text(value)
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


def related_names(events) -> dict:
    """The names of the objects the records' changes point to, {(model, pk): name}: one query per related
    model for all the records together (an export of thousands of records makes a handful of queries)."""
    wanted: dict = {}
    for event in events:
        fields = _fields_of(event)
        for c in event.changes:
            field = fields.get(c["field"])
            if field is not None and field.is_relation:
                for value in (c["before"], c["after"]):
                    if value is not None:
                        wanted.setdefault(field.related_model, set()).add(value)
    names = {}
    for model, pks in wanted.items():
        # the names usually read the objects' own foreign keys (a campaign unit: its campaign and unit)
        forward = [f.name for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
        for obj in model._base_manager.select_related(*forward).filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def event_changes(event, names: dict | None = None) -> list[Change]:
    """Field by field, what the record changed (all values for a creation or a deletion), as users read them:
    labels instead of column names, choice labels, names of related objects (`names` from related_names, or
    looked up for this record)."""
    fields = _fields_of(event)
    changes = event.changes
    if names is None:
        names = related_names([event])
    return [
        Change(
            field=c["field"],
            label=_field_label(event, fields, c["field"]),
            before=_display(event, c["field"], fields.get(c["field"]), c["before"], names)
            if event.before is not None
            else "",
            after=_display(event, c["field"], fields.get(c["field"]), c["after"], names)
            if event.after is not None
            else "",
        )
        for c in changes
        if _shown(event, fields, c["field"])
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
        {
            "event": event,
            "type_label": type_label(event),
            "changes": event_changes(event),
            "unit": unit,
            "source_label": _source_label(event.source),
        },
    )


EXPORT_LIMIT = 20_000


def export_rows(events):
    """One list of cells per record, in lvzhi.audit.export.COLUMNS order, as the pages word them."""
    events = list(events)
    unit_names = dict(
        Unit.objects.filter(pk__in={e.unit_id for e in events if e.unit_id}).values_list("pk", "name")
    )
    names = related_names(events)
    for event in events:
        if event.action in ("create", "delete"):
            changes = [
                f"{c.label}:{c.after if event.action == 'create' else c.before}" for c in event_changes(event, names)
            ]
        else:
            changes = [
                f"{c.label}:{c.before} → {c.after}" if event.before is not None else f"{c.label}:{c.after}"
                for c in event_changes(event, names)
            ]
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_name or _("系统"),
            _source_label(event.source),
            event.get_action_display(),
            type_label(event),
            event.object_repr,
            unit_names.get(event.unit_id, ""),
            "\n".join(changes),
            event.reason,
        ]


@login_required
@requires(POLICY, "view")
def event_export(request):
    """The records the filters select (as on the page, at most EXPORT_LIMIT), as an Excel workbook."""
    form = EventFilterForm(request.GET, user=request.user)
    events = form.filter(AuditEvent.objects.visible_to(request.user).select_related("content_type"))
    content = export.workbook(export_rows(events[:EXPORT_LIMIT]), filters=form.described())
    response = HttpResponse(content, content_type=export.XLSX_CONTENT_TYPE)
    name = _("操作日志_%(day)s.xlsx") % {"day": timezone.localdate().strftime("%Y%m%d")}
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

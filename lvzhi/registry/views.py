"""Registry pages: units (list, detail, edit), their 三定, internal bodies, posts and persons, and the region
summary. Every lookup goes through `visible_to` / `editable_by`: a hidden object is a 404, a visible one the
user may not change is a 403."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.audit.models import AuditEvent
from lvzhi.audit.policy import POLICY as AUDIT
from lvzhi.audit.views import event_rows
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, get_for, requires

from . import actions, staffing
from .forms import (
    DeleteForm,
    InternalBodyForm,
    MainDutiesForm,
    NewSanDingForm,
    PersonForm,
    PostForm,
    QuotaForm,
    SanDingForm,
    UnitContactForm,
    UnitFilterForm,
    UnitForm,
)
from .models import InternalBody, Person, Post, Region, SanDing, Unit
from .policy import POLICY

PAGE_SIZE = 50


# Lookups ----------------------------------------------------------------------------------------------------


def _unit(request, pk, action="view_unit") -> Unit:
    """The unit if the user sees it (else 404) and the registry table lets them take `action` on it (else a
    403 page with the table's reason)."""
    return get_for(
        request.user, Unit.objects.select_related("region", "category", "parent"), action, policy=POLICY, pk=pk
    )


def _sanding_unit(request, pk, action="edit_sanding") -> Unit:
    """A unit whose 三定 (or the unit itself) only the office changes: a role that may not change the unit at
    all reads "您只能查看该单位,不能修改。", a unit contact that the 三定 is the office's."""
    unit = _unit(request, pk, "edit_unit")
    POLICY.require(request.user, action, unit)
    return unit


def _child(request, model, unit, pk, action):
    """An object of the unit (the unit has been checked) the user may take `action` on."""
    return get_for(request.user, model.objects.filter(unit=unit), action, policy=POLICY, pk=pk)


def _apply_validation_error(form, exc: ValidationError):
    """Errors raised by an action's model validation, shown on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Units ------------------------------------------------------------------------------------------------------


def filtered_units(user, form: UnitFilterForm):
    units = Unit.objects.visible_to(user)
    if not form.is_valid():
        return units.filter(is_active=True)
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    if data["region"]:
        units = staffing.in_subtree(units, [data["region"].path])
    if data["category"]:
        units = units.filter(category=data["category"])
    if data["kind"]:
        units = units.filter(kind=data["kind"])
    if data["status"] == "inactive":
        units = units.filter(is_active=False)
    elif data["status"] != "all":
        units = units.filter(is_active=True)
    return units


@enforces(POLICY, "view_unit")
@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET)
    units = filtered_units(request.user, form).select_related("region", "category").order_by("order", "code")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = list(page.object_list)
    figures = staffing.unit_staffing(on_page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(unit, figures[unit.pk]) for unit in on_page],
        "query": query.urlencode(),
        "can_create": POLICY.allowed(request.user, "create_unit"),
    }
    template = "registry/_unit_table.html" if request.headers.get("HX-Request") else "registry/unit_list.html"
    return render(request, template, context)


@enforces(POLICY, "view_unit")
@login_required
def unit_detail(request, pk):
    user = request.user
    unit = _unit(request, pk)
    sanding = unit.sandings.filter(is_current=True).first()
    persons = unit.persons.select_related("post", "post__internal_body").order_by("-is_active", "staff_no")
    person_query = request.GET.get("pq", "").strip()
    if person_query:
        persons = persons.filter(Q(name__icontains=person_query) | Q(staff_no__icontains=person_query))
    persons_page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("persons_page"))
    may_see_history = AUDIT.allowed(user, "view", AuditEvent(unit_id=unit.pk))
    history = []
    if may_see_history:
        history = event_rows(
            AuditEvent.objects.visible_to(user).filter(unit_id=unit.pk).select_related("content_type")[:10]
        )
    can = POLICY.allowed_actions(user, unit, ["edit_unit", "edit_sanding"])
    context = {
        "unit": unit,
        "sanding": sanding,
        "duties": sanding.main_duties.all() if sanding else [],
        "versions": unit.sandings.all(),
        "bodies": unit.internal_bodies.annotate(post_count=Count("posts")),
        "posts": unit.posts.select_related("internal_body").annotate(
            person_count=Count("persons", filter=Q(persons__is_active=True))
        ),
        "persons_page": persons_page,
        "person_query": person_query,
        "persons_query": urlencode({"pq": person_query}) if person_query else "",
        "subordinates": Unit.objects.visible_to(user).filter(parent=unit),
        "figures": staffing.staffing_of_unit(unit),
        "history": history,
        "may_see_history": may_see_history,
        "can_edit": can["edit_unit"],
        "can_edit_sanding": can["edit_unit"] and can["edit_sanding"],
    }
    return render(request, "registry/unit_detail.html", context)


def _form_page(request, form, *, unit, title, cancel_url, template="registry/form.html", **extra):
    return render(
        request, template, {"form": form, "unit": unit, "title": title, "cancel_url": cancel_url, **extra}
    )


@login_required
@requires(POLICY, "create_unit")
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        try:
            actions.save_unit(unit, actor=request.user)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("已新增单位“%(name)s”。请继续填写三定规定。") % {"name": unit.name})
            return redirect("registry:unit_detail", pk=unit.pk)
    return _form_page(request, form, unit=None, title=_("新增单位"), cancel_url=reverse("registry:unit_list"))


@enforces(POLICY, "edit_unit")
@login_required
def unit_edit(request, pk):
    unit = _unit(request, pk, "edit_unit")
    form_class = UnitForm if POLICY.allowed(request.user, "edit_unit_reserved", unit) else UnitContactForm
    form = form_class(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_unit(form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("单位信息已保存。"))
            return redirect("registry:unit_detail", pk=unit.pk)
    return _form_page(
        request,
        form,
        unit=unit,
        title=_("修改单位信息"),
        cancel_url=reverse("registry:unit_detail", args=[unit.pk]),
    )


@enforces(POLICY, "delete_unit")
@login_required
def unit_delete(request, pk):
    unit = _sanding_unit(request, pk, "delete_unit")
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_unit(unit, actor=request.user, reason=form.cleaned_data["reason"])
        except actions.RegistryError as exc:
            messages.error(request, str(exc))
            return redirect("registry:unit_detail", pk=unit.pk)
        messages.success(request, _("已删除单位“%(name)s”。") % {"name": unit.name})
        return redirect("registry:unit_list")
    return _confirm_delete(request, form, unit=unit, obj=unit, kind="unit", what=_("单位"))


def _confirm_delete(request, form, *, unit, obj, kind, what):
    return render(
        request,
        "registry/confirm_delete.html",
        {
            "form": form,
            "unit": unit,
            "object": obj,
            "kind": kind,
            "what": what,
            "cancel_url": reverse("registry:unit_detail", args=[unit.pk]),
        },
    )


# 三定 ------------------------------------------------------------------------------------------------------


@enforces(POLICY, "edit_sanding")
@login_required
def sanding_new(request, pk):
    unit = _sanding_unit(request, pk)
    form = NewSanDingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sanding = actions.create_sanding_version(
            unit,
            actor=request.user,
            document_number=data["document_number"],
            approved_on=data["approved_on"],
            note=data["note"],
            reason=data["reason"],
        )
        messages.success(
            request, _("已建立三定规定第%(version)s版,并设为现行版本。") % {"version": sanding.version}
        )
        return redirect("registry:unit_detail", pk=unit.pk)
    return _form_page(
        request,
        form,
        unit=unit,
        title=_("新建三定规定版本"),
        cancel_url=reverse("registry:unit_detail", args=[unit.pk]),
        intro=_("新版本以现行版本的主要职责、编制和领导职数为起点,原版本保留为历史版本。"),
    )


def _current_sanding(unit) -> SanDing:
    sanding = unit.sandings.filter(is_current=True).first()
    if sanding is None:
        raise Http404(_("该单位还没有三定规定。"))
    return sanding


@enforces(POLICY, "edit_sanding")
@login_required
def sanding_edit(request, pk):
    unit = _sanding_unit(request, pk)
    sanding = _current_sanding(unit)
    form = SanDingForm(request.POST or None, instance=sanding)
    if request.method == "POST" and form.is_valid():
        actions.save_sanding(form.save(commit=False), actor=request.user)
        messages.success(request, _("三定规定信息已保存。"))
        return redirect("registry:unit_detail", pk=unit.pk)
    return _form_page(
        request,
        form,
        unit=unit,
        title=_("修改三定规定第%(version)s版") % {"version": sanding.version},
        cancel_url=reverse("registry:unit_detail", args=[unit.pk]),
    )


@enforces(POLICY, "edit_sanding")
@login_required
def quotas_edit(request, pk):
    unit = _sanding_unit(request, pk)
    sanding = _current_sanding(unit)
    form = QuotaForm(request.POST or None, sanding=sanding)
    if request.method == "POST" and form.is_valid():
        actions.set_quotas(
            sanding,
            staffing=form.staffing(),
            leadership=form.leadership(),
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("编制和领导职数已保存。"))
        return redirect("registry:unit_detail", pk=unit.pk)
    return render(
        request,
        "registry/quotas_form.html",
        {"form": form, "unit": unit, "sanding": sanding, "figures": staffing.staffing_of_unit(unit)},
    )


@enforces(POLICY, "edit_sanding")
@login_required
def duties_edit(request, pk):
    unit = _sanding_unit(request, pk)
    sanding = _current_sanding(unit)
    initial = {"text": "\n".join(d.text for d in sanding.main_duties.all())}
    form = MainDutiesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_main_duties(sanding, form.texts(), actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("主要职责已保存。"))
        return redirect("registry:unit_detail", pk=unit.pk)
    return _form_page(
        request,
        form,
        unit=unit,
        title=_("修改主要职责(三定规定第%(version)s版)") % {"version": sanding.version},
        cancel_url=reverse("registry:unit_detail", args=[unit.pk]),
    )


# Internal bodies, posts, persons ----------------------------------------------------------------------------

CHILDREN = {
    # kind in the URL: (model, form, action to save, action to delete, name, anchor on the unit page)
    "bodies": (
        InternalBody,
        InternalBodyForm,
        actions.save_internal_body,
        actions.delete_internal_body,
        gettext_lazy("内设机构"),
        "bodies",
    ),
    "posts": (Post, PostForm, actions.save_post, actions.delete_post, gettext_lazy("岗位"), "posts"),
    "persons": (
        Person,
        PersonForm,
        actions.save_person,
        actions.delete_person,
        gettext_lazy("实名制人员"),
        "persons",
    ),
}


# kind in the URL -> the object's name in the registry table's rules ("create_body", "edit_post", …)
RULE_OBJECT = {"bodies": "body", "posts": "post", "persons": "person"}


def _child_spec(kind):
    try:
        return CHILDREN[kind]
    except KeyError as exc:
        raise Http404 from exc


@enforces(POLICY, "create_body", "create_post", "create_person")
@login_required
def child_create(request, pk, kind):
    """Create an internal body, post or person of a unit."""
    return _child_form(request, pk, kind, None)


@enforces(POLICY, "edit_body", "edit_post", "edit_person")
@login_required
def child_edit(request, pk, kind, child_pk):
    """Change an internal body, post or person of a unit."""
    return _child_form(request, pk, kind, child_pk)


def _child_form(request, pk, kind, child_pk):
    model, form_class, save, _delete, label, anchor = _child_spec(kind)
    verb = "edit" if child_pk is not None else "create"
    unit = _unit(request, pk, f"{verb}_{RULE_OBJECT[kind]}")
    instance = _child(request, model, unit, child_pk, f"edit_{RULE_OBJECT[kind]}") if child_pk is not None else None
    form = form_class(request.POST or None, instance=instance, unit=unit)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            save(obj, actor=request.user)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        except Invalid as exc:
            exc.add_to_form(form)
        else:
            done = _("已修改%(what)s“%(name)s”。") if child_pk else _("已新增%(what)s“%(name)s”。")
            messages.success(request, done % {"what": label, "name": obj})
            return redirect(reverse("registry:unit_detail", args=[unit.pk]) + f"#{anchor}")
    title = (_("修改%(what)s") if instance else _("新增%(what)s")) % {"what": label}
    return _form_page(
        request,
        form,
        unit=unit,
        title=title,
        cancel_url=reverse("registry:unit_detail", args=[unit.pk]) + f"#{anchor}",
        object=instance,
        delete_url=reverse("registry:child_delete", args=[unit.pk, kind, child_pk]) if instance else None,
    )


@enforces(POLICY, "delete_body", "delete_post", "delete_person")
@login_required
def child_delete(request, pk, kind, child_pk):
    model, _form, _save, delete, label, anchor = _child_spec(kind)
    action = f"delete_{RULE_OBJECT[kind]}"
    unit = _unit(request, pk, action)
    obj = _child(request, model, unit, child_pk, action)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete(obj, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("已删除%(what)s“%(name)s”。") % {"what": label, "name": obj})
        return redirect(reverse("registry:unit_detail", args=[unit.pk]) + f"#{anchor}")
    return _confirm_delete(request, form, unit=unit, obj=obj, kind=kind, what=label)


# Regions ----------------------------------------------------------------------------------------------------


@enforces(POLICY, "view_reference")
@login_required
def region_list(request):
    """A region's figures over its subtree, each child region's, and staffing per category (chart)."""
    user = request.user
    region = None
    if request.GET.get("region"):
        try:
            region = Region.objects.get(pk=int(request.GET["region"]))
        except (ValueError, Region.DoesNotExist) as exc:
            raise Http404 from exc
    else:
        tops = list(Region.objects.filter(parent__isnull=True)[:2])
        if len(tops) == 1:
            region = tops[0]
    units = None if POLICY.allowed(user, "view_all_units") else Unit.objects.visible_to(user)
    report = staffing.region_report(region, units)
    trail = []
    if region is not None:
        trail = list(Region.objects.filter(code__in=region.path.split("/")).order_by("level"))
    chart = {
        "categories": [c.name if c else _("未分类") for c, _s in report.categories],
        "approved": [s.approved_total for _c, s in report.categories],
        "actual": [s.actual_total for _c, s in report.categories],
        "vacancy": [s.vacancy_total for _c, s in report.categories],
        "over": [s.over_total for _c, s in report.categories],
    }
    return render(
        request,
        "registry/region_list.html",
        {
            "region": region,
            "report": report,
            "trail": trail,
            "chart": chart,
            "partial_scope": units is not None,
        },
    )

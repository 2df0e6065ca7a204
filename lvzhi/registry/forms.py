"""Forms of the registry pages. Each names what is wrong in Chinese; uniqueness within a unit is checked here
(the model's constraints include the unit, which is not a field of these forms)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import (
    Category,
    InternalBody,
    LeadershipLevel,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    Unit,
    UnitKind,
)


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == "---------":
                    field.empty_label = _("(请选择)")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [("", _("(请选择)")) if c == ("", "---------") else c for c in field.choices]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("名称或代码"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("区划(含下级)"), queryset=Region.objects.all(), required=False, empty_label=_("全部区划")
    )
    category = forms.ModelChoiceField(
        label=_("评估类别"), queryset=Category.objects.all(), required=False, empty_label=_("全部类别")
    )
    kind = forms.ChoiceField(
        label=_("单位性质"), choices=[("", _("全部性质")), *UnitKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("在用单位")), ("inactive", _("已停用单位")), ("all", _("全部单位"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The menu lists regions down to counties (a province has thousands of townships); a township given in
        # the address still filters.
        shown = Q(level__lte=Region.Level.COUNTY)
        selected = self.data.get("region") if self.is_bound else None
        if selected and str(selected).isdigit():
            shown |= Q(pk=int(selected))
        field = self.fields["region"]
        field.queryset = Region.objects.filter(shown)
        field.label_from_instance = lambda r: "\u3000" * (r.level - 1) + r.name


class UnitForm(BootstrapMixin, forms.ModelForm):
    """Everything about a unit, for office administrators."""

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "region",
            "category",
            "parent",
            "order",
            "is_active",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(is_active=True).exclude(
            kind=UnitKind.SUBORDINATE_INSTITUTION
        )
        self.fields["parent"].help_text = _("下属事业单位填写主管部门;其他单位留空。")
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Unit.objects.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("单位代码“%(code)s”已被其他单位使用。") % {"code": code})
        return code


class UnitContactForm(BootstrapMixin, forms.ModelForm):
    """What a unit contact may change about its own unit (its classification is the office's)."""

    class Meta:
        model = Unit
        fields = ["short_name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class SanDingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SanDing
        fields = ["document_number", "approved_on", "note"]
        widgets = {
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class NewSanDingForm(SanDingForm):
    reason = forms.CharField(
        label=_("调整原因"), max_length=200, help_text=_("例如:机构改革重新核定三定规定。")
    )


class QuotaForm(BootstrapMixin, forms.Form):
    """Approved staffing by kind and leadership posts by level of one 三定 version; empty means none."""

    def __init__(self, *args, sanding: SanDing, **kwargs):
        super().__init__(*args, **kwargs)
        staffing = {q.kind: q.approved for q in sanding.quotas.all()}
        leadership = {q.level: q.approved for q in sanding.leadership_quotas.all()}
        for kind, label in StaffingKind.choices:
            self.fields[f"staffing_{kind}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100000, required=False, initial=staffing.get(kind)
            )
        for level, label in LeadershipLevel.choices:
            self.fields[f"leadership_{level}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10000, required=False, initial=leadership.get(level)
            )
        self.fields["reason"] = forms.CharField(label=_("调整原因"), max_length=200, required=False)
        for name, field in self.fields.items():
            if name != "reason":
                field.error_messages["min_value"] = _("%(label)s不能为负数。") % {"label": field.label}
                field.error_messages["invalid"] = _("%(label)s必须是整数。") % {"label": field.label}

    def staffing_fields(self):
        return [self[f"staffing_{k}"] for k in StaffingKind.values]

    def leadership_fields(self):
        return [self[f"leadership_{lv}"] for lv in LeadershipLevel.values]

    def staffing(self) -> dict:
        return {k: self.cleaned_data[f"staffing_{k}"] for k in StaffingKind.values}

    def leadership(self) -> dict:
        return {lv: self.cleaned_data[f"leadership_{lv}"] for lv in LeadershipLevel.values}


class MainDutiesForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("主要职责"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("每行一条,按顺序编号。"),
        required=False,
    )
    reason = forms.CharField(label=_("调整原因"), max_length=200, required=False)

    def texts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["text"].splitlines() if line.strip()]


class UnitChildForm(BootstrapMixin, forms.ModelForm):
    """A form for an object that belongs to a unit: the unit is set by the page, never by the form."""

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.instance.unit = unit

    def _check_code_unique(self, model, label):
        code = self.cleaned_data["code"].strip()
        clash = model.objects.filter(unit=self.unit, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("本单位已有%(what)s为“%(code)s”的记录。") % {"what": label, "code": code}
            )
        return code


class InternalBodyForm(UnitChildForm):
    class Meta:
        model = InternalBody
        fields = ["code", "name", "duties", "order", "is_active"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 5})}

    def clean_code(self):
        return self._check_code_unique(InternalBody, _("机构代码"))


class PostForm(UnitChildForm):
    class Meta:
        model = Post
        fields = ["code", "name", "internal_body", "leadership_level", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["internal_body"].queryset = InternalBody.objects.filter(unit=self.unit)
        self.fields["internal_body"].empty_label = _("(不属于内设机构,如单位领导)")
        self.fields["leadership_level"].choices = [("", _("非领导职务")), *LeadershipLevel.choices]

    def clean_code(self):
        return self._check_code_unique(Post, _("岗位代码"))


class PersonForm(UnitChildForm):
    class Meta:
        model = Person
        fields = [
            "staff_no",
            "name",
            "gender",
            "birth_year",
            "staffing_kind",
            "post",
            "joined_on",
            "is_active",
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = Post.objects.filter(unit=self.unit).select_related("internal_body")
        self.fields["post"].empty_label = _("(未安排岗位)")
        self.fields["post"].label_from_instance = lambda p: (
            f"{p.internal_body.name} · {p.name}" if p.internal_body_id else p.name
        )
        self.fields["birth_year"].widget.attrs.update({"min": 1940, "max": 2010})
        self.fields["is_active"].help_text = _("调出、退休等不再占用编制的人员取消勾选。")

    def clean_staff_no(self):
        staff_no = self.cleaned_data["staff_no"].strip()
        if Person.objects.filter(staff_no=staff_no).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("人员编号“%(number)s”已被使用。") % {"number": staff_no})
        return staff_no

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError(_("出生年份应为四位年份,例如 1985。"))
        return year


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=200, required=False)

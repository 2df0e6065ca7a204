"""Forms of the workflows pages: one per page action; the actions judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.duties.models import PowerItem, Task
from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import InternalBody, Post, Region

from .models import SignOff, Step, SubjectKind, TimeUnit, WorkflowVersion


class WorkflowForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("流程编码"), max_length=60)
    name = forms.CharField(label=_("流程名称"), max_length=200)
    subject_kind = forms.ChoiceField(label=_("事项类别"), choices=SubjectKind.choices)
    power_item = forms.ChoiceField(label=_("权责事项"), required=False)
    task = forms.ModelChoiceField(label=_("工作任务"), queryset=Task.objects.none(), required=False)
    internal_body = forms.ModelChoiceField(
        label=_("承办科室"), queryset=InternalBody.objects.none(), required=False
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, unit: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        items = PowerItem.objects.current().filter(unit=unit).order_by("code")
        self.fields["power_item"].choices = [("", "—"), *((i.key, f"{i.code} {i.name}") for i in items)]  # type: ignore[attr-defined]
        self.fields["task"].queryset = Task.objects.filter(unit=unit).order_by("body_duty__seq", "seq")  # type: ignore[attr-defined]
        self.fields["internal_body"].queryset = InternalBody.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]


class StepForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("环节名称"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("所属环节"),
        queryset=Step.objects.none(),
        required=False,
        empty_label=_("(一级环节)"),
        help_text=_("选择后作为该环节的子环节(程序)"),
    )
    post = forms.ModelChoiceField(label=_("责任岗位"), queryset=Post.objects.none(), required=False)
    responsible = forms.CharField(
        label=_("责任主体"), max_length=200, required=False, help_text=_("不是本单位岗位时填写,如:申请人")
    )
    time_limit = forms.IntegerField(label=_("时限"), min_value=1, required=False)
    time_unit = forms.ChoiceField(label=_("时限单位"), choices=TimeUnit.choices, initial=TimeUnit.DAYS)
    limit_basis = forms.CharField(
        label=_("时限依据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("法律法规规章或规范性文件的条款"),
    )
    materials = forms.CharField(
        label=_("材料"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("每行一项")
    )
    sign_off = forms.ChoiceField(
        label=_("签批层级"), choices=[("", _("不需签批")), *SignOff.choices], required=False
    )
    description = forms.CharField(
        label=_("办理要求"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, version: WorkflowVersion, step: Step | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = version.steps.filter(parent=None).order_by("seq")
        if step is not None:
            parents = parents.exclude(pk=step.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].label_from_instance = lambda s: f"{s.seq} {s.name}"  # type: ignore[attr-defined]
        self.fields["post"].queryset = Post.objects.filter(unit_id=version.unit_id).order_by("code")  # type: ignore[attr-defined]


class VersionForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("修订说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如:流程再造,减环节、减材料、减时限"),
    )


class AdoptForm(BootstrapMixin, forms.Form):
    valid_from = forms.DateField(
        label=_("启用日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def day(self) -> Any:
        return self.cleaned_data.get("valid_from") or timezone.localdate()


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    """A POST with nothing but the CSRF token (delete, submit, move)."""


class RegionForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.all(), required=False)


class ScheduleForm(BootstrapMixin, forms.Form):
    start = forms.DateField(
        label=_("受理日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def day(self) -> Any:
        if self.is_valid() and self.cleaned_data["start"]:
            return self.cleaned_data["start"]
        return timezone.localdate()


class NormForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("规范名称"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("印发日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=_("文件"), required=False)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("流程图文件(Excel 或 CSV)"))
    reason = forms.CharField(label=_("说明"), max_length=200, required=False)

"""Forms of the goals pages: one per page action; the actions judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import InternalBody, MainDuty, Person, Unit

from .actions import GoalFields
from .models import Category, Completion, Level, Nature, Review, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class GoalForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("目标层级"), choices=Level.choices, initial=Level.UNIT)
    internal_body = forms.ModelChoiceField(
        label=_("科室(科室目标计划书)"), queryset=InternalBody.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("个人(个人目标计划书)"), queryset=Person.objects.none(), required=False
    )
    title = forms.CharField(label=_("目标内容"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.ChoiceField(label=_("目标来源"), choices=Source.choices)
    main_duty = forms.ModelChoiceField(
        label=_("对应的三定主要职责"), queryset=MainDuty.objects.none(), required=False
    )
    source_note = forms.CharField(
        label=_("来源说明"), max_length=300, required=False, help_text=_("中心工作或上级交办事项的出处")
    )
    category = forms.ChoiceField(label=_("目标类别"), choices=Category.choices, initial=Category.REGULAR)
    nature = forms.ChoiceField(label=_("目标性质"), choices=Nature.choices)
    metric = forms.CharField(label=_("指标名称(定量)"), max_length=100, required=False)
    measure_unit = forms.CharField(label=_("计量单位(定量)"), max_length=20, required=False)
    target = forms.DecimalField(label=_("年度目标值(定量)"), max_digits=16, decimal_places=2, required=False)
    target_q1 = forms.DecimalField(
        label=_("一季度末累计目标值"), max_digits=16, decimal_places=2, required=False
    )
    target_q2 = forms.DecimalField(
        label=_("二季度末累计目标值"), max_digits=16, decimal_places=2, required=False
    )
    target_q3 = forms.DecimalField(
        label=_("三季度末累计目标值"), max_digits=16, decimal_places=2, required=False
    )
    measure_q1 = forms.CharField(
        label=_("一季度措施(定性)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure_q2 = forms.CharField(
        label=_("二季度措施(定性)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure_q3 = forms.CharField(
        label=_("三季度措施(定性)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure_q4 = forms.CharField(
        label=_("四季度措施(定性)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["internal_body"].queryset = InternalBody.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]
        self.fields["person"].queryset = Person.objects.filter(unit=unit)  # type: ignore[attr-defined]
        self.fields["main_duty"].queryset = MainDuty.objects.filter(  # type: ignore[attr-defined]
            sanding__unit=unit, sanding__is_current=True
        )

    def goal_fields(self, year: int) -> GoalFields:
        data = self.cleaned_data
        return GoalFields(year=year, **data)


def goal_initial(goal: Any) -> dict[str, Any]:
    names = list(GoalForm.base_fields)
    return {
        name: getattr(goal, f"{name}_id" if name in {"internal_body", "person", "main_duty"} else name)
        for name in names
    }


class TaskForm(BootstrapMixin, forms.Form):
    internal_body = forms.ModelChoiceField(label=_("责任科室"), queryset=InternalBody.objects.none())
    text = forms.CharField(label=_("工作任务"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=DATE)
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=Unit.objects.none(), required=False
    )
    cooperating_bodies = forms.ModelMultipleChoiceField(
        label=_("配合科室"), queryset=InternalBody.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        bodies = InternalBody.objects.filter(unit=unit, is_active=True)
        self.fields["internal_body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["cooperating_bodies"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["cooperating_units"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            region=unit.region, is_active=True
        ).exclude(pk=unit.pk)


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核意见"), choices=Review.Decision.choices)
    reason = forms.CharField(
        label=_("理由(退回时必填)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(BootstrapMixin, forms.Form):
    actual = forms.DecimalField(label=_("累计完成值"), max_digits=16, decimal_places=2, required=False)
    completion = forms.ChoiceField(
        label=_("本季度措施完成情况"), choices=[("", "—"), *Completion.choices], required=False
    )
    progress = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(
        label=_("存在问题及下步打算"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("佐证材料(可多选)"), required=False)


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("文件内容"), choices=(("goals", _("年度目标及分解任务")), ("progress", _("季度进展")))
    )
    file = forms.FileField(label=_("文件(Excel 或 CSV)"))
    reason = forms.CharField(label=_("说明"), max_length=200, required=False)


class ExportForm(forms.Form):
    kind = forms.ChoiceField(choices=(("goals", "goals"), ("progress", "progress")), required=False)
    unit = forms.IntegerField(min_value=1, required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    format = forms.ChoiceField(choices=(("xlsx", "xlsx"), ("csv", "csv")), required=False)


class CheckScoreForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    score = forms.DecimalField(label=_("核查得分"), min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(label=_("核查记录"), required=False, max_length=2000)


class InternalSchemeForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("部门内部方案"), queryset=None, required=False)  # type: ignore[arg-type]

    def __init__(self, *args: Any, versions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = versions  # type: ignore[attr-defined]

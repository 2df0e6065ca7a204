"""One form per page action of the findings room (Chinese labels; no codes on any page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.campaigns.models import Campaign
from lvzhi.core.widgets import UnitPicker, UnitsPicker
from lvzhi.registry.models import Person, Post, Unit

from .models import AccountabilityArea, Finding, Highlight, Institution, Measure, Recommendation, Situation


class Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


DATE = forms.DateInput(attrs={"type": "date"})


class FindingFieldsForm(Styled):
    title = forms.CharField(label=_("问题"), max_length=300)
    category = forms.ChoiceField(label=_("问题类别"))
    severity = forms.ChoiceField(label=_("严重程度"), choices=Finding.Severity.choices, initial="medium")
    description = forms.CharField(
        label=_("具体情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    root_cause = forms.CharField(
        label=_("问题根源"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_code = forms.CharField(label=_("关联指标代码"), max_length=60, required=False)
    deduction = forms.DecimalField(
        label=_("扣分"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    immediate = forms.BooleanField(label=_("立行立改"), required=False)
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE)
    responsible = forms.CharField(label=_("整改责任人"), max_length=100, required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class RaiseForm(FindingFieldsForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all(), widget=UnitPicker)
    source = forms.ChoiceField(label=_("来源"), choices=Finding.Source.choices, initial="other")
    field_order = ["unit", "source", "title"]


class CommonForm(FindingFieldsForm):
    units = forms.ModelMultipleChoiceField(
        label=_("下发单位"), queryset=Unit.objects.all(), widget=UnitsPicker
    )
    source = forms.ChoiceField(label=_("来源"), choices=Finding.Source.choices, initial="other")
    field_order = ["units", "source", "title"]


class EditForm(FindingFieldsForm):
    pass


class IssueForm(Styled):
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE)


class PlanForm(Styled):
    plan = forms.CharField(label=_("整改方案"), widget=forms.Textarea(attrs={"rows": 4}))
    responsible = forms.CharField(label=_("整改责任人"), max_length=100, required=False)
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE)


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFiles())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class EvidenceForm(Styled):
    note = forms.CharField(label=_("整改情况说明"), widget=forms.Textarea(attrs={"rows": 4}))
    files = FilesField(label=_("佐证材料(可多选)"), required=False)


class ReasonForm(Styled):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(Styled):
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeasureForm(Styled):
    kind = forms.ChoiceField(label=_("措施"), choices=Measure.Kind.choices)
    person = forms.CharField(label=_("对象"), max_length=100, required=False)
    taken_on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    document_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CategoryForm(Styled):
    name = forms.CharField(label=_("类别名称"), max_length=20)
    order = forms.IntegerField(label=_("排序"), required=False, min_value=0, initial=0)


class ImportForm(Styled):
    file = forms.FileField(label=_("Excel 或 CSV 文件"))


class FilterForm(Styled):
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.all(), required=False, widget=UnitPicker
    )
    category = forms.ChoiceField(label=_("问题类别"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *Finding.Status.choices])  # fmt: skip
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部来源")), *Finding.Source.choices]
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部类别")), *categories]  # type: ignore[attr-defined]


class ListItemForm(Styled):
    """An item of 特色亮点清单 or 制度完善清单 (the kind's own fields added by the subclass)."""

    title = forms.CharField(label=_("名称"), max_length=200)
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.all(), required=False, widget=UnitPicker,
        help_text=_("编办自身的工作方法可不选单位"),
    )  # fmt: skip
    campaign = forms.ModelChoiceField(label=_("评估活动"), queryset=Campaign.objects.all(), required=False)
    finding = forms.ModelChoiceField(
        label=_("关联问题编号"), queryset=Finding.objects.all(), required=False, widget=forms.NumberInput,
        error_messages={"invalid_choice": _("没有该编号的问题。")},
    )  # fmt: skip
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("具体内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class HighlightForm(ListItemForm):
    kind = forms.ChoiceField(label=_("类型"), choices=Highlight.Kind.choices, initial="unit_practice")
    field_order = ["title", "kind"]


class InstitutionForm(ListItemForm):
    status = forms.ChoiceField(label=_("进展"), choices=Institution.Status.choices, initial="planned")
    due = forms.DateField(label=_("计划完成时间"), required=False, widget=DATE)
    document_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    field_order = ["title", "status", "due", "document_number"]


LIST_FORMS: dict[str, type[ListItemForm]] = {"highlights": HighlightForm, "institutions": InstitutionForm}


class SituationForm(Styled):
    area = forms.ModelChoiceField(label=_("问责领域"), queryset=AccountabilityArea.objects.all())
    name = forms.CharField(label=_("问责情形"), max_length=200)
    deduction = forms.DecimalField(
        label=_("每起扣分"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    indicator_code = forms.CharField(label=_("对应减分指标代码"), max_length=60, required=False)
    downgrade = forms.BooleanField(label=_("降低等次"), required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class CaseForm(Styled):
    situation = forms.ModelChoiceField(
        label=_("问责情形"), queryset=Situation.objects.filter(active=True).select_related("area")
    )
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all(), widget=UnitPicker)
    post = forms.ModelChoiceField(label=_("岗位编号(可空)"), queryset=Post.objects.all(), required=False,
                                  widget=forms.NumberInput)  # fmt: skip
    person = forms.ModelChoiceField(label=_("人员编号(可空)"), queryset=Person.objects.all(), required=False,
                                    widget=forms.NumberInput)  # fmt: skip
    title = forms.CharField(label=_("案由"), max_length=200, required=False)
    occurred_on = forms.DateField(label=_("问责日期"), widget=DATE)
    document_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    deduction = forms.DecimalField(label=_("扣分(空:按情形)"), required=False, min_value=0, max_value=100,
                                   decimal_places=2)  # fmt: skip
    note = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedForm(Styled):
    campaign = forms.ModelChoiceField(label=_("评估活动"), queryset=Campaign.objects.all())


class RecommendForm(Styled):
    campaign = forms.ModelChoiceField(label=_("评估活动"), queryset=Campaign.objects.order_by("-year", "-id"))


class DecideForm(Styled):
    """The office's decision on a staffing recommendation: accept (the matter and its document number) or reject
    (a reason); the kind may be changed on accepting."""

    decision = forms.ChoiceField(
        label=_("决定"), choices=[("accept", _("采纳")), ("reject", _("不采纳"))], widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("建议"), required=False, choices=[("", _("不变")), *Recommendation.Kind.choices]
    )
    matter = forms.CharField(label=_("机构编制事项"), max_length=200, required=False)
    document_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    note = forms.CharField(label=_("决定意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-inline"


class RequestForm(Styled):
    """A unit's 机构编制事项请示 as the office registers it."""

    unit = forms.ModelChoiceField(label=_("请示单位"), queryset=Unit.objects.all(), widget=UnitPicker)
    title = forms.CharField(label=_("请示事项"), max_length=200)
    document_number = forms.CharField(label=_("来文文号"), max_length=80, required=False)
    received_on = forms.DateField(label=_("收文日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("请示内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResultsExportForm(Styled):
    """Which consumer's layout, and for the performance assessment the indicator's full marks."""

    layout = forms.ChoiceField(label=_("导出给"), choices=[])
    points = forms.DecimalField(
        label=_("“主要职能运行成效”指标分值"), required=False, min_value=Decimal("0.01"), max_value=1000,
        decimal_places=2, help_text=_("不填则按评估得分原值计入"),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from .results_export import LAYOUTS

        self.fields["layout"].choices = [(k, str(v)) for k, v in LAYOUTS.items()]


class AdjustmentLinkForm(Styled):
    """The adjustment of the three lists that settles a finding: the unit's own or the region's; empty removes."""

    adjustment = forms.ModelChoiceField(label=_("清单调整"), queryset=Finding.objects.none(), required=False,
                                        empty_label=_("(不关联)"))  # fmt: skip

    def __init__(self, *args: Any, finding: Finding, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from lvzhi.duties.models import Adjustment

        field = self.fields["adjustment"]
        field.queryset = Adjustment.objects.filter(Q(unit_id=finding.unit_id) | Q(unit__isnull=True)).order_by(
            "-effective_date", "-id")  # fmt: skip
        field.label_from_instance = lambda a: (
            f"{a.effective_date:%Y-%m-%d} {a.get_list_kind_display()} · {a} {a.document_number}".strip()
        )


class ReportForm(Styled):
    report = forms.CharField(label=_("书面报告"), widget=forms.Textarea(attrs={"rows": 3}))

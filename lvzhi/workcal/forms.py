"""The working calendar's page forms: the calculator, one day, a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DayKind

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class CalculatorForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE_INPUT)
    end = forms.DateField(label=_("截止日期"), required=False, widget=DATE_INPUT)
    n = forms.IntegerField(
        label=_("工作日数"),
        required=False,
        min_value=-3650,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class DayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=DayKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class RemoveDayForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=200)


class LoadForm(forms.Form):
    file = forms.FileField(label=_("文件(Excel 或 CSV,列:日期、类型、说明)"))
    note = forms.CharField(
        label=_("说明(如国务院办公厅通知文号)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

"""The pages' forms: one performance record typed in (录入), a file of records, a judgement on a warning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .schema import ITEM_KINDS, KIND_LABELS


class RecordForm(forms.Form):
    unit = forms.CharField(label=_("单位代码"), max_length=30)
    body = forms.CharField(label=_("内设机构代码"), max_length=30, required=False)
    post = forms.CharField(label=_("岗位代码"), max_length=40, required=False)
    item_kind = forms.ChoiceField(label=_("事项类型"), choices=list(ITEM_KINDS.items()))
    item = forms.CharField(label=_("事项编码"), max_length=60, help_text=_("权责事项编码,或工作任务编号"))
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.CharField(label=_("履职行为"), max_length=100, required=False)
    quantity = forms.IntegerField(label=_("数量"), min_value=0, initial=1)


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(label=_("文件(CSV、Excel 或 Parquet)"))
    batch_id = forms.CharField(label=_("批次号"), max_length=100, required=False)
    allow_partial = forms.BooleanField(label=_("允许部分接收"), required=False)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("研判意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FeedForm(forms.Form):
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("评估活动"), queryset=None)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["campaign"].widget.attrs["class"] = "form-select form-select-sm w-auto"

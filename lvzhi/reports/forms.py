"""The reports room's page forms: one per action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import weights
from .models import WeightStudy

SELECT = {"class": "form-select form-select-sm"}
TEXT = {"class": "form-control form-control-sm"}


class StartStudyForm(forms.Form):
    version = forms.ModelChoiceField(label=_("方案版本"), queryset=None, widget=forms.Select(attrs=SELECT))  # type: ignore[arg-type]
    parent_code = forms.CharField(
        label=_("上级指标代码"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("留空:比较一级指标;填写指标代码(如 A):比较该指标下的各项指标"),
    )
    title = forms.CharField(
        label=_("名称"), required=False, max_length=120, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args: Any, versions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions
        field.label_from_instance = lambda v: f"{v.scheme.name} v{v.number}({v.get_status_display()})"


class JudgementForm(forms.Form):
    """One select per pair of the study's indicators, worded in Chinese; the field names are the pair keys."""

    judge = forms.CharField(
        label=_("判断人"),
        max_length=60,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("专家组逐人录入时填写各人姓名;同名再次提交即修改其判断"),
    )

    def __init__(self, *args: Any, study: WeightStudy, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pair_fields = []
        for i, j in weights.pairs(study):
            key = weights.pair_key(i, j)
            self.fields[key] = forms.ChoiceField(
                label=_("「%(a)s」与「%(b)s」") % {"a": study.names[i], "b": study.names[j]},
                choices=[("", _("请选择")), *weights.choices_for(study.names[i], study.names[j])],
                initial="1",
                widget=forms.Select(attrs=SELECT),
            )
            self.pair_fields.append(key)

    def pair_bound_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in self.pair_fields]

    def values(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.pair_fields}


class DeleteJudgementForm(forms.Form):
    judgement = forms.IntegerField(widget=forms.HiddenInput)


class RobustnessForm(forms.Form):
    """Draws, whether missing inputs' treatment varies, and one range (low–high %) per level-1 indicator."""

    draws = forms.IntegerField(
        label=_("抽样次数"),
        min_value=1000,
        max_value=20000,
        initial=1000,
        widget=forms.NumberInput(attrs=TEXT),
    )
    spread = forms.IntegerField(
        label=_("默认浮动幅度(%)"),
        min_value=1,
        max_value=100,
        initial=25,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("未单独填写范围的指标,权重在现有权重上下浮动这一比例"),
    )
    vary_missing = forms.BooleanField(label=_("同时改变缺项的处理(计 0 分 / 视为不适用)"), required=False)
    threshold = forms.IntegerField(
        label=_("等次变化提示阈值(%)"),
        min_value=1,
        max_value=100,
        initial=10,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("在超过这一比例的抽样中等次与现结果不同的单位,标为“等次受权重影响”"),
    )

    def __init__(self, *args: Any, indicators: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.range_fields = []
        for item in indicators:
            for end, label in (("low", _("下限")), ("high", _("上限"))):
                key = f"{end}_{item['code']}"
                self.fields[key] = forms.DecimalField(
                    label=f"{item['name']} {label}(%)",
                    required=False,
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.1"}),
                )
            self.range_fields.append((item, self[f"low_{item['code']}"], self[f"high_{item['code']}"]))

    def ranges(self, indicators: list[dict[str, Any]]) -> dict[str, tuple[float | None, float | None]]:
        out = {}
        for item in indicators:
            low = self.cleaned_data.get(f"low_{item['code']}")
            high = self.cleaned_data.get(f"high_{item['code']}")
            if low is not None or high is not None:
                out[item["code"]] = (
                    float(low) if low is not None else None,
                    float(high) if high is not None else None,
                )
        return out

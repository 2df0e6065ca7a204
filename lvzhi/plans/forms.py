"""The plans room's page forms: a plan, and one unit's year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.models import Region

SMALL = {"class": "form-control"}


class PlanForm(forms.Form):
    name = forms.CharField(label=_("规划名称"), max_length=200, widget=forms.TextInput(attrs=SMALL))
    first_year = forms.IntegerField(
        label=_("起始年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=SMALL)
    )
    last_year = forms.IntegerField(
        label=_("终止年度"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=SMALL)
    )
    region = forms.ModelChoiceField(
        label=_("区划"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("全部区划"),
        help_text=_("规划覆盖该区划(含下级)内在用的单位;下属事业单位由各年度活动按比例抽查。"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class PlanUnitForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("评估年度"), required=False, min_value=2000, max_value=2100)

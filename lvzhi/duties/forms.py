"""Forms of the duties pages: one per page action; the actions judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import Region

from .models import ListKind, PowerType


class AsOfForm(BootstrapMixin, forms.Form):
    """Which day's list to show (default today)."""

    on = forms.DateField(label=_("查看日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def day(self) -> Any:
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()


class RegionForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.all(), required=False)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("事项名称"), required=False, max_length=100)
    unit = forms.CharField(label=_("实施主体"), required=False, max_length=100)
    item_type = forms.ChoiceField(
        label=_("事项类型"), required=False, choices=[("", _("全部")), *PowerType.choices]
    )
    basis = forms.CharField(label=_("设定依据"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("清单"), required=False, choices=ListKind.choices)

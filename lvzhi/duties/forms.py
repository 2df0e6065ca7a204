"""Forms of the duties pages: one per page action; the actions judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, Unit

from .models import AdjustmentType, BoundaryItem, ListKind, PowerType


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


class BodyDutyForm(BootstrapMixin, forms.Form):
    internal_body = forms.ModelChoiceField(label=_("内设机构"), queryset=InternalBody.objects.none())
    main_duty = forms.ModelChoiceField(
        label=_("落实的三定主要职责"), queryset=MainDuty.objects.none(), required=False
    )
    text = forms.CharField(label=_("内设机构职责"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, unit: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["internal_body"].queryset = InternalBody.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]
        self.fields["main_duty"].queryset = MainDuty.objects.filter(
            sanding__unit=unit, sanding__is_current=True
        )  # type: ignore[attr-defined]


class TaskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("工作任务"), widget=forms.Textarea(attrs={"rows": 2}))
    posts = forms.ModelMultipleChoiceField(label=_("承担岗位"), queryset=Post.objects.none(), required=False)

    def __init__(self, *args: Any, unit: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = Post.objects.filter(unit=unit)  # type: ignore[attr-defined]


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("原因"), required=False)


class ChangeForm(BootstrapMixin, forms.Form):
    """What every adjustment records."""

    reason = forms.CharField(label=_("调整原因"), widget=forms.Textarea(attrs={"rows": 2}))
    document_number = forms.CharField(label=_("文号"), required=False, max_length=100)
    effective_date = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(ChangeForm):
    KINDS = (
        ("decomposition", _("科室职责任务分解表")),
        ("power", _("权责清单")),
        ("boundary", _("职责边界清单")),
        ("territorial", _("属地管理清单")),
        ("delegation", _("下放事项清单")),
    )
    kind = forms.ChoiceField(label=_("文件类型"), choices=KINDS)
    file = forms.FileField(label=_("文件(Excel 或 CSV)"))
    region = forms.ModelChoiceField(
        label=_("区划(边界、属地清单)"), queryset=Region.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["effective_date"].required = False
        self.order_fields(["kind", "file", "region", "reason", "document_number", "effective_date"])


class NoticeForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("下发区划"), queryset=Region.objects.all())
    issuer = forms.CharField(label=_("发文机关"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=100)
    title = forms.CharField(label=_("标题"), max_length=300)
    summary = forms.CharField(label=_("变更内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    change_type = forms.ChoiceField(label=_("调整类型"), choices=AdjustmentType.choices)
    received_on = forms.DateField(label=_("收文日期"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=_("认领期限"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.ModelMultipleChoiceField(
        label=_("涉及单位"), queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.visible_to(user).filter(is_active=True)  # type: ignore[attr-defined]


class ClaimForm(BootstrapMixin, forms.Form):
    applies = forms.TypedChoiceField(
        label=_("认领结果"),
        coerce=lambda v: v == "1",
        choices=(("1", _("已认领,已按要求调整")), ("0", _("不涉及本单位"))),
    )
    note = forms.CharField(label=_("认领说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScanForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.all())


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False)


class SettleForm(BootstrapMixin, forms.Form):
    boundary_item = forms.ModelChoiceField(
        label=_("化解该交叉的职责边界清单事项"), queryset=BoundaryItem.objects.none()
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["boundary_item"].queryset = BoundaryItem.objects.visible_to(user).current()  # type: ignore[attr-defined]


class DifferenceForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("清单"), choices=ListKind.choices, required=False)
    start = forms.DateField(
        label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}), required=False)


class PeriodForm(DifferenceForm):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.all(), required=False)



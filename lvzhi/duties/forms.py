"""Forms of the duties pages: one per page action; the actions judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.registry.forms import BootstrapMixin
from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, Unit

from .models import AdjustmentType, BoundaryItem, Initiation, ListKind, PowerType


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


# -- the higher-level catalogue (三级四同) ------------------------------------------------------------------


class LevelChoiceField(forms.ModelChoiceField):
    """A province or a city, named with its level: 山东省(省级)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}({obj.get_level_display()}级)"


class CatalogueSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("事项名称"), required=False, max_length=100,
                        help_text=_("事项名称、编码或设定依据中的字词"))  # fmt: skip
    item_type = forms.ChoiceField(
        label=_("事项类型"), required=False, choices=[("", _("全部")), *PowerType.choices]
    )
    region = LevelChoiceField(label=_("发布层级"), queryset=Region.objects.none(), required=False,
                              empty_label=_("全部"))  # fmt: skip
    status = forms.ChoiceField(
        label=_("状态"), required=False,
        choices=(("", _("全部")), ("active", _("在用")), ("withdrawn", _("已停用"))),
    )  # fmt: skip

    def __init__(self, *args: Any, regions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """What to search for (nothing when the form is not valid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class CatalogueItemForm(BootstrapMixin, forms.Form):
    region = LevelChoiceField(label=_("发布层级"), queryset=Region.objects.none())
    code = forms.CharField(label=_("事项编码"), max_length=60)
    name = forms.CharField(label=_("事项名称"), max_length=300)
    item_type = forms.ChoiceField(label=_("事项类型"), choices=PowerType.choices)
    initiation = forms.ChoiceField(
        label=_("行使方式"), required=False, choices=[("", _("(不区分)")), *Initiation.choices]
    )
    legal_basis = forms.CharField(label=_("设定依据(具体到条款)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    responsibilities = forms.CharField(label=_("责任事项"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    accountability = forms.CharField(label=_("追责情形"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    is_active = forms.BooleanField(label=_("在用(停用后各单位不能再承接)"), required=False, initial=True)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class UnitBodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.unit.name} · {obj.name}"


class LocaliseForm(ChangeForm):
    """纳入本单位权力清单: the unit (a contact has only its own), what is local, and the adjustment."""

    unit = forms.ModelChoiceField(label=_("承接单位"), queryset=Unit.objects.none())
    internal_body = UnitBodyChoiceField(
        label=_("承办机构"), queryset=InternalBody.objects.none(), required=False
    )
    localisation = forms.CharField(label=_("本地化说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("如由哪个科室承办、本地的办理要求"))  # fmt: skip

    def __init__(self, *args: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["internal_body"].queryset = (  # type: ignore[attr-defined]
            InternalBody.objects.filter(unit__in=units, is_active=True)
            .select_related("unit")
            .order_by("unit__order", "unit__code", "order", "code")
        )
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].empty_label = None  # type: ignore[attr-defined]
        self.order_fields(
            ["unit", "internal_body", "localisation", "reason", "document_number", "effective_date"]
        )


class CatalogueImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("文件(Excel 或 CSV)"))
    reason = forms.CharField(label=_("导入原因"), required=False, max_length=200,
                             help_text=_("如“依据省政府办公厅文件更新标准目录”,记入操作日志"))  # fmt: skip

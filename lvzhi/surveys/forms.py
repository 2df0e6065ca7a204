"""One form per page action of the surveys room (Chinese labels; no JSON or YAML on any page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.findings.models import Finding
from lvzhi.registry.models import Unit

from .models import Question, QuestionnaireVersion


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

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


class QuestionnaireForm(Styled):
    title = forms.CharField(label=_("问卷名称"), max_length=120)
    description = forms.CharField(
        label=_("说明(仅编办可见)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    intro = forms.CharField(
        label=_("卷首语(答卷人可见)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IntroForm(Styled):
    intro = forms.CharField(
        label=_("卷首语(答卷人可见)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(Styled):
    section = forms.CharField(label=_("所属部分(可空)"), max_length=120, required=False)
    text = forms.CharField(label=_("题目"), max_length=300)
    kind = forms.ChoiceField(label=_("题型"), choices=Question.Kind.choices)
    options = forms.CharField(
        label=_("选项(单选、多选题,每行一个)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scale = forms.ChoiceField(label=_("逐个单位评价的尺度"), choices=Question.Scale.choices, required=False)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)
    scores = forms.BooleanField(label=_("计入满意度(每份问卷只有一题)"), required=False)
    condition_question = forms.ModelChoiceField(
        label=_("仅当此题……"), queryset=Question.objects.none(), required=False, empty_label=_("(总是显示)")
    )
    condition_values = forms.CharField(
        label=_("……选择了以下选项时显示(每行一个)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, version: QuestionnaireVersion, question: Question | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["condition_question"]
        assert isinstance(field, forms.ModelChoiceField)
        choices = version.questions.exclude(kind__in=[Question.Kind.TEXT, Question.Kind.MATRIX])
        if question is not None:  # a question may only depend on one before it
            choices = choices.filter(order__lt=question.order)
        field.queryset = choices

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class GroupForm(Styled):
    name = forms.CharField(label=_("评价群体"), max_length=60, help_text=_("如:管理服务对象、单位干部职工"))
    version = forms.ModelChoiceField(label=_("问卷"), queryset=QuestionnaireVersion.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("评价的单位"), queryset=Unit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    invitations_planned = forms.IntegerField(label=_("计划发放份数"), min_value=0, initial=0)
    weight = forms.DecimalField(
        label=_("满意度权重"), min_value=0, max_digits=6, decimal_places=2, initial=100
    )
    leaf_code = forms.ChoiceField(label=_("计入的评估指标"), required=False)
    min_answers = forms.IntegerField(label=_("最少答卷数(少于此数不显示结果)"), min_value=1, initial=5)
    open_limit = forms.IntegerField(label=_("公开链接限额(0 为不设公开链接)"), min_value=0, initial=0)

    def __init__(self, *args: Any, campaign: Any, leaves: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        version_field = self.fields["version"]
        units_field = self.fields["units"]
        leaf_field = self.fields["leaf_code"]
        assert isinstance(version_field, forms.ModelChoiceField)
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        assert isinstance(leaf_field, forms.ChoiceField)
        version_field.queryset = QuestionnaireVersion.objects.select_related("questionnaire").order_by(
            "questionnaire__title", "-number"
        )
        units_field.queryset = Unit.objects.filter(pk__in=campaign.units.values("unit_id")).order_by(
            "order", "code"
        )
        leaf_field.choices = [("", _("(不计入指标)"))] + [(leaf.code, leaf.label) for leaf in leaves]


class InviteForm(Styled):
    count = forms.IntegerField(label=_("份数"), min_value=1, max_value=5000, initial=20)
    unit = forms.ModelChoiceField(
        label=_("限定评价单位(现场发放时选择)"), queryset=Unit.objects.none(), required=False,
        empty_label=_("(评价本群体的全部单位)"),
    )  # fmt: skip

    def __init__(self, *args: Any, group: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = group.units.order_by("order", "code")


class OpenLinkForm(Styled):
    limit = forms.IntegerField(label=_("最多答卷数"), min_value=1, initial=200)


class ImportForm(Styled):
    file = forms.FileField(label=_("第三方调查结果文件(.xlsx 或 .csv)"))


class FindingForm(Styled):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    category = forms.ChoiceField(label=_("问题类别"), choices=Finding.Category.choices)
    severity = forms.ChoiceField(label=_("严重程度"), choices=Finding.Severity.choices, initial="medium")
    title = forms.CharField(label=_("问题"), max_length=300)

    def __init__(self, *args: Any, group: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = group.units.order_by("order", "code")

"""Forms of the campaign pages. They only parse and validate input; the actions decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.findings.models import Finding
from lvzhi.plans.models import EvaluationPlan
from lvzhi.registry.models import Category, Region, Unit
from lvzhi.schemes.models import SchemeVersion

from .models import ArchiveCheck, Campaign, CommitteeDecision, Stage, Team
from .schemeinfo import IMPORT_KINDS

User = get_user_model()

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def published_versions():
    return SchemeVersion.objects.filter(status=SchemeVersion.Status.PUBLISHED).select_related("scheme")


class CampaignForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("活动名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("评估周期"), choices=Campaign.Period.choices)
    scheme_version = forms.ModelChoiceField(
        label=_("指标体系版本(已发布)"), queryset=SchemeVersion.objects.none(), required=False
    )
    region = forms.ModelChoiceField(label=_("组织区划"), queryset=Region.objects.all(), required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("纳入类别"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("纳入区划(含下级)"), queryset=Region.objects.all(), required=False
    )
    plan = forms.ModelChoiceField(
        label=_("评估规划"), queryset=EvaluationPlan.objects.all(), required=False,
        help_text=_("选择后,评估范围为规划中本年度安排的单位(再按上面的类别、区划筛选);规划期须包含本年度。"),
    )  # fmt: skip
    subordinate_share = forms.DecimalField(
        label=_("下属事业单位抽查比例"), min_value=0, max_value=1, decimal_places=2, initial="0.30",
        help_text=_("例如 0.30 表示不低于30%。"),
    )  # fmt: skip
    triangulation_margin = forms.DecimalField(
        label=_("印证差异阈值(百分点)"), min_value=0, max_value=100, decimal_places=2, initial=20,
        help_text=_("各来源得分率相差超过该值时提示核实。"),
    )  # fmt: skip
    unvisited_treatment = forms.ChoiceField(
        label=_("未列入实地评估的单位,其实地评估指标"), choices=Campaign.Unvisited.choices,
        initial=Campaign.Unvisited.DESK_REVIEW, required=False,
        help_text=_("实地评估只覆盖计划走访的单位;其余单位的实地评估指标按此计分,并在其评估结果中注明。"),
    )  # fmt: skip
    unvisited_default_percent = forms.DecimalField(
        label=_("设定得分率(%)"), min_value=0, max_value=100, decimal_places=2, initial=80, required=False,
        help_text=_("选择「按设定的得分率计」时使用:实地评估指标按满分的该比例计分。"),
    )  # fmt: skip
    late_treatment = forms.ChoiceField(
        label=_("逾期未提交自评的单位"), choices=Campaign.Late.choices, initial=Campaign.Late.OFFICE_REVIEW,
        required=False,
        help_text=_("自评截止日期过后结束自查自评阶段时,未提交自评的单位按此处理。"),
    )  # fmt: skip
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme_version"].queryset = published_versions()
        self.fields["categories"].widget.attrs["class"] = "list-unstyled"
        self._style()
        self.fields["categories"].widget.attrs["class"] = ""


class DeadlinesForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in Stage:
            self.fields[stage.value] = forms.DateField(label=stage.label, required=False, widget=DATE)
        if campaign is not None and not self.is_bound:
            for record in campaign.stages.all():
                self.initial[record.stage] = record.due_date
        self._style()


class CategorySchemeForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.all())
    scheme_version = forms.ModelChoiceField(
        label=_("指标体系版本"), queryset=SchemeVersion.objects.none(), required=False,
        help_text=_("留空表示该类别使用活动的默认版本。"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme_version"].queryset = published_versions()
        self._style()


class AddUnitsForm(BootstrapMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("按名单添加单位"), queryset=Unit.objects.filter(is_active=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["units"].widget.attrs["size"] = 8


class TeamForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Team.Kind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    head = forms.ModelChoiceField(
        label=_("组长"), queryset=User.objects.filter(is_active=True), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("成员"), queryset=User.objects.filter(is_active=True), required=False
    )
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["members"].widget.attrs["size"] = 6


class AssignForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("人员"), queryset=User.objects.none())
    kind = forms.ChoiceField(
        label=_("分工"), choices=[("evaluator", _("评估人员")), ("leader", _("分管领导"))]
    )
    units = forms.ModelMultipleChoiceField(label=_("单位"), queryset=Unit.objects.none())

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            is_active=True, role__in=["evaluator", "leader", "admin"]
        )
        if campaign is not None:
            self.fields["units"].queryset = Unit.objects.filter(campaign_units__campaign=campaign)
        self._style()
        self.fields["units"].widget.attrs["size"] = 8


class DistributeForm(BootstrapMixin, forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=_("评估人员"), queryset=User.objects.filter(is_active=True, role="evaluator")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CloseStageForm(BootstrapMixin, forms.Form):
    force = forms.BooleanField(label=_("存在未完成事项时仍然结束(须说明理由)"), required=False)
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReopenStageForm(BootstrapMixin, forms.Form):
    stage = forms.ChoiceField(label=_("重新开启的阶段"), choices=Stage.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            closed = [(s.stage, s.get_stage_display()) for s in campaign.stages.all() if s.status == "closed"]
            self.fields["stage"].choices = closed
        self._style()


class CopyForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("新活动年度"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("新活动名称"), max_length=200, required=False, help_text=_("留空时把名称中的年份换成新年度。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FindingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("问题"), max_length=300)
    category = forms.ChoiceField(label=_("问题类别"), choices=Finding.Category.choices)
    severity = forms.ChoiceField(label=_("严重程度"), choices=Finding.Severity.choices, initial="medium")
    indicator_code = forms.ChoiceField(label=_("关联指标"), required=False)
    description = forms.CharField(
        label=_("具体情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE)

    def __init__(self, *args, leaves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [
            ("", _("(不关联)")),
            *[(lf.code, f"{lf.code} {lf.name}") for lf in leaves],
        ]
        self._style()


class VisitForm(BootstrapMixin, forms.Form):
    planned_on = forms.DateField(label=_("计划日期"), required=False, widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    team = forms.ModelMultipleChoiceField(
        label=_("评估组成员"),
        queryset=User.objects.filter(is_active=True, role__in=["evaluator", "admin"]),
        required=False,
    )
    agenda = forms.CharField(label=_("安排"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class InterviewForm(BootstrapMixin, forms.Form):
    interviewee = forms.CharField(label=_("访谈对象"), max_length=100)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    held_on = forms.DateField(label=_("访谈日期"), required=False, widget=DATE)
    record = forms.CharField(label=_("访谈记录"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ArchiveCheckForm(BootstrapMixin, forms.Form):
    archive = forms.CharField(label=_("档案/系统"), max_length=200)
    result = forms.ChoiceField(label=_("查验结果"), choices=ArchiveCheck.Result.choices)
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"), choices=[(k, v[0]) for k, v in IMPORT_KINDS.items()])
    file = forms.FileField(label=_("文件(.xlsx 或 .csv)"))
    note = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DecisionForm(BootstrapMixin, forms.Form):
    meeting = forms.CharField(label=_("会议"), max_length=200, initial=_("编委会会议"))
    decided_on = forms.DateField(label=_("审定日期"), widget=DATE)
    outcome = forms.ChoiceField(label=_("审定结论"), choices=CommitteeDecision.Outcome.choices)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 3}))
    acknowledge_gaps = forms.BooleanField(
        label=_("已知悉上述不完整情况,仍审定通过"), required=False,
        help_text=_("评估数据不完整时,审定通过须勾选,并记入审定记录。"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class RatingOnBehalfForm(BootstrapMixin, forms.Form):
    """代录: the office enters a leader's rating from a paper form. The choices are the campaign's rating leaders,
    the units of their portfolios and the campaign's rating periods."""

    leader = forms.ModelChoiceField(label=_("评价领导"), queryset=User.objects.none())
    unit = forms.ModelChoiceField(label=_("被评价单位"), queryset=Unit.objects.none())
    period = forms.ChoiceField(label=_("评价周期"))
    rating = forms.ChoiceField(label=_("评价等次"), required=False)
    score = forms.CharField(
        label=_("或分数"), required=False, max_length=10, help_text=_("评价表上是分数(如 92)时填写,不选等次。")
    )
    comment = forms.CharField(label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        help_text=_("纸质评价表的名称、编号或文号,记入操作日志。"),
    )

    def __init__(self, *args, campaign, periods, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = campaign.assignments.filter(kind="leader")
        self.fields["leader"].queryset = User.objects.filter(pk__in=leaders.values("user_id")).order_by("username")
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=leaders.values("unit_id")).order_by(
            "order", "code"
        )
        self.fields["period"].choices = periods
        self.fields["rating"].choices = [("", _("(按分数)"))] + [(r, r) for r in ratings]
        self._style()

    def clean(self):
        data = super().clean()
        label, score = data.get("rating") or "", (data.get("score") or "").strip()
        if bool(label) == bool(score):
            raise forms.ValidationError(_("请选择评价等次或填写分数(二选一)。"))
        data["given"] = label or score
        return data

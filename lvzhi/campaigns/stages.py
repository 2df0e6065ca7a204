"""The stage machine of a campaign and who may do what in which stage.

Every action in lvzhi.campaigns.actions starts with `require(user, "<action>", campaign, unit=…)`, so the web
pages and the API refuse the same things with the same message. The table below is also what
docs/campaigns.md and the campaign page show ("who acts, what closes it, what it locks").
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.models import Role
from lvzhi.core.errors import Invalid, Refused

from .models import Stage, stage_index

__all__ = ["Invalid", "Refused"]


@dataclass(frozen=True)
class StageInfo:
    stage: str
    actors: str
    closes_when: str
    locks: str


STAGE_INFO = {
    Stage.DEPLOY: StageInfo(
        Stage.DEPLOY,
        _("编办管理员:确定范围、指标体系版本、日程、工作组和分工"),
        _("已选定已发布的指标体系版本且范围内至少有一个单位"),
        _("活动范围、指标体系版本、工作组和分工"),
    ),
    Stage.SELF_ASSESSMENT: StageInfo(
        Stage.SELF_ASSESSMENT,
        _("单位联络员:逐项自评、上传佐证、填写提报表和自评报告并提交;评估人员可提前审核已提交单位"),
        _("全部单位已提交自评(或管理员说明理由后强制结束)"),
        _("自评分、佐证材料、提报表和自评报告(退回修改的单位除外)"),
    ),
    Stage.DESK_REVIEW: StageInfo(
        Stage.DESK_REVIEW,
        _("评估人员:逐项核定审核分(与自评分不同须说明理由)、提出问题、退回修改"),
        _("全部已提交单位完成案头审核"),
        _("案头审核分"),
    ),
    Stage.ON_SITE: StageInfo(
        Stage.ON_SITE,
        _("评估人员:按计划实地评估,逐项完成三必看、三必查、三必谈,记录访谈和档案查验"),
        _("全部已计划的实地评估均已完成,实地评估指标均已评分"),
        _("实地评估记录和清单"),
    ),
    Stage.MULTI_PARTY: StageInfo(
        Stage.MULTI_PARTY,
        _(
            "分管领导:评价分管单位;编办管理员/第三方:导入第三方评估、热线、人大政协及社会评议、察访核验、问卷数据"
        ),
        _("分管领导评价已全部录入"),
        _("领导评价和导入数据"),
    ),
    Stage.SCORING: StageInfo(
        Stage.SCORING,
        _("编办管理员:计算结果;评估人员:核实印证差异"),
        _("结果已按最新数据计算且印证差异均已核实"),
        _("计算结果"),
    ),
    Stage.FEEDBACK: StageInfo(
        Stage.FEEDBACK,
        _("单位联络员:查看初步结果,在期限内逐项提出异议;评估人员:复核答复"),
        _("全部异议均已答复"),
        _("异议和复核"),
    ),
    Stage.APPROVAL: StageInfo(
        Stage.APPROVAL,
        _("编委会:审定结果(形成审定记录)"),
        _("编委会审定通过"),
        _("全部评估结果"),
    ),
    Stage.PUBLICATION: StageInfo(
        Stage.PUBLICATION,
        _("编办管理员:公布结果、通报排名"),
        _("结果已公布"),
        _("一切修改(须由管理员说明理由重新开启阶段)"),
    ),
}


@dataclass(frozen=True)
class Rule:
    label: str
    stages: frozenset
    roles: frozenset
    # "unit": a unit contact acts on its own unit, evaluators on their assigned units, leaders on their
    # portfolio; "campaign": acts on the campaign as a whole.
    scope: str = "unit"


_ALL_OPEN = frozenset(STAGE_INFO) - {Stage.PUBLICATION}
_INPUT_STAGES = frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW, Stage.ON_SITE, Stage.MULTI_PARTY})

RULES = {
    "edit_setup": Rule(_("修改活动设置"), frozenset({Stage.DEPLOY}), frozenset({"admin"}), "campaign"),
    "edit_schedule": Rule(_("调整日程"), _ALL_OPEN, frozenset({"admin"}), "campaign"),
    "self_assess": Rule(
        _("填报自评"), frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), frozenset({"unit_contact"})
    ),
    "return_self": Rule(
        _("退回自评"),
        frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}),
        frozenset({"admin", "evaluator"}),
    ),
    "desk_review": Rule(
        _("案头审核"),
        frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}),
        frozenset({"admin", "evaluator"}),
    ),
    "raise_finding": Rule(
        _("提出问题"),
        frozenset({Stage.DESK_REVIEW, Stage.ON_SITE, Stage.MULTI_PARTY}),
        frozenset({"admin", "evaluator"}),
    ),
    "plan_visit": Rule(
        _("安排实地评估"), frozenset({Stage.DESK_REVIEW, Stage.ON_SITE}), frozenset({"admin", "evaluator"})
    ),
    "on_site": Rule(_("实地评估"), frozenset({Stage.ON_SITE}), frozenset({"admin", "evaluator"})),
    "leader_rate": Rule(_("领导评价"), _INPUT_STAGES, frozenset({"leader"})),
    "mark_na": Rule(_("标记不适用指标"), _INPUT_STAGES, frozenset({"admin", "evaluator"})),
    "import_data": Rule(_("导入评议数据"), _INPUT_STAGES, frozenset({"admin", "third_party"}), "campaign"),
    "compute": Rule(
        _("计算结果"),
        frozenset(
            {
                Stage.SELF_ASSESSMENT,
                Stage.DESK_REVIEW,
                Stage.ON_SITE,
                Stage.MULTI_PARTY,
                Stage.SCORING,
                Stage.FEEDBACK,
            }
        ),
        frozenset({"admin"}),
        "campaign",
    ),
    "resolve_flag": Rule(_("核实印证差异"), frozenset({Stage.SCORING}), frozenset({"admin", "evaluator"})),
    "object": Rule(_("提出异议"), frozenset({Stage.FEEDBACK}), frozenset({"unit_contact"})),
    "answer_objection": Rule(_("复核异议"), frozenset({Stage.FEEDBACK}), frozenset({"admin", "evaluator"})),
    "decide": Rule(_("审定结果"), frozenset({Stage.APPROVAL}), frozenset({"committee"}), "campaign"),
    "publish": Rule(_("公布结果"), frozenset({Stage.PUBLICATION}), frozenset({"admin"}), "campaign"),
    "close_stage": Rule(_("结束阶段"), _ALL_OPEN, frozenset({"admin"}), "campaign"),
    "reopen_stage": Rule(_("重新开启阶段"), frozenset(STAGE_INFO), frozenset({"admin"}), "campaign"),
}

ROLE_LABELS = dict(Role.choices)


def stage_labels(stages) -> str:
    ordered = sorted(stages, key=stage_index)
    return "、".join(f"「{Stage(s).label}」" for s in ordered)


def _role(user) -> str:
    return "admin" if user.is_office_admin else user.role


def is_assigned(user, campaign, unit_id, kind=None) -> bool:
    qs = campaign.assignments.filter(user=user, unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.exists()


def check(user, action: str, campaign, unit=None) -> str | None:
    """The reason `user` may not take `action` now, or None when allowed."""
    rule = RULES[action]
    if not user.is_authenticated or not user.is_active:
        return gettext("请先登录。")
    role = _role(user)
    if role not in rule.roles:
        return gettext("%(role)s不能%(action)s。") % {
            "role": ROLE_LABELS.get(role, role),
            "action": rule.label,
        }
    if campaign.is_published and action != "reopen_stage":
        return gettext("评估结果已公布,一切内容已锁定;如需修改,须由编办管理员说明理由后重新开启相应阶段。")
    if campaign.stage not in rule.stages:
        return gettext("当前阶段为「%(stage)s」,不能%(action)s;%(action)s只能在%(stages)s阶段进行。") % {
            "stage": campaign.get_stage_display(),
            "action": rule.label,
            "stages": stage_labels(rule.stages),
        }
    if unit is not None and rule.scope == "unit":
        unit_id = unit if isinstance(unit, int) else unit.pk
        if role == "unit_contact" and user.unit_id != unit_id:
            return gettext("只能办理本单位的事项。")
        if role == "evaluator" and not is_assigned(user, campaign, unit_id, "evaluator"):
            return gettext("该单位不在您的评估分工内。")
        if role == "leader" and not is_assigned(user, campaign, unit_id, "leader"):
            return gettext("该单位不在您的分管范围内。")
    return None


def require(user, action: str, campaign, unit=None) -> None:
    reason = check(user, action, campaign, unit)
    if reason:
        raise Refused(reason)


def allowed(user, action: str, campaign, unit=None) -> bool:
    return check(user, action, campaign, unit) is None

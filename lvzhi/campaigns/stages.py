"""The stages of a campaign as people read them: who acts, what closes the stage, what it locks (docs/campaigns.md
and the campaign page show this table).

Who may do what in which stage is the policy table of lvzhi.campaigns.policy; `check`, `require` and `allowed`
here are its older spelling, `(user, action, campaign, unit=None)`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Invalid, Refused

from .models import Stage
from .policy import CAMPAIGNS, stage_labels, target

__all__ = ["RULES", "STAGE_INFO", "Invalid", "Refused", "allowed", "check", "require", "stage_labels"]


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


# The rules that open and close with the stages (the policy's view rules are left out).
RULES = {action: rule for action, rule in CAMPAIGNS.rules.items() if rule.states is not None}


def check(user, action: str, campaign, unit=None) -> str | None:
    """The reason `user` may not take `action` now, or None when allowed."""
    return CAMPAIGNS.check(user, action, target(campaign, unit))


def require(user, action: str, campaign, unit=None) -> None:
    CAMPAIGNS.require(user, action, target(campaign, unit))


def allowed(user, action: str, campaign, unit=None) -> bool:
    return CAMPAIGNS.allowed(user, action, target(campaign, unit))

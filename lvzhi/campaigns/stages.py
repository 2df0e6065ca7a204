"""The stage machine of a campaign and who may do what in which stage.

Every action in lvzhi.campaigns.actions starts with `require(user, "<action>", campaign, unit=…)`, so the web
pages and the API refuse the same things with the same message. The table below is also what
docs/campaigns.md and the campaign page show ("who acts, what closes it, what it locks").
"""

from dataclasses import dataclass

from .models import Stage, stage_index


class Refused(Exception):
    """An action the user may not take now. The message is for the user (Chinese)."""


class Invalid(Exception):
    """Input the action cannot accept (missing evidence, a reason left out, …). The message names what."""


@dataclass(frozen=True)
class StageInfo:
    stage: str
    actors: str
    closes_when: str
    locks: str


STAGE_INFO = {
    Stage.DEPLOY: StageInfo(
        Stage.DEPLOY,
        "编办管理员:确定范围、指标体系版本、日程、工作组和分工",
        "已选定已发布的指标体系版本且范围内至少有一个单位",
        "活动范围、指标体系版本、工作组和分工",
    ),
    Stage.SELF_ASSESSMENT: StageInfo(
        Stage.SELF_ASSESSMENT,
        "单位联络员:逐项自评、上传佐证、填写提报表和自评报告并提交;评估人员可提前审核已提交单位",
        "全部单位已提交自评(或管理员说明理由后强制结束)",
        "自评分、佐证材料、提报表和自评报告(退回修改的单位除外)",
    ),
    Stage.DESK_REVIEW: StageInfo(
        Stage.DESK_REVIEW,
        "评估人员:逐项核定审核分(与自评分不同须说明理由)、提出问题、退回修改",
        "全部已提交单位完成案头审核",
        "案头审核分",
    ),
    Stage.ON_SITE: StageInfo(
        Stage.ON_SITE,
        "评估人员:按计划实地评估,逐项完成三必看、三必查、三必谈,记录访谈和档案查验",
        "全部已计划的实地评估均已完成,实地评估指标均已评分",
        "实地评估记录和清单",
    ),
    Stage.MULTI_PARTY: StageInfo(
        Stage.MULTI_PARTY,
        "分管领导:评价分管单位;编办管理员/第三方:导入第三方评估、热线、人大政协及社会评议、察访核验、问卷数据",
        "分管领导评价已全部录入",
        "领导评价和导入数据",
    ),
    Stage.SCORING: StageInfo(
        Stage.SCORING,
        "编办管理员:计算结果;评估人员:核实印证差异",
        "结果已按最新数据计算且印证差异均已核实",
        "计算结果",
    ),
    Stage.FEEDBACK: StageInfo(
        Stage.FEEDBACK,
        "单位联络员:查看初步结果,在期限内逐项提出异议;评估人员:复核答复",
        "全部异议均已答复",
        "异议和复核",
    ),
    Stage.APPROVAL: StageInfo(
        Stage.APPROVAL,
        "编委会:审定结果(形成审定记录)",
        "编委会审定通过",
        "全部评估结果",
    ),
    Stage.PUBLICATION: StageInfo(
        Stage.PUBLICATION,
        "编办管理员:公布结果、通报排名",
        "结果已公布",
        "一切修改(须由管理员说明理由重新开启阶段)",
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
    "edit_setup": Rule("修改活动设置", frozenset({Stage.DEPLOY}), frozenset({"admin"}), "campaign"),
    "edit_schedule": Rule("调整日程", _ALL_OPEN, frozenset({"admin"}), "campaign"),
    "self_assess": Rule(
        "填报自评", frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), frozenset({"unit_contact"})
    ),
    "return_self": Rule(
        "退回自评", frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), frozenset({"admin", "evaluator"})
    ),
    "desk_review": Rule(
        "案头审核", frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), frozenset({"admin", "evaluator"})
    ),
    "raise_finding": Rule(
        "提出问题",
        frozenset({Stage.DESK_REVIEW, Stage.ON_SITE, Stage.MULTI_PARTY}),
        frozenset({"admin", "evaluator"}),
    ),
    "plan_visit": Rule(
        "安排实地评估", frozenset({Stage.DESK_REVIEW, Stage.ON_SITE}), frozenset({"admin", "evaluator"})
    ),
    "on_site": Rule("实地评估", frozenset({Stage.ON_SITE}), frozenset({"admin", "evaluator"})),
    "leader_rate": Rule("领导评价", _INPUT_STAGES, frozenset({"leader"})),
    "mark_na": Rule("标记不适用指标", _INPUT_STAGES, frozenset({"admin", "evaluator"})),
    "import_data": Rule("导入评议数据", _INPUT_STAGES, frozenset({"admin", "third_party"}), "campaign"),
    "compute": Rule(
        "计算结果",
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
    "resolve_flag": Rule("核实印证差异", frozenset({Stage.SCORING}), frozenset({"admin", "evaluator"})),
    "object": Rule("提出异议", frozenset({Stage.FEEDBACK}), frozenset({"unit_contact"})),
    "answer_objection": Rule("复核异议", frozenset({Stage.FEEDBACK}), frozenset({"admin", "evaluator"})),
    "decide": Rule("审定结果", frozenset({Stage.APPROVAL}), frozenset({"committee"}), "campaign"),
    "publish": Rule("公布结果", frozenset({Stage.PUBLICATION}), frozenset({"admin"}), "campaign"),
    "close_stage": Rule("结束阶段", _ALL_OPEN, frozenset({"admin"}), "campaign"),
    "reopen_stage": Rule("重新开启阶段", frozenset(STAGE_INFO), frozenset({"admin"}), "campaign"),
}

ROLE_LABELS = {
    "admin": "编办管理员",
    "evaluator": "评估人员",
    "unit_contact": "单位联络员",
    "leader": "领导评议人",
    "committee": "编委会成员",
    "third_party": "第三方机构",
}


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
        return "请先登录。"
    role = _role(user)
    if role not in rule.roles:
        return f"{ROLE_LABELS.get(role, role)}不能{rule.label}。"
    if campaign.is_published and action != "reopen_stage":
        return "评估结果已公布,一切内容已锁定;如需修改,须由编办管理员说明理由后重新开启相应阶段。"
    if campaign.stage not in rule.stages:
        return f"当前阶段为「{campaign.get_stage_display()}」,不能{rule.label};{rule.label}只能在{stage_labels(rule.stages)}阶段进行。"
    if unit is not None and rule.scope == "unit":
        unit_id = unit if isinstance(unit, int) else unit.pk
        if role == "unit_contact" and user.unit_id != unit_id:
            return "只能办理本单位的事项。"
        if role == "evaluator" and not is_assigned(user, campaign, unit_id, "evaluator"):
            return "该单位不在您的评估分工内。"
        if role == "leader" and not is_assigned(user, campaign, unit_id, "leader"):
            return "该单位不在您的分管范围内。"
    return None


def require(user, action: str, campaign, unit=None) -> None:
    reason = check(user, action, campaign, unit)
    if reason:
        raise Refused(reason)


def allowed(user, action: str, campaign, unit=None) -> bool:
    return check(user, action, campaign, unit) is None

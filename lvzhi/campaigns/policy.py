"""Who may do what in a campaign, in which stage: the campaign room's policy table (lvzhi.core.policy).

Every action in lvzhi.campaigns.actions asks `CAMPAIGNS.require(user, "<action>", obj)` first, so the pages and
the API refuse the same things with the same message; pages and API ask `CAMPAIGNS.allowed(...)` (and the
selectors built on it) what to show, and never compare roles themselves.

`obj` is the campaign, or what the action concerns within it: a campaign unit, a flag, an objection, a visit… (any
object with a `campaign` or `campaign_unit`), or `InCampaign(campaign, unit_id)` for a unit named by id. A rule
whose scope is "unit" then also asks how the unit relates to the user: a unit contact acts on their own unit,
an evaluator on the units assigned to them, a leader on their portfolio.

The rules named `view_*` and a few others decide what a user may see or read; they stay open once the campaign
is published (`locks=False`). Some differ by role in the stages they open: a unit contact sees the review scores,
the on-site records and the results of their unit only from the feedback stage on (`CONTACT_SEES_REVIEW`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import Refused
from lvzhi.core.policy import EVERYONE, ROLE_LABELS, Policy, QuerySetT, Rule, is_visible, register, role_of

from .models import RATINGS_CONFIDENTIAL, STAGE_ORDER, Assignment, Campaign, Stage, stage_index


@dataclass(frozen=True)
class CampaignRule(Rule):
    """A rule of the campaign table. `refusal`: the words when the user's role may not take the action (instead
    of "<role>不能<action>。"); `role_states`: the stages a role may take it in when they differ from `states`;
    `locks`: whether publishing the campaign closes it; `off_stage_refusal`: the words outside its stages where users
    know their own (instead of "当前阶段为…,不能…")."""

    refusal: Any = ""
    off_stage_refusal: Any = ""
    role_states: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)
    locks: bool = True


@dataclass(frozen=True)
class InCampaign:
    """A unit within a campaign, for a rule about a unit that has no record of its own yet."""

    campaign: Campaign
    unit_id: int | None


ALL_STAGES: frozenset[str] = frozenset(STAGE_ORDER)
OPEN_STAGES: frozenset[str] = ALL_STAGES - {Stage.PUBLICATION}
INPUT_STAGES: frozenset[str] = frozenset(
    {Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW, Stage.ON_SITE, Stage.MULTI_PARTY}
)
# A unit contact sees its unit's review scores, on-site records, findings and draft results from feedback on (the
# stage that opens results to the units); a rating leader sees those of its portfolio from then on too, after the
# ratings are in, so that a rating is the leader's own judgement and not anchored on the draft scores.
CONTACT_SEES_REVIEW: frozenset[str] = frozenset({Stage.FEEDBACK, Stage.APPROVAL, Stage.PUBLICATION})
SEES_REVIEW_FROM_FEEDBACK = {"unit_contact": CONTACT_SEES_REVIEW, "leader": CONTACT_SEES_REVIEW}
OFFICE = frozenset({"admin"})
OFFICE_AND_COMMITTEE = frozenset({"admin", "committee"})
REVIEWERS = frozenset({"admin", "evaluator"})


def _action(label: Any, stages: frozenset[str], roles: frozenset[str], scope: str = "unit") -> CampaignRule:
    return CampaignRule(label=label, roles=roles, states=stages, scope=scope)


def _view(label: Any, roles: frozenset[str], refusal: Any = "", **extra: Any) -> CampaignRule:
    return CampaignRule(label=label, roles=roles, scope="visible", refusal=refusal, locks=False, **extra)


RULES: dict[str, CampaignRule] = {
    # The stages' rules, as the campaign page lists them
    "edit_setup": _action(_("修改活动设置"), frozenset({Stage.DEPLOY}), OFFICE, "campaign"),
    "edit_schedule": _action(_("调整日程"), OPEN_STAGES, OFFICE, "campaign"),
    "self_assess": _action(
        _("填报自评"), frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), frozenset({"unit_contact"})
    ),
    "return_self": _action(_("退回自评"), frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), REVIEWERS),
    "desk_review": _action(_("案头审核"), frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}), REVIEWERS),
    "raise_finding": _action(
        _("提出问题"), frozenset({Stage.DESK_REVIEW, Stage.ON_SITE, Stage.MULTI_PARTY}), REVIEWERS
    ),
    "plan_visit": _action(_("安排实地评估"), frozenset({Stage.DESK_REVIEW, Stage.ON_SITE}), REVIEWERS),
    "on_site": _action(_("实地评估"), frozenset({Stage.ON_SITE}), REVIEWERS),
    "leader_rate": _action(_("领导评价"), INPUT_STAGES, frozenset({"leader"})),
    "rate_on_behalf": CampaignRule(
        _("代录领导评价"),
        OFFICE,
        INPUT_STAGES,
        "campaign",
        note=_("编办按纸质评价表代领导录入,记录代录人和依据文件"),
    ),
    "self_on_behalf": CampaignRule(
        _("代录单位自评"),
        OFFICE,
        frozenset({Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW}),
        "unit",
        note=_("编办按单位报送的纸质自评表代为录入,记录代录人和依据文件"),
    ),
    "review_on_behalf": CampaignRule(
        _("代录评估得分"),
        OFFICE,
        frozenset({Stage.DESK_REVIEW, Stage.ON_SITE}),
        "unit",
        note=_("编办按评估人员的纸质评分表代为录入案头审核或实地评估得分,记录代录人、评估人员和依据文件"),
    ),
    "mark_na": _action(_("标记不适用指标"), INPUT_STAGES, REVIEWERS),
    "mark_not_evaluated": CampaignRule(
        _("标记不参评单位"),
        OFFICE,
        INPUT_STAGES | {Stage.SCORING},
        "unit",
        note=_("本期无可评内容的单位(无到期事项、无案件)单列并说明原因,不定等次、不排名、不占名额"),
    ),
    "import_data": _action(_("导入评议数据"), INPUT_STAGES, frozenset({"admin", "third_party"}), "campaign"),
    "compute": _action(_("计算结果"), OPEN_STAGES - {Stage.DEPLOY, Stage.APPROVAL}, OFFICE, "campaign"),
    "resolve_flag": _action(_("核实印证差异"), frozenset({Stage.SCORING}), REVIEWERS),
    "object": _action(_("提出异议"), frozenset({Stage.FEEDBACK}), frozenset({"unit_contact"})),
    "answer_objection": _action(_("复核异议"), frozenset({Stage.FEEDBACK}), REVIEWERS),
    "decide": _action(_("审定结果"), frozenset({Stage.APPROVAL}), frozenset({"committee"}), "campaign"),
    "publish": _action(_("公布结果"), frozenset({Stage.PUBLICATION}), OFFICE, "campaign"),
    # The committee's decision closes the approval stage, publishing the publication stage.
    "close_stage": CampaignRule(
        _("结束阶段"),
        OFFICE,
        OPEN_STAGES - {Stage.APPROVAL},
        "campaign",
        off_stage_refusal=_("编委会审定阶段由编委会审定结束,公布阶段以公布结果结束。"),
    ),
    "reopen_stage": CampaignRule(_("重新开启阶段"), OFFICE, ALL_STAGES, "campaign", locks=False),
    # Deployment as a whole, and what a user may see
    "read_notifications": _view(_("标记通知已读"), EVERYONE),
    "create": CampaignRule(
        _("部署评估活动"), OFFICE, scope="campaign", refusal=_("只有编办管理员可以部署评估活动。")
    ),
    "manage": _view(_("管理评估活动"), OFFICE, _("只有编办管理员可以进行此操作。")),
    "view_blockers": CampaignRule(_("查看结束阶段的条件"), OFFICE, scope="visible"),
    "view_setup": _view(_("查看工作组设置"), OFFICE_AND_COMMITTEE, _("只有编办和编委会可以查看工作组设置。")),
    "view_review": _view(_("查看审核情况"), EVERYONE, role_states=SEES_REVIEW_FROM_FEEDBACK),
    "view_results": _view(_("查看评估结果"), EVERYONE, role_states=SEES_REVIEW_FROM_FEEDBACK),
    "results_tab": _view(
        _("查看评估结果"),
        EVERYONE - {"third_party", "leader"},
        role_states={"unit_contact": CONTACT_SEES_REVIEW},
        note=_("活动页上的「评估结果」标签"),
    ),
    "view_progress": _view(
        _("查看进度"),
        EVERYONE - {"unit_contact", "third_party"},
        _("进度总览仅向编办、评估人员、分管领导和编委会开放。"),
    ),
    "view_ratings": _view(_("查看领导评价"), OFFICE_AND_COMMITTEE | {"leader"}, RATINGS_CONFIDENTIAL),
    "view_all_ratings": _view(_("查看全部领导评价"), OFFICE_AND_COMMITTEE, RATINGS_CONFIDENTIAL),
    "rate_portfolio": _view(_("评价分管单位"), frozenset({"leader"})),
    "view_imports": _view(
        _("查看导入数据"),
        frozenset({"admin", "third_party", "committee", "evaluator"}),
        _("您不能查看导入数据。"),
    ),
    "view_flags": _view(
        _("查看印证差异"),
        frozenset({"admin", "evaluator", "committee"}),
        _("只有编办、评估人员和编委会可以查看印证差异。"),
    ),
    "verify_results": _view(_("复算核对"), OFFICE_AND_COMMITTEE, _("只有编办和编委会可以复算核对。")),
    "export_inputs": _view(
        _("导出全部原始数据"), OFFICE_AND_COMMITTEE, _("只有编办和编委会可以导出全部原始数据。")
    ),
    "view_decisions": _view(_("查看审定记录"), OFFICE_AND_COMMITTEE, _("只有编办和编委会可以查看审定记录。")),
    "view_approval": _view(_("查看审定"), OFFICE_AND_COMMITTEE, _("只有编办和编委会可以查看审定。")),
    "view_all_units": _view(_("查看全部参评单位"), OFFICE_AND_COMMITTEE),
}


def campaign_of(obj: Any) -> Campaign:
    if isinstance(obj, Campaign):
        return obj
    owner = obj.campaign_unit if hasattr(obj, "campaign_unit") else obj
    campaign: Campaign = owner.campaign
    return campaign


def unit_id_of(obj: Any) -> int | None:
    if isinstance(obj, Campaign):
        return None
    owner = obj.campaign_unit if hasattr(obj, "campaign_unit") else obj
    unit_id: int | None = owner.unit_id
    return unit_id


def is_assigned(user: Any, campaign: Campaign, unit_id: int, kind: str | None = None) -> bool:
    qs = Assignment.objects.filter(campaign=campaign, user=user, unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.exists()


def stage_labels(stages: frozenset[str]) -> str:
    return "、".join(f"「{Stage(s).label}」" for s in sorted(stages, key=stage_index))


def _sees(user: Any, obj: Any) -> bool:
    """Whether the object (the campaign of an `InCampaign`) is inside what `visible_to(user)` returns; asked once
    per user and object."""
    target = obj.campaign if isinstance(obj, InCampaign) else obj
    seen: dict[int, bool] = target.__dict__.setdefault("_visible_to_users", {})
    if user.pk not in seen:
        seen[user.pk] = is_visible(user, target)
    return seen[user.pk]


def _unit_relation(user: Any, role: str, rule: Rule, obj: Any) -> str | None:
    if rule.scope == "visible":
        return None if _sees(user, obj) else gettext("您不能查看该内容。")
    if rule.scope != "unit":
        return None
    unit_id = unit_id_of(obj)
    if unit_id is None:
        return None
    campaign = campaign_of(obj)
    if role == "unit_contact" and user.unit_id != unit_id:
        return gettext("只能办理本单位的事项。")
    if role == "evaluator" and not is_assigned(user, campaign, unit_id, Assignment.Kind.EVALUATOR):
        return gettext("该单位不在您的评估分工内。")
    if role == "leader" and not is_assigned(user, campaign, unit_id, Assignment.Kind.LEADER):
        return gettext("该单位不在您的分管范围内。")
    return None


def _published_lock(obj: Any, action: str, rule: Rule) -> str | None:
    if getattr(rule, "locks", True) and campaign_of(obj).is_published:
        return gettext("评估结果已公布,一切内容已锁定;如需修改,须由编办管理员说明理由后重新开启相应阶段。")
    return None


@dataclass
class CampaignPolicy(Policy):
    """The core policy with the campaign room's words: a refusal of its own per rule where users know one, stages
    that differ by role, and the stage named as a stage."""

    def refusal(self, user: Any, action: str, obj: Any = None) -> tuple[str, str, str] | None:
        """(the API's words, the pages' words, why: "role", "state" or "relation"), or None when allowed."""
        return self._refusal(user, action, obj)

    def _refusal(self, user: Any, action: str, obj: Any = None) -> tuple[str, str, str] | None:
        rule = self.rule(action)
        role = role_of(user)
        if role == "anonymous":
            return gettext("请先登录。"), gettext("请先登录。"), "role"
        if role not in rule.roles:
            refusal = getattr(rule, "refusal", "")
            message = (
                str(refusal)
                if refusal
                else gettext("%(role)s不能%(action)s。")
                % {
                    "role": ROLE_LABELS[role],
                    "action": rule.label,
                }
            )
            return message, message, "role"
        if obj is None:
            return None
        reason = _published_lock(obj, action, rule)
        states = self.states_for(rule, role)
        if not reason and states is not None and campaign_of(obj).stage not in states:
            off_stage = getattr(rule, "off_stage_refusal", "")
            reason = str(off_stage) if off_stage else self.stage_refusal(rule, campaign_of(obj), states)
        if reason:
            return reason, reason, "state"
        reason = _unit_relation(user, role, rule, obj)
        return (reason, reason, "relation") if reason else None

    def check(self, user: Any, action: str, obj: Any = None) -> str | None:
        """Why `user` may not take `action` on `obj` now, or None when allowed."""
        refusal = self._refusal(user, action, obj)
        return refusal[0] if refusal else None

    def require(self, user: Any, action: str, obj: Any = None) -> None:
        reason = self.check(user, action, obj)
        if reason:
            raise Refused(reason)

    def allowed(self, user: Any, action: str, obj: Any = None) -> bool:
        return self.check(user, action, obj) is None

    @staticmethod
    def states_for(rule: Rule, role: str) -> frozenset[str] | None:
        return getattr(rule, "role_states", {}).get(role, rule.states)

    def stage_refusal(self, rule: Rule, campaign: Campaign, states: frozenset[str]) -> str:
        return gettext("当前阶段为「%(stage)s」,不能%(action)s;%(action)s只能在%(stages)s阶段进行。") % {
            "stage": campaign.get_stage_display(),
            "action": rule.label,
            "stages": stage_labels(states),
        }

    def state_refusal(self, rule: Rule, state: str | None) -> str:
        return gettext("当前阶段为「%(stage)s」,不能%(action)s;%(action)s只能在%(stages)s阶段进行。") % {
            "stage": Stage(state).label if state else "",
            "action": rule.label,
            "stages": stage_labels(rule.states or frozenset()),
        }

    def _state_order(self, state: str) -> Any:
        return stage_index(state)

    def roles_allowed(self, action: str, state: str | None = None) -> frozenset[str]:
        rule = self.rule(action)
        if state is None:
            return rule.roles
        return frozenset(r for r in rule.roles if (s := self.states_for(rule, r)) is None or state in s)

    def narrow(self, queryset: QuerySetT, user: Any, action: str) -> QuerySetT:
        rule = self.rule(action)
        role = role_of(user)
        if role not in rule.roles:
            return queryset.none()
        lookup = self.state_lookups.get(queryset.model) or self.state_lookups.get(queryset.model._meta.label)
        states = self.states_for(rule, role)
        if states is not None and lookup:
            queryset = queryset.filter(**{f"{lookup}__in": sorted(states)})
        return queryset


CAMPAIGNS: CampaignPolicy = register(
    CampaignPolicy(
        room="campaigns",
        label=_("评估活动"),
        rules=dict(RULES),
        state_of=lambda obj: campaign_of(obj).stage,
        state_label=lambda stage: str(Stage(stage).label),
        relation=_unit_relation,
        locked=_published_lock,
        state_lookups={Campaign: "stage"},
    )
)  # type: ignore[assignment]
CAMPAIGNS.states = tuple(STAGE_ORDER)  # every state in order, for docs and the generated policy test


def target(campaign: Campaign, unit: Any = None) -> Any:
    """What a rule is checked against: the campaign, or a unit within it (a unit, its id, or None)."""
    if unit is None:
        return campaign
    return InCampaign(campaign, unit if isinstance(unit, int) else unit.pk)


def require(user: Any, action: str, campaign: Campaign, unit: Any = None) -> None:
    CAMPAIGNS.require(user, action, target(campaign, unit))


def allowed(user: Any, action: str, obj: Any = None) -> bool:
    return CAMPAIGNS.allowed(user, action, obj)

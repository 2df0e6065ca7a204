"""What people do in a campaign. Each function is one transaction, takes the acting user as `actor`, checks
`stages.require(...)` first (so the UI and the API refuse the same things) and writes its audit records inside:
field changes through AuditedModel, business steps through `record_event`.

Refusals raise `stages.Refused` (role, stage or lock) and bad input raises `stages.Invalid`; both carry a
Chinese message for the user.
"""

import functools
import math
import random
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.models import Role
from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.templatetags.lvzhi_format import cn_date as core_cn_date
from lvzhi.findings.models import Finding
from lvzhi.registry.models import Unit, UnitKind
from lvzhi.schemes.models import SchemeVersion

from . import schemeinfo
from .models import (
    STAGE_ORDER,
    ArchiveCheck,
    Assignment,
    Campaign,
    CampaignStage,
    CampaignUnit,
    CategoryScheme,
    ChecklistItem,
    CommitteeDecision,
    Evidence,
    FormSheet,
    IndicatorEntry,
    Interview,
    LeaderRating,
    Objection,
    Stage,
    Team,
    TriangulationFlag,
    Visit,
    stage_index,
)
from .notify import campaign_url, notify
from .stages import Invalid, Refused, require

User = get_user_model()

DEFAULT_CHECKLIST = [
    {"group": gettext_lazy("三必看"), "text": gettext_lazy("巡视巡察报告及整改材料"), "mandatory": True},
    {"group": gettext_lazy("三必看"), "text": gettext_lazy("审计报告"), "mandatory": True},
    {"group": gettext_lazy("三必看"), "text": gettext_lazy("自评材料"), "mandatory": True},
    {"group": gettext_lazy("三必查"), "text": gettext_lazy("机构编制动议材料"), "mandatory": True},
    {"group": gettext_lazy("三必查"), "text": gettext_lazy("三定规定细化材料"), "mandatory": True},
    {
        "group": gettext_lazy("三必查"),
        "text": gettext_lazy("机构编制违规违纪违法问题材料"),
        "mandatory": True,
    },
    {"group": gettext_lazy("三必谈"), "text": gettext_lazy("各业务分管领导"), "mandatory": True},
    {"group": gettext_lazy("三必谈"), "text": gettext_lazy("派驻纪检组组长(纪委书记)"), "mandatory": True},
    {"group": gettext_lazy("三必谈"), "text": gettext_lazy("内设机构负责人"), "mandatory": True},
]


def default_checklist() -> list[dict]:
    """Guangdong's 三必看, 三必查, 三必谈 as the checklist of a new campaign (in the language of the request)."""
    return [{**item, "group": str(item["group"]), "text": str(item["text"])} for item in DEFAULT_CHECKLIST]


EVIDENCE_EXTENSIONS = {
    "pdf", "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "wps", "ofd", "txt", "jpg", "jpeg", "png", "zip", "rar",
}  # fmt: skip
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def campaign_action(fn):
    """One transaction, with `actor` as the author of every audit record written inside."""

    @functools.wraps(fn)
    def wrapper(*args, actor, **kwargs):
        with transaction.atomic(), audit_context(actor=actor):
            return fn(*args, actor=actor, **kwargs)

    return wrapper


def _now():
    return timezone.now()


def cn_date(value) -> str:
    return core_cn_date(value) if value else ""


def _some(names: list, limit: int) -> str:
    """The first names joined by 、, with 等 when there are more."""
    shown = "、".join(names[:limit])
    return _("%(names)s等") % {"names": shown} if len(names) > limit else shown


def parse_score(value, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Invalid(_("%(label)s「%(value)s」不是数字。") % {"label": label, "value": value}) from exc
    if not number.is_finite():
        raise Invalid(_("%(label)s「%(value)s」不是数字。") % {"label": label, "value": value})
    return number


def _changed(instance, **values) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


# ---------------------------------------------------------------------------------------------------------
# Scheme helpers
# ---------------------------------------------------------------------------------------------------------


def scheme_info_for(campaign, category_id=None):
    version = campaign.version_for_category(category_id)
    if version is None:
        return None
    return schemeinfo.info_for(version)


def unit_info(cu):
    """(SchemeInfo, category name) for a campaign unit."""
    info = scheme_info_for(cu.campaign, cu.category_id)
    return info, (cu.category.name if cu.category_id else None)


def _leaf(cu, code):
    info, category = unit_info(cu)
    if info is None or code not in info.by_code:
        raise Invalid(_("指标「%(code)s」不在本活动的指标体系中。") % {"code": code})
    leaf = info.by_code[code]
    if not leaf.applies_to(category):
        raise Invalid(
            _("指标「%(code)s %(name)s」不适用于%(category)s类单位。")
            % {"code": code, "name": leaf.name, "category": category}
        )
    return leaf, category


def _check_value(leaf, category, value: Decimal, what: str):
    label = _("指标「%(code)s %(name)s」的%(what)s") % {"code": leaf.code, "name": leaf.name, "what": what}
    if value < 0:
        raise Invalid(_("%(label)s不能为负数。") % {"label": label})
    if leaf.rule_type == "occurrences" and value != value.to_integral_value():
        raise Invalid(_("%(label)s应为整数(次数)。") % {"label": label})
    if leaf.is_score:
        scale = leaf.scale(category)
        if value > scale:
            raise Invalid(
                _("%(label)s %(value)s 超出满分 %(scale)s。")
                % {
                    "label": label,
                    "value": format(value.normalize(), "f"),
                    "scale": format(scale.normalize(), "f"),
                }
            )


PART_LABELS = {"actual": gettext_lazy("实际数"), "target": gettext_lazy("目标数")}


def part_label(part: str) -> str:
    return str(PART_LABELS.get(part) or period_label(part)) if part else ""


def _period_ok(leaf, period: str):
    if period not in leaf.parts:
        if leaf.periods:
            raise Invalid(
                _("指标「%(code)s %(name)s」按期评分,请指明期别(%(periods)s)。")
                % {"code": leaf.code, "name": leaf.name, "periods": "、".join(leaf.periods)}
            )
        if len(leaf.parts) > 1:
            raise Invalid(
                _("指标「%(code)s %(name)s」须分别填写实际数和目标数。")
                % {"code": leaf.code, "name": leaf.name}
            )
        raise Invalid(_("指标「%(code)s %(name)s」不分期别。") % {"code": leaf.code, "name": leaf.name})


# ---------------------------------------------------------------------------------------------------------
# Setting up: create, scope, schedule, teams, assignments, copy
# ---------------------------------------------------------------------------------------------------------


def _require_published_version(version):
    if version is not None and version.status != SchemeVersion.Status.PUBLISHED:
        raise Invalid(
            _("「%(version)s」尚未发布;评估活动只能使用已发布(冻结)的指标体系版本。") % {"version": version}
        )


@campaign_action
def create_campaign(
    *,
    actor,
    name: str,
    year: int,
    period: str = Campaign.Period.YEAR,
    region=None,
    scheme_version=None,
    categories=(),
    regions=(),
    subordinate_share=Decimal("0.30"),
    description: str = "",
    deadlines: dict | None = None,
    triangulation_margin=Decimal(20),
    checklist=None,
) -> Campaign:
    if not (actor.is_authenticated and actor.is_office_admin):
        raise Refused(_("只有编办管理员可以部署评估活动。"))
    name = (name or "").strip()
    if not name:
        raise Invalid(_("请填写活动名称。"))
    _require_published_version(scheme_version)
    campaign = Campaign.objects.create(
        name=name,
        year=year,
        period=period,
        region=region,
        scheme_version=scheme_version,
        subordinate_share=subordinate_share,
        description=description,
        created_by=actor,
        triangulation_margin=triangulation_margin,
        checklist=checklist if checklist is not None else default_checklist(),
    )
    campaign.scope_categories.set(categories)
    campaign.scope_regions.set(regions)
    deadlines = deadlines or {}
    for order, stage in enumerate(STAGE_ORDER):
        CampaignStage.objects.create(
            campaign=campaign,
            stage=stage,
            order=order,
            due_date=deadlines.get(stage),
            status=CampaignStage.Status.OPEN if stage == Stage.DEPLOY else CampaignStage.Status.PENDING,
            opened_at=_now() if stage == Stage.DEPLOY else None,
        )
    _sync_rating_periods(campaign)
    if categories or regions:
        _apply_scope(campaign)
    record_event("campaign.created", campaign, after={"name": name, "year": year})
    return campaign


def _sync_rating_periods(campaign):
    info = scheme_info_for(campaign)
    periods = list(info.rating_periods) if info and info.rating_periods else []
    if campaign.leader_rating_periods != periods:
        campaign.leader_rating_periods = periods
        campaign.save(update_fields=["leader_rating_periods"])


@campaign_action
def update_campaign(campaign, *, actor, category_schemes=None, **fields) -> Campaign:
    """Change the settings; `category_schemes` ({category: published version, or None for the default}) sets the
    per-category versions named, as `set_category_scheme` does one by one."""
    require(actor, "edit_setup", campaign)
    categories = fields.pop("categories", None)
    regions = fields.pop("regions", None)
    if "scheme_version" in fields:
        _require_published_version(fields["scheme_version"])
    if "name" in fields and not (fields["name"] or "").strip():
        raise Invalid(_("请填写活动名称。"))
    if _changed(campaign, **fields):
        campaign.save()
    if categories is not None:
        campaign.scope_categories.set(categories)
    if regions is not None:
        campaign.scope_regions.set(regions)
    for category, version in (category_schemes or {}).items():
        set_category_scheme(campaign, actor=actor, category=category, scheme_version=version)
    _sync_rating_periods(campaign)
    return campaign


@campaign_action
def set_category_scheme(campaign, *, actor, category, scheme_version) -> None:
    require(actor, "edit_setup", campaign)
    if scheme_version is None:
        CategoryScheme.objects.filter(campaign=campaign, category=category).delete()
        return
    _require_published_version(scheme_version)
    CategoryScheme.objects.update_or_create(
        campaign=campaign, category=category, defaults={"scheme_version": scheme_version}
    )


def compute_scope(campaign) -> list[tuple]:
    """[(unit, included_by)] for the scope rule: units of the chosen categories within the chosen regions
    (either alone when only one is given), then subordinate institutions sampled at the set share
    (deterministic per campaign, so recomputing the scope gives the same sample)."""
    categories = list(campaign.scope_categories.all())
    regions = list(campaign.scope_regions.all())
    if not categories and not regions:
        return []
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SUBORDINATE_INSTITUTION)
    how = CampaignUnit.Included.CATEGORY
    if categories:
        units = units.filter(category__in=categories)
    if regions:
        region_q = Q()
        for region in regions:
            region_q |= Q(region__path=region.path) | Q(region__path__startswith=region.path + "/")
        units = units.filter(region_q)
        if not categories:
            how = CampaignUnit.Included.REGION
    chosen = [(u, how) for u in units.order_by("order", "code")]
    share = Decimal(campaign.subordinate_share or 0)
    if share > 0:
        parent_ids = [u.pk for u, _ in chosen]
        subordinates: dict[int, list] = {}
        for sub in Unit.objects.filter(
            is_active=True, kind=UnitKind.SUBORDINATE_INSTITUTION, parent_id__in=parent_ids
        ).order_by("code"):
            subordinates.setdefault(sub.parent_id, []).append(sub)
        for parent_id in parent_ids:
            subs = subordinates.get(parent_id, [])
            if not subs:
                continue
            count = min(len(subs), math.ceil(len(subs) * share - Decimal("1e-9")))
            rng = random.Random(f"campaign-{campaign.pk}-unit-{parent_id}")
            chosen.extend(
                (sub, CampaignUnit.Included.SAMPLE)
                for sub in sorted(rng.sample(subs, count), key=lambda u: u.code)
            )
    return chosen


def _apply_scope(campaign) -> tuple[int, int]:
    desired = {u.pk: (u, how) for u, how in compute_scope(campaign)}
    existing = {cu.unit_id: cu for cu in campaign.units.all()}
    removed = 0
    for unit_id, cu in existing.items():
        if unit_id not in desired and cu.included_by != CampaignUnit.Included.LIST:
            cu.delete()
            removed += 1
    added = 0
    for unit_id, (unit, how) in desired.items():
        if unit_id not in existing:
            CampaignUnit.objects.create(
                campaign=campaign, unit=unit, category_id=unit.category_id, included_by=how
            )
            added += 1
    return added, removed


@campaign_action
def refresh_scope(campaign, *, actor) -> tuple[int, int]:
    """Recompute the units in scope from the rule; units added by hand stay."""
    require(actor, "edit_setup", campaign)
    added, removed = _apply_scope(campaign)
    record_event("campaign.scope_refreshed", campaign, after={"added": added, "removed": removed})
    return added, removed


@campaign_action
def add_units(campaign, *, actor, units) -> int:
    require(actor, "edit_setup", campaign)
    count = 0
    for unit in units:
        _obj, created = CampaignUnit.objects.get_or_create(
            campaign=campaign,
            unit=unit,
            defaults={"category_id": unit.category_id, "included_by": CampaignUnit.Included.LIST},
        )
        count += int(created)
    return count


@campaign_action
def remove_unit(campaign, *, actor, unit) -> None:
    require(actor, "edit_setup", campaign)
    CampaignUnit.objects.filter(campaign=campaign, unit=unit).delete()
    Assignment.objects.filter(campaign=campaign, unit=unit).delete()


@campaign_action
def set_deadline(campaign, *, actor, stage: str, due_date) -> None:
    require(actor, "edit_schedule", campaign)
    record = campaign.stages.get(stage=stage)
    if record.due_date != due_date:
        record.due_date = due_date
        record.save(update_fields=["due_date"])


@campaign_action
def save_team(campaign, *, actor, kind, name, members=(), head=None, duties="", team=None) -> Team:
    require(actor, "edit_setup", campaign)
    if not (name or "").strip():
        raise Invalid(_("请填写工作组名称。"))
    if len(name.strip()) > 100:
        raise Invalid(_("工作组名称不能超过100个字。"))
    if kind not in Team.Kind.values:
        raise Invalid(
            _("工作组类型应为%(kinds)s。") % {"kinds": "、".join(str(label) for label in Team.Kind.labels)}
        )
    if team is None:
        team = Team.objects.create(campaign=campaign, kind=kind, name=name.strip(), head=head, duties=duties)
    else:
        if _changed(team, kind=kind, name=name.strip(), head=head, duties=duties):
            team.save()
    team.members.set(members)
    return team


@campaign_action
def delete_team(team, *, actor) -> None:
    require(actor, "edit_setup", team.campaign)
    team.delete()


@campaign_action
def assign(campaign, *, actor, user, units, kind=Assignment.Kind.EVALUATOR) -> int:
    require(actor, "edit_setup", campaign)
    expected_role = "evaluator" if kind == Assignment.Kind.EVALUATOR else "leader"
    if user.role != expected_role and not user.is_office_admin:
        raise Invalid(_("%(user)s 的角色不是%(role)s。") % {"user": user, "role": Role(expected_role).label})
    in_scope = set(campaign.units.values_list("unit_id", flat=True))
    count = 0
    for unit in units:
        if unit.pk not in in_scope:
            raise Invalid(_("「%(unit)s」不在本活动范围内。") % {"unit": unit})
        _obj, created = Assignment.objects.get_or_create(campaign=campaign, user=user, unit=unit, kind=kind)
        count += int(created)
    return count


@campaign_action
def unassign(campaign, *, actor, user, unit, kind=Assignment.Kind.EVALUATOR) -> None:
    require(actor, "edit_setup", campaign)
    Assignment.objects.filter(campaign=campaign, user=user, unit=unit, kind=kind).delete()


@campaign_action
def assign_leaders_from_portfolios(campaign, *, actor) -> int:
    """Each leader rater rates the units of their portfolio (their responsible units) that are in scope."""
    require(actor, "edit_setup", campaign)
    in_scope = set(campaign.units.values_list("unit_id", flat=True))
    count = 0
    for leader in User.objects.filter(role="leader", is_active=True).prefetch_related("scope_units"):
        for unit in leader.scope_units.all():
            if unit.pk in in_scope:
                _obj, created = Assignment.objects.get_or_create(
                    campaign=campaign, user=leader, unit=unit, kind=Assignment.Kind.LEADER
                )
                count += int(created)
    return count


@campaign_action
def distribute_evaluators(campaign, *, actor, evaluators) -> int:
    """Spread the units without an evaluator over the given evaluators, category by category."""
    require(actor, "edit_setup", campaign)
    evaluators = list(evaluators)
    if not evaluators:
        raise Invalid(_("请至少选择一名评估人员。"))
    covered = set(
        campaign.assignments.filter(kind=Assignment.Kind.EVALUATOR).values_list("unit_id", flat=True)
    )
    todo = [
        cu
        for cu in campaign.units.select_related("unit").order_by("category__order", "unit__code")
        if cu.unit_id not in covered
    ]
    for i, cu in enumerate(todo):
        Assignment.objects.create(
            campaign=campaign,
            user=evaluators[i % len(evaluators)],
            unit=cu.unit,
            kind=Assignment.Kind.EVALUATOR,
        )
    return len(todo)


@campaign_action
def save_checklist(campaign, *, actor, items: list[dict]) -> None:
    require(actor, "edit_setup", campaign)
    clean = []
    for i, item in enumerate(items, start=1):
        group = (item.get("group") or "").strip()
        text = (item.get("text") or "").strip()
        if not group or not text:
            raise Invalid(_("清单第%(number)s项:类别和事项都必须填写。") % {"number": i})
        clean.append({"group": group, "text": text, "mandatory": bool(item.get("mandatory", True))})
    if not clean:
        raise Invalid(_("实地评估清单至少要有一项。"))
    campaign.checklist = clean
    campaign.save(update_fields=["checklist"])


def _shift_year(value, years):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@campaign_action
def copy_campaign(source, *, actor, year: int, name: str = "") -> Campaign:
    """A new campaign in deployment, set up like `source`: scope rule, hand-listed units, scheme versions
    (the latest published version of the same scheme), schedule shifted by the years between, teams,
    assignments and the checklist."""
    if not (actor.is_authenticated and actor.is_office_admin):
        raise Refused(_("只有编办管理员可以部署评估活动。"))

    def newest(version):
        if version is None:
            return None
        return version.scheme.latest_published() or version

    years = year - source.year
    name = (name or "").strip() or source.name.replace(str(source.year), str(year))
    if name == source.name:
        name = _("%(name)s(%(year)s年)") % {"name": source.name, "year": year}
    deadlines = {s.stage: _shift_year(s.due_date, years) for s in source.stages.all()}
    campaign = create_campaign(
        actor=actor,
        name=name,
        year=year,
        period=source.period,
        region=source.region,
        scheme_version=newest(source.scheme_version),
        categories=list(source.scope_categories.all()),
        regions=list(source.scope_regions.all()),
        subordinate_share=source.subordinate_share,
        description=source.description,
        deadlines=deadlines,
        triangulation_margin=source.triangulation_margin,
        checklist=list(source.checklist or default_checklist()),
    )
    campaign.copied_from = source
    campaign.save(update_fields=["copied_from"])
    for cs in source.category_schemes.all():
        CategoryScheme.objects.create(
            campaign=campaign, category=cs.category, scheme_version=newest(cs.scheme_version)
        )
    listed = source.units.filter(included_by=CampaignUnit.Included.LIST, unit__is_active=True).select_related(
        "unit"
    )
    for cu in listed:
        CampaignUnit.objects.get_or_create(
            campaign=campaign,
            unit=cu.unit,
            defaults={"category_id": cu.unit.category_id, "included_by": CampaignUnit.Included.LIST},
        )
    for team in source.teams.all():
        new_team = Team.objects.create(
            campaign=campaign, kind=team.kind, name=team.name, duties=team.duties, head=team.head
        )
        new_team.members.set(team.members.all())
    in_scope = set(campaign.units.values_list("unit_id", flat=True))
    Assignment.objects.bulk_create(
        [
            Assignment(campaign=campaign, user_id=a.user_id, unit_id=a.unit_id, kind=a.kind)
            for a in source.assignments.all()
            if a.unit_id in in_scope
        ]
    )
    record_event("campaign.copied", campaign, after={"from": source.pk, "from_name": source.name})
    return campaign


# ---------------------------------------------------------------------------------------------------------
# The stage machine
# ---------------------------------------------------------------------------------------------------------


def stage_blockers(campaign) -> list[str]:
    """What keeps the current stage from closing, each as a sentence naming what is missing."""
    stage = campaign.stage
    problems: list[str] = []
    units = list(campaign.units.select_related("unit", "category").prefetch_related("entries"))
    for cu in units:
        cu.campaign = campaign
    if stage == Stage.DEPLOY:
        if campaign.scheme_version is None:
            problems.append(_("尚未选定指标体系版本。"))
        if not units:
            problems.append(_("活动范围内还没有单位。"))
        for cu in units:
            version = campaign.version_for_category(cu.category_id)
            if version is None:
                problems.append(_("「%(unit)s」所属类别没有指标体系版本。") % {"unit": cu.unit})
    elif stage == Stage.SELF_ASSESSMENT:
        pending = [
            cu.unit.name
            for cu in units
            if cu.self_status not in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}
        ]
        if pending:
            problems.append(
                _("%(count)s个单位尚未提交自评:%(names)s。")
                % {"count": len(pending), "names": _some(pending, 10)}
            )
    elif stage == Stage.DESK_REVIEW:
        pending = [cu.unit.name for cu in units if cu.self_status != CampaignUnit.SelfStatus.REVIEWED]
        if pending:
            problems.append(
                _("%(count)s个单位尚未完成案头审核:%(names)s。")
                % {"count": len(pending), "names": _some(pending, 10)}
            )
    elif stage == Stage.ON_SITE:
        open_visits = Visit.objects.filter(campaign_unit__campaign=campaign).exclude(
            status=Visit.Status.CLOSED
        )
        names = [v.campaign_unit.unit.name for v in open_visits.select_related("campaign_unit__unit")]
        if names:
            problems.append(
                _("%(count)s个实地评估尚未完成:%(names)s。")
                % {"count": len(names), "names": _some(names, 10)}
            )
        unscored = [cu.unit.name for cu in units if _missing_on_site(cu)]
        if unscored:
            problems.append(
                _("%(count)s个单位尚有实地评估指标未评分:%(names)s。")
                % {"count": len(unscored), "names": _some(unscored, 10)}
            )
    elif stage == Stage.MULTI_PARTY:
        missing = missing_leader_ratings(campaign)
        if missing:
            problems.append(
                _("尚缺%(count)s项分管领导评价,例如:%(names)s。")
                % {"count": len(missing), "names": "、".join(missing[:5])}
            )
    elif stage == Stage.SCORING:
        if campaign.results_stale or not campaign.results.exists():
            problems.append(_("评估结果尚未按最新数据计算。"))
        open_flags = campaign.flags.filter(status=TriangulationFlag.Status.OPEN).count()
        if open_flags:
            problems.append(_("还有%(count)s项印证差异未核实。") % {"count": open_flags})
    elif stage == Stage.FEEDBACK:
        open_objections = Objection.objects.filter(
            campaign_unit__campaign=campaign, status=Objection.Status.OPEN
        ).count()
        if open_objections:
            problems.append(_("还有%(count)s项异议未答复。") % {"count": open_objections})
        if campaign.results_stale:
            problems.append(_("复核改动了分数,请重新计算结果。"))
    elif stage == Stage.APPROVAL:
        problems.append(_("须由编委会审定通过。"))
    elif stage == Stage.PUBLICATION:
        problems.append(_("请使用「公布结果」。"))
    return problems


def _missing_on_site(cu) -> bool:
    info, category = unit_info(cu)
    if info is None:
        return False
    scored = {(e.code, e.period) for e in cu.entries.all() if e.reviewed_score is not None}
    skipped = set(cu.not_applicable or [])
    return any(
        (leaf.code, part) not in scored
        for leaf in info.leaves_for({"on_site"}, category)
        if leaf.code not in skipped
        for part in leaf.parts
    )


def missing_leader_ratings(campaign) -> list[str]:
    periods = campaign.leader_rating_periods or ["year"]
    have = set(campaign.leader_ratings.values_list("leader_id", "unit_id", "period"))
    missing = []
    for a in campaign.assignments.filter(kind=Assignment.Kind.LEADER).select_related("user", "unit"):
        missing.extend(
            f"{a.user}→{a.unit}({period_label(period)})"
            for period in periods
            if (a.user_id, a.unit_id, period) not in have
        )
    return missing


PERIOD_LABELS = {
    "year": gettext_lazy("全年"),
    "H1": gettext_lazy("上半年"),
    "H2": gettext_lazy("下半年"),
    "Q1": gettext_lazy("一季度"),
    "Q2": gettext_lazy("二季度"),
    "Q3": gettext_lazy("三季度"),
    "Q4": gettext_lazy("四季度"),
}


def period_label(period: str) -> str:
    return str(PERIOD_LABELS.get(period, period))


def _stage_audience(campaign, stage) -> list:
    if stage == Stage.SELF_ASSESSMENT or stage == Stage.FEEDBACK:
        unit_ids = campaign.units.values("unit_id")
        return list(User.objects.filter(role="unit_contact", is_active=True, unit_id__in=unit_ids))
    if stage in {Stage.DESK_REVIEW, Stage.ON_SITE, Stage.SCORING}:
        return list(
            User.objects.filter(pk__in=campaign.assignments.filter(kind="evaluator").values("user_id"))
        )
    if stage == Stage.MULTI_PARTY:
        return list(User.objects.filter(pk__in=campaign.assignments.filter(kind="leader").values("user_id")))
    if stage == Stage.APPROVAL:
        return list(User.objects.filter(role="committee", is_active=True))
    return []


def _open_stage(campaign, stage):
    record = campaign.stages.get(stage=stage)
    record.status = CampaignStage.Status.OPEN
    record.opened_at = _now()
    record.closed_at = None
    record.closed_by = None
    record.save()
    campaign.stage = stage
    campaign.save(update_fields=["stage"])
    due = _(",截止日期%(date)s") % {"date": cn_date(record.due_date)} if record.due_date else ""
    notify(
        _stage_audience(campaign, stage),
        campaign,
        _("「%(name)s」进入%(stage)s阶段%(due)s。")
        % {"name": campaign.name, "stage": record.get_stage_display(), "due": due},
        campaign_url(campaign),
        key=f"c{campaign.pk}-open-{stage}-{record.opened_at:%Y%m%d%H%M%S}",
    )


@campaign_action
def close_stage(campaign, *, actor, reason: str = "", force: bool = False) -> Campaign:
    """Close the current stage and open the next. With blockers the stage stays open, unless an office
    administrator forces it with a reason (audited)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "close_stage", campaign)
    stage = campaign.stage
    if stage in {Stage.APPROVAL, Stage.PUBLICATION}:
        raise Refused(_("编委会审定阶段由编委会审定结束,公布阶段以公布结果结束。"))
    blockers = stage_blockers(campaign)
    reason = (reason or "").strip()
    if blockers and not force:
        raise Invalid(_("不能结束本阶段:%(problems)s") % {"problems": "".join(blockers)})
    if blockers and not reason:
        raise Invalid(_("强制结束阶段须说明理由。"))
    if stage == Stage.DEPLOY:
        # Freeze what the campaign uses: re-check the versions are still published.
        _require_published_version(campaign.scheme_version)
    record = campaign.stages.get(stage=stage)
    record.status = CampaignStage.Status.CLOSED
    record.closed_at = _now()
    record.closed_by = actor
    record.save()
    record_event(
        "campaign.stage_closed",
        campaign,
        before={"stage": stage},
        after={"stage": STAGE_ORDER[stage_index(stage) + 1], "forced": bool(blockers), "blockers": blockers},
        reason=reason,
    )
    _open_stage(campaign, STAGE_ORDER[stage_index(stage) + 1])
    return campaign


@campaign_action
def reopen_stage(campaign, *, actor, stage: str, reason: str) -> Campaign:
    """Go back to a closed stage. Needs an office administrator and a reason; the later stages become pending
    again and a publication is withdrawn. Audited."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "reopen_stage", campaign)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("重新开启阶段须说明理由。"))
    if stage not in STAGE_ORDER:
        raise Invalid(_("没有这个阶段。"))
    record = campaign.stages.get(stage=stage)
    if record.status != CampaignStage.Status.CLOSED:
        raise Invalid(_("「%(stage)s」阶段尚未结束,无需重新开启。") % {"stage": record.get_stage_display()})
    before = {
        "stage": campaign.stage,
        "published_at": campaign.published_at.isoformat() if campaign.published_at else None,
    }
    with audit_context(reason=reason):
        for later in campaign.stages.filter(order__gt=record.order):
            if later.status != CampaignStage.Status.PENDING:
                later.status = CampaignStage.Status.PENDING
                later.opened_at = None
                later.closed_at = None
                later.closed_by = None
                later.save()
        if campaign.published_at is not None:
            campaign.published_at = None
            campaign.save(update_fields=["published_at"])
        _open_stage(campaign, stage)
        record_event(
            "campaign.stage_reopened", campaign, before=before, after={"stage": stage}, reason=reason
        )
    return campaign


# ---------------------------------------------------------------------------------------------------------
# Self-assessment
# ---------------------------------------------------------------------------------------------------------


def _require_contact_may_edit(actor, cu):
    campaign = cu.campaign
    require(actor, "self_assess", campaign, cu.unit_id)
    if cu.self_status in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}:
        raise Refused(_("自评已提交,不能再修改;如需修改,请联系评估人员退回。"))
    if campaign.stage == Stage.DESK_REVIEW and cu.self_status != CampaignUnit.SelfStatus.RETURNED:
        raise Refused(_("自查自评阶段已结束,只有被退回修改的单位可以修改自评。"))


@campaign_action
def save_self_assessment(
    cu, *, actor, scores: dict | None = None, notes: dict | None = None, report=None
) -> int:
    """Save self scores `{(code, period): value}` (period "" for leaves without periods), notes `{code: text}`
    and the report text. Blank values clear a score. Returns the number of entries changed."""
    _require_contact_may_edit(actor, cu)
    changed = 0
    now = _now()
    for (code, period), raw in (scores or {}).items():
        leaf, category = _leaf(cu, code)
        if not leaf.self_assessed:
            raise Invalid(
                _("指标「%(code)s %(name)s」不由单位自评。") % {"code": leaf.code, "name": leaf.name}
            )
        _period_ok(leaf, period)
        value = parse_score(
            raw, _("指标「%(code)s %(name)s」的自评分") % {"code": leaf.code, "name": leaf.name}
        )
        if value is not None:
            _check_value(leaf, category, value, _("自评分"))
        entry, _created = IndicatorEntry.objects.get_or_create(campaign_unit=cu, code=code, period=period)
        if _changed(entry, self_score=value):
            entry.self_by = actor
            entry.self_at = now
            entry.save()
            changed += 1
    for code, note in (notes or {}).items():
        leaf, _category = _leaf(cu, code)
        for entry in IndicatorEntry.objects.filter(campaign_unit=cu, code=code):
            if _changed(entry, self_note=(note or "").strip()):
                entry.save()
                changed += 1
        if not IndicatorEntry.objects.filter(campaign_unit=cu, code=code).exists() and (note or "").strip():
            IndicatorEntry.objects.create(
                campaign_unit=cu, code=code, period=leaf.parts[0], self_note=note.strip()
            )
            changed += 1
    if report is not None and cu.report != report:
        cu.report = report
        changed += 1
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
    cu.save()
    return changed


def validate_evidence_file(upload):
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_EXTENSIONS:
        raise Invalid(
            _("文件「%(name)s」的类型不允许上传(允许:%(allowed)s)。")
            % {"name": name, "allowed": "、".join(sorted(EVIDENCE_EXTENSIONS))}
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise Invalid(_("文件「%(name)s」超过20MB。") % {"name": name})


def _evidence_edit_check(actor, cu, purpose, code, checklist_item=None, objection=None):
    campaign = cu.campaign
    if purpose in {Evidence.Purpose.SELF, Evidence.Purpose.REPORT}:
        _require_contact_may_edit(actor, cu)
        if purpose == Evidence.Purpose.SELF:
            leaf, _category = _leaf(cu, code)
            if not leaf.self_assessed:
                raise Invalid(
                    _("指标「%(code)s %(name)s」不由单位自评。") % {"code": leaf.code, "name": leaf.name}
                )
    elif purpose in {Evidence.Purpose.CHECKLIST, Evidence.Purpose.INTERVIEW}:
        require(actor, "on_site", campaign, cu.unit_id)
        if checklist_item is not None and checklist_item.visit.campaign_unit_id != cu.pk:
            raise Invalid(_("清单事项不属于该单位。"))
        visit = getattr(cu, "visit", None)
        if visit is not None and visit.status == Visit.Status.CLOSED:
            raise Refused(_("该单位的实地评估已完成,记录已锁定。"))
    elif purpose == Evidence.Purpose.OBJECTION:
        require(actor, "object", campaign, cu.unit_id)
        if objection is None or objection.campaign_unit_id != cu.pk:
            raise Invalid(_("请先提出异议再上传佐证。"))
        if objection.status != Objection.Status.OPEN:
            raise Refused(_("该异议已答复,不能再补充材料。"))


@campaign_action
def add_evidence(
    cu,
    *,
    actor,
    purpose=Evidence.Purpose.SELF,
    code="",
    kind=None,
    upload=None,
    url="",
    text="",
    title="",
    checklist_item=None,
    objection=None,
) -> Evidence:
    _evidence_edit_check(actor, cu, purpose, code, checklist_item, objection)
    url = (url or "").strip()
    text = (text or "").strip()
    if kind is None:
        kind = Evidence.Kind.FILE if upload else Evidence.Kind.LINK if url else Evidence.Kind.TEXT
    if kind == Evidence.Kind.FILE:
        if not upload:
            raise Invalid(_("请选择要上传的文件。"))
        validate_evidence_file(upload)
    elif kind == Evidence.Kind.LINK:
        if not url.startswith(("http://", "https://")):
            raise Invalid(_("链接须以 http:// 或 https:// 开头。"))
    elif not text:
        raise Invalid(_("请填写文字说明。"))
    evidence = Evidence(
        campaign_unit=cu,
        purpose=purpose,
        code=code,
        kind=kind,
        title=(title or "").strip()[:200],
        url=url if kind == Evidence.Kind.LINK else "",
        text=text,
        checklist_item=checklist_item,
        objection=objection,
        uploaded_by=actor,
    )
    if kind == Evidence.Kind.FILE:
        evidence.file.save(upload.name, upload, save=False)
        if not evidence.title:
            evidence.title = upload.name[:200]
    evidence.save()
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED and purpose in {"self", "report"}:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
        cu.save(update_fields=["self_status"])
    return evidence


@campaign_action
def remove_evidence(evidence, *, actor) -> None:
    cu = evidence.campaign_unit
    _evidence_edit_check(
        actor, cu, evidence.purpose, evidence.code, evidence.checklist_item, evidence.objection
    )
    if (
        evidence.uploaded_by_id != actor.pk
        and not actor.is_office_admin
        and evidence.purpose not in {"self", "report"}
    ):
        raise Refused(_("只能删除自己上传的材料。"))
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


@campaign_action
def save_sheet(cu, *, actor, form: str, data: dict) -> FormSheet:
    from .sheets import SHEETS, clean_sheet

    _require_contact_may_edit(actor, cu)
    if form not in SHEETS:
        raise Invalid(_("没有这个表单。"))
    clean = clean_sheet(form, data)
    sheet, _created = FormSheet.objects.get_or_create(campaign_unit=cu, form=form)
    sheet.data = clean
    sheet.updated_by = actor
    sheet.updated_at = _now()
    sheet.save()
    if cu.self_status == CampaignUnit.SelfStatus.NOT_STARTED:
        cu.self_status = CampaignUnit.SelfStatus.DRAFT
        cu.save(update_fields=["self_status"])
    return sheet


@campaign_action
def set_not_applicable(cu, *, actor, code: str, not_applicable: bool, reason: str = "") -> CampaignUnit:
    """Mark an indicator as not applying to the unit (the engine rescales its parent) or undo it. Audited
    with the reason."""
    require(actor, "mark_na", cu.campaign, cu.unit_id)
    leaf, _category = _leaf(cu, code)
    reason = (reason or "").strip()
    if not_applicable and not reason:
        raise Invalid(
            _("标记指标「%(code)s %(name)s」不适用须说明理由。") % {"code": leaf.code, "name": leaf.name}
        )
    codes = set(cu.not_applicable or [])
    codes.add(code) if not_applicable else codes.discard(code)
    if sorted(codes) != sorted(cu.not_applicable or []):
        cu.not_applicable = sorted(codes)
        with audit_context(reason=reason):
            cu.save()
        _mark_stale(cu.campaign)
    return cu


def self_assessment_problems(cu) -> list[str]:
    """Why the self-assessment cannot be submitted yet, each naming the indicator."""
    info, category = unit_info(cu)
    if info is None:
        return [_("本活动尚未确定指标体系。")]
    entries = {(e.code, e.period): e for e in cu.entries.all()}
    evidence_codes = {e.code for e in cu.evidence.all() if e.purpose == Evidence.Purpose.SELF}
    problems = []
    skipped = set(cu.not_applicable or [])
    for leaf in info.leaves:
        if not leaf.self_assessed or not leaf.applies_to(category) or leaf.code in skipped:
            continue
        missing = [
            p
            for p in leaf.parts
            if entries.get((leaf.code, p)) is None or entries[(leaf.code, p)].self_score is None
        ]
        if missing:
            which = f"({'、'.join(part_label(p) for p in missing)})" if len(leaf.parts) > 1 else ""
            problems.append(
                _("指标「%(code)s %(name)s」尚未填写自评分%(which)s。")
                % {"code": leaf.code, "name": leaf.name, "which": which}
            )
        if leaf.evidence_required and leaf.code not in evidence_codes:
            problems.append(
                _("指标「%(code)s %(name)s」需要佐证材料(%(evidence)s),请上传后再提交。")
                % {"code": leaf.code, "name": leaf.name, "evidence": ";".join(leaf.evidence)}
            )
    has_report_file = any(e.purpose == Evidence.Purpose.REPORT for e in cu.evidence.all())
    if not cu.report.strip() and not has_report_file:
        problems.append(_("请填写或上传自评报告。"))
    return problems


@campaign_action
def submit_self_assessment(cu, *, actor) -> CampaignUnit:
    _require_contact_may_edit(actor, cu)
    problems = self_assessment_problems(cu)
    if problems:
        raise Invalid(_("不能提交:%(problems)s") % {"problems": "".join(problems)})
    before = cu.self_status
    cu.self_status = CampaignUnit.SelfStatus.SUBMITTED
    cu.submitted_at = _now()
    cu.save()
    record_event("campaign.self_submitted", cu, before={"status": before}, after={"status": cu.self_status})
    evaluators = User.objects.filter(
        pk__in=cu.campaign.assignments.filter(unit_id=cu.unit_id, kind="evaluator").values("user_id")
    )
    notify(
        list(evaluators),
        cu.campaign,
        (
            _("%(unit)s已重新提交自评,请审核。")
            if before == CampaignUnit.SelfStatus.RETURNED
            else _("%(unit)s已提交自评,请审核。")
        )
        % {"unit": cu.unit},
        campaign_url(cu.campaign, "unit_review", unit_id=cu.unit_id),
    )
    return cu


@campaign_action
def return_self_assessment(cu, *, actor, reason: str) -> CampaignUnit:
    require(actor, "return_self", cu.campaign, cu.unit_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("退回修改须说明原因。"))
    if cu.self_status not in {CampaignUnit.SelfStatus.SUBMITTED, CampaignUnit.SelfStatus.REVIEWED}:
        raise Invalid(_("该单位尚未提交自评,无需退回。"))
    cu.self_status = CampaignUnit.SelfStatus.RETURNED
    cu.return_reason = reason
    cu.review_done_at = None
    cu.save()
    record_event("campaign.self_returned", cu, after={"status": cu.self_status}, reason=reason)
    contacts = User.objects.filter(role="unit_contact", unit_id=cu.unit_id, is_active=True)
    notify(
        list(contacts),
        cu.campaign,
        _("「%(name)s」的自评被退回修改:%(reason)s") % {"name": cu.campaign.name, "reason": reason},
        campaign_url(cu.campaign, "unit_self", unit_id=cu.unit_id),
    )
    return cu


# ---------------------------------------------------------------------------------------------------------
# Desk review and on-site scores, findings
# ---------------------------------------------------------------------------------------------------------


@campaign_action
def review_scores(cu, *, actor, scores: dict, reasons: dict | None = None, source="desk_review") -> int:
    """Set reviewed scores `{(code, period): value}` with reasons `{(code, period): text}`. A reason is
    required wherever the reviewed score differs from the unit's self score. `source` is "desk_review" (desk
    review stage) or "on_site" (on-site stage: scores of on-site indicators and revisions found on site)."""
    action = "desk_review" if source == "desk_review" else "on_site"
    require(actor, action, cu.campaign, cu.unit_id)
    if source == "desk_review" and cu.self_status not in {
        CampaignUnit.SelfStatus.SUBMITTED,
        CampaignUnit.SelfStatus.REVIEWED,
    }:
        raise Refused(_("该单位尚未提交自评(或已退回修改),暂不能审核。"))
    reasons = reasons or {}
    allowed_sources = (
        {"self_assessment", "desk_review"}
        if source == "desk_review"
        else {"self_assessment", "desk_review", "on_site"}
    )
    changed = 0
    now = _now()
    problems = []
    for (code, period), raw in scores.items():
        leaf, category = _leaf(cu, code)
        if leaf.source not in allowed_sources:
            raise Invalid(
                _("指标「%(code)s %(name)s」的数据来源是%(source)s,不在此录入。")
                % {"code": leaf.code, "name": leaf.name, "source": leaf.source_label}
            )
        _period_ok(leaf, period)
        value = parse_score(
            raw, _("指标「%(code)s %(name)s」的审核分") % {"code": leaf.code, "name": leaf.name}
        )
        if value is None:
            continue
        _check_value(leaf, category, value, _("审核分"))
        entry, _created = IndicatorEntry.objects.get_or_create(campaign_unit=cu, code=code, period=period)
        reason = (reasons.get((code, period)) or "").strip()
        if entry.self_score is not None and value != entry.self_score and not reason:
            problems.append(
                _("指标「%(code)s %(name)s」的审核分与自评分不同,须说明理由。")
                % {"code": leaf.code, "name": leaf.name}
            )
            continue
        if entry.reviewed_score == value and (not reason or reason == entry.review_reason):
            continue
        entry.reviewed_score = value
        entry.review_reason = reason
        entry.review_source = source
        entry.reviewed_by = actor
        entry.reviewed_at = now
        with audit_context(reason=reason):
            entry.save()
        changed += 1
    if problems:
        raise Invalid("".join(problems))
    if changed:
        _mark_stale(cu.campaign)
    return changed


def review_problems(cu) -> list[str]:
    info, category = unit_info(cu)
    entries = {(e.code, e.period): e for e in cu.entries.all()}
    problems = []
    for leaf in info.leaves_for({"self_assessment", "desk_review"}, category):
        if leaf.code in (cu.not_applicable or []):
            continue
        for part in leaf.parts:
            entry = entries.get((leaf.code, part))
            if entry is None or entry.reviewed_score is None:
                problems.append(
                    _("指标「%(code)s %(name)s」%(part)s尚未审核。")
                    % {"code": leaf.code, "name": leaf.name, "part": part_label(part)}
                )
                break
    return problems


@campaign_action
def complete_review(cu, *, actor) -> CampaignUnit:
    require(actor, "desk_review", cu.campaign, cu.unit_id)
    if cu.self_status != CampaignUnit.SelfStatus.SUBMITTED:
        raise Invalid(_("只有已提交的自评才能完成审核。"))
    problems = review_problems(cu)
    if problems:
        raise Invalid(_("不能完成审核:%(problems)s") % {"problems": "".join(problems)})
    cu.self_status = CampaignUnit.SelfStatus.REVIEWED
    cu.review_done_at = _now()
    cu.save()
    record_event("campaign.review_completed", cu)
    return cu


@campaign_action
def raise_finding(
    campaign,
    *,
    actor,
    unit,
    source,
    category,
    title,
    description="",
    severity="medium",
    indicator_code="",
    deadline=None,
) -> Finding:
    require(actor, "raise_finding", campaign, unit.pk)
    title = (title or "").strip()
    if not title:
        raise Invalid(_("请填写问题。"))
    if category not in Finding.Category.values:
        raise Invalid(_("请选择问题类别。"))
    if severity not in Finding.Severity.values:
        raise Invalid(_("请选择严重程度。"))
    if source not in Finding.Source.values:
        raise Invalid(_("问题来源无效。"))
    if not campaign.units.filter(unit=unit).exists():
        raise Invalid(_("「%(unit)s」不在本活动范围内。") % {"unit": unit})
    if indicator_code:
        info = scheme_info_for(campaign, unit.category_id)
        if info is None or indicator_code not in info.by_code:
            raise Invalid(_("指标「%(code)s」不在本活动的指标体系中。") % {"code": indicator_code})
    return Finding.objects.create(
        campaign=campaign,
        unit=unit,
        source=source,
        category=category,
        severity=severity,
        indicator_code=indicator_code,
        title=title,
        description=(description or "").strip(),
        deadline=deadline,
        raised_by=actor,
    )


# ---------------------------------------------------------------------------------------------------------
# On-site evaluation
# ---------------------------------------------------------------------------------------------------------


@campaign_action
def plan_visit(cu, *, actor, planned_on=None, place="", agenda="", team=()) -> Visit:
    require(actor, "plan_visit", cu.campaign, cu.unit_id)
    visit = Visit.objects.filter(campaign_unit=cu).first()
    if visit is not None and visit.status == Visit.Status.CLOSED:
        raise Refused(_("该单位的实地评估已完成,记录已锁定。"))
    if visit is None:
        visit = Visit.objects.create(campaign_unit=cu, planned_on=planned_on, place=place, agenda=agenda)
        for order, item in enumerate(cu.campaign.checklist or default_checklist()):
            ChecklistItem.objects.create(
                visit=visit,
                order=order,
                group=item["group"],
                text=item["text"],
                mandatory=item.get("mandatory", True),
            )
    elif _changed(visit, planned_on=planned_on, place=place, agenda=agenda):
        visit.save()
    if team:
        visit.team.set(team)
    return visit


def _open_visit(actor, visit):
    require(actor, "on_site", visit.campaign_unit.campaign, visit.campaign_unit.unit_id)
    if visit.status == Visit.Status.CLOSED:
        raise Refused(_("该单位的实地评估已完成,记录已锁定。"))


@campaign_action
def tick_item(item, *, actor, ticked: bool, note: str = "") -> ChecklistItem:
    _open_visit(actor, item.visit)
    if _changed(item, ticked=bool(ticked), note=(note or "").strip()):
        item.ticked_by = actor if ticked else None
        item.ticked_at = _now() if ticked else None
        item.save()
    return item


@campaign_action
def add_checklist_item(visit, *, actor, group: str, text: str, mandatory: bool = False) -> ChecklistItem:
    _open_visit(actor, visit)
    if not (group or "").strip() or not (text or "").strip():
        raise Invalid(_("清单事项的类别和内容都必须填写。"))
    order = (visit.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return ChecklistItem.objects.create(
        visit=visit, order=order, group=group.strip(), text=text.strip(), mandatory=mandatory
    )


@campaign_action
def add_interview(visit, *, actor, interviewee, post="", held_on=None, record="") -> Interview:
    _open_visit(actor, visit)
    if not (interviewee or "").strip() or not (record or "").strip():
        raise Invalid(_("请填写访谈对象和访谈记录。"))
    return Interview.objects.create(
        visit=visit,
        interviewee=interviewee.strip(),
        post=(post or "").strip(),
        held_on=held_on,
        record=record.strip(),
        recorded_by=actor,
    )


@campaign_action
def add_archive_check(visit, *, actor, archive, result, note="") -> ArchiveCheck:
    _open_visit(actor, visit)
    if not (archive or "").strip():
        raise Invalid(_("请填写查验的档案或系统。"))
    if result not in ArchiveCheck.Result.values:
        raise Invalid(_("请选择查验结果。"))
    return ArchiveCheck.objects.create(
        visit=visit, archive=archive.strip(), result=result, note=(note or "").strip(), checked_by=actor
    )


@campaign_action
def close_visit(visit, *, actor, summary: str = "") -> Visit:
    _open_visit(actor, visit)
    unticked = [f"{i.group}「{i.text}」" for i in visit.items.all() if i.mandatory and not i.ticked]
    if unticked:
        raise Invalid(_("不能完成实地评估,以下必查事项尚未完成:%(items)s。") % {"items": "、".join(unticked)})
    visit.status = Visit.Status.CLOSED
    visit.summary = (summary or visit.summary or "").strip()
    visit.closed_at = _now()
    visit.closed_by = actor
    visit.save()
    record_event("campaign.visit_closed", visit)
    return visit


# ---------------------------------------------------------------------------------------------------------
# Multi-party: leader ratings (imports are in lvzhi.campaigns.imports)
# ---------------------------------------------------------------------------------------------------------


@campaign_action
def rate_unit(campaign, *, actor, unit, rating: str, period: str = "", comment: str = "") -> LeaderRating:
    require(actor, "leader_rate", campaign, unit.pk)
    periods = campaign.leader_rating_periods or ["year"]
    period = period or periods[0]
    if period not in periods:
        raise Invalid(
            _("评价周期应为:%(periods)s。") % {"periods": "、".join(period_label(p) for p in periods)}
        )
    if rating not in LeaderRating.Rating.values:
        raise Invalid(_("评价等次应为优秀、良好、一般或差。"))
    obj, created = LeaderRating.objects.get_or_create(
        campaign=campaign,
        unit=unit,
        leader=actor,
        period=period,
        defaults={"rating": rating, "comment": (comment or "").strip()},
    )
    if not created and _changed(obj, rating=rating, comment=(comment or "").strip()):
        obj.rated_at = _now()
        obj.save()
    _mark_stale(campaign)
    return obj


# ---------------------------------------------------------------------------------------------------------
# Triangulation, feedback and re-check, approval, publication
# ---------------------------------------------------------------------------------------------------------


def _mark_stale(campaign):
    if not campaign.results_stale:
        Campaign.objects.filter(pk=campaign.pk).update(results_stale=True)
        campaign.results_stale = True


@campaign_action
def resolve_flag(flag, *, actor, note: str) -> TriangulationFlag:
    require(actor, "resolve_flag", flag.campaign, flag.unit_id)
    note = (note or "").strip()
    if not note:
        raise Invalid(_("请填写核实说明。"))
    flag.status = TriangulationFlag.Status.RESOLVED
    flag.note = note
    flag.resolved_by = actor
    flag.resolved_at = _now()
    flag.save()
    return flag


def objection_deadline(campaign) -> date | None:
    record = campaign.stages.filter(stage=Stage.FEEDBACK).first()
    return record.due_date if record else None


@campaign_action
def raise_objection(cu, *, actor, code: str, reason: str, requested_score=None) -> Objection:
    require(actor, "object", cu.campaign, cu.unit_id)
    deadline = objection_deadline(cu.campaign)
    if deadline and timezone.localdate() > deadline:
        raise Refused(_("异议期限已于%(date)s截止。") % {"date": cn_date(deadline)})
    leaf, category = _leaf(cu, code)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            _("请说明对指标「%(code)s %(name)s」的异议理由。") % {"code": leaf.code, "name": leaf.name}
        )
    requested = parse_score(requested_score, _("申请分值"))
    if requested is not None:
        _check_value(leaf, category, requested, _("申请分值"))
    if cu.objections.filter(code=code, status=Objection.Status.OPEN).exists():
        raise Invalid(
            _("对指标「%(code)s %(name)s」已有待复核的异议。") % {"code": leaf.code, "name": leaf.name}
        )
    objection = Objection.objects.create(
        campaign_unit=cu, code=code, reason=reason, requested_score=requested, submitted_by=actor
    )
    evaluators = User.objects.filter(
        pk__in=cu.campaign.assignments.filter(unit_id=cu.unit_id, kind="evaluator").values("user_id")
    )
    notify(
        list(evaluators),
        cu.campaign,
        _("%(unit)s对指标「%(code)s %(name)s」提出异议,请复核。")
        % {"unit": cu.unit, "code": leaf.code, "name": leaf.name},
        campaign_url(cu.campaign, "unit_objections", unit_id=cu.unit_id),
    )
    return objection


@campaign_action
def answer_objection(objection, *, actor, upheld: bool, answer: str, new_score=None) -> Objection:
    """Upheld: the indicator's reviewed score becomes `new_score` (audited with the answer as reason);
    rejected: the answer says why. The unit contact is notified either way."""
    cu = objection.campaign_unit
    require(actor, "answer_objection", cu.campaign, cu.unit_id)
    if objection.status != Objection.Status.OPEN:
        raise Invalid(_("该异议已经答复。"))
    answer = (answer or "").strip()
    if not answer:
        raise Invalid(_("请填写复核意见。"))
    leaf, category = _leaf(cu, objection.code)
    entry = None
    if upheld:
        if not leaf.is_entered:
            raise Invalid(
                _(
                    "指标「%(code)s %(name)s」的数据来源是%(source)s,请更正来源数据后重新计算;此处只能不予采纳或说明。"
                )
                % {"code": leaf.code, "name": leaf.name, "source": leaf.source_label}
            )
        if len(leaf.parts) > 1:
            raise Invalid(
                _("指标「%(code)s %(name)s」分项填报,请在案头审核或实地评估中逐项更正。")
                % {"code": leaf.code, "name": leaf.name}
            )
        score = parse_score(new_score, _("复核后分值"))
        if score is None:
            raise Invalid(_("采纳异议须填写复核后分值。"))
        _check_value(leaf, category, score, _("复核后分值"))
        entry, _created = IndicatorEntry.objects.get_or_create(
            campaign_unit=cu, code=objection.code, period=""
        )
        objection.old_score = entry.effective_score
        objection.new_score = score
        entry.reviewed_score = score
        entry.review_reason = _("复核采纳异议:%(answer)s") % {"answer": answer}
        entry.review_source = IndicatorEntry.ReviewSource.RECHECK
        entry.reviewed_by = actor
        entry.reviewed_at = _now()
        with audit_context(reason=_("复核采纳异议:%(answer)s") % {"answer": answer}):
            entry.save()
        _mark_stale(cu.campaign)
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = _now()
    objection.save()
    record_event(
        "campaign.objection_answered",
        objection,
        before={"score": str(objection.old_score) if objection.old_score is not None else None},
        after={
            "status": objection.status,
            "score": str(objection.new_score) if objection.new_score is not None else None,
        },
        reason=answer,
    )
    contacts = User.objects.filter(role="unit_contact", unit_id=cu.unit_id, is_active=True)
    notify(
        list(contacts),
        cu.campaign,
        _("您对指标「%(code)s %(name)s」的异议%(status)s:%(answer)s")
        % {"code": leaf.code, "name": leaf.name, "status": objection.get_status_display(), "answer": answer},
        campaign_url(cu.campaign, "unit_objections", unit_id=cu.unit_id),
    )
    return objection


@campaign_action
def record_decision(
    campaign, *, actor, meeting: str, decided_on, outcome: str, text: str, document_number: str = ""
) -> CommitteeDecision:
    """The committee's decision. Approved: the approval stage closes and publication opens. Sent back: the
    campaign returns to scoring (the decision is the reason, audited)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "decide", campaign)
    if not (meeting or "").strip() or not (text or "").strip() or decided_on is None:
        raise Invalid(_("请填写会议、审定日期和决定内容。"))
    if outcome not in CommitteeDecision.Outcome.values:
        raise Invalid(_("请选择审定结论。"))
    if campaign.results_stale or not campaign.results.exists():
        raise Invalid(_("评估结果尚未按最新数据计算,不能审定。"))
    from .scoring import results_digest

    decision = CommitteeDecision.objects.create(
        campaign=campaign,
        meeting=meeting.strip(),
        decided_on=decided_on,
        outcome=outcome,
        text=text.strip(),
        document_number=(document_number or "").strip(),
        recorded_by=actor,
        results_digest=results_digest(campaign),
    )
    record = campaign.stages.get(stage=Stage.APPROVAL)
    if outcome == CommitteeDecision.Outcome.APPROVED:
        record.status = CampaignStage.Status.CLOSED
        record.closed_at = _now()
        record.closed_by = actor
        record.save()
        record_event("campaign.approved", campaign, after={"decision": decision.pk}, reason=text.strip())
        _open_stage(campaign, Stage.PUBLICATION)
    else:
        with audit_context(reason=_("编委会退回:%(text)s") % {"text": text.strip()}):
            for later in campaign.stages.filter(order__gte=stage_index(Stage.SCORING)):
                later.status = CampaignStage.Status.PENDING
                later.opened_at = later.closed_at = None
                later.closed_by = None
                later.save()
            record_event("campaign.sent_back", campaign, after={"decision": decision.pk}, reason=text.strip())
            _open_stage(campaign, Stage.SCORING)
    return decision


@campaign_action
def publish(campaign, *, actor) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "publish", campaign)
    decision = campaign.decisions.filter(outcome=CommitteeDecision.Outcome.APPROVED).first()
    if decision is None:
        raise Invalid(_("尚无编委会审定通过的记录。"))
    from .scoring import results_digest

    if decision.results_digest and decision.results_digest != results_digest(campaign):
        raise Invalid(_("结果在审定后发生了变化,须重新提请编委会审定。"))
    record = campaign.stages.get(stage=Stage.PUBLICATION)
    record.status = CampaignStage.Status.CLOSED
    record.closed_at = _now()
    record.closed_by = actor
    record.save()
    campaign.published_at = _now()
    campaign.save(update_fields=["published_at"])
    record_event("campaign.published", campaign, after={"published_at": campaign.published_at.isoformat()})
    unit_ids = campaign.units.values("unit_id")
    audience = list(
        User.objects.filter(
            Q(role="unit_contact", unit_id__in=unit_ids) | Q(role="committee"), is_active=True
        )
    )
    notify(
        audience,
        campaign,
        _("「%(name)s」评估结果已公布。") % {"name": campaign.name},
        campaign_url(campaign, "bulletin"),
    )
    return campaign


@transaction.atomic
def mark_read(user, notification_ids=None) -> int:
    from .models import Notification

    qs = Notification.objects.visible_to(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=_now())

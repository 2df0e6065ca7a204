"""Setting up a campaign in deployment: create, settings, scope, schedule, teams, assignments, checklist, copy."""

import math
import random
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.models import Role
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid
from lvzhi.registry.models import Unit, UnitKind
from lvzhi.schemes.models import SchemeVersion

from ..models import (
    STAGE_ORDER,
    Assignment,
    Campaign,
    CampaignStage,
    CampaignUnit,
    CategoryScheme,
    Stage,
    Team,
)
from ..policy import CAMPAIGNS, require
from ..selectors import scheme_info_for
from .common import User, campaign_action, current_time, set_if_changed

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


def require_published_version(version):
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
    unvisited_treatment: str = Campaign.Unvisited.DESK_REVIEW,
    unvisited_default_percent=Decimal(80),
    late_treatment: str = Campaign.Late.OFFICE_REVIEW,
    plan=None,
) -> Campaign:
    CAMPAIGNS.require(actor, "create")
    name = (name or "").strip()
    if not name:
        raise Invalid(_("请填写活动名称。"))
    require_plausible_year(year)
    require_published_version(scheme_version)
    require_plan_covers(plan, year)
    campaign = Campaign.objects.create(
        plan=plan,
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
        unvisited_treatment=unvisited_treatment,
        unvisited_default_percent=unvisited_default_percent,
        late_treatment=late_treatment,
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
            opened_at=current_time() if stage == Stage.DEPLOY else None,
        )
    _sync_rating_periods(campaign)
    if categories or regions or plan is not None:
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
        require_published_version(fields["scheme_version"])
    if "plan" in fields or "year" in fields:
        require_plan_covers(fields.get("plan", campaign.plan), fields.get("year", campaign.year))
    if "name" in fields and not (fields["name"] or "").strip():
        raise Invalid(_("请填写活动名称。"))
    if "unvisited_treatment" in fields and fields["unvisited_treatment"] not in Campaign.Unvisited.values:
        raise Invalid(_("请选择未实地评估单位的实地评估指标如何计分。"), field="unvisited_treatment")
    if "late_treatment" in fields and fields["late_treatment"] not in Campaign.Late.values:
        raise Invalid(_("请选择逾期未提交自评的单位如何处理。"), field="late_treatment")
    if "unvisited_default_percent" in fields and not (
        0 <= Decimal(fields["unvisited_default_percent"]) <= 100
    ):
        raise Invalid(_("设定得分率应在0到100之间。"), field="unvisited_default_percent")
    if set_if_changed(campaign, **fields):
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
    require_published_version(scheme_version)
    CategoryScheme.objects.update_or_create(
        campaign=campaign, category=category, defaults={"scheme_version": scheme_version}
    )


def require_plan_covers(plan, year) -> None:
    if plan is not None and not plan.first_year <= int(year) <= plan.last_year:
        raise Invalid(
            _("评估规划「%(plan)s」的规划期是 %(first)s—%(last)s 年,不含 %(year)s 年。")
            % {"plan": plan, "first": plan.first_year, "last": plan.last_year, "year": year},
            field="plan",
        )


def compute_scope(campaign) -> list[tuple]:
    """[(unit, included_by)] for the scope rule: the units the evaluation plan puts in the campaign's year (when
    the campaign follows a plan), of the chosen categories within the chosen regions (any of the three alone),
    then subordinate institutions sampled at the set share (deterministic per campaign, so recomputing the scope
    gives the same sample)."""
    categories = list(campaign.scope_categories.all())
    regions = list(campaign.scope_regions.all())
    plan = campaign.plan
    if not categories and not regions and plan is None:
        return []
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SUBORDINATE_INSTITUTION)
    how = CampaignUnit.Included.CATEGORY
    if plan is not None:
        units = units.filter(pk__in=plan.entries.filter(year=campaign.year).values("unit_id"))
        how = CampaignUnit.Included.PLAN
    if categories:
        units = units.filter(category__in=categories)
    if regions:
        region_q = Q()
        for region in regions:
            region_q |= Q(region__path=region.path) | Q(region__path__startswith=region.path + "/")
        units = units.filter(region_q)
        if not categories and plan is None:
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
        if set_if_changed(team, kind=kind, name=name.strip(), head=head, duties=duties):
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


FIRST_YEAR, LAST_YEAR = 2000, 2100


def require_plausible_year(year) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(
            _("年度应为%(first)s至%(last)s之间的四位数年份。") % {"first": FIRST_YEAR, "last": LAST_YEAR}, field="year"
        )


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
    CAMPAIGNS.require(actor, "create")

    def newest(version):
        if version is None:
            return None
        return version.scheme.latest_published() or version

    require_plausible_year(year)
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
        plan=source.plan if source.plan and source.plan.first_year <= year <= source.plan.last_year else None,
    )
    campaign.copied_from = source
    campaign.unvisited_treatment = source.unvisited_treatment
    campaign.unvisited_default_percent = source.unvisited_default_percent
    campaign.late_treatment = source.late_treatment
    campaign.save(
        update_fields=["copied_from", "unvisited_treatment", "unvisited_default_percent", "late_treatment"]
    )
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

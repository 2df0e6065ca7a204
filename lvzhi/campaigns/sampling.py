"""Sampling and missing submissions, as the campaign's set-up decides them.

- On-site evaluation covers the units planned for a visit (a `Visit` exists), not every unit. The on-site
  indicators of a unit not visited are scored as `Campaign.unvisited_treatment` says: from the evaluators'
  desk-review score of those indicators, not applicable (the engine rescales the siblings), or a configured share
  of the indicator's full marks.
- A unit whose self-assessment is not in when the self-assessment stage closes after its deadline (or, returned for
  correction, when the desk review closes after its own) is `late` and handled as `Campaign.late_treatment` says:
  reviewed by the evaluators from the office's own material, scored zero on the self-assessed and desk-review
  indicators with a finding, or left out of scoring and ranking and listed.

Each treatment is written in words on the unit's stored result (`UnitResult.treatments`), so that its explained
result says why an indicator has the value it has.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .models import Campaign, CampaignUnit, Visit

DESK_SOURCES = frozenset({"self_assessment", "desk_review"})


def visited_ids(campaign: Campaign) -> set[int]:
    """The campaign units planned for an on-site visit (whatever the visit's state)."""
    return set(
        Visit.objects.filter(campaign_unit__campaign=campaign).values_list("campaign_unit_id", flat=True)
    )


def is_visited(cu: CampaignUnit) -> bool:
    cached = cu.__dict__.get("_visited")
    if cached is None:
        cached = Visit.objects.filter(campaign_unit=cu).exists()
        cu.__dict__["_visited"] = cached
    return bool(cached)


def on_site_leaves(info: Any, category: str | None) -> list[Any]:
    return [leaf for leaf in info.leaves if leaf.source == "on_site" and leaf.applies_to(category)]


def desk_scores_on_site(campaign: Campaign, visited: bool) -> bool:
    """Whether the desk review scores the unit's on-site indicators (a unit not visited, treatment desk review)."""
    return not visited and campaign.unvisited_treatment == Campaign.Unvisited.DESK_REVIEW


def desk_review_leaves(campaign: Campaign, info: Any, category: str | None, visited: bool) -> list[Any]:
    """The indicators the desk review scores for one unit."""
    sources = set(DESK_SOURCES)
    if desk_scores_on_site(campaign, visited):
        sources.add("on_site")
    return [leaf for leaf in info.leaves if leaf.source in sources and leaf.applies_to(category)]


def is_excluded(campaign: Campaign, cu: CampaignUnit) -> bool:
    return bool(cu.late and campaign.late_treatment == Campaign.Late.EXCLUDE)


def late_is_zero(campaign: Campaign, cu: CampaignUnit) -> bool:
    return bool(cu.late and campaign.late_treatment == Campaign.Late.ZERO)


def late_is_office_review(campaign: Campaign, cu: CampaignUnit) -> bool:
    return bool(cu.late and campaign.late_treatment == Campaign.Late.OFFICE_REVIEW)


def plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def default_value(leaf: Any, category: str | None, percent: Decimal) -> Any:
    """The configured value of an on-site indicator of a unit not visited: the share of its full marks (a
    completion ratio at that share, no occurrences), per period where it has periods; None for other rules."""
    if leaf.rule_type == "occurrences":
        value: Any = "0"
    elif leaf.rule_type == "ratio":
        value = plain(percent) if leaf.ratio_target else {"actual": plain(percent), "target": "100"}
    elif leaf.is_score:
        value = plain((leaf.scale(category) * percent / 100).quantize(Decimal("0.0001")))
    else:
        return None
    if leaf.periods:
        return dict.fromkeys(leaf.periods, value)
    return value


def zero_value(leaf: Any) -> Any:
    """Zero points for an indicator a late unit did not submit (None where zero is not a value of the rule)."""
    if leaf.rule_type == "ratio":
        value: Any = "0" if leaf.ratio_target else {"actual": "0", "target": "1"}
    elif leaf.is_score:
        value = "0"
    else:
        return None
    if leaf.periods:
        return dict.fromkeys(leaf.periods, value)
    return value


def unvisited_text(campaign: Campaign) -> str:
    treatment = campaign.unvisited_treatment
    if treatment == Campaign.Unvisited.NOT_APPLICABLE:
        return _("本单位未列入实地评估:实地评估指标按活动设置不适用,同级指标按比例折算。")
    if treatment == Campaign.Unvisited.DEFAULT:
        return _("本单位未列入实地评估:实地评估指标按活动设置以满分的%(percent)s%%计。") % {
            "percent": plain(Decimal(campaign.unvisited_default_percent))
        }
    return _("本单位未列入实地评估:实地评估指标按活动设置以案头审核得分计。")


def late_text(campaign: Campaign) -> str:
    treatment = campaign.late_treatment
    if treatment == Campaign.Late.ZERO:
        return _("本单位逾期未提交自评:自评和案头审核指标按活动设置计零分,并列为评估发现的问题。")
    if treatment == Campaign.Late.EXCLUDE:
        return _("本单位逾期未提交自评:按活动设置不参加评定和排名,单独列出。")
    return _("本单位逾期未提交自评:按活动设置由评估人员根据编办掌握的材料审核。")


def treatments(
    campaign: Campaign, cu: CampaignUnit, info: Any, category: str | None, visited: bool
) -> list[dict[str, Any]]:
    """The set-up choices that apply to one unit, in words, with the indicators they concern."""
    out = []
    if not visited:
        codes = [leaf.code for leaf in on_site_leaves(info, category)]
        if codes:
            out.append(
                {
                    "kind": "unvisited",
                    "treatment": campaign.unvisited_treatment,
                    "text": unvisited_text(campaign),
                    "codes": codes,
                }
            )
    if cu.late:
        codes = [leaf.code for leaf in desk_review_leaves(campaign, info, category, visited)]
        out.append(
            {
                "kind": "late",
                "treatment": campaign.late_treatment,
                "text": late_text(campaign),
                "codes": codes,
            }
        )
    return out


def apply(
    campaign: Campaign,
    cu: CampaignUnit,
    info: Any,
    category: str | None,
    visited: bool,
    record: dict[str, Any],
) -> None:
    """Lay the set-up's treatment of a unit not visited, and of a late unit, over its engine record."""
    values = record["values"]
    not_applicable = set(record.get("not_applicable") or [])
    if not visited:
        for leaf in on_site_leaves(info, category):
            if campaign.unvisited_treatment == Campaign.Unvisited.NOT_APPLICABLE:
                values.pop(leaf.code, None)
                not_applicable.add(leaf.code)
            elif campaign.unvisited_treatment == Campaign.Unvisited.DEFAULT:
                value = default_value(leaf, category, Decimal(campaign.unvisited_default_percent))
                if value is not None:
                    values[leaf.code] = value
    if late_is_zero(campaign, cu):
        for leaf in desk_review_leaves(campaign, info, category, visited):
            if leaf.code not in values and leaf.code not in not_applicable:
                value = zero_value(leaf)
                if value is not None:
                    values[leaf.code] = value
    if not_applicable:
        record["not_applicable"] = sorted(not_applicable)

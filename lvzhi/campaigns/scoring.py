"""Results: load the latest inputs of every unit, let the engine (lvzhi.scoring) compute them, store them.

The inputs of a unit are assembled in the engine's documented format (docs/inputs-format.md, `lvzhi-inputs/1`):
{unit code: {name, category, values: {indicator code or input name: raw value}}}. Which table a leaf's value
comes from follows its `source` in the scheme:

- self_assessment, desk_review, on_site → IndicatorEntry (the reviewed score, else the self score);
- leader_rating → LeaderRating (labels, per period when the leaf has periods);
- survey, hotline, external_import, supervision_metric (and any leaf without an entry) → ImportedValue;
- named inputs of the scheme → ImportedValue with the input's name.

A recompute stores each unit's inputs beside its explained result, so a published campaign can be recomputed and
compared byte for byte (`verify`), and `export_inputs` writes the very file `lvzhi score` reads.
"""

import copy
import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from lvzhi import scoring as engine
from lvzhi.audit.context import audit_context
from lvzhi.audit.recorder import record_event
from lvzhi.core.errors import Invalid

from . import sampling, schemeinfo
from .formats import leader_rating_scale, rating_points
from .models import (
    Campaign,
    CampaignUnit,
    ImportedValue,
    IndicatorEntry,
    LeaderRating,
    TriangulationFlag,
    UnitResult,
)
from .policy import require


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def number(value: Decimal) -> str:
    """A stored Decimal as the engine reads it exactly ("18.5", "20")."""
    text = format(value.normalize(), "f")
    return text


def _versions(campaign):
    """{version_id: (version, info)} and the version id of each category id."""
    versions = {}
    default = campaign.scheme_version
    if default is not None:
        versions[default.pk] = default
    by_category = {}
    for cs in campaign.category_schemes.select_related("scheme_version"):
        versions[cs.scheme_version_id] = cs.scheme_version
        by_category[cs.category_id] = cs.scheme_version_id
    return versions, by_category, default.pk if default else None


def load_inputs(campaign, unit_ids=None) -> dict:
    """The current input tables of a campaign, read once as plain tuples (no model instances)."""
    cus = campaign.units.select_related("unit", "category").order_by("unit__code")
    if unit_ids is not None:
        cus = cus.filter(unit_id__in=unit_ids)
    cus = list(cus)
    cu_ids = [cu.pk for cu in cus]
    unit_pks = [cu.unit_id for cu in cus]
    entries: dict = {}
    for cu_id, code, period, own, reviewed, source in IndicatorEntry.objects.filter(
        campaign_unit_id__in=cu_ids
    ).values_list("campaign_unit_id", "code", "period", "self_score", "reviewed_score", "review_source"):
        entries.setdefault(cu_id, {}).setdefault(code, {})[period] = (own, reviewed, source)
    ratings: dict = {}
    for unit_id, period, rating in (
        LeaderRating.objects.filter(campaign=campaign, unit_id__in=unit_pks)
        .order_by("unit_id", "period", "leader_id")
        .values_list("unit_id", "period", "rating")
    ):
        ratings.setdefault(unit_id, {}).setdefault(period, []).append(rating)
    imported: dict = {}
    unit_na: dict = {}
    for unit_id, key, part, value, na in ImportedValue.objects.filter(
        campaign=campaign, unit_id__in=unit_pks
    ).values_list("unit_id", "key", "part", "value", "not_applicable"):
        if na:
            unit_na.setdefault(unit_id, set()).add(key)
        else:
            imported.setdefault(unit_id, {}).setdefault(key, {})[part] = value
    visited = sampling.visited_ids(campaign)
    return {
        "cus": cus,
        "entries": entries,
        "ratings": ratings,
        "imported": imported,
        "unit_na": unit_na,
        "visited": visited,
    }


def build_records(campaign, unit_ids=None, data=None, treatments=None) -> dict:
    """{version_id: {unit code: record}} from the current inputs (optionally only some units), with the set-up's
    treatment of units not visited on site and of late units laid over (lvzhi.campaigns.sampling); a late unit the
    set-up leaves out has no record. `treatments`, when given, receives {unit code: [treatment, …]}."""
    versions, by_category, default_id = _versions(campaign)
    data = data or load_inputs(campaign, unit_ids)
    entries, ratings, imported, unit_na = data["entries"], data["ratings"], data["imported"], data["unit_na"]
    visited = data.get("visited", set())
    out: dict = {vid: {} for vid in versions}
    infos = {vid: schemeinfo.info_for(v) for vid, v in versions.items()}
    for cu in data["cus"]:
        vid = by_category.get(cu.category_id, default_id)
        if vid is None or sampling.is_excluded(campaign, cu):
            continue
        info = infos[vid]
        category = cu.category.name if cu.category_id else None
        values: dict = {}
        unit_entries = entries.get(cu.pk, {})
        unit_imports = imported.get(cu.unit_id, {})
        unit_ratings = ratings.get(cu.unit_id, {})
        for leaf in info.leaves:
            if not leaf.applies_to(category):
                continue
            value = None
            if leaf.source == "leader_rating":
                value = _rating_value(leaf, unit_ratings)
            else:
                by_period = None
                if leaf.code in unit_entries:
                    # The reviewed score counts; the unit's own score only for self-assessment leaves.
                    by_period = {
                        part: reviewed if reviewed is not None else own
                        for part, (own, reviewed, _source) in unit_entries[leaf.code].items()
                        if reviewed is not None or (own is not None and leaf.self_score_counts)
                    }
                if not by_period and leaf.code in unit_imports:
                    by_period = unit_imports[leaf.code]
                if by_period:
                    value = _period_value(leaf, by_period)
            if value is not None:
                values[leaf.code] = value
        for name in info.input_names:
            if name in unit_imports and "" in unit_imports[name]:
                values[name] = number(unit_imports[name][""])
        record = {"name": cu.unit.name, "values": values}
        if category:
            record["category"] = category
        not_applicable = sorted(set(cu.not_applicable or []) | unit_na.get(cu.unit_id, set()))
        if not_applicable:
            record["not_applicable"] = not_applicable
        if cu.not_evaluated_reason:
            record["not_evaluated"] = cu.not_evaluated_reason
        sampling.apply(campaign, cu, info, category, cu.pk in visited, record)
        if treatments is not None:
            treatments[cu.unit.code] = sampling.treatments(campaign, cu, info, category, cu.pk in visited)
        out[vid][cu.unit.code] = record
    return out


def _period_value(leaf, by_period: dict):
    if leaf.periods:
        mapping = {p: number(v) for p, v in sorted(by_period.items()) if p in leaf.periods}
        return mapping or None
    if leaf.parts == ("actual", "target") and "" not in by_period:
        if "actual" in by_period and "target" in by_period:
            return {"actual": number(by_period["actual"]), "target": number(by_period["target"])}
        return None
    if "" in by_period and len(by_period) == 1:
        return number(by_period[""])
    # Parts (groups, actual/target, answers) of an imported value.
    mapping = {p: number(v) for p, v in sorted(by_period.items()) if p}
    return mapping or None


def _rating_value(leaf, unit_ratings: dict):
    def wrap(labels):
        return {leaf.groups[0]: labels} if leaf.groups else labels

    if leaf.periods:
        mapping = {p: wrap(list(labels)) for p, labels in sorted(unit_ratings.items()) if p in leaf.periods}
        return mapping or None
    labels = [label for _period, items in sorted(unit_ratings.items()) for label in items]
    return wrap(labels) if labels else None


def _load(version):
    definition = schemeinfo.effective_definition(version)
    try:
        return engine.load_scheme(definition)
    except engine.SchemeError as exc:
        raise Invalid(
            _("指标体系「%(version)s」无法计算:%(error)s") % {"version": version, "error": exc}
        ) from exc


def _run(version, records: dict, explain: bool | None = None):
    """{unit code: (summary dict, explained dict or {}, rank context or None)} for one version's units.

    Every unit is explained when `explain` is true, or when it is None and the scheme ranks units on an input
    (the explanation then needs the whole batch); otherwise explanations are made on first reading."""
    scheme = _load(version)
    batch = engine.score_units(scheme, records)
    if explain is None:
        explain = scheme.has_rank_by
    contexts = getattr(batch, "_rank_contexts", None) or {}
    return {
        key: (
            batch.units[key].to_dict(scheme.precision),
            batch.result(key).to_dict() if explain else {},
            contexts.get(key),
        )
        for key in sorted(records)
    }


def compute_all(campaign, explain: bool | None = None, data=None, treatments=None) -> dict:
    """{unit code: (version, record, summary, explained, rank context)} without storing anything."""
    versions, _by_category, _default = _versions(campaign)
    out = {}
    for vid, records in build_records(campaign, data=data, treatments=treatments).items():
        if not records:
            continue
        for key, (summary, explained, context) in _run(versions[vid], records, explain).items():
            out[key] = (versions[vid], records[key], summary, explained, context)
    return out


def compute(campaign, *, actor) -> int:
    """Recompute every unit's result from the latest inputs, store it, refresh the triangulation flags."""
    with transaction.atomic(), audit_context(actor=actor):
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        return _store_results(campaign, actor)


def _store_results(campaign, actor) -> int:
    require(actor, "compute", campaign)
    if campaign.scheme_version is None:
        raise Invalid(_("本活动尚未确定指标体系版本。"))
    data = load_inputs(campaign)
    treatments: dict = {}
    results = compute_all(campaign, data=data, treatments=treatments)
    cus = {cu.unit.code: cu for cu in data["cus"]}
    now = timezone.now()
    UnitResult.objects.filter(campaign=campaign).delete()
    rows = []
    for key, (version, record, summary, explained, context) in results.items():
        cu = cus[key]
        total = summary.get("total")
        rows.append(
            UnitResult(
                campaign=campaign,
                unit_id=cu.unit_id,
                category_id=cu.category_id,
                scheme_version=version,
                total=Decimal(str(total)) if total is not None else None,
                grade=summary.get("grade") or "",
                rank=summary.get("rank"),
                inputs=record,
                summary=summary,
                result=explained,
                rank_context=context,
                treatments=treatments.get(key, []),
                computed_at=now,
            )
        )
    UnitResult.objects.bulk_create(rows, batch_size=500)
    flags = triangulate(campaign, data=data)
    Campaign.objects.filter(pk=campaign.pk).update(results_stale=False)
    record_event(
        "campaign.results_computed",
        campaign,
        after={"units": len(rows), "flags": flags, "digest": results_digest(campaign)},
    )
    return len(rows)


def explain_row(row) -> dict:
    """The explained tree of one stored result, from its stored inputs and frozen scheme version: the engine's
    `score_unit` with the batch's rank, titles and final grade laid over it, as `BatchResult.result` does."""
    scheme = _load(row.scheme_version)
    key = row.unit.code
    result = engine.score_unit(scheme, row.inputs, key=key, rank_context=row.rank_context or None)
    summary = row.summary or {}
    result.rank, result.rank_size, result.titles = (
        summary.get("rank"),
        summary.get("rank_size"),
        list(summary.get("titles") or []),
    )
    result.not_evaluated = summary.get("not_evaluated")
    result.grade, result.adjustments, result.flags = (
        summary.get("grade"),
        summary.get("grade_adjustments") or [],
        summary.get("flags") or [],
    )
    return result.to_dict()


def explained(row) -> dict:
    """The stored explanation, made and stored on first reading."""
    if not row.result:
        row.result = explain_row(row)
        UnitResult.objects.filter(pk=row.pk).update(result=row.result)
    return row.result


# Shown in place of the ratings behind a leader-rating leaf to those who may not see every rating of the unit.
RATINGS_WITHHELD = gettext_lazy("领导评价的逐人评价仅编办、编委会和评价领导本人可见,此处只显示折算得分。")


def ratings_withheld(user, campaign_id, unit_id) -> bool:
    """Whether some leader rating of the unit is one the user may not see (LeaderRating.objects.visible_to)."""
    ratings = LeaderRating.objects.filter(campaign_id=campaign_id, unit_id=unit_id)
    return ratings.exclude(pk__in=LeaderRating.objects.visible_to(user).values("pk")).exists()


def _nodes(nodes):
    for node in nodes or []:
        yield node
        yield from _nodes(node.get("children"))


def explanation_for(user, row) -> tuple[dict, dict]:
    """(explained tree, stored inputs) of one result as the user may read them, in the pages and the API alike.

    Leader ratings are confidential to the rated unit: to a user who may not see every rating of the unit, the
    leader-rating leaves show their points (score, contribution) but not the ratings they were computed from (the
    labels in `input`, the label counts in `detail`, the score of each period, which is often one leader's)."""
    tree = explained(row)
    inputs = row.inputs
    if not ratings_withheld(user, row.campaign_id, row.unit_id):
        return tree, inputs
    info = schemeinfo.info_for(row.scheme_version)
    codes = {leaf.code for leaf in info.leaves if leaf.source == "leader_rating"}
    if not codes:
        return tree, inputs
    tree = copy.deepcopy(tree)
    for node in _nodes(tree.get("indicators")):
        if node.get("code") in codes:
            node.pop("input", None)
            node.pop("detail", None)
            # A period's score is the points of that period's ratings (often one leader's): only its weight stays.
            node["periods"] = {
                name: {"weight": period.get("weight")}
                for name, period in (node.get("periods") or {}).items()
                if isinstance(period, dict)
            }
            node["withheld"] = str(RATINGS_WITHHELD)
    inputs = copy.deepcopy(inputs)
    for code in codes:
        (inputs.get("values") or {}).pop(code, None)
    return tree, inputs


def has_grades(campaign) -> bool:
    """Whether a frozen scheme version of the campaign (the default or a category's own) defines grade bands
    (等次); without them no result has a grade and the ranking shows no 等次 column."""
    versions, _by_category, _default = _versions(campaign)
    for version in versions.values():
        grades = schemeinfo.effective_definition(version).get("grades")
        if isinstance(grades, dict) and grades.get("bands"):
            return True
    return False


def results_digest(campaign) -> str:
    """A fingerprint of the stored results (units, totals, grades, ranks): what the committee approved."""
    rows = (
        UnitResult.objects.filter(campaign=campaign)
        .order_by("unit__code")
        .values_list("unit__code", "total", "grade", "rank")
    )
    text = dumps([[code, str(total), grade, rank] for code, total, grade, rank in rows])
    return hashlib.sha256(text.encode()).hexdigest()


def verify(campaign) -> list[str]:
    """Recompute from the stored inputs (and compare the live tables with them); the unit codes whose summary,
    explained result (as JSON) or inputs differ from what is stored. Empty means the stored results are
    reproduced byte for byte."""
    stored = {
        r.unit.code: r
        for r in UnitResult.objects.filter(campaign=campaign).select_related("unit", "scheme_version")
    }
    differing = []
    by_version: dict = {}
    for key, r in stored.items():
        by_version.setdefault(r.scheme_version_id, (r.scheme_version, {}))[1][key] = r.inputs
    for version, records in by_version.values():
        for key, (summary, tree, _context) in _run(version, records, explain=True).items():
            row = stored[key]
            if dumps(summary) != dumps(row.summary) or dumps(tree) != dumps(explained(row)):
                differing.append(key)
    for records in build_records(campaign).values():
        for key, record in records.items():
            if key not in stored or dumps(record) != dumps(stored[key].inputs):
                differing.append(key)
    return sorted(set(differing))


def export_inputs(campaign, version=None) -> dict:
    """The stored inputs of one version's units as a `lvzhi-inputs/1` document (for `lvzhi score`)."""
    version = version or campaign.scheme_version
    if version is None:
        raise Invalid(_("该评估活动还没有选定指标体系版本,没有可导出的原始数据。"))
    units = {
        r.unit.code: r.inputs
        for r in UnitResult.objects.filter(campaign=campaign, scheme_version=version).select_related("unit")
    }
    return {
        "format": "lvzhi-inputs/1",
        "scheme": schemeinfo.effective_definition(version).get("code"),
        "units": units,
    }


# ---------------------------------------------------------------------------------------------------------------
# Triangulation: where sources disagree by more than the campaign's margin, before scoring closes
# ---------------------------------------------------------------------------------------------------------------

# A flag stores its figures under these names (the Chinese msgids, whatever the language of the request that
# computed them, so that a recompute compares like with like); pages show them translated.
SOURCE_NAMES = {
    "self": gettext_noop("自评"),
    "desk": gettext_noop("案头审核"),
    "on_site": gettext_noop("实地评估"),
    "survey": gettext_noop("问卷"),
    "leader": gettext_noop("领导评价"),
    "hotline": gettext_noop("热线数据"),
}
SELF_FIGURE, REVIEWED_FIGURE = gettext_noop("自评"), gettext_noop("审核")


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def unit_figures(info, category, entries, ratings, imports) -> tuple[dict, list]:
    """Percent-of-maximum figures per source for one unit, and per-indicator (code, self %, reviewed %) pairs."""
    sums: dict = {k: [Decimal(0), Decimal(0)] for k in ("self", "desk", "on_site")}
    pairs = []
    for leaf in info.leaves:
        if not leaf.is_score or not leaf.applies_to(category) or leaf.periods:
            continue
        entry = entries.get(leaf.code)
        if entry is None:
            continue
        own, reviewed, review_source = entry
        scale = leaf.scale(category)
        if own is not None:
            sums["self"][0] += own
            sums["self"][1] += scale
        if reviewed is not None:
            target = "on_site" if review_source == "on_site" or leaf.source == "on_site" else "desk"
            sums[target][0] += reviewed
            sums[target][1] += scale
        if own is not None and reviewed is not None and scale:
            pairs.append((leaf, _pct(own, scale), _pct(reviewed, scale)))
    figures = {k: _pct(v[0], v[1]) for k, v in sums.items() if v[1]}
    scale = leader_rating_scale(info)
    top = max(scale.values()) if scale else Decimal(100)
    points = [rating_points(r, scale) for r in ratings]
    points = [p for p in points if p is not None]
    if points and top:
        figures["leader"] = _pct(sum(points) / len(points), top)
    for kind, source in (("survey", "survey"), ("hotline", "hotline")):
        values = []
        for leaf in info.leaves:
            if leaf.source != source or leaf.code not in imports:
                continue
            parts = imports[leaf.code]
            if leaf.rule_type == "survey" and "" in parts:
                values.append(parts[""])
            elif leaf.is_score and "" in parts and leaf.scale(category):
                values.append(parts[""] * 100 / leaf.scale(category))
        if values:
            figures[kind] = (sum(values) / len(values)).quantize(Decimal("0.1"))
    return figures, pairs


@transaction.atomic
def triangulate(campaign, data=None) -> int:
    """Refresh the flags: one per unit whose sources spread beyond the margin, one per indicator whose self and
    reviewed scores do. A flag already checked keeps its note while its figures stay the same."""
    margin = Decimal(campaign.triangulation_margin or 0)
    versions, by_category, default_id = _versions(campaign)
    infos = {vid: schemeinfo.info_for(v) for vid, v in versions.items()}
    data = data or load_inputs(campaign)
    wanted: dict = {}
    for cu in data["cus"]:
        vid = by_category.get(cu.category_id, default_id)
        if vid is None or sampling.is_excluded(campaign, cu):
            continue
        category = cu.category.name if cu.category_id else None
        entries = {code: parts[""] for code, parts in data["entries"].get(cu.pk, {}).items() if "" in parts}
        ratings = [r for labels in data["ratings"].get(cu.unit_id, {}).values() for r in labels]
        figures, pairs = unit_figures(
            infos[vid], category, entries, ratings, data["imported"].get(cu.unit_id, {})
        )
        present = {k: v for k, v in figures.items() if v is not None}
        if len(present) >= 2:
            spread = max(present.values()) - min(present.values())
            if spread > margin:
                wanted[(cu.unit_id, "")] = ({SOURCE_NAMES[k]: str(v) for k, v in present.items()}, spread)
        for leaf, self_pct, reviewed_pct in pairs:
            spread = abs(self_pct - reviewed_pct)
            if spread > margin:
                wanted[(cu.unit_id, leaf.code)] = (
                    {SELF_FIGURE: str(self_pct), REVIEWED_FIGURE: str(reviewed_pct)},
                    spread,
                )
    existing = {(f.unit_id, f.code): f for f in TriangulationFlag.objects.filter(campaign=campaign)}
    for ident, flag in existing.items():
        if ident not in wanted:
            flag.delete()
    for (unit_id, code), (figures, spread) in wanted.items():
        flag = existing.get((unit_id, code))
        if flag is None:
            TriangulationFlag.objects.create(
                campaign=campaign, unit_id=unit_id, code=code, figures=figures, spread=spread
            )
        elif flag.figures != figures:
            flag.figures = figures
            flag.spread = spread
            flag.status = TriangulationFlag.Status.OPEN
            flag.note = ""
            flag.resolved_by = None
            flag.resolved_at = None
            flag.save()
    return len(wanted)


# ---------------------------------------------------------------------------------------------------------------
# Where each input came from (for the explained result)
# ---------------------------------------------------------------------------------------------------------------


def campaign_units_for_results(campaign):
    return CampaignUnit.objects.filter(campaign=campaign).select_related("unit", "category")

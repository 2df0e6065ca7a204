"""Invariants on random schemes and inputs (hypothesis): totals stay within the maximum unless bonuses allow it,
caps hold, rescaling keeps the maximum, input order never matters, the same inputs give the same JSON bytes, and
the vectorised batch path gives exactly the explained path's results."""

import json
import random
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lvzhi.scoring import load_scheme, score_unit, score_units
from lvzhi.scoring.rules import RULE_CLASSES

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATEGORIES = ["甲", "乙"]
RATING = {"优秀": 100, "良好": 85, "一般": 70, "差": 50}

numbers = st.one_of(
    st.integers(-5, 120),
    st.integers(-(10**8), 10**8),
    st.decimals(-(10**6), 10**6, places=6, allow_nan=False, allow_infinity=False).map(float),
    st.decimals(-5, 120, places=3, allow_nan=False, allow_infinity=False).map(float),
    st.fractions(0, 100, max_denominator=7).map(float),
    st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False).map(str),
)


@st.composite
def rules(draw, simple=False):
    kinds = ["entered", "ratio", "occurrences", "import"] if simple else GENERATED
    kind = draw(st.sampled_from(kinds))
    if kind == "entered":
        return {"type": "entered"} if draw(st.booleans()) else {"type": "entered", "scale": 100}
    if kind == "ratio":
        return {"type": "ratio", "target": draw(st.sampled_from([50, 100, 7.5, 3])),
                "cap": 1 if simple else draw(st.sampled_from([1, 0.8]))}
    if kind == "ratio_lower":
        return {"type": "ratio", "target": draw(st.sampled_from([5, 12.5])), "direction": "lower"}
    if kind == "bands":
        return {"type": "bands", "bands": [{"min": 90, "points": 1}, {"min": 60, "max": 75.5, "points": 0.5},
                                           {"equals": 42, "points": 0.25}], "else": 0}
    if kind == "occurrences":
        return {"type": "occurrences", "per": draw(st.sampled_from([0.5, 1, 2, 1.25])), "cap": 0.5}
    if kind == "import":
        return {"type": "import", "scale": 100}
    if kind == "rating":
        return {"type": "rating", "scale": "four",
                "groups": [{"name": "leaders", "weight": 40}, {"name": "staff", "weight": 60}]}
    if kind == "ratio_named":
        return {"type": "ratio", "target": "goal", "cap": draw(st.sampled_from([1, 1.2]))}
    if kind == "survey":
        return {"type": "survey"}
    if kind == "survey_bands":
        return {"type": "survey", "bands": [{"min": 95, "points": 1}, {"min": 80, "points": 0.6}]}
    if kind == "survey_groups":
        return {"type": "survey", "options": {"满意": 100, "基本满意": 60, "不满意": 0},
                "groups": [{"name": "public", "weight": 70}, {"name": "staff", "weight": 30}]}
    if kind == "rank":
        return {"type": "rank", "table": [1, 0.8, 0.5], "else": 0.2}
    if kind == "rank_step":
        return {"type": "rank", "step": draw(st.sampled_from([5, 12.5])), "min": 10}
    if kind == "rank_by":
        return {"type": "rank", "by": "output", "step": 10, "among": draw(st.sampled_from(["category", "all"])),
                "order": draw(st.sampled_from(["desc", "asc"]))}
    return {"type": "formula", "expr": "min(value, 100) / 100 * scale"}


# Every variant the random schemes use, by rule type: test_every_rule_type_is_generated keeps it complete.
VARIANTS = {
    "entered": ["entered"], "import": ["import"], "ratio": ["ratio", "ratio_lower", "ratio_named"],
    "bands": ["bands"], "occurrences": ["occurrences"], "rating": ["rating"],
    "survey": ["survey", "survey_bands", "survey_groups"], "rank": ["rank", "rank_step", "rank_by"],
    "formula": ["formula"],
}
GENERATED = [variant for variants in VARIANTS.values() for variant in variants]


@st.composite
def trees(draw, level=1, budget=None, simple=False, integer=False, prefix="N"):
    """(nodes, leaves) for one sibling list; points add up to `budget` or weights to 100."""
    count = draw(st.integers(1, 3 if level < 3 else 4))
    use_weights = not integer and draw(st.booleans())
    if not use_weights and budget is not None:
        count = min(count, budget)
    if use_weights:
        cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    else:
        total = budget if budget is not None else draw(st.integers(count, 60))
        cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1, unique=True))) \
            if total > count else list(range(1, count))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    nodes, leaves = [], []
    for i, share in enumerate(shares):
        code = f"{prefix}{i}" if level == 1 else f"{prefix}_{i}"
        node = {"code": code, "name": code}
        node["weight" if use_weights else "points"] = share
        if level < 3 and draw(st.booleans()):
            children, child_leaves = draw(trees(level + 1, 100 if use_weights else share, simple, integer, code))
            node["children"] = children
            leaves += child_leaves
        else:
            node["rule"] = draw(rules(simple))
            leaves.append(node)
        nodes.append(node)
    return nodes, leaves


@st.composite
def schemes(draw, simple=False, integer=False, bonuses=True, top_bonus_only=False):
    nodes, leaves = draw(trees(1, None, simple, integer))
    definition = {"code": "h", "name": "随机方案", "indicators": nodes, "rating_scales": {"four": RATING},
                  "inputs": [{"name": "goal", "type": "number", "default": 80}, {"name": "output", "type": "number"}],
                  "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 75}, {"grade": "差"}]}}
    if not any("weight" in n for n in nodes):
        definition["total"] = sum(n["points"] for n in nodes)
    adjustments = []
    if bonuses and draw(st.booleans()):
        adjustments.append({"code": "BONUS", "name": "加分", "kind": "bonus", "points": draw(st.sampled_from([2, 5])),
                            "rule": {"type": "occurrences", "per": 1}})
    if draw(st.booleans()):
        adjustments.append({"code": "DED", "name": "扣分", "kind": "deduction", "points": 20, "children": [
            {"code": "DED1", "name": "一", "kind": "deduction", "points": 15, "rule": {"type": "occurrences", "per": 5}},
            {"code": "DED2", "name": "二", "kind": "deduction", "points": 15, "rule": {"type": "occurrences", "per": 3}},
        ]})
    definition["indicators"] = nodes + adjustments
    leaves = leaves + [a for a in adjustments if "rule" in a] + [c for a in adjustments for c in a.get("children", [])]
    if not integer and draw(st.booleans()) and nodes[0].get("children") and not top_bonus_only:
        nodes[0]["base"] = {"share": 80}
    if not integer and draw(st.booleans()) and "points" in nodes[0] and len(nodes) > 1:
        nodes[0]["by_category"] = {"乙": 0}
    if not simple and draw(st.booleans()):
        periodic = [leaf for leaf in leaves if leaf["rule"].get("by") is None]
        if periodic:
            draw(st.sampled_from(periodic))["periods"] = {"H1": 40, "H2": 60}
    return definition, leaves


def value_for(draw, leaf):
    if leaf.get("periods"):
        return {period: one_value(draw, leaf) for period in leaf["periods"] if draw(st.integers(0, 4))}
    return one_value(draw, leaf)


def one_value(draw, leaf):
    rule = leaf["rule"]["type"]
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return None
    if choice == 1 and leaf.get("kind") not in ("bonus", "deduction"):
        return "不适用"
    if rule == "rating":
        labels = st.lists(st.sampled_from([*RATING, "无效"]), max_size=4)
        return {"leaders": draw(labels), "staff": draw(labels)}
    if rule == "survey" and "groups" in leaf["rule"]:
        answers = st.dictionaries(st.sampled_from(["满意", "基本满意", "不满意", "其他"]), st.integers(0, 30),
                                  max_size=3)
        return {"public": draw(answers), "staff": draw(st.one_of(answers, numbers))}
    if rule == "survey":
        return draw(st.one_of(numbers, st.fixed_dictionaries({"satisfied": st.integers(0, 50),
                                                              "total": st.integers(50, 60)})))
    if rule == "rank" and "by" in leaf["rule"]:
        return None
    if rule == "rank":
        return draw(st.one_of(st.integers(0, 5), numbers))
    if rule == "ratio" and choice == 2:
        return {"actual": draw(numbers), "target": draw(st.sampled_from([10, 0, 33.3]))}
    if rule == "occurrences":
        return draw(st.one_of(st.integers(0, 9), st.lists(st.sampled_from(["问题", {"points": 0.75}]), max_size=3)))
    if choice == 3:
        return draw(st.sampled_from(["abc", True, [1]]))
    return draw(numbers)


@st.composite
def cases(draw, **kwargs):
    definition, leaves = draw(schemes(**kwargs))
    units = {}
    for u in range(draw(st.integers(1, 6))):
        values = {leaf["code"]: value_for(draw, leaf) for leaf in leaves}
        values["goal"] = draw(st.one_of(st.none(), st.sampled_from([0, 40, 100]), numbers))
        values["output"] = draw(st.one_of(st.none(), st.integers(0, 3), numbers))
        units[f"u{u}"] = {"category": draw(st.sampled_from([*CATEGORIES, None])),
                          "values": {k: v for k, v in values.items() if v is not None or draw(st.booleans())}}
    return definition, units


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def test_every_rule_type_is_generated():
    assert set(VARIANTS) == set(RULE_CLASSES)


@SETTINGS
@given(cases())
def test_the_fast_batch_path_equals_the_explained_path(case):
    definition, units = case
    scheme = load_scheme(definition)
    assert score_units(scheme, units).to_json() == score_units(scheme, units, fast=False).to_json()


@SETTINGS
@given(cases(bonuses=False))
def test_without_bonuses_totals_stay_between_zero_and_the_maximum(case):
    definition, units = case
    scheme = load_scheme(definition)
    for unit in units.values():
        result = score_unit(scheme, unit)
        assert Decimal(0) <= result.total <= result.max


@SETTINGS
@given(cases(top_bonus_only=True))
def test_bonuses_lift_the_total_at_most_by_their_caps_and_caps_hold(case):
    definition, units = case
    scheme = load_scheme(definition)
    bonus_caps = sum(Decimal(n["points"]) for n in definition["indicators"] if n.get("kind") == "bonus")
    for unit in units.values():
        result = score_unit(scheme, unit)
        assert result.total <= result.max + bonus_caps
        for node in walk(result.to_dict()["indicators"]):
            if node["kind"] in ("bonus", "deduction"):
                assert abs(node["points"]) <= node["max"]
            elif not node["not_applicable"] and not node.get("children"):
                assert 0 <= node["points"] <= node["max"]


@SETTINGS
@given(schemes(simple=True, integer=True, bonuses=False), st.data())
def test_rescaling_keeps_the_maximum_for_full_marks(built, data):
    definition, leaves = built
    scheme = load_scheme(definition)
    regular = [leaf for leaf in leaves if leaf.get("kind") not in ("bonus", "deduction")]
    not_applicable = data.draw(st.lists(st.sampled_from([leaf["code"] for leaf in regular]), unique=True,
                                        max_size=len(regular) - 1))
    full = {"entered": 10**6, "import": 10**6, "ratio": 10**6, "occurrences": 0}
    values = {leaf["code"]: full[leaf["rule"]["type"]] for leaf in regular}
    result = score_unit(scheme, {"values": values, "not_applicable": not_applicable})
    assert result.total == result.max


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_inputs_never_changes_the_results(case, rnd: random.Random):
    definition, units = case
    scheme = load_scheme(definition)
    shuffled_units = list(units.items())
    rnd.shuffle(shuffled_units)
    reordered = {}
    for key, unit in shuffled_units:
        items = list(unit["values"].items())
        rnd.shuffle(items)
        reordered[key] = {"values": dict(items), "category": unit["category"]}
    assert score_units(scheme, reordered).to_json(detail=True) == score_units(scheme, units).to_json(detail=True)


@SETTINGS
@given(cases())
def test_the_same_inputs_give_the_same_json_bytes(case):
    definition, units = case
    first = score_units(load_scheme(definition), units).to_json(detail=True)
    second = score_units(load_scheme(json.loads(json.dumps(definition))), json.loads(json.dumps(units)))
    assert first == second.to_json(detail=True)
    assert json.loads(first) == json.loads(second.to_json(detail=True))


@SETTINGS
@given(cases())
def test_a_units_total_is_the_same_alone_and_in_a_batch(case):
    definition, units = case
    assume(not any(node.get("rule", {}).get("by") for node in walk(definition["indicators"])))  # ranks need a batch
    scheme = load_scheme(definition)
    batch = score_units(scheme, units)
    for key, unit in units.items():
        assert batch.units[key].total == score_unit(scheme, unit).total

"""The JSON Schema of the scheme format and the loader accept the same keys, at every level: the scheme, an
indicator, each rule type's parameters, and the parts inside them (inputs, bands, groups, grades, quotas, edits).
A key one of them accepts and the other refuses would let a file pass `validate` and fail to load, or load with a
setting silently ignored."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest

from lvzhi.scoring import SchemeError, inherit, load_scheme, model
from lvzhi.scoring.rules import RULE_CLASSES
from lvzhi.scoring.rules.numeric import BAND_KEYS
from lvzhi.scoring.rules.opinion import GROUP_KEYS
from lvzhi.scoring.vocab import RULE_LOOKUP, SOURCE_LOOKUP, normalize_source

SCHEMA = json.loads((Path(model.__file__).parent / "schema" / "scheme.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
INDICATOR = SCHEMA["$defs"]["indicator"]
RULE_VARIANTS = {variant["title"]: variant for variant in SCHEMA["$defs"]["rule"]["oneOf"][1:]}


def keys(schema: dict) -> set:
    return set(schema["properties"])


def items(schema: dict) -> dict:
    return schema["items"]


def test_the_scheme_level():
    assert keys(SCHEMA) == model.TOP_KEYS


def test_an_indicator():
    assert keys(INDICATOR) == model.NODE_KEYS
    assert keys(INDICATOR["properties"]["base"]) == model.BASE_KEYS


@pytest.mark.parametrize("rule_type", sorted(RULE_CLASSES))
def test_the_parameters_of_each_rule_type(rule_type):
    variant = RULE_VARIANTS[rule_type]
    assert keys(variant) == set(RULE_CLASSES[rule_type].keys) | {"type", "input"}
    assert set(variant["properties"]["type"]["enum"]) == {w for w, t in RULE_LOOKUP.items() if t == rule_type}
    if "bands" in variant["properties"]:
        assert keys(items(variant["properties"]["bands"])) == BAND_KEYS
    if "groups" in variant["properties"]:
        assert keys(items(variant["properties"]["groups"])) == GROUP_KEYS


def test_every_rule_type_and_its_words():
    assert set(RULE_VARIANTS) == set(RULE_CLASSES)
    assert set(SCHEMA["$defs"]["rule"]["oneOf"][0]["enum"]) == set(RULE_LOOKUP)


def test_every_data_source_the_loader_reads_the_schema_accepts_too():
    pattern = re.compile(INDICATOR["properties"]["source"]["pattern"])
    written = [*SOURCE_LOOKUP, *(f"{w}:口径" for w in SOURCE_LOOKUP if ":" in (normalize_source(f"{w}:口径") or ""))]
    assert [w for w in written if not pattern.match(w)] == []
    assert not pattern.match("未知来源")


def test_the_settings():
    props = SCHEMA["properties"]
    assert keys(items(props["inputs"])) == model.INPUT_KEYS
    assert keys(props["grades"]) == model.GRADES_KEYS
    assert keys(items(props["grades"]["properties"]["bands"])) == model.GRADE_BAND_KEYS
    assert keys(items(props["grades"]["properties"]["rules"])) == model.GRADE_RULE_KEYS
    assert keys(items(props["grades"]["properties"]["flags"])) == model.FLAG_KEYS
    assert keys(props["ranking"]) == model.RANKING_KEYS
    assert keys(items(props["quotas"])) == model.QUOTA_KEYS
    assert keys(items(props["add"])) == inherit.ADD_KEYS
    assert keys(items(props["move"])) == inherit.MOVE_KEYS


BASE = {
    "code": "k", "name": "字段", "inputs": [{"name": "cases", "type": "number"}],
    "indicators": [
        {"code": "A", "name": "甲", "points": 60, "base": {"share": 80},
         "children": [{"code": "A1", "name": "甲一", "points": 60,
                       "rule": {"type": "bands", "bands": [{"min": 90, "points": 60}]}}]},
        {"code": "B", "name": "乙", "points": 40, "rule": {"type": "rating", "scale": {"好": 100, "差": 0},
                                                           "groups": [{"name": "群众"}]}},
    ],
    "grades": {"bands": [{"grade": "好", "min": 60}, {"grade": "差"}], "rules": [{"when": "cases > 0", "set": "差"}],
               "flags": [{"when": "cases > 1", "flag": "多次"}]},
    "ranking": {"within": "all"},
    "quotas": [{"award": "先进", "max_share": 30}],
}  # fmt: skip
PLACES = {
    "the scheme": lambda d: d,
    "an indicator": lambda d: d["indicators"][1],
    "a base": lambda d: d["indicators"][0]["base"],
    "a rule": lambda d: d["indicators"][1]["rule"],
    "a band of a rule": lambda d: d["indicators"][0]["children"][0]["rule"]["bands"][0],
    "a rater group": lambda d: d["indicators"][1]["rule"]["groups"][0],
    "an input": lambda d: d["inputs"][0],
    "the grades": lambda d: d["grades"],
    "a grade band": lambda d: d["grades"]["bands"][0],
    "a grade rule": lambda d: d["grades"]["rules"][0],
    "a flag": lambda d: d["grades"]["flags"][0],
    "the ranking": lambda d: d["ranking"],
    "a quota": lambda d: d["quotas"][0],
}


def test_the_example_loads_and_matches_the_schema():
    load_scheme(BASE)
    assert list(VALIDATOR.iter_errors(BASE)) == []


@pytest.mark.parametrize("place", sorted(PLACES))
def test_an_unknown_key_is_refused_by_both(place):
    definition = copy.deepcopy(BASE)
    target = PLACES[place](definition)
    target["zzz"] = 1
    assert not VALIDATOR.is_valid(definition)
    with pytest.raises(SchemeError) as refused:
        load_scheme(definition)
    if place != "a base":  # a base has exactly one key: the loader says which two it may be
        assert any("「zzz」" in issue.message for issue in refused.value.issues)

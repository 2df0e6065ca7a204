"""Every seed scheme under examples/schemes/ goes into the database through the import office staff use."""

import pytest
import yaml
from django.conf import settings

from lvzhi import scoring
from lvzhi.schemes import demo, trial
from lvzhi.schemes.models import Scheme, SchemeVersion
from lvzhi.scoring.numbers import json_number

EXAMPLES = settings.PROJECT_DIR / "examples" / "schemes"
SCHEME_FILES = demo.scheme_files(EXAMPLES)


@pytest.fixture
def loaded(world):
    messages = []

    class Out:
        def write(self, text):
            messages.append(text)

    versions = demo.build(None, Out())
    return versions, messages


def test_every_seed_scheme_file_is_imported_and_published(loaded):
    versions, messages = loaded
    assert len(SCHEME_FILES) >= 10
    assert len(versions) == len(SCHEME_FILES), messages
    assert all(v.status == SchemeVersion.Status.PUBLISHED for v in versions)
    assert not any("未导入" in m for m in messages), messages


def test_parents_are_loaded_before_the_templates_that_extend_them():
    names = [path.name for path in SCHEME_FILES]
    assert names.index("central-reference.yaml") < names.index("guangdong-provincial.yaml")
    assert names.index("guangdong-provincial.yaml") < names.index("guangdong-local.yaml")


def test_guangdong_inherits_from_the_central_reference_and_stores_the_full_tree(loaded):
    provincial = SchemeVersion.objects.get(scheme__code="guangdong-provincial")
    central = SchemeVersion.objects.get(scheme__code="central-reference")
    assert provincial.parent_version == central
    assert provincial.scheme.parent == central.scheme
    assert "remove" not in provincial.definition and provincial.definition["indicators"]
    local = SchemeVersion.objects.get(scheme__code="guangdong-local")
    assert local.parent_version == provincial
    changes = trial.diff_view(scoring.diff(central.definition, provincial.definition))
    removed = [c["code"] for c in changes if c["action"] == "removed"]
    added = [c["code"] for c in changes if c["action"] == "added"]
    assert removed == ["B2"] and added == ["C1.3"]


def test_trying_each_seed_scheme_with_its_example_inputs_gives_the_engines_totals(loaded):
    tried = 0
    for path in SCHEME_FILES:
        inputs_path = path.with_name(path.stem + ".inputs.yaml")
        if not inputs_path.exists():
            continue
        code = yaml.safe_load(path.read_text(encoding="utf-8"))["code"]
        version = Scheme.objects.get(code=code).latest_published()
        data = yaml.safe_load(inputs_path.read_text(encoding="utf-8"))
        outcome = trial.run(version.definition, data=data)
        assert not outcome.issues, (path.name, outcome.issues)
        expected = scoring.score_units(scoring.load_scheme(version.definition), data["units"])
        precision = expected.scheme.precision
        assert {u["result"]["unit"]: u["result"]["total"] for u in outcome.units} == {
            s.key: json_number(s.total, precision) for s in expected.units.values()
        }, path.name
        tried += 1
    assert tried >= 10

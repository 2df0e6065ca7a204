"""The engine is pure Python: importing and using it loads no Django, and its files are described by the JSON
Schemas shipped with it."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from lvzhi.scoring import read_inputs_file, read_scheme_file

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "lvzhi" / "scoring" / "schema"
EXAMPLES = ROOT / "examples" / "schemes"


def test_scoring_a_scheme_never_imports_django():
    code = (
        "import sys\n"
        "from lvzhi.scoring import load_scheme, read_scheme_file, read_inputs_file, score_units\n"
        "from lvzhi.scoring.cli import main\n"
        f"s = load_scheme(read_scheme_file({str(EXAMPLES / 'bureau-units.yaml')!r}))\n"
        f"score_units(s, read_inputs_file({str(EXAMPLES / 'bureau-units.inputs.yaml')!r})['units']).to_json(True)\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_no_module_of_the_engine_imports_django():
    for path in (ROOT / "lvzhi" / "scoring").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_file_matches_its_json_schema(path):
    if ".inputs." in path.name:
        errors = list(validator("inputs").iter_errors(read_inputs_file(path)))
    else:
        errors = list(validator("scheme").iter_errors(read_scheme_file(path)))
    assert errors == []


def test_the_json_schema_refuses_a_misspelled_indicator_field():
    bad = {"code": "x", "name": "x", "indicators": [{"code": "A", "name": "a", "pionts": 5}]}
    assert not validator("scheme").is_valid(bad)

"""Every seed scheme under examples/schemes/ as an administrator meets it: `lvzhi scheme validate` accepts each
file, `lvzhi score` scores each example inputs file, and the README lists every file."""

from pathlib import Path

import pytest

from lvzhi.cli import main as lvzhi
from lvzhi.scoring import (
    load_scheme,
    read_inputs_file,
    read_scheme_file,
    resolve,
    score_units,
    write_inputs_file,
    write_scheme_file,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"
SCHEMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".inputs.yaml"))

SEED_SCHEMES = [
    "beijing-sanxiao-yichuang",
    "bureau-individuals",
    "bureau-units",
    "central-reference",
    "feicheng",
    "guangdong-local",
    "guangdong-provincial",
    "kaifeng",
    "laiyang",
    "linyi",
]


def _definition(name: str) -> dict:
    definition = read_scheme_file(EXAMPLES / f"{name}.yaml")
    if definition.get("extends"):
        return resolve(definition, _definition(definition["extends"]))
    return definition


def test_every_seed_scheme_is_a_file_with_example_inputs():
    assert SCHEMES == SEED_SCHEMES
    for name in SCHEMES:
        assert (EXAMPLES / f"{name}.inputs.yaml").is_file(), name


@pytest.mark.parametrize("name", SEED_SCHEMES)
def test_lvzhi_scheme_validate_accepts_the_seed_scheme(name, capsys):
    code = lvzhi(["lvzhi", "scheme", "validate", str(EXAMPLES / f"{name}.yaml")])
    output = capsys.readouterr()
    assert code == 0, output.err
    assert "校验通过" in output.out
    assert "满分 100" in output.out


@pytest.mark.parametrize("name", SEED_SCHEMES)
def test_lvzhi_score_scores_every_example_unit(name, capsys):
    inputs = read_inputs_file(EXAMPLES / f"{name}.inputs.yaml")
    assert inputs["scheme"] == name
    code = lvzhi(["lvzhi", "score", str(EXAMPLES / f"{name}.yaml"), str(EXAMPLES / f"{name}.inputs.yaml")])
    output = capsys.readouterr()
    assert code == 0, output.err
    rows = output.out.splitlines()
    for key, unit in inputs["units"].items():
        assert any(row.startswith(f"{key} ") and unit["name"] in row for row in rows), (key, output.out)


@pytest.mark.parametrize("name", SEED_SCHEMES)
def test_the_fast_and_the_explained_paths_agree_on_every_seed(name):
    scheme = load_scheme(_definition(name))
    units = read_inputs_file(EXAMPLES / f"{name}.inputs.yaml")["units"]
    batch = score_units(scheme, units)
    assert batch.to_dict() == score_units(scheme, units, fast=False).to_dict()
    for key in units:  # and each unit's explained result agrees with the batch summary
        assert batch.result(key).total == batch.units[key].total


@pytest.mark.parametrize("name", SEED_SCHEMES)
def test_every_seed_survives_the_excel_workbooks_office_staff_use(name, tmp_path):
    scheme = load_scheme(_definition(name))
    inputs = read_inputs_file(EXAMPLES / f"{name}.inputs.yaml")
    write_scheme_file(scheme.definition, tmp_path / f"{name}.xlsx")
    write_inputs_file(inputs, tmp_path / f"{name}.inputs.xlsx")
    from_excel = load_scheme(read_scheme_file(tmp_path / f"{name}.xlsx"))
    assert from_excel.definition == scheme.definition
    units = read_inputs_file(tmp_path / f"{name}.inputs.xlsx")["units"]
    assert score_units(from_excel, units).to_dict() == score_units(scheme, inputs["units"]).to_dict()


@pytest.mark.parametrize("name", SEED_SCHEMES)
def test_every_seed_says_where_it_chose_figures_the_seed_does_not_give(name):
    definition = read_scheme_file(EXAMPLES / f"{name}.yaml")
    assert definition.get("note"), f"{name}: the note field must say what the file chose"
    header = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8").split("format:")[0]
    assert "seed" in header


def test_the_readme_lists_every_scheme_and_inputs_file():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in SEED_SCHEMES:
        assert f"`{name}.yaml`" in readme
        assert f"`{name}.inputs.yaml`" in readme

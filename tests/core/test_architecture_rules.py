"""The rules of docs/architecture.md that a machine can check: no product module over about 600 lines, no
import cycle (function-level imports included), no role comparison in a view or API module. The counter is
scripts/architecture_report.py; these tests also show that it notices each kind of breach."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report():
    spec = importlib.util.spec_from_file_location("architecture_report", ROOT / "scripts/architecture_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["architecture_report"] = module
    spec.loader.exec_module(module)
    return module


def test_no_product_module_is_over_600_lines(report):
    assert report.long_modules() == []


def test_no_import_cycle_in_the_product(report):
    assert report.import_cycles() == []


def test_no_view_or_api_module_compares_roles(report):
    assert report.role_comparisons() == []


def test_the_counter_notices_a_cycle_hidden_in_a_function(report, tmp_path, monkeypatch):
    package = tmp_path / "lvzhi" / "room"
    package.mkdir(parents=True)
    (tmp_path / "lvzhi" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from lvzhi.room import a\n    return a\n")
    (package / "views.py").write_text("def page(request):\n    return request.user.role == 'admin'\n")
    (package / "long.py").write_text("x = 1\n" * 601)
    monkeypatch.setattr(report, "ROOT", tmp_path)
    monkeypatch.setattr(report, "PACKAGE", tmp_path / "lvzhi")
    assert report.import_cycles() == [["lvzhi.room.a", "lvzhi.room.b"]]
    assert [line for _, _, line in report.role_comparisons()] == ["return request.user.role == 'admin'"]
    assert report.long_modules() == [("lvzhi/room/long.py", 601)]

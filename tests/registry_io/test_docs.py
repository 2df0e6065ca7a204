"""docs/import-formats.md describes every column and every enumeration value the import accepts."""

from pathlib import Path

import pytest

from lvzhi.registry.io.columns import KINDS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "import-formats.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_import_formats_document_names_every_column_and_value(kind):
    spec = KINDS[kind]
    assert f"`{kind}`" in DOC
    for column in spec.columns:
        assert f"| {column.header} |" in DOC, column.header
        for code, label in column.choices:
            assert f"{label}({code})" in DOC, (column.header, label)

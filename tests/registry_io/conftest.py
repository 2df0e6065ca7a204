import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads, job files and progress files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx_bytes(rows, sheet="数据") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def xlsx_file(tmp_path):
    """xlsx_file(rows, name=…) -> path of an Excel file with these rows (the first is the header)."""

    def make(rows, name="data.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return path

    return make


@pytest.fixture
def csv_file(tmp_path):
    def make(rows, name="data.csv", encoding="utf-8-sig"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows, encoding))
        return path

    return make


def upload(rows, name="data.xlsx") -> SimpleUploadedFile:
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)
    return SimpleUploadedFile(name, data)

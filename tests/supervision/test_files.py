"""File import of supervision records (CSV, Excel, Parquet, Chinese headers): a refused record is named by the row
the sender sees in the sheet (blank rows counted) and its column in Chinese; without partial acceptance nothing of
the file is stored; a file without the unit column is refused before anything is read into the store."""

import io

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.errors import Invalid
from lvzhi.supervision import files
from lvzhi.supervision.models import Batch
from lvzhi.supervision.references import store

HEADER = ["单位代码", "事项类型", "事项编码", "日期", "履职行为", "数量"]
ROWS = [
    ["LY001", "权责事项", "XK-001", "2026-02-13", "受理", "1"],  # row 2
    ["", "", "", "", "", ""],  # row 3: blank, skipped but counted
    ["XX999", "权责事项", "XK-001", "2026-02-13", "受理", "1"],  # row 4: unknown unit
    ["LY001", "权责事项", "XK-001", "2026-02-16", "受理", "2"],  # row 5
    ["LY001", "权责事项", "XK-001", "2026/13/40", "受理", "-1"],  # row 6: bad date, negative quantity
]


def csv_upload(rows=ROWS, header=HEADER):
    text = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    return SimpleUploadedFile("records.csv", text.encode("utf-8-sig"))


def xlsx_upload(rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append([v or None for v in row])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("records.xlsx", out.getvalue())


def stored_files():
    return store().files("performance")


EXPECTED = [
    {"row": 4, "reasons": ["单位代码“XX999”不存在"]},
    {"row": 6, "reasons": ["日期“2026/13/40”无法识别,应写作 2026-02-13", "数量须为非负整数"]},
]


def test_a_csv_with_bad_rows_is_sent_back_whole_naming_each_row_and_column(sv):
    batch = files.submit_file("performance", csv_upload(), actor=sv.world.users.admin)
    assert (batch.status, batch.received, batch.accepted, batch.refused) == ("rejected", 4, 0, 2)
    assert batch.problems == EXPECTED
    assert stored_files() == []


def test_an_excel_file_with_partial_acceptance_stores_the_good_rows_only(sv):
    batch = files.submit_file("performance", xlsx_upload(), actor=sv.world.users.admin, allow_partial=True)
    assert (batch.status, batch.accepted, batch.refused) == ("partial", 2, 2)
    assert batch.problems == EXPECTED
    assert len(stored_files()) == 1
    again = files.submit_file("performance", xlsx_upload(), actor=sv.world.users.admin, allow_partial=True)
    assert (again.accepted, again.duplicates) == (0, 2) and len(stored_files()) == 1


def test_a_parquet_file_with_chinese_headers_is_checked_the_same_way(sv, tmp_path):
    table = pa.table({h: [r[i] for r in ROWS if any(r)] for i, h in enumerate(HEADER)})
    out = io.BytesIO()
    pq.write_table(table, out)
    upload = SimpleUploadedFile("records.parquet", out.getvalue())
    batch = files.submit_file("performance", upload, actor=sv.world.users.admin)
    # Parquet has no header row: the first record is row 1
    assert [(p["row"], p["reasons"][0]) for p in batch.problems] == [
        (2, "单位代码“XX999”不存在"),
        (4, "日期“2026/13/40”无法识别,应写作 2026-02-13"),
    ]
    assert batch.status == "rejected" and stored_files() == []


def test_a_file_without_the_unit_column_is_refused_and_nothing_is_recorded(sv):
    upload = csv_upload(rows=[r[1:] for r in ROWS], header=HEADER[1:])
    with pytest.raises(Invalid, match="文件第1行缺少“单位代码”列"):
        files.submit_file("performance", upload, actor=sv.world.users.admin)
    assert not Batch.objects.exists() and stored_files() == []


def test_the_entry_page_tells_the_sender_which_rows_and_why(sv, login):
    client = login(sv.world.users.admin)
    response = client.post(
        "/supervision/entry/", {"form": "file", "kind": "performance", "file": csv_upload()}, follow=True
    )
    text = response.content.decode()
    assert "第4行:单位代码“XX999”不存在。" in text
    assert "第6行:日期“2026/13/40”无法识别,应写作 2026-02-13;数量须为非负整数。" in text
    assert stored_files() == []

"""The supervision analysis report for a period as Word and PDF: the figures of the period, the charts, the
warnings only for those the table lets see them, and a unit contact's report about their own unit only."""

import datetime
import io

import docx
import pypdf

from lvzhi.reports import charts
from lvzhi.supervision import actions
from lvzhi.supervision.models import Warning

TODAY = datetime.date(2026, 3, 31)


def event(case, step, start, end):
    return {"unit": "LY001", "case": case, "workflow": "LC-1", "step": step, "start": start, "end": end}


def send(sv):
    admin = sv.world.users.admin
    rows = [
        event("C1", "1", "2026-03-02 09:00", "2026-03-02 11:00"),
        event("C2", "1", "2026-03-02 09:00", "2026-03-02 16:00"),  # overdue
        event("C0", "1", "2026-01-05 09:00", "2026-01-05 10:00"),  # before the period
    ]
    assert actions.submit_batch("events", actor=admin, rows=rows, today=TODAY).accepted == 3
    perf = [
        {"unit": "LY001", "item_kind": "power", "item": "XK-001", "day": f"2026-03-0{d}", "action": "受理", "quantity": 2}
        for d in (2, 3, 4)
    ]  # fmt: skip
    assert actions.submit_batch("performance", actor=admin, rows=perf, today=TODAY).accepted == 3
    Warning.objects.create(
        unit=sv.unit, kind="overdue", key="k1", period="2026-03", value=0.5, threshold=0.2,
        summary="企业投资项目核准流程超时率50%", raised_at=datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC),
    )  # fmt: skip


def _word(client, **params):
    response = client.get("/supervision/report.docx", {"start": "2026-03-01", "end": "2026-03-31", **params})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return document, text, cells


def test_the_word_report_has_the_periods_figures_charts_and_warnings(sv, login):
    send(sv)
    document, text, cells = _word(login(sv.world.users.admin))
    assert text.startswith("职能运行监管分析报告\n(全部单位 · 2026年3月1日至2026年3月31日)")
    assert "一、总体情况" in text and "五、监管预警" in text
    assert "履职记录3条,涉及1个单位;流程环节2次,办结2次(办结率100.0%),超时1次(超时率50.0%)" in text
    assert ["1", "莱阳市发展和改革局", "3", "6"] in cells
    assert ["莱阳市发展和改革局", "企业投资项目核准流程 1 受理", "2", "2", "2.0", "1"] in [
        r[:6] for r in cells
    ]
    assert any("企业投资项目核准流程超时率50%" in c for r in cells for c in r)
    try:
        charts.cjk_font()
    except charts.FontMissing:
        return
    assert len(document.inline_shapes) == 2  # records by month, overdue rate by unit


def test_a_unit_contact_gets_no_warnings_and_no_other_units_figures(sv, login):
    send(sv)
    _doc, text, _cells = _word(login(sv.world.users.contact_a))
    assert "监管预警" not in text and "流程环节2次" in text
    _doc, text, _cells = _word(login(sv.world.users.contact_b))
    assert "履职记录0条,涉及0个单位;流程环节0次" in text


def test_the_pdf_report_reads_the_same(sv, login):
    send(sv)
    response = login(sv.world.users.admin).get("/supervision/report.pdf", {"start": "2026-03-01"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    compact = "".join(text.split())
    assert "职能运行监管分析报告" in compact
    assert "2026年3月1日以来" in compact
    assert "流程环节2次,办结2次" in compact

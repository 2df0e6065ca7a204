"""The unit evaluation report: drafted opinions the office edits and releases, the Word document in the layout of
a government document with its charts, and who may read and download it (the policy, on the server)."""

import io

import docx
import pytest
from docx.oxml.ns import qn

from lvzhi.audit.models import AuditEvent
from lvzhi.core.errors import Refused
from lvzhi.findings.models import Finding, Highlight
from lvzhi.reports import documents, unitactions, unitreport
from lvzhi.reports.models import UnitReport
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to


@pytest.fixture
def published(camp, world):  # noqa: F811
    """unit_a 54.40 (first), unit_b 51.00; approved and published; a finding and a highlight for unit_a."""
    campaign = run_to(camp, world)
    Finding.objects.create(
        campaign=campaign, unit=world.unit_a, source="on_site", category="underperformance",
        indicator_code="A3", title="重点任务台账不完整", status="rectifying",
    )  # fmt: skip
    Highlight.objects.create(
        campaign=campaign, unit=world.unit_a, title="“一窗受理”改革", description="办理时限压缩一半"
    )
    return campaign


def report_of(campaign, unit):
    return UnitReport.objects.get(campaign=campaign, unit=unit)


def text_of(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_office_drafts_one_opinion_per_level_one_indicator_from_the_figures_and_findings(
    published, world
):
    assert unitactions.draft_reports(published, actor=world.users.admin) == 2
    report = report_of(published, world.unit_a)
    assert report.status == "draft" and set(report.opinions) == {"__summary__", "A", "B"}
    summary = report.opinions["__summary__"]
    assert "得分54.40分" in summary and "排名第1位" in summary and "本类别平均分52.70分" in summary
    opinion_a = report.opinions["A"]
    assert opinion_a.startswith(
        "履职情况:满分60.00分,得分54.40分,得分率90.7%,高于本类别平均分(52.70分)1.70分。"
    )
    assert "评估发现问题1个(「重点任务台账不完整」),已整改到位0个。" in opinion_a
    assert AuditEvent.objects.filter(event_type="reports.unit_reports_drafted").exists()


def test_an_edited_opinion_survives_redrafting_and_appears_in_the_document(published, world):
    admin = world.users.admin
    unitactions.draft_reports(published, actor=admin)
    report = report_of(published, world.unit_a)
    unitactions.save_opinions(report, actor=admin, texts={"A": "履职情况总体较好。"})
    unitactions.draft_reports(published, actor=admin)
    report.refresh_from_db()
    assert report.opinions["A"] == "履职情况总体较好。" and report.edited
    data = unitreport.build(published, published.results.get(unit=world.unit_a), report=report)
    assert next(o["text"] for o in data.opinions) == "履职情况总体较好。"


def test_the_word_report_has_the_title_total_tree_charts_and_page_numbers(published, world):
    unitactions.draft_reports(published, actor=world.users.admin)
    report = report_of(published, world.unit_a)
    data = unitreport.build(published, published.results.get(unit=world.unit_a), report=report)
    document = docx.Document(io.BytesIO(documents.word(data)))
    text = text_of(document)
    title = "莱阳市发展和改革局2026年度履职评估报告"
    assert document.core_properties.title == title
    title_paragraph = next(p for p in document.paragraphs if p.text == title)
    run = title_paragraph.runs[0]
    assert run.font.size.pt == 22 and run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("莱阳市发展和改革局在"))
    assert (
        body.runs[0].font.size.pt == 16
        and body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    )
    assert "总分54.40分(满分100.00分)" in text
    assert "一、总体情况" in text and "三、评估意见" in text and "四、发现问题及整改情况" in text
    assert "重点任务台账不完整" in text and "整改中" in text and "“一窗受理”改革" in text
    tree = document.tables[0]
    assert [c.text for c in tree.rows[0].cells] == ["指标", "满分", "得分", "得分率", "本类别平均"]
    assert [c.text for c in tree.rows[1].cells] == ["A 履职情况", "60.00", "54.40", "90.7%", "52.70"]
    assert len(document.inline_shapes) == 2  # radar and bars (no earlier published year: no trend)
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text


def test_a_unit_contact_reads_only_their_released_report_and_downloads_are_checked(published, world, login):
    u = world.users
    unitactions.draft_reports(published, actor=u.admin)
    mine, other = report_of(published, world.unit_a), report_of(published, world.unit_b)
    contact = login(u.contact_a)
    assert contact.get(f"/reports/units/{mine.pk}/").status_code == 404  # a draft is the office's
    assert contact.get(f"/reports/units/{mine.pk}/report.docx").status_code == 404
    unitactions.release_report(mine, actor=u.admin)
    unitactions.release_report(other, actor=u.admin)
    page = contact.get(f"/reports/units/{mine.pk}/")
    assert page.status_code == 200 and "修改评估意见" not in page.content.decode()
    response = contact.get(f"/reports/units/{mine.pk}/report.docx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert contact.get(f"/reports/units/{other.pk}/report.docx").status_code == 404
    assert login(u.third_party).get(f"/reports/units/{mine.pk}/").status_code == 404
    with pytest.raises(Refused):
        unitactions.save_opinions(mine, actor=u.admin, texts={"A": "改"})  # released: withdraw first
    unitactions.withdraw_report(mine, actor=u.admin)
    assert contact.get(f"/reports/units/{mine.pk}/").status_code == 404


def test_the_office_edits_and_releases_on_the_page(published, world, login):
    unitactions.draft_reports(published, actor=world.users.admin)
    report = report_of(published, world.unit_a)
    admin = login(world.users.admin)
    listing = admin.get(f"/reports/campaigns/{published.pk}/units/").content.decode()
    assert "2份报告待发布" in listing
    page = admin.get(f"/reports/units/{report.pk}/").content.decode()
    assert 'name="opinion_A"' in page and 'data-chart="radar"' in page
    admin.post(
        f"/reports/units/{report.pk}/opinions/", {"opinion_A": "新的意见。", "opinion___summary__": "总体。"}
    )
    admin.post(f"/reports/units/{report.pk}/release/")
    report.refresh_from_db()
    assert report.status == "released" and report.opinions["A"] == "新的意见。"
    assert "新的意见。" in admin.get(f"/reports/units/{report.pk}/").content.decode()


def test_the_offices_to_do_lists_the_reports_to_release(published, world):
    from lvzhi.core.todo import items_for

    unitactions.draft_reports(published, actor=world.users.admin)
    titles = [i.title for i in items_for(world.users.admin)]
    assert "2份单位评估报告待发布" in titles
    assert "2份单位评估报告待发布" not in [i.title for i in items_for(world.users.contact_a)]


def pdf_fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_the_pdf_report_has_the_title_total_charts_and_embedded_cjk_fonts(published, world, login):
    from pypdf import PdfReader

    unitactions.draft_reports(published, actor=world.users.admin)
    report = report_of(published, world.unit_a)
    response = login(world.users.admin).get(f"/reports/units/{report.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "莱阳市发展和改革局2026年度履职评估报告" in text.replace("\n", "")
    assert "总分54.40分" in text and "重点任务台账不完整" in text
    fonts = pdf_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert any("CJK" in name for name in fonts)
    # WeasyPrint lists the document's images in every page's resources: count them once each
    images = {img.name for page in reader.pages for img in page.images}
    assert len(images) == 2  # radar and bars
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_the_excel_of_the_report_holds_every_table_and_keeps_text_as_text(published, world, login):
    from openpyxl import load_workbook

    unitactions.draft_reports(published, actor=world.users.admin)
    report = report_of(published, world.unit_a)
    Finding.objects.filter(unit=world.unit_a).update(title="=HYPERLINK(1)")
    response = login(world.users.admin).get(f"/reports/units/{report.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["指标得分", "评估意见", "问题整改", "特色亮点", "复核情况", "历年总分"]
    tree = list(book["指标得分"].iter_rows(values_only=True))
    assert tree[1][:5] == ("A", "履职情况", 1, 60, 54.4)
    problem = book["问题整改"]["A2"]
    assert problem.value == "=HYPERLINK(1)" and problem.data_type == "s"
    assert list(book["历年总分"].iter_rows(values_only=True))[1] == ("2026年", 54.4)

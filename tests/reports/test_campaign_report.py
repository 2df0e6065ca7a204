"""The campaign report and its bulletin (通报): the ranking by category with grades, the distribution, common
findings, highlights, recommendations and the robustness flags, as Word, PDF and Excel; the bulletin on one page;
who reads them before and after publication (draft scores are the office's and the committee's)."""

import io
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lvzhi.findings.models import CommonFinding, Finding, Highlight
from lvzhi.reports import campaigndocs, campaignreport
from lvzhi.reports.models import RobustnessRun
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to

from .test_unit_report import text_of

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _findings(campaign, world):
    common = CommonFinding.objects.create(campaign=campaign, title="权责清单未动态调整")
    for unit, title, status in (
        (world.unit_a, "重点任务台账不完整", "rectifying"),
        (world.unit_b, "重点任务推进滞后", "verified"),
        (world.unit_b, "清单未调整", "open"),
    ):
        Finding.objects.create(
            campaign=campaign, unit=unit, source="on_site", category="underperformance", title=title,
            status=status, common=common if title == "清单未调整" else None,
        )  # fmt: skip
    Finding.objects.filter(title="清单未调整").update(category="lists")
    Highlight.objects.create(
        campaign=campaign, unit=world.unit_a, title="“一窗受理”改革", description="时限压缩一半"
    )


@pytest.fixture
def published(camp, world):  # noqa: F811
    """unit_a 54.40 (first), unit_b 51.00; approved and published; three findings, one highlight."""
    campaign = run_to(camp, world)
    _findings(campaign, world)
    return campaign


@pytest.fixture
def drafted(camp, world):  # noqa: F811
    """The same results, computed but not yet approved or published."""
    campaign = run_to(camp, world, publish=False)
    _findings(campaign, world)
    return campaign


def _flag(campaign, world):
    """A robustness analysis that flags unit_b (its grade differs in 40% of the draws)."""
    from lvzhi.campaigns.scoring import results_digest

    unit = {"unit_id": world.unit_b.pk, "code": world.unit_b.code, "name": world.unit_b.name, "category": "",
            "total": "51.00", "grade": "良好", "rank": 2, "median": 2.0, "low": 1, "high": 2, "change": 0.4,
            "percent": 40, "other_grade": "优秀", "flagged": True}  # fmt: skip
    RobustnessRun.objects.create(
        campaign=campaign, result={"units": [unit], "indicators": []}, digest=results_digest(campaign)
    )


def test_the_read_model_ranks_by_category_and_counts_grades_bands_and_findings(published, world):
    data = campaignreport.build(published, world.users.admin)
    assert [r.unit.name for r in data.groups[0].rows] == [world.unit_a.name, world.unit_b.name]
    assert data.evaluated == 2 and data.average == Decimal("52.70") and data.best == Decimal("54.40")
    assert sum(n for _label, n in data.distribution) == 2
    assert data.findings[0] == {"category": "履职不到位", "count": 2, "units": 2, "done": 1}
    assert data.common == [{"title": "权责清单未动态调整", "units": 1, "done": 0}]
    assert data.finding_count == 3 and data.finding_done == 1
    assert "本次评估共2个单位参评,平均得分52.70分,最高54.40分,最低51.00分" in data.summary
    assert any("尚有2个问题未整改到位" in r for r in data.recommendations)
    assert data.highlights[0]["title"] == "“一窗受理”改革"


def test_the_word_report_has_the_ranking_findings_recommendations_and_robustness_flags(
    published, world, login
):
    _flag(published, world)
    response = login(world.users.admin).get(f"/reports/campaigns/{published.pk}/report.docx")
    assert response.status_code == 200 and response["Content-Type"] == WORD
    document = docx.Document(io.BytesIO(response.content))
    text = text_of(document)
    assert document.core_properties.title == "2026年度履职评估报告"
    headings = [
        p.text
        for p in document.paragraphs
        if p.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、")
    ]
    assert headings == ["一、总体情况", "二、排名及等次", "三、指标得分情况", "四、共性问题", "五、特色亮点",
                        "六、排名稳健性", "七、意见建议"]  # fmt: skip
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "名次")
    assert [c.text for c in ranking.rows[1].cells][:3] == ["1", world.unit_a.name, "54.40"]
    assert [c.text for c in ranking.rows[2].cells][:3] == ["2", world.unit_b.name, "51.00"]
    assert "权责清单未动态调整(涉及1个单位)。" in text and "“一窗受理”改革" in text
    assert "等次随指标权重变化而改变" in text and "40%" in text
    assert len(document.inline_shapes) == 2  # the distribution and the level-1 rates


def test_the_campaign_report_is_the_offices_and_the_committees(drafted, world, login):
    u = world.users
    url = f"/reports/campaigns/{drafted.pk}/report/"
    page = login(u.admin).get(url).content.decode()
    assert "草稿:结果尚未公布" in page and 'data-chart="distribution"' in page
    assert login(u.committee).get(url).status_code == 200
    for user in (u.contact_a, u.evaluator, u.leader):
        assert login(user).get(url).status_code in (403, 404)
        assert login(user).get(f"/reports/campaigns/{drafted.pk}/report.xlsx").status_code in (403, 404)


def test_the_bulletin_before_publication_is_a_draft_for_the_office_only(drafted, world, login):
    u = world.users
    admin = login(u.admin)
    response = admin.get(f"/reports/campaigns/{drafted.pk}/bulletin.docx")
    assert response.status_code == 200
    assert "草稿,结果未公布" in text_of(docx.Document(io.BytesIO(response.content)))
    for user in (u.contact_a, u.evaluator):
        client = login(user)
        assert client.get(f"/reports/campaigns/{drafted.pk}/bulletin/").status_code in (403, 404)
        assert client.get(f"/reports/campaigns/{drafted.pk}/bulletin.pdf").status_code in (403, 404)


def test_the_published_bulletin_is_one_page_in_word_and_pdf_for_everyone_who_sees_the_campaign(
    published, world, login
):
    _flag(published, world)
    contact = login(world.users.contact_a)
    page = contact.get(f"/reports/campaigns/{published.pk}/bulletin/")
    assert page.status_code == 200 and "活动评估报告" not in page.content.decode()
    document = docx.Document(
        io.BytesIO(contact.get(f"/reports/campaigns/{published.pk}/bulletin.docx").content)
    )
    text = text_of(document)
    assert document.paragraphs[0].text == "莱编〔2026〕3号"
    assert (
        "关于2026年度履职评估结果的通报" in text and "经2026年第3次市委编委会会议(2026年11月28日)审定" in text
    )
    assert "履职不到位2个" in text and world.unit_a.name in text
    assert "稳健" not in text and "重点任务台账不完整" not in text  # no flags, no single unit's finding
    assert "page_break" not in document.element.xml and 'w:type="page"' not in document.element.xml
    response = contact.get(f"/reports/campaigns/{published.pk}/bulletin.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    pdf_text = reader.pages[0].extract_text().replace("\n", "")
    assert "关于2026年度履职评估结果的通报" in pdf_text and "下步要求" in pdf_text


def test_a_large_campaigns_bulletin_still_fits_one_page(published, world):
    """Many units of the top grade: the bulletin names a few and counts the rest, and stays on one page."""
    data = campaignreport.build(published, flags=False)
    group = data.groups[0]
    group.rows = [group.rows[0]] * 40 + [group.rows[1]] * 30
    group.grades = {g: sum(1 for r in group.rows if r.grade == g) for g in data.grades}
    data.groups = [group] * 4
    paragraphs = campaigndocs.bulletin_paragraphs(data)
    assert campaigndocs._lines(paragraphs, data) <= campaigndocs.PAGE_LINES
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string(
        "reports/bulletin_pdf.html", {**campaigndocs.context(data), "paragraphs": paragraphs}
    )
    assert len(PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages) == 1


def test_the_excel_holds_every_table_behind_the_report(published, world, login):
    _flag(published, world)
    Highlight.objects.update(title="=HYPERLINK(1)")
    response = login(world.users.admin).get(f"/reports/campaigns/{published.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "分数段分布", "等次统计", "一级指标", "问题类别", "共性问题", "特色亮点",
                               "稳健性提示", "意见建议"]  # fmt: skip
    ranking = list(book["排名"].iter_rows(values_only=True))
    assert ranking[1][1:5] == (1, world.unit_a.code, world.unit_a.name, 54.4)
    assert book["特色亮点"]["B2"].value == "=HYPERLINK(1)" and book["特色亮点"]["B2"].data_type == "s"
    assert list(book["稳健性提示"].iter_rows(values_only=True))[1][0] == world.unit_b.name

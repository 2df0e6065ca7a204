"""The published ranking as users read it: scores with two decimals, no empty 等次 column where the scheme has no
grade bands, rule types by their Chinese names, and the Word bulletin in the layout of a government document."""

import copy
import datetime
import io

import docx
import pytest
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from lvzhi.campaigns import actions, bulletin, scoring
from lvzhi.campaigns.models import Stage, UnitResult
from lvzhi.core.downloads import content_disposition
from lvzhi.core.templatetags.lvzhi_format import cn_date

from .conftest import MINI_SCHEME, advance, cu_of, publish_scheme, text_evidence

NO_GRADES = {k: v for k, v in copy.deepcopy(MINI_SCHEME).items() if k != "grades"} | {
    "code": "mini-no-grades"
}


def run_to(camp, world, *, publish=True, document_number="莱编〔2026〕3号"):
    """unit_a: 18 + 19 + 17.4 = 54.4 (first); unit_b: 15 + 19 + 17 = 51 (second); approved; published."""
    u = world.users
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    for unit, contact, a1, a3 in (
        (world.unit_a, u.contact_a, "18", "17.4"),
        (world.unit_b, u.contact_b, "15", "17"),
    ):
        cu = cu_of(camp, unit)
        actions.save_self_assessment(
            cu, actor=contact, scores={("A1", ""): a1, ("A2", ""): "19", ("A3", ""): a3}, report="自评报告"
        )
        text_evidence(cu, contact)
        actions.submit_self_assessment(cu, actor=contact)
    camp = advance(camp, Stage.DESK_REVIEW, u.admin)
    for unit in (world.unit_a, world.unit_b):
        actions.review_scores(cu_of(camp, unit), actor=u.admin, scores={("A2", ""): "19"})
    camp = advance(camp, Stage.ON_SITE, u.admin)
    for unit, a3 in ((world.unit_a, "17.4"), (world.unit_b, "17")):
        actions.review_scores(cu_of(camp, unit), actor=u.admin, scores={("A3", ""): a3}, source="on_site")
    scoring.compute(camp, actor=u.admin)
    if not publish:
        return camp
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="2026年第3次市委编委会会议",
                            decided_on=datetime.date(2026, 11, 28), outcome="approved", text="同意",
                            document_number=document_number, acknowledge_gaps=True)  # fmt: skip
    actions.publish(cu_of(camp, world.unit_a).campaign, actor=u.admin)
    camp.refresh_from_db()
    return camp


@pytest.fixture
def ungraded(world):
    """A campaign like `camp` whose frozen scheme defines no grade bands (as Laiyang's)."""
    u = world.users
    campaign = actions.create_campaign(
        actor=u.admin, name="2026年度职能运行评估", year=2026, scheme_version=publish_scheme(NO_GRADES, u.admin),
        categories=[world.service], deadlines={Stage.FEEDBACK: datetime.date(2099, 12, 31)},
    )  # fmt: skip
    actions.assign(campaign, actor=u.admin, user=u.evaluator, units=[world.unit_a])
    return campaign


def url(name, camp, **kw):
    return reverse(f"campaigns:{name}", kwargs={"pk": camp.pk, **kw})


def test_the_bulletin_and_results_print_totals_with_two_decimals(world, camp, login):
    camp = run_to(camp, world)
    client = login(world.users.admin)
    for page in ("bulletin", "results"):
        html = client.get(url(page, camp)).content.decode()
        assert '<td class="num">54.40</td>' in html and '<td class="num">51.00</td>' in html, page
        assert ">54.4<" not in html and ">51<" not in html  # not the clock (09:51) in the footer
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert 'data-testid="unit-total">54.40<' in detail
    # The points and contributions of A3 (17.4 of 20) and the self score beside the reviewed one.
    assert '<td class="num">17.40</td>' in detail and "自评 17.40(孙联络) → 实地评估 17.40" in detail


def test_a_scheme_with_grade_bands_shows_the_grade_column(world, camp, login):
    camp = run_to(camp, world)
    client = login(world.users.admin)
    html = client.get(url("bulletin", camp)).content.decode()
    assert "<th>等次</th>" in html and "<td>差</td>" in html
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert '<div class="label">等次</div>' in detail


def test_a_scheme_without_grade_bands_shows_no_empty_grade_column(world, ungraded, login):
    camp = run_to(ungraded, world)
    client = login(world.users.admin)
    for page in ("bulletin", "results", "approval"):
        html = client.get(url(page, camp)).content.decode()
        assert "54.40" in html and "<th>等次</th>" not in html and "<td>差</td>" not in html, page
    detail = client.get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert "54.40" in detail and '<div class="label">等次</div>' not in detail


def test_the_explained_result_names_rule_types_in_chinese(world, camp, login):
    camp = run_to(camp, world, publish=False)
    html = login(world.users.admin).get(url("unit_result", camp, unit_id=world.unit_a.pk)).content.decode()
    assert "规则:录入" in html and "规则:满意度" in html and "规则:等次评价" in html and "规则:按次" in html
    for code in ("entered", "survey", "rating", "occurrences", "import"):
        assert f"规则:{code}" not in html
    assert UnitResult.objects.filter(campaign=camp).count() == 2


# The Word bulletin ---------------------------------------------------------------------------------------------


def open_docx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == bulletin.CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    return docx.Document(io.BytesIO(response.content))


def fonts_of(paragraph):
    """(Latin font, East Asian font, size in pt) of every non-empty run."""
    return {
        (run.font.name, run._element.rPr.rFonts.get(qn("w:eastAsia")), run.font.size.pt)
        for run in paragraph.runs
        if run.text
    }


def paragraph_with(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def test_the_word_bulletin_reads_as_a_government_document_with_the_published_ranking(world, camp, login):
    camp = run_to(camp, world)
    document = open_docx(login(world.users.contact_a).get(url("bulletin", camp) + "?format=docx"))

    title = paragraph_with(document, "2026年度履职评估结果通报")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert fonts_of(title) == {("方正小标宋简体", "方正小标宋简体", 22)}
    number = paragraph_with(document, "莱编〔2026〕3号")
    texts = [p.text for p in document.paragraphs]
    assert texts.index(number.text) < texts.index(title.text)
    assert fonts_of(number) == {("仿宋_GB2312", "仿宋_GB2312", 16)}
    intro = next(p for p in document.paragraphs if p.text.startswith("经2026年第3次市委编委会会议"))
    assert "2026年11月28日" in intro.text and fonts_of(intro) == {("仿宋_GB2312", "仿宋_GB2312", 16)}
    heading = paragraph_with(document, "一、政务服务(2个单位)")
    assert fonts_of(heading) == {("黑体", "黑体", 16)}

    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    published = UnitResult.objects.filter(campaign=camp).select_related("unit").order_by("rank")
    assert rows == [["名次", "单位", "总分", "等次"]] + [
        [str(r.rank), r.unit.name, f"{r.total:.2f}", r.grade] for r in published
    ]
    assert rows[1:] == [["1", world.unit_a.name, "54.40", "差"], ["2", world.unit_b.name, "51.00", "差"]]
    body_runs = [
        run for row in table.rows[1:] for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    assert {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in body_runs} == {"仿宋_GB2312"}

    # The issuing office and the date of publication in Chinese close the document.
    office, day = [text for text in texts if text][-2:]
    assert office.endswith("机构编制委员会办公室")
    assert day == cn_date(camp.published_at) and day.endswith("日") and "年" in day

    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(m.cm, 1) for m in (section.top_margin, section.bottom_margin)] == [3.7, 3.5]
    assert [round(m.cm, 1) for m in (section.left_margin, section.right_margin)] == [2.8, 2.6]


def test_the_word_bulletin_has_no_grade_column_when_the_scheme_has_no_grades(world, ungraded, api):
    camp = run_to(ungraded, world, document_number="")
    response = api(world.users.admin).get(f"campaigns/{camp.pk}/bulletin/docx")
    assert response["Content-Disposition"] == content_disposition(f"{camp.name}通报.docx")
    document = open_docx(response)
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["名次", "单位", "总分"]
    assert [cell.text for cell in table.rows[1].cells] == ["1", world.unit_a.name, "54.40"]
    assert not any("〔" in p.text for p in document.paragraphs)  # no decision number recorded: no number line


def test_the_bulletin_page_offers_the_word_file(world, camp, login):
    camp = run_to(camp, world)
    html = login(world.users.contact_a).get(url("bulletin", camp)).content.decode()
    assert 'href="?format=docx"' in html and "下载 Word 通报" in html


def test_only_those_who_may_see_the_published_bulletin_download_it(world, camp, login, api):
    u = world.users
    camp = run_to(camp, world, publish=False)
    page, endpoint = url("bulletin", camp) + "?format=docx", f"campaigns/{camp.pk}/bulletin/docx"
    for user in (u.contact_a, u.admin):  # not published yet: nobody
        assert login(user).get(page).status_code == 404
        assert api(user).get(endpoint).status_code == 404
    camp = advance(camp, Stage.APPROVAL, u.admin)
    actions.record_decision(camp, actor=u.committee, meeting="编委会", decided_on=datetime.date(2026, 11, 28),
                            outcome="approved", text="同意", acknowledge_gaps=True)  # fmt: skip
    actions.publish(cu_of(camp, world.unit_a).campaign, actor=u.admin)
    for user in (u.contact_a, u.evaluator, u.committee):
        assert login(user).get(page).status_code == 200
        assert api(user).get(endpoint).status_code == 200
    # The third party is in no team of the campaign: the campaign does not exist for it.
    assert login(u.third_party).get(page).status_code == 404
    assert api(u.third_party).get(endpoint).status_code == 404
    assert api().get(endpoint).status_code == 401

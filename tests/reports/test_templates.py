"""Word templates the office changes without code: placeholders checked on upload (an unknown one named with its
paragraph, nothing stored), a preview filled from a real report, the template in use for the unit's download."""

import io

import docx
import pytest

from lvzhi.core.errors import Invalid
from lvzhi.reports import templating, unitactions
from lvzhi.reports.models import ReportTemplate, UnitReport
from tests.campaigns.conftest import advance, camp, mini_version  # noqa: F401 - fixtures
from tests.campaigns.test_bulletin import run_to


def template_docx(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "总分"
    table.rows[0].cells[1].text = "{{总分}}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


GOOD = template_docx("{{单位名称}}履职评估情况反馈", "你单位得分{{总分}}分(满分{{满分}}分),等次{{等次}}。", "{{评估意见}}",
                     "{{发文机关}}")  # fmt: skip


@pytest.fixture
def report(camp, world):  # noqa: F811
    campaign = run_to(camp, world)
    unitactions.draft_reports(campaign, actor=world.users.admin)
    return UnitReport.objects.get(campaign=campaign, unit=world.unit_a)


def test_an_unknown_placeholder_is_named_with_its_paragraph_and_nothing_is_stored(world):
    bad = template_docx("{{单位名称}}", "得分{{得分情况}}")
    with pytest.raises(Invalid) as caught:
        templating.upload_template(actor=world.users.admin, name="反馈模板", file_name="a.docx", content=bad)
    assert "第2段:未知的占位符「{{得分情况}}」。" in str(caught.value.problems)
    with pytest.raises(Invalid):
        templating.upload_template(
            actor=world.users.admin, name="x", file_name="a.docx", content=b"not a docx"
        )
    assert not ReportTemplate.objects.exists()


def test_the_office_uploads_previews_and_uses_a_template_for_the_units_download(report, world, login):
    admin = login(world.users.admin)
    upload = io.BytesIO(GOOD)
    upload.name = "反馈模板.docx"
    response = admin.post("/reports/report-templates/", {"name": "反馈模板", "file": upload})
    template = ReportTemplate.objects.get()
    assert response.status_code == 302 and template.placeholders == [
        "单位名称",
        "总分",
        "满分",
        "等次",
        "评估意见",
        "发文机关",
    ]
    page = admin.get(f"/reports/report-templates/{template.pk}/?report={report.pk}").content.decode()
    assert f"{world.unit_a.name}履职评估情况反馈" in page and "你单位得分54.40分(满分" in page
    assert "(一)履职情况:" in page and "(二)满意度:" in page  # one paragraph per level-1 indicator
    assert "{{" not in page.split('data-testid="template-preview"')[1]
    assert admin.get(f"/reports/units/{report.pk}/report-template.docx").status_code == 404  # none in use yet
    admin.post(f"/reports/report-templates/{template.pk}/use/")
    unitactions.release_report(report, actor=world.users.admin)
    contact = login(world.users.contact_a)
    document = docx.Document(
        io.BytesIO(contact.get(f"/reports/units/{report.pk}/report-template.docx").content)
    )
    texts = [p.text for p in document.paragraphs]
    assert (
        texts[0] == f"{world.unit_a.name}履职评估情况反馈"
        and document.tables[0].rows[0].cells[1].text == "54.40"
    )
    assert sum(t.startswith("(") for t in texts) == 2


def test_only_the_office_manages_templates(world, login):
    for user in (world.users.committee, world.users.contact_a):
        assert login(user).get("/reports/report-templates/").status_code in (403, 404)
    with pytest.raises(Exception, match="只有编办管理员"):
        templating.upload_template(actor=world.users.committee, name="x", file_name="a.docx", content=GOOD)


def test_the_template_page_lists_the_placeholders_as_they_are_written_in_word(world, login):
    page = login(world.users.admin).get("/reports/report-templates/")
    assert page.status_code == 200
    assert "<code>{{单位名称}}</code>" in page.content.decode()

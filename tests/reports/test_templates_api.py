"""The report templates through the API (/api/reports/templates…): the same check as the upload page (an unknown
placeholder named with its paragraph, an unreadable file refused, nothing stored), the versions listed, one
downloaded as uploaded, put in use and stopped through the pages' actions, each audited as from the pages."""

import io

import docx
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.audit.models import AuditEvent
from lvzhi.reports.models import ReportTemplate
from tests.reports.test_templates import GOOD, template_docx


def _upload(client, name, content, file_name="反馈模板.docx"):
    return client.post(
        "/api/reports/templates", {"name": name, "file": SimpleUploadedFile(file_name, content)}
    )


def test_an_upload_is_checked_as_on_the_page_and_nothing_is_stored_when_refused(world, login):
    admin = login(world.users.admin)
    bad = _upload(admin, "反馈模板", template_docx("{{单位名称}}", "得分{{得分情况}}"))
    assert bad.status_code == 422
    assert "第2段:未知的占位符「{{得分情况}}」。" in [e["message"] for e in bad.json()["errors"]]
    unreadable = _upload(admin, "反馈模板", b"not a docx")
    assert unreadable.status_code == 422 and "请上传 Word(.docx)文件" in unreadable.json()["detail"]
    assert _upload(admin, "", GOOD).json()["errors"][0]["message"] == "请填写模板名称。"
    missing = admin.post("/api/reports/templates", {"name": "反馈模板"})
    assert missing.status_code == 422 and "请选择模板文件。" in missing.json()["detail"]
    assert not ReportTemplate.objects.exists()


def test_the_office_uploads_versions_downloads_one_and_puts_it_in_use(world, login):
    admin = login(world.users.admin)
    first = _upload(admin, "反馈模板", GOOD)
    assert first.status_code == 201
    assert first.json()["placeholders"] == ["单位名称", "总分", "满分", "等次", "评估意见", "发文机关"]
    second = _upload(
        admin, "反馈模板(修订)", template_docx("{{单位名称}}", "{{问题整改}}"), "修订.docx"
    ).json()
    listed = admin.get("/api/reports/templates").json()
    assert [t["name"] for t in listed] == ["反馈模板(修订)", "反馈模板"]  # the latest first
    assert not any(t["in_use"] for t in listed)

    download = admin.get(f"/api/reports/templates/{first.json()['id']}/file")
    assert download.status_code == 200 and download.content == GOOD
    assert "filename*=UTF-8''%E5%8F%8D%E9%A6%88" in download["Content-Disposition"]  # 反馈模板.docx
    assert docx.Document(io.BytesIO(download.content)).paragraphs[0].text == "{{单位名称}}履职评估情况反馈"

    used = admin.post(f"/api/reports/templates/{second['id']}/use")
    assert used.status_code == 200 and used.json()["in_use"]
    admin.post(f"/api/reports/templates/{first.json()['id']}/use")  # one at a time
    states = {t["name"]: t["in_use"] for t in admin.get("/api/reports/templates").json()}
    assert states == {"反馈模板": True, "反馈模板(修订)": False}
    stopped = admin.post(f"/api/reports/templates/{first.json()['id']}/stop")
    assert stopped.status_code == 200 and not stopped.json()["in_use"]
    assert not ReportTemplate.objects.filter(in_use=True).exists()

    kind = ContentType.objects.get_for_model(ReportTemplate)
    events = AuditEvent.objects.filter(content_type=kind).order_by("pk")
    assert [(e.action, e.object_repr) for e in events][:2] == [
        ("create", "反馈模板"),
        ("create", "反馈模板(修订)"),
    ]
    assert {e.actor_id for e in events} == {world.users.admin.pk}
    assert all("content" not in (e.after or {}) for e in events)  # the file's bytes are not in the log
    assert events.filter(object_id=str(first.json()["id"]), action="update").count() == 2  # used, stopped


def test_the_committee_reads_no_template_file_and_others_do_not_see_them(world, login):
    template = _upload(login(world.users.admin), "反馈模板", GOOD).json()
    committee = login(world.users.committee)
    assert committee.get(f"/api/reports/templates/{template['id']}/file").status_code == 403
    assert committee.post(f"/api/reports/templates/{template['id']}/use").json()["detail"] == (
        "只有编办管理员可以管理报告模板。"
    )
    assert login(world.users.contact_a).get(f"/api/reports/templates/{template['id']}").status_code == 404
    assert _upload(committee, "x", GOOD).status_code == 403
    assert ReportTemplate.objects.count() == 1 and not ReportTemplate.objects.get().in_use

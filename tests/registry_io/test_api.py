"""The same imports and exports through /api/registry/io/, with the same permissions, for every role."""

import csv
import io

import pytest
from django.test import Client

from lvzhi.core.jobs import create_job
from lvzhi.core.models import Job
from lvzhi.registry.models import InternalBody

from .conftest import upload
from .helpers import BODY_HEADER, PERSON_HEADER

ROLES = ["admin", "evaluator", "contact_a", "contact_b", "leader", "committee", "third_party"]
# Persons each role may see in the world fixture (P0001, P0002 in LY001; P0003 in LY002).
VISIBLE_PERSONS = {
    "admin": ["P0001", "P0002", "P0003"],
    "committee": ["P0001", "P0002", "P0003"],
    "evaluator": ["P0001", "P0002"],
    "contact_a": ["P0001", "P0002"],
    "contact_b": ["P0003"],
    "leader": ["P0001", "P0002", "P0003"],
    "third_party": [],
}


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_an_office_admin_imports_a_file_and_gets_the_finished_job(world, login):
    rows = [BODY_HEADER, ["LY002", "01", "办公室", "", 1, "是"]]
    response = login(world.users.admin).post(
        "/api/registry/io/imports", {"kind": "bodies", "file": upload(rows, "bodies.xlsx")}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "succeeded"
    assert data["result"]["created"] == 1
    assert data["error_count"] == 0
    assert InternalBody.objects.filter(unit=world.unit_b, code="01").exists()


def test_a_rejected_import_lists_every_error_and_offers_the_error_file(world, login):
    client = login(world.users.admin)
    rows = [PERSON_HEADER, ["P6001", "王五", "LY009", "", "男", 1980, "行政编制", "", "是"]]
    data = client.post("/api/registry/io/imports", {"kind": "persons", "file": upload(rows, "p.csv")}).json()
    assert data["status"] == "rejected"
    assert data["errors"] == [
        {"row": 2, "column": "C", "header": "单位代码", "reason": "单位代码「LY009」不存在"}
    ]
    assert data["file_url"] == f"/api/registry/io/jobs/{data['id']}/file"
    assert csv_rows(client.get(data["file_url"]))[1] == ["2", "C", "单位代码", "单位代码「LY009」不存在"]


def test_a_background_import_is_queued_and_then_polled_to_its_end(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = login(world.users.admin)
    rows = [BODY_HEADER, *[["LY002", f"{i:02d}", f"科室{i}", "", i, "是"] for i in range(30)]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/api/registry/io/imports", {"kind": "bodies", "file": upload(rows), "background": "true"}
        )
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert client.get(f"/api/registry/io/jobs/{job_id}").json()["status"] == "queued"
    for callback in callbacks:
        callback()  # the transaction has committed: the task runs
    data = client.get(f"/api/registry/io/jobs/{job_id}").json()
    assert (data["status"], data["done"], data["total"]) == ("succeeded", 30, 30)
    assert data["result"]["created"] == 30


def test_an_upload_of_the_wrong_type_is_a_422(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(world.users.admin).post(
        "/api/registry/io/imports", {"kind": "units", "file": SimpleUploadedFile("a.docx", b"x")}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "不支持的文件类型“.docx”,请上传 Excel(.xlsx)或 CSV 文件"}
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_office_admins_may_import(world, login, role):
    rows = [BODY_HEADER, ["LY001", "09", "统计科", "", 9, "是"]]
    response = login(getattr(world.users, role)).post(
        "/api/registry/io/imports", {"kind": "bodies", "file": upload(rows)}
    )
    if role == "admin":
        assert response.status_code == 201
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == "只有编办管理员可以导入数据。"
        assert not InternalBody.objects.filter(code="09").exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_exports_exactly_the_persons_it_may_see(world, login, role):
    response = login(getattr(world.users, role)).get("/api/registry/io/exports/persons?format=csv")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0] == PERSON_HEADER
    assert sorted(r[0] for r in rows[1:]) == VISIBLE_PERSONS[role]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_read_the_kinds_and_templates_and_start_an_export(world, login, role):
    client = login(getattr(world.users, role))
    kinds = client.get("/api/registry/io/kinds").json()
    assert [k["kind"] for k in kinds] == ["units", "bodies", "posts", "persons", "quotas"]
    assert client.get("/api/registry/io/templates/quotas").status_code == 200
    response = client.post(
        "/api/registry/io/exports", {"kind": "units", "format": "xlsx"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "succeeded"
    assert client.get(response.json()["file_url"]).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/registry/io/kinds"),
        ("get", "/api/registry/io/templates/units"),
        ("post", "/api/registry/io/imports"),
        ("get", "/api/registry/io/jobs"),
        ("get", "/api/registry/io/jobs/1"),
        ("get", "/api/registry/io/jobs/1/file"),
        ("post", "/api/registry/io/exports"),
        ("get", "/api/registry/io/exports/units"),
    ],
)
def test_anonymous_callers_are_asked_to_sign_in(db, method, path):
    assert getattr(Client(), method)(path).status_code == 401


def test_a_job_of_another_user_is_a_404_and_the_admin_sees_it(world, login):
    job = create_job("registry.export", actor=world.users.contact_a, title="导出单位(xlsx)")
    assert login(world.users.contact_b).get(f"/api/registry/io/jobs/{job.pk}").status_code == 404
    assert login(world.users.contact_b).get(f"/api/registry/io/jobs/{job.pk}/file").status_code == 404
    assert (
        login(world.users.contact_a).get(f"/api/registry/io/jobs/{job.pk}").json()["title"]
        == "导出单位(xlsx)"
    )
    assert login(world.users.admin).get(f"/api/registry/io/jobs/{job.pk}").status_code == 200
    listing = login(world.users.contact_b).get("/api/registry/io/jobs").json()
    assert listing["count"] == 0


def test_a_token_client_imports_like_the_browser(world):
    from lvzhi.accounts.models import ApiToken

    _token, key = ApiToken.issue(world.users.admin, "脚本")
    rows = [BODY_HEADER, ["LY002", "07", "审批科", "", 7, "是"]]
    response = Client().post(
        "/api/registry/io/imports",
        {"kind": "bodies", "file": upload(rows)},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201
    job = Job.objects.get(pk=response.json()["id"])
    assert job.created_by == world.users.admin
    from lvzhi.audit.models import AuditEvent

    event = AuditEvent.objects.filter(object_repr="审批科").get()
    assert (event.actor, event.source) == (world.users.admin, "import")


def test_an_upload_over_the_size_limit_is_refused_before_anything_is_stored(world, login, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 1024 * 1024
    rows = [BODY_HEADER, *[["LY002", f"{i:05d}", "科" * 40, "职" * 200, i, "是"] for i in range(2000)]]
    response = login(world.users.admin).post(
        "/api/registry/io/imports", {"kind": "bodies", "file": upload(rows, "big.csv")}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith("文件过大(")
    assert not Job.objects.exists()

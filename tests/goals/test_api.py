"""The goals API: the same flow and the same refusals as the pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _send(client, method, path, data):
    return getattr(client, method)(f"/api/goals/{path}", json.dumps(data), content_type="application/json")


def test_a_contact_files_breaks_down_submits_and_the_office_returns_through_the_api(world):
    contact, admin = _client(world.users.contact_a), _client(world.users.admin)
    body = {"year": 2026, "title": "新增就业岗位", "source": "central_task", "source_note": "县委全会",
            "nature": "quantitative", "category": "key", "metric": "新增就业", "measure_unit": "人", "target": 500}  # fmt: skip
    created = _send(contact, "post", f"units/{world.unit_a.pk}/goals", body)
    assert created.status_code == 201, created.content
    goal = created.json()
    assert goal["status"] == "draft" and goal["quarter_targets"] == ["125.00", "250.00", "375.00", "500.00"]
    refused = _send(contact, "post", f"{goal['id']}/submit", {})
    assert refused.status_code == 422 and "尚未分解到内设机构" in refused.json()["detail"]
    task = _send(contact, "post", f"{goal['id']}/tasks",
                 {"internal_body": world.planning.pk, "text": "组织招聘会", "cooperating_units": [world.unit_b.pk]})  # fmt: skip
    assert task.status_code == 201 and task.json()["cooperating_units"] == [world.unit_b.pk]
    assert _send(contact, "post", f"{goal['id']}/submit", {}).json()["status"] == "submitted"

    assert _send(contact, "post", f"{goal['id']}/review", {"decision": "approve"}).status_code == 403
    missing = _send(admin, "post", f"{goal['id']}/review", {"decision": "return"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"
    returned = _send(
        admin, "post", f"{goal['id']}/review", {"decision": "return", "reason": "请补充季度目标"}
    )
    assert (
        returned.json()["status"] == "returned"
        and returned.json()["reviews"][0]["reason"] == "请补充季度目标"
    )

    assert _client(world.users.contact_b).get(f"/api/goals/{goal['id']}").status_code == 404
    assert _client(world.users.third_party).get("/api/goals/").status_code == 403
    assert [g["id"] for g in _client(world.users.evaluator).get("/api/goals/?year=2026").json()] == [
        goal["id"]
    ]


def test_progress_and_evidence_through_the_api(world):
    from .conftest import file_goal, qualitative

    goal = file_goal(world, qualitative(), approve=True)
    contact = _client(world.users.contact_a)
    report = _send(contact, "put", f"{goal.pk}/progress/1", {"progress": "完成调研", "completion": "done"})
    assert report.status_code == 200 and report.json()["completion_label"] == "已完成"
    upload = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4", content_type="application/pdf")
    sent = contact.post(f"/api/goals/{goal.pk}/progress/1/evidence", {"file": upload})
    assert sent.status_code == 201
    url = sent.json()["evidence"][0]["url"]
    assert contact.get(url).status_code == 200
    assert _client(world.users.contact_b).get(url).status_code == 404

"""A busy database makes people wait, then tells them to retry: a write that cannot get the lock answers 503 with
Retry-After and a Chinese sentence on pages and API (never a 500), and nothing is stored. Ids and offsets no
database column can hold are a 404 / 422, not a 500."""

import json
import sqlite3

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lvzhi.registry.models import InternalBody
from tests.factories import make_registry_world


@pytest.fixture
def locked(transactional_db):
    """Another connection holds the write lock of the test database (as a long import does)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL takes row locks")
    world = make_registry_world()
    name = connection.settings_dict["NAME"]
    other = (
        sqlite3.connect(name, uri=True, timeout=0)
        if str(name).startswith("file:")
        else sqlite3.connect(name, timeout=0)
    )
    other.isolation_level = None

    def lock():
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE registry_internalbody SET name = name")

    def unlock():
        other.execute("ROLLBACK")

    world.lock, world.unlock = lock, unlock
    yield world
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_api_write_on_a_locked_database_is_a_503_with_retry_after(locked):
    body = InternalBody.objects.get(unit=locked.unit_a, code="01")
    client = signed_in(locked.users.contact_a)
    locked.lock()
    response = client.patch(
        f"/api/registry/internal-bodies/{body.pk}",
        json.dumps({"name": "综合科"}),
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "数据库正忙" in response.json()["detail"]
    locked.unlock()
    assert InternalBody.objects.filter(name="综合科").count() == 0


def test_a_page_write_on_a_locked_database_is_a_503_page(locked):
    client = signed_in(locked.users.admin)
    locked.lock()
    url = reverse("registry:child_create", args=[locked.unit_a.pk, "bodies"])
    response = client.post(url, {"code": "07", "name": "法规科", "order": 3})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "数据库正忙(可能有大批量导入正在进行),您的操作没有保存。" in response.content.decode()


@pytest.mark.django_db
def test_an_offset_beyond_any_column_is_refused_not_a_server_error(world):
    response = signed_in(world.users.admin).get("/api/registry/units?offset=99999999999999999999")
    assert response.status_code == 422, response.content


@pytest.mark.django_db
def test_a_filter_by_an_id_beyond_any_column_finds_nothing_rather_than_failing(world):
    """No unit can have such an id: the list is empty (on SQLite and PostgreSQL alike), never a 500."""
    response = signed_in(world.users.admin).get("/api/registry/persons?unit=99999999999999999999")
    assert response.status_code in (200, 422), response.content
    if response.status_code == 200:
        assert response.json()["count"] == 0 and response.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/registry/units/99999999999999999999", "/registry/units/99999999999999999999/"]
)
def test_an_id_beyond_any_column_is_not_found(world, path):
    response = signed_in(world.users.admin).get(path)
    assert response.status_code == 404

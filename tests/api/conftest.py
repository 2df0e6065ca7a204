"""Fixtures for the API tests: JSON clients signed in per role, by session or by token."""

import json

import pytest
from django.db import transaction
from django.test import Client

from lvzhi.accounts.models import ApiToken
from tests.factories import make_registry_world


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """One registry world per test module, inside a transaction rolled back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield make_registry_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(_module_world, django_db_blocker):
    """The module's world; whatever a test writes is undone by a savepoint after it. For large parametrised
    tables (the permission matrix), where building the world for each case would dominate the run time.
    Use pks from it, not its Python objects' field values (those are not refreshed)."""
    with django_db_blocker.unblock():
        savepoint = transaction.savepoint()
        try:
            yield _module_world
        finally:
            transaction.savepoint_rollback(savepoint)


class ApiClient:
    """A Django test client speaking JSON to /api/…; `.user` is who it is signed in as (or None)."""

    def __init__(self, user=None, *, token: str | None = None, enforce_csrf: bool = False):
        self.user = user
        self.client = Client(enforce_csrf_checks=enforce_csrf)
        self.headers = {}
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            self.client.force_login(user)

    def _url(self, path):
        return path if path.startswith("/api/") else "/api/" + path.lstrip("/")

    def get(self, path, params=None, **extra):
        return self.client.get(self._url(path), params or {}, headers={**self.headers, **extra})

    def _send(self, method, path, data, **extra):
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(
            self._url(path), body, content_type="application/json", headers={**self.headers, **extra}
        )

    def post(self, path, data=None, **extra):
        return self._send("post", path, data, **extra)

    def patch(self, path, data=None, **extra):
        return self._send("patch", path, data, **extra)

    def put(self, path, data=None, **extra):
        return self._send("put", path, data, **extra)

    def delete(self, path, **extra):
        return self.client.delete(self._url(path), headers={**self.headers, **extra})


@pytest.fixture
def api():
    """api(user) -> an ApiClient signed in by session as that user; api(None) -> anonymous."""

    def _api(user=None, **kwargs):
        return ApiClient(user, **kwargs)

    return _api


@pytest.fixture
def token_api():
    """token_api(user) -> an ApiClient that sends a fresh bearer token of that user and no session."""

    def _token_api(user):
        _token, key = ApiToken.issue(user, "测试令牌")
        return ApiClient(user, token=key)

    return _token_api

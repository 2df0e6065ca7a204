"""The OpenAPI document lists every router's paths; the docs page works without internet access."""

import json
import re
from importlib import import_module

import pytest
from django.test import Client

from lvzhi.api.site import ROUTERS


def mounted_routers():
    for prefix, module_name in ROUTERS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        yield prefix, module.router


@pytest.fixture(autouse=True)
def public_docs(settings):
    """These tests read the documents as in development; tests/core/test_small_holes.py checks production."""
    settings.API_DOCS_PUBLIC = True


def openapi_path(prefix: str, route: str) -> str:
    """ "/registry/" + "/units/{int:unit_id}" -> "/api/registry/units/{unit_id}"."""
    path = "/api" + prefix.rstrip("/") + "/" + route.lstrip("/")
    return re.sub(r"\{\w+:(\w+)\}", r"{\1}", path).rstrip("/") or "/"


def test_openapi_document_is_json_and_lists_every_routers_paths(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "履职 Lvzhi API"
    paths = {p.rstrip("/") or "/": operations for p, operations in document["paths"].items()}
    routers = list(mounted_routers())
    assert {prefix for prefix, _ in routers} >= {"/accounts/", "/audit/", "/registry/"}
    missing = []
    for prefix, router in routers:
        for route, path_view in router.path_operations.items():
            expected = openapi_path(prefix, route)
            if expected not in paths:
                missing.append(expected)
                continue
            for operation in path_view.operations:
                for method in operation.methods:
                    if method.lower() not in paths[expected]:
                        missing.append(f"{method} {expected}")
    assert not missing, f"not in /api/openapi.json: {missing}"


def test_openapi_document_declares_session_and_bearer_authentication(db):
    document = Client().get("/api/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerToken"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_docs_page_references_no_external_host(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta charset="utf-8">' in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, "the docs page loads its scripts and styles"
    external = [r for r in references if re.match(r"^(https?:)?//", r)]
    assert external == []
    assert "cdn" not in html.lower()


def test_docs_page_assets_are_served_from_this_site(db):
    client = Client()
    html = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 0


def test_docs_page_turns_off_swaggers_online_validator(db):
    client = Client()
    html = client.get("/api/docs").content.decode()
    script = next(s for s in re.findall(r'src="(/static/[^"]+\.js)"', html) if "api-docs" in s)
    response = client.get(script)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"validatorUrl = null" in body


@pytest.mark.browser
def test_docs_page_renders_the_operations_without_any_outside_request(world, page, live_server):
    outside = []
    errors = []
    page.on(
        "request", lambda r: None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url)
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/api/docs")
    page.locator('[id="operations-tag-机构编制"]').click()  # tags start collapsed
    page.get_by_text("单位列表").first.wait_for()
    assert page.get_by_text("/api/registry/units", exact=True).first.is_visible()
    assert errors == []
    assert outside == []

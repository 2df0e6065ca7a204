"""Small holes closed: `next` stays on the site, no server path in a message, a Content Security Policy the
front end satisfies, API docs behind login in production, nginx's body limit equal to the upload limit."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.campaigns.models import Stage
from tests.campaigns.conftest import advance, camp, cu_of, mini_version, text_evidence  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_next_never_leaves_the_site(world, camp, target):  # noqa: F811
    campaign = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    cu = cu_of(campaign, world.unit_a)
    evidence = text_evidence(cu, world.users.contact_a)
    response = signed_in(world.users.contact_a).post(
        f"/campaigns/{campaign.pk}/units/{world.unit_a.pk}/evidence/{evidence.pk}/delete/", {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.pk}/units/{world.unit_a.pk}/self/"


@pytest.mark.django_db
def test_a_binary_scheme_upload_names_the_file_not_a_server_path(world):
    upload = SimpleUploadedFile("方案.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    response = signed_in(world.users.admin).post("/api/schemes/import", {"file": upload})
    assert response.status_code == 422
    text = response.content.decode()
    assert "方案.yaml" in text
    assert "lvzhi-upload" not in text and "/tm" + "p/" not in text


@pytest.mark.django_db
def test_a_scheme_file_nested_five_thousand_levels_deep_is_refused_in_words(world):
    data = ("indicators: " + "[" * 5000 + "]" * 5000).encode()
    response = signed_in(world.users.admin).post(
        "/api/schemes/import", {"file": SimpleUploadedFile("deep.yaml", data)}
    )
    assert response.status_code == 422
    assert "嵌套层次过深" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(world):
    response = signed_in(world.users.admin).get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    """What script-src 'self' would block: a <script> with a body (JSON data blocks are not scripts), on…=
    attributes, javascript: links."""
    offenders = []
    for path in (ROOT / "lvzhi").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            attrs, body = match.groups()
            if body.strip() and "application/json" not in attrs:
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: on…= handler")
        if "javascript:" in text:
            offenders.append(f"{path.name}: javascript: URL")
    assert offenders == []


@pytest.mark.django_db
def test_api_docs_and_schema_need_a_login_in_production(world, settings):
    settings.API_DOCS_PUBLIC = False
    anonymous = Client()
    docs = anonymous.get("/api/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    schema = anonymous.get("/api/openapi.json")
    assert schema.status_code == 401
    assert "请先登录" in schema.json()["detail"]
    assert signed_in(world.users.contact_a).get("/api/openapi.json").status_code == 200


def test_nginx_body_limit_in_the_deployment_guide_equals_the_upload_limit():
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    limits = re.findall(r"client_max_body_size\s+(\d+)m;", text)
    assert limits, "docs/deployment.md shows nginx's client_max_body_size"
    assert {int(n) for n in limits} == {django_settings.UPLOAD_MAX_BYTES // (1024 * 1024)}

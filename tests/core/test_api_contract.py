"""Every endpoint answers within its contract: unique schema names, a campaign without a scheme version, ids that
are not integers, evidence files through the API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.campaigns.models import Campaign, Evidence, Stage
from tests.campaigns.conftest import advance, camp, cu_of, mini_version  # noqa: F401

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_no_two_api_schemas_share_a_name():
    """OpenAPI names a schema by its class: two classes of one name document one endpoint with the other's."""
    from pydantic import BaseModel

    from lvzhi.api.site import api

    seen: dict[str, type] = {}
    clashes = []

    def visit(model):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return
        other = seen.setdefault(model.__name__, model)
        if other is not model and f"{other.__module__}.{other.__qualname__}" != f"{model.__module__}.{model.__qualname__}":
            clashes.append((model.__name__, other.__module__, model.__module__))
            return
        for field in model.model_fields.values():
            for arg in _types_in(field.annotation):
                if arg is not model and arg not in seen.values():
                    visit(arg)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    if model is not None:
                        visit(model)
    assert clashes == [], clashes


def _types_in(annotation):
    import typing

    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types_in(arg)


def test_the_inputs_of_a_campaign_without_a_scheme_version_are_a_clear_422(world, camp):  # noqa: F811
    Campaign.objects.filter(pk=camp.pk).update(scheme_version=None)
    response = signed_in(world.users.admin).get(f"/api/campaigns/{camp.pk}/inputs")
    assert response.status_code == 422
    assert "还没有选定指标体系版本" in response.json()["detail"]


@pytest.mark.parametrize("path", ["registry/units/abc", "campaigns/x1/units/2", "registry/no-such-thing"])
def test_an_api_address_that_matches_no_route_is_the_json_404(world, path):
    response = signed_in(world.users.admin).get("/api/" + path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "未找到该对象,或您无权访问。"


def test_an_evidence_file_uploads_through_the_api(world, camp, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    campaign = advance(camp, Stage.SELF_ASSESSMENT, world.users.admin)
    response = signed_in(world.users.contact_a).post(
        f"/api/campaigns/{campaign.pk}/units/{world.unit_a.pk}/evidence",
        {"code": "A1", "file": SimpleUploadedFile("台账.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")},
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert evidence.file and evidence.file.read() == b"%PDF-1.4 minimal"
    assert evidence.campaign_unit == cu_of(campaign, world.unit_a)
    assert json.loads(response.content)["file_url"]


def test_a_multipart_request_without_a_boundary_is_a_400_not_a_500(world):
    """Found by make fuzz on /api/schemes/import, /api/registry/io/imports and /api/calendar/load."""
    response = signed_in(world.users.admin).generic(
        "POST", "/api/schemes/import", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["detail"]

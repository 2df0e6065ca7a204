"""What the API document says of null is what the API does: a field of a change (PATCH) documented as nullable
accepts null, and one not documented so refuses it, naming the field in Chinese, with nothing changed.

Walked over every PATCH operation of the OpenAPI document, so a new one must name its object here."""

import json
import re

import pytest

from lvzhi.accounts.models import User
from lvzhi.campaigns import actions as campaign_actions
from lvzhi.findings import actions as finding_actions
from lvzhi.registry.models import Person, SanDing
from tests.campaigns.conftest import camp, mini_version  # noqa: F401 (fixtures)


@pytest.fixture
def objects(world, camp):  # noqa: F811
    u = world.users
    team = campaign_actions.save_team(camp, actor=u.admin, kind="working", name="评估专班", members=[u.evaluator])
    finding = finding_actions.raise_finding(
        actor=u.admin, unit=world.unit_a, source="hotline", category="underperformance", title="热线工单办理超时"
    )
    highlight = finding_actions.save_list_item("highlights", actor=u.admin, title="一网通办", unit=world.unit_a)
    institution = finding_actions.save_list_item(
        "institutions", actor=u.admin, title="职责边界协调机制", unit=world.unit_a
    )
    # Path templates of the document → the object each PATCH changes (an evaluator: its unit may be null).
    return {
        "/api/accounts/users/{user_id}": u.evaluator.pk,
        "/api/registry/regions/{region_id}": world.laiyang.pk,
        "/api/registry/categories/{category_id}": world.service.pk,
        "/api/registry/units/{unit_id}": world.unit_a.pk,
        "/api/registry/internal-bodies/{body_id}": world.office.pk,
        "/api/registry/posts/{post_id}": world.clerk_post.pk,
        "/api/registry/persons/{person_id}": Person.objects.get(staff_no="P0002").pk,
        "/api/registry/sandings/{sanding_id}": SanDing.objects.get(unit=world.unit_a, is_current=True).pk,
        "/api/campaigns/{campaign_id}": camp.pk,
        "/api/campaigns/{campaign_id}/teams/{team_id}": (camp.pk, team.pk),
        "/api/findings/{pk}": finding.pk,
        "/api/findings/lists/{kind}/{pk}": [("highlights", highlight.pk), ("institutions", institution.pk)],
    }


def _document(client, settings):
    settings.API_DOCS_PUBLIC = True
    return client.get("/api/openapi.json").json()


def _body_schema(document, operation):
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


def _nullable(prop) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", []))


def _urls(template, ids):
    names = re.findall(r"\{([^}]+)\}", template)
    values = ids if isinstance(ids, list) else [ids]
    for value in values:
        parts = value if isinstance(value, tuple) else (value,)
        yield template.format(**dict(zip(names, parts, strict=True)))


def _read(client, url):
    """The object as its GET answers it (a team has no GET of its own: its campaign's teams)."""
    response = client.get(url)
    if response.status_code == 405:
        return client.get(url.rsplit("/", 1)[0]).json()
    return response.json()


def test_every_patch_field_does_with_null_what_the_document_says(world, objects, client, settings, login):
    document = _document(client, settings)
    admin = login(world.users.admin)
    patches = {path: ops["patch"] for path, ops in document["paths"].items() if "patch" in ops}
    unnamed = sorted(set(patches) - set(objects))
    assert unnamed == [], f"PATCH operations with no object in this test: {unnamed}"
    wrong = []
    checked = 0
    for template, operation in patches.items():
        schema = _body_schema(document, operation)
        for url in _urls(template, objects[template]):
            for field, prop in schema["properties"].items():
                before = _read(admin, url)
                response = admin.patch(url, json.dumps({field: None}), content_type="application/json")
                checked += 1
                if _nullable(prop):
                    if response.status_code != 200:
                        wrong.append(f"{url} {field}: documented nullable, null answered {response.status_code} "
                                     f"{response.content.decode()[:160]}")  # fmt: skip
                    continue
                body = response.json()
                named = [error["field"] for error in body.get("errors") or []]
                if response.status_code != 422 or named != [field] or "null" not in body["detail"]:
                    wrong.append(f"{url} {field}: not nullable, null answered {response.status_code} {body}")
                elif _read(admin, url) != before:
                    wrong.append(f"{url} {field}: a refused null changed the object")
    assert checked >= 90  # the fields of the twelve PATCH operations (98 today)
    assert wrong == [], "\n".join(wrong)


def test_a_null_where_the_document_says_not_null_is_refused_in_chinese(world, api):
    response = api(world.users.admin).patch(f"/registry/units/{world.unit_a.pk}", {"name": None})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "不能为 null;不修改此项请不要提交该字段。"}]
    assert world.unit_a.__class__.objects.get(pk=world.unit_a.pk).name == world.unit_a.name


def test_a_null_where_the_document_allows_it_clears_the_value(world, api):
    evaluator = world.users.evaluator
    response = api(world.users.admin).patch(f"/accounts/users/{evaluator.pk}", {"unit": None})
    assert response.status_code == 200
    assert User.objects.get(pk=evaluator.pk).unit is None
    response = api(world.users.admin).patch(f"/registry/units/{world.unit_a.pk}", {"category": None})
    assert response.status_code == 200 and response.json()["category"] is None

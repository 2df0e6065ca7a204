"""Setting a campaign up through the API as on the setup page: teams are edited (renamed, members changed), and
the per-category scheme versions are set by PATCH — the same actions, so the same checks and locks."""

import pytest
from django.urls import reverse

from lvzhi.audit.models import AuditEvent
from lvzhi.campaigns.models import CategoryScheme, Stage, Team
from lvzhi.schemes.models import Scheme, SchemeVersion

from .conftest import MINI_SCHEME, advance


@pytest.fixture
def team(world, camp, api):
    u = world.users
    response = api(u.admin).post(
        f"campaigns/{camp.pk}/teams",
        {"kind": "working", "name": "评估专班", "head_id": u.admin.pk, "member_ids": [u.evaluator.pk]},
    )
    assert response.status_code == 201
    return Team.objects.get(pk=response.json()["id"])


def test_an_administrator_renames_a_team_and_changes_its_members_through_the_api(world, camp, team, api):
    u = world.users
    client = api(u.admin)
    path = f"campaigns/{camp.pk}/teams/{team.pk}"
    renamed = client.patch(path, {"name": "职能运行评估专班"})
    assert renamed.status_code == 200
    assert renamed.json() == {
        "id": team.pk,
        "kind": "working",
        "kind_label": "工作组(专班)",
        "name": "职能运行评估专班",
        "head_id": u.admin.pk,
        "member_ids": [u.evaluator.pk],
        "duties": "",
    }
    changed = client.patch(path, {"member_ids": [u.evaluator.pk, u.third_party.pk], "head_id": None})
    assert changed.json()["member_ids"] == sorted([u.evaluator.pk, u.third_party.pk])
    assert changed.json()["head_id"] is None
    assert changed.json()["name"] == "职能运行评估专班"
    listed = client.get(f"campaigns/{camp.pk}/teams").json()
    assert [(t["name"], t["member_ids"]) for t in listed] == [
        ("职能运行评估专班", sorted([u.evaluator.pk, u.third_party.pk]))
    ]
    team.refresh_from_db()
    assert team.name == "职能运行评估专班"
    assert set(team.members.all()) == {u.evaluator, u.third_party}
    rename = AuditEvent.objects.for_object(team).filter(action="update").first()
    assert rename.actor == u.admin
    assert rename.after["name"] == "职能运行评估专班"


def test_a_team_edit_is_refused_to_other_roles_and_after_deployment(world, camp, team, api):
    u = world.users
    path = f"campaigns/{camp.pk}/teams/{team.pk}"
    refused = api(u.evaluator).patch(path, {"name": "改名"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "评估人员不能修改活动设置。"
    assert api(u.committee).get(f"campaigns/{camp.pk}/teams").status_code == 200
    assert api(u.evaluator).get(f"campaigns/{camp.pk}/teams").status_code == 403
    assert api(u.third_party).get(f"campaigns/{camp.pk}/teams").status_code == 404  # not in the campaign
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    locked = api(u.admin).patch(path, {"name": "改名"})
    assert locked.status_code == 403
    assert locked.json()["detail"].startswith("当前阶段为「自查自评」,不能修改活动设置")
    team.refresh_from_db()
    assert team.name == "评估专班"


def test_a_team_edit_with_bad_input_names_what_is_wrong_and_changes_nothing(world, camp, team, api):
    client = api(world.users.admin)
    path = f"campaigns/{camp.pk}/teams/{team.pk}"
    cases = [
        ({"name": "  "}, "请填写工作组名称。"),
        ({"name": "组" * 101}, "工作组名称不能超过100个字。"),
        ({"kind": "club"}, "工作组类型应为领导小组、工作组(专班)、专项小组、第三方机构。"),
        ({"member_ids": [999999]}, "成员编号有误。"),
        ({"head_id": 999999}, "未找到该组长。"),
    ]
    for body, message in cases:
        response = client.patch(path, body)
        assert response.status_code == 422, body
        assert response.json()["detail"] == message
    team.refresh_from_db()
    assert (team.name, team.kind) == ("评估专班", "working")
    assert client.patch(f"campaigns/{camp.pk}/teams/999999", {"name": "x"}).status_code == 404


def test_a_team_of_another_campaign_is_not_found_under_this_one(world, camp, team, api, mini_version):
    from lvzhi.campaigns import actions

    other = actions.create_campaign(
        actor=world.users.admin, name="另一活动", year=2027, scheme_version=mini_version
    )
    response = api(world.users.admin).patch(f"campaigns/{other.pk}/teams/{team.pk}", {"name": "x"})
    assert response.status_code == 404


def test_the_setup_page_edits_a_team_as_the_api_does(world, camp, team, login):
    u = world.users
    response = login(u.admin).post(
        reverse("campaigns:setup_action", args=[camp.pk, "team"]),
        {"team": team.pk, "kind": "special", "name": "专项督查组", "members": [u.third_party.pk]},
        follow=True,
    )
    assert "工作组已保存。" in response.content.decode()
    team.refresh_from_db()
    assert (team.name, team.kind, list(team.members.all())) == ("专项督查组", "special", [u.third_party])
    assert Team.objects.filter(campaign=camp).count() == 1
    page = login(u.admin).get(reverse("campaigns:campaign_setup", args=[camp.pk])).content.decode()
    assert f'id="team{team.pk}_name"' in page and 'value="专项督查组"' in page


# -- per-category scheme versions --------------------------------------------------------------------------


def _version(number, status=SchemeVersion.Status.PUBLISHED):
    scheme = Scheme.objects.get(code=MINI_SCHEME["code"])
    return SchemeVersion.objects.create(scheme=scheme, number=number, status=status, definition=MINI_SCHEME)


def test_an_administrator_sets_and_clears_a_categorys_scheme_version_by_patch(world, camp, api):
    client = api(world.users.admin)
    v2 = _version(2)
    response = client.patch(
        f"campaigns/{camp.pk}",
        {"category_schemes": [{"category_id": world.party.pk, "scheme_version_id": v2.pk}]},
    )
    assert response.status_code == 200
    assert response.json()["category_schemes"] == [
        {"category_id": world.party.pk, "category": "党群系统", "scheme_version_id": v2.pk}
    ]
    assert CategoryScheme.objects.get(campaign=camp, category=world.party).scheme_version == v2
    cleared = client.patch(
        f"campaigns/{camp.pk}",
        {"category_schemes": [{"category_id": world.party.pk, "scheme_version_id": None}]},
    )
    assert cleared.json()["category_schemes"] == []
    assert not CategoryScheme.objects.filter(campaign=camp).exists()
    assert client.get(f"campaigns/{camp.pk}").json()["category_schemes"] == []


def test_a_category_scheme_patch_is_checked_as_on_the_setup_page(world, camp, api):
    u = world.users
    path = f"campaigns/{camp.pk}"
    draft = _version(2, SchemeVersion.Status.DRAFT)
    body = {
        "name": "改过的名称",
        "category_schemes": [{"category_id": world.party.pk, "scheme_version_id": draft.pk}],
    }
    unpublished = api(u.admin).patch(path, body)
    assert unpublished.status_code == 422
    assert "尚未发布;评估活动只能使用已发布(冻结)的指标体系版本" in unpublished.json()["detail"]
    camp.refresh_from_db()
    assert camp.name == "2026年度履职评估"  # nothing of the request is stored
    assert not CategoryScheme.objects.filter(campaign=camp).exists()
    unknown = api(u.admin).patch(
        path, {"category_schemes": [{"category_id": 999999, "scheme_version_id": None}]}
    )
    assert (unknown.status_code, unknown.json()["detail"]) == (422, "类别编号有误。")
    missing = api(u.admin).patch(
        path, {"category_schemes": [{"category_id": world.party.pk, "scheme_version_id": 999999}]}
    )
    assert (missing.status_code, missing.json()["detail"]) == (422, "未找到该指标体系版本。")
    v2 = _version(3)
    item = {"category_schemes": [{"category_id": world.party.pk, "scheme_version_id": v2.pk}]}
    assert api(u.evaluator).patch(path, item).status_code == 403
    camp = advance(camp, Stage.SELF_ASSESSMENT, u.admin)
    locked = api(u.admin).patch(path, item)
    assert locked.status_code == 403
    assert locked.json()["detail"].startswith("当前阶段为「自查自评」,不能修改活动设置")
    assert not CategoryScheme.objects.filter(campaign=camp).exists()

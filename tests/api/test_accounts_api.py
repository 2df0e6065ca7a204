"""Accounts API: the signed-in user, user management by administrators, API tokens."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lvzhi.accounts.models import ApiToken, User
from lvzhi.audit.models import AuditEvent

NON_ADMINS = ("evaluator", "contact_a", "leader", "committee", "third_party")


def events(event_type):
    return AuditEvent.objects.filter(event_type=event_type)


def can_sign_in(username, password) -> bool:
    """Through the real login form (django-axes needs the request)."""
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


# ---------------------------------------------------------------------------------------------------------
# Me


def test_me_says_who_i_am_and_what_i_may_do(world, api):
    body = api(world.users.contact_a).get("accounts/me").json()
    assert body["username"] == "contact_a"
    assert body["role"] == "unit_contact"
    assert body["role_label"] == "单位联络员"
    assert body["unit"]["name"] == "莱阳市发展和改革局"
    assert body["can_edit_registry"] is True
    assert body["is_office_admin"] is False


def test_me_with_a_token_is_the_tokens_user(world, token_api):
    assert token_api(world.users.leader).get("accounts/me").json()["username"] == "leader"


# ---------------------------------------------------------------------------------------------------------
# Users: administrators only


@pytest.mark.parametrize("name", NON_ADMINS)
def test_only_administrators_manage_users(world, api, name):
    client = api(getattr(world.users, name))
    target = world.users.contact_b
    responses = [
        client.get("accounts/users"),
        client.get(f"accounts/users/{target.pk}"),
        client.post("accounts/users", {"username": "x", "role": "evaluator", "password": "Abcdefgh12345"}),
        client.patch(f"accounts/users/{target.pk}", {"full_name": "改名"}),
        client.post(f"accounts/users/{target.pk}/deactivate"),
        client.post(f"accounts/users/{target.pk}/reset-password", {"password": "Xyz-2026-pass"}),
        client.post(f"accounts/users/{target.pk}/unlock"),
    ]
    assert [r.status_code for r in responses] == [403] * 7
    assert responses[0].json()["detail"] == "只有编办管理员可以管理用户。"
    target.refresh_from_db()
    assert target.full_name == "李联络" and target.is_active


def test_admin_creates_a_unit_contact_and_the_audit_log_keeps_no_password(world, api):
    response = api(world.users.admin).post(
        "accounts/users",
        {
            "username": "contact_c",
            "full_name": "钱联络",
            "role": "unit_contact",
            "unit": world.unit_c.pk,
            "password": "Haiyang-2026-ok",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["role_label"], body["unit"]["id"], body["is_active"], body["locked"]) == (
        "单位联络员",
        world.unit_c.pk,
        True,
        False,
    )
    user = User.objects.get(username="contact_c")
    assert user.check_password("Haiyang-2026-ok")
    event = events("account.created").get()
    assert event.actor == world.users.admin
    assert event.after["username"] == "contact_c"
    assert "password" not in event.after
    assert "Haiyang-2026-ok" not in str(event.after)


def test_a_password_against_the_policy_is_refused_naming_the_password_field(world, api):
    response = api(world.users.admin).post(
        "accounts/users", {"username": "weak", "role": "evaluator", "password": "12345678"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {"password"}
    messages = " ".join(e["message"] for e in errors)
    assert "密码太短,至少需要 10 个字符。" in messages
    assert "密码不能全是数字。" in messages
    assert "密码必须同时包含字母和数字。" in messages
    assert not User.objects.filter(username="weak").exists()


def test_a_unit_contact_must_have_a_unit(world, api):
    response = api(world.users.admin).post(
        "accounts/users", {"username": "nounit", "role": "unit_contact", "password": "Abcdefgh-12345"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "unit", "message": "单位联络员必须指定所属单位。"}]


def test_a_taken_username_is_refused_naming_the_field(world, api):
    response = api(world.users.admin).post(
        "accounts/users", {"username": "leader", "role": "leader", "password": "Abcdefgh-12345"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "username"


def test_admin_changes_an_evaluators_assigned_units_with_before_and_after(world, api):
    evaluator = world.users.evaluator
    response = api(world.users.admin).patch(
        f"accounts/users/{evaluator.pk}", {"scope_units": [world.unit_a.pk, world.unit_c.pk]}
    )
    assert response.status_code == 200
    assert sorted(u["id"] for u in response.json()["scope_units"]) == sorted(
        [world.unit_a.pk, world.unit_c.pk]
    )
    event = events("account.updated").get()
    assert event.before["scope_unit_ids"] == [world.unit_a.pk]
    assert event.after["scope_unit_ids"] == sorted([world.unit_a.pk, world.unit_c.pk])
    # The new assignment is what the evaluator now sees.
    assert api(evaluator).get(f"registry/units/{world.unit_c.pk}").status_code == 200


def test_admin_cannot_take_away_their_own_admin_role_or_deactivate_themselves(world, api):
    admin = world.users.admin
    client = api(admin)
    assert client.patch(f"accounts/users/{admin.pk}", {"role": "evaluator"}).status_code == 422
    response = client.post(f"accounts/users/{admin.pk}/deactivate")
    assert response.status_code == 422
    assert response.json()["detail"] == "提交的数据有误:不能停用自己的账号。"
    admin.refresh_from_db()
    assert admin.is_active and admin.role == "admin"


def test_a_deactivated_user_can_no_longer_sign_in_or_use_a_token(world, api, token_api):
    contact = world.users.contact_b
    token_client = token_api(contact)
    response = api(world.users.admin).post(f"accounts/users/{contact.pk}/deactivate")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert token_client.get("accounts/me").status_code == 401
    assert not can_sign_in("contact_b", world.password)
    assert events("account.deactivated").get().actor == world.users.admin
    assert api(world.users.admin).post(f"accounts/users/{contact.pk}/activate").json()["is_active"] is True


def test_reset_password_honours_the_policy_and_the_new_password_works(world, api):
    contact = world.users.contact_b
    client = api(world.users.admin)
    weak = client.post(f"accounts/users/{contact.pk}/reset-password", {"password": "lizhi"})
    assert weak.status_code == 422
    assert {e["field"] for e in weak.json()["errors"]} == {"password"}
    ok = client.post(f"accounts/users/{contact.pk}/reset-password", {"password": "Minzheng-2026"})
    assert ok.status_code == 200
    assert can_sign_in("contact_b", "Minzheng-2026")
    event = events("account.password_reset").get()
    assert event.actor == world.users.admin
    assert "Minzheng-2026" not in str(event.before) + str(event.after)


def test_admin_unlocks_a_user_locked_out_by_failed_logins(world, api, settings):
    settings.AXES_ENABLED = True
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/accounts/login/", {"username": "contact_b", "password": "wrong-password-1"})
    contact = world.users.contact_b
    client = api(world.users.admin)
    assert client.get(f"accounts/users/{contact.pk}").json()["locked"] is True
    locked_out = Client().post("/accounts/login/", {"username": "contact_b", "password": world.password})
    assert locked_out.status_code == 429 or "锁定" in locked_out.content.decode()

    response = client.post(f"accounts/users/{contact.pk}/unlock")
    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert can_sign_in("contact_b", world.password)
    assert events("account.unlocked").get().actor == world.users.admin


def test_user_list_filters_by_role_and_search(world, api):
    client = api(world.users.admin)
    contacts = client.get("accounts/users", {"role": "unit_contact"}).json()
    assert sorted(u["username"] for u in contacts["items"]) == ["contact_a", "contact_b"]
    assert [u["username"] for u in client.get("accounts/users", {"q": "编委"}).json()["items"]] == [
        "committee"
    ]


# ---------------------------------------------------------------------------------------------------------
# Tokens


def test_a_user_creates_a_token_sees_it_once_and_it_works(world, api):
    client = api(world.users.evaluator)
    response = client.post("accounts/tokens", {"name": "数据同步脚本"})
    assert response.status_code == 201
    body = response.json()
    key = body["key"]
    assert key.startswith("lvz_") and body["token"]["prefix"] == key[4:12]
    listed = client.get("accounts/tokens").json()
    assert [t["name"] for t in listed["items"]] == ["数据同步脚本"]
    assert key not in str(listed)
    me = Client().get("/api/accounts/me", headers={"Authorization": f"Bearer {key}"})
    assert me.json()["username"] == "evaluator"
    event = events("account.token_issued").get()
    assert event.actor == world.users.evaluator
    assert key not in str(event.after)


def test_a_revoked_token_stops_working(world, api, token_api):
    token_client = token_api(world.users.contact_a)
    token = ApiToken.objects.get(user=world.users.contact_a)
    response = api(world.users.contact_a).delete(f"accounts/tokens/{token.pk}")
    assert response.status_code == 204
    assert token_client.get("accounts/me").status_code == 401
    assert events("account.token_revoked").get().actor == world.users.contact_a


def test_an_expired_token_is_refused(world):
    _token, key = ApiToken.issue(
        world.users.admin, "过期", expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = Client().get("/api/accounts/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_tokens_of_other_users_are_hidden_from_non_admins_and_visible_to_admins(world, api):
    other_token, _key = ApiToken.issue(world.users.contact_b, "民政局脚本")
    contact = api(world.users.contact_a)
    assert contact.get("accounts/tokens").json()["count"] == 0
    assert contact.delete(f"accounts/tokens/{other_token.pk}").status_code == 404
    admin = api(world.users.admin)
    listed = admin.get("accounts/tokens", {"user": world.users.contact_b.pk}).json()
    assert [t["name"] for t in listed["items"]] == ["民政局脚本"]
    assert admin.delete(f"accounts/tokens/{other_token.pk}").status_code == 204
    other_token.refresh_from_db()
    assert other_token.revoked_at is not None


def test_only_an_admin_issues_a_token_for_someone_else(world, api):
    refused = api(world.users.contact_a).post(
        "accounts/tokens", {"name": "代办", "user": world.users.leader.pk}
    )
    assert refused.status_code == 403
    issued = api(world.users.admin).post("accounts/tokens", {"name": "代办", "user": world.users.leader.pk})
    assert issued.status_code == 201
    assert issued.json()["token"]["user"]["username"] == "leader"


def test_a_token_cannot_expire_in_the_past(world, api):
    response = api(world.users.admin).post(
        "accounts/tokens", {"name": "x", "expires_at": "2020-01-01T00:00:00+08:00"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "expires_at", "message": "有效期须晚于当前时间。"}]


def test_the_user_list_query_count_does_not_grow_with_the_page(world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_user

    for i in range(10):
        make_user(f"pinggu{i}", "evaluator", scope_units=[world.unit_a, world.unit_b])
    client = api(world.users.admin)

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get("accounts/users", {"limit": limit}).json()["items"]) == limit
        return len(ctx.captured_queries)

    assert queries(2) == queries(15)

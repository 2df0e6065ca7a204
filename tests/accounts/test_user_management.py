"""User management by office administrators: accounts, roles and scope, passwords, deactivation, API tokens."""

import pytest
from axes.utils import reset as axes_reset
from django.urls import reverse

from lvzhi.accounts.models import ApiToken, Role, User
from lvzhi.audit.models import AuditEvent
from lvzhi.registry.models import Unit

USERS = reverse("accounts:user_list")
LOGIN = reverse("login")
NEW = reverse("accounts:user_create")
GOOD_PASSWORD = "Lvzhi-2026-strong"


@pytest.fixture
def admin(world, login):
    return login(world.users.admin)


@pytest.fixture(autouse=True)
def clean_attempts(db):
    axes_reset()
    yield
    axes_reset()


def signs_in(client, username, password) -> bool:
    """Through the real login form (django-axes needs the request)."""
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code == 302


def new_user_data(**changes):
    data = {
        "username": "zhanghua",
        "full_name": "张华",
        "role": Role.UNIT_CONTACT,
        "unit": "",
        "phone": "0535-7211234",
        "email": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["evaluator", "contact_a", "leader", "committee", "third_party"])
def test_only_office_administrators_manage_users(world, login, role):
    client = login(getattr(world.users, role))
    assert client.get(USERS).status_code == 403
    assert client.post(NEW, new_user_data(unit=world.unit_a.pk)).status_code == 403
    assert (
        client.post(
            reverse("accounts:user_set_active", args=[world.users.admin.pk]), {"active": "0"}
        ).status_code
        == 403
    )
    assert not User.objects.filter(username="zhanghua").exists()


def test_the_user_list_filters_by_name_and_role(world, admin):
    page = admin.get(USERS, {"q": "联络"}).context["page"]
    assert sorted(u.username for u in page) == ["contact_a", "contact_b"]
    page = admin.get(USERS, {"role": Role.LEADER}).context["page"]
    assert [u.username for u in page] == ["leader"]


def test_a_unit_contact_needs_a_unit(world, admin):
    response = admin.post(NEW, new_user_data())
    assert "单位联络员必须指定所属单位。" in response.content.decode()
    assert not User.objects.filter(username="zhanghua").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1a", "密码长度太短"),
        ("abcdefghijkl", "密码必须同时包含字母和数字。"),
        ("1234567890123", "密码只包含数字。"),
        ("password123", "这个密码太常见了"),
    ],
)
def test_a_new_password_must_meet_the_password_policy(world, admin, password, message):
    response = admin.post(NEW, new_user_data(unit=world.unit_a.pk, password1=password, password2=password))
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhanghua").exists()


def test_the_two_passwords_must_match(world, admin):
    response = admin.post(NEW, new_user_data(unit=world.unit_a.pk, password2=GOOD_PASSWORD + "x"))
    assert "两次输入的密码不一致。" in response.content.decode()


def test_an_administrator_creates_a_unit_contact_who_can_sign_in(world, admin, client):
    response = admin.post(NEW, new_user_data(unit=world.unit_a.pk), follow=True)
    assert "已创建账号“zhanghua”。" in response.content.decode()
    user = User.objects.get(username="zhanghua")
    assert (user.role, user.unit, user.full_name) == (Role.UNIT_CONTACT, world.unit_a, "张华")
    assert signs_in(client, "zhanghua", GOOD_PASSWORD)
    event = AuditEvent.objects.get(event_type="account.created", object_id=str(user.pk))
    assert event.actor == world.users.admin
    assert "password" not in event.after


def test_an_evaluator_gets_scope_units_and_sees_just_those(world, admin):
    data = new_user_data(
        username="pinggu2", role=Role.EVALUATOR, scope_units=[world.unit_b.pk, world.unit_c.pk]
    )
    admin.post(NEW, data)
    user = User.objects.get(username="pinggu2")
    assert set(user.scope_units.values_list("code", flat=True)) == {"LY002", "HY001"}
    assert set(Unit.objects.visible_to(user).values_list("code", flat=True)) == {"LY002", "HY001"}


def test_changing_a_contacts_role_drops_the_unit_and_records_before_and_after(world, admin):
    contact = world.users.contact_b
    url = reverse("accounts:user_edit", args=[contact.pk])
    data = {
        "username": "contact_b",
        "full_name": "李联络",
        "role": Role.EVALUATOR,
        "unit": world.unit_b.pk,
        "scope_units": [world.unit_a.pk],
        "phone": "",
        "email": "",
    }
    response = admin.post(url, data, follow=True)
    assert "账号信息已保存。" in response.content.decode()
    contact.refresh_from_db()
    assert contact.role == Role.EVALUATOR
    assert contact.unit is None
    assert list(contact.scope_units.values_list("code", flat=True)) == ["LY001"]
    event = AuditEvent.objects.get(event_type="account.updated", object_id=str(contact.pk))
    assert event.before["role"] == Role.UNIT_CONTACT and event.after["role"] == Role.EVALUATOR


def test_a_deactivated_account_cannot_sign_in_and_can_be_reactivated(world, admin, client):
    target = world.users.contact_b
    url = reverse("accounts:user_set_active", args=[target.pk])
    response = admin.post(url, {"active": "0"}, follow=True)
    assert "已停用账号“contact_b”。" in response.content.decode()
    assert not signs_in(client, "contact_b", world.password)
    admin.post(url, {"active": "1"})
    assert signs_in(client, "contact_b", world.password)
    assert AuditEvent.objects.filter(event_type="account.deactivated", object_id=str(target.pk)).exists()


def test_an_administrator_cannot_deactivate_their_own_account(world, admin):
    me = world.users.admin
    response = admin.post(reverse("accounts:user_set_active", args=[me.pk]), {"active": "0"}, follow=True)
    assert "不能停用自己的账号。" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_an_administrator_resets_a_password_under_the_policy(world, admin, client):
    url = reverse("accounts:user_password", args=[world.users.contact_a.pk])
    response = admin.post(url, {"password1": "abc", "password2": "abc"})
    assert "密码长度太短" in response.content.decode()
    response = admin.post(url, {"password1": "Reset-2026-pass", "password2": "Reset-2026-pass"}, follow=True)
    assert "已重置“contact_a”的密码" in response.content.decode()
    assert signs_in(client, "contact_a", "Reset-2026-pass")


def test_an_api_token_is_shown_once_works_and_stops_working_when_revoked(world, admin):
    owner = world.users.evaluator
    response = admin.post(
        reverse("accounts:token_create", args=[owner.pk]), {"name": "数据对接", "expires_on": ""}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["key"]
    assert key.startswith("lvz_") and key in response.content.decode()
    assert ApiToken.authenticate(key) == owner
    detail = admin.get(reverse("accounts:user_detail", args=[owner.pk])).content.decode()
    assert "数据对接" in detail and key not in detail
    token = ApiToken.objects.get(user=owner)
    admin.post(reverse("accounts:token_revoke", args=[owner.pk, token.pk]))
    assert ApiToken.authenticate(key) is None
    assert AuditEvent.objects.filter(event_type="account.token_revoked").exists()
    issued = AuditEvent.objects.get(event_type="account.token_issued")
    assert key not in str(issued.after)


def test_a_token_expiry_in_the_past_is_refused(world, admin):
    url = reverse("accounts:token_create", args=[world.users.evaluator.pk])
    response = admin.post(url, {"name": "过期", "expires_on": "2020-01-01"}, follow=True)
    assert "有效期须是今天以后的日期。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_administrator_cannot_take_away_their_own_administrator_role(world, admin):
    me = world.users.admin
    data = {"username": "admin", "full_name": "赵管理", "role": Role.EVALUATOR, "phone": "", "email": ""}
    response = admin.post(reverse("accounts:user_edit", args=[me.pk]), data)
    assert "不能取消自己的管理员角色。" in response.content.decode()
    me.refresh_from_db()
    assert me.role == Role.ADMIN


def test_account_changes_read_in_chinese_in_the_audit_log(world, admin):
    admin.post(reverse("accounts:user_set_active", args=[world.users.contact_b.pk]), {"active": "0"})
    html = admin.get(reverse("audit:event_list"), {"action": "event"}).content.decode()
    assert "停用账号" in html
    assert "account.deactivated" not in html


def test_the_edit_form_shows_the_current_scope_units_selected(world, admin):
    html = admin.get(reverse("accounts:user_edit", args=[world.users.leader.pk])).content.decode()
    assert f'<option value="{world.unit_a.pk}" selected>' in html
    assert f'<option value="{world.unit_b.pk}" selected>' in html
    # the picker lists only the chosen units; others are found by searching (tests/accounts/test_unit_picker.py)
    assert f'<option value="{world.unit_c.pk}"' not in html

"""Lockout after repeated failed logins (django-axes), with real attempts through the login form."""

import pytest
from axes.utils import reset as axes_reset
from django.conf import settings
from django.urls import reverse

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def clean_attempts(db):
    axes_reset()
    yield
    axes_reset()


def fail(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password-1"})


def test_a_wrong_password_says_so_in_chinese_and_warns_of_the_lockout(world, client):
    response = client.post(LOGIN, {"username": "contact_a", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert "用户名或密码错误。连续失败多次后账号将被暂时锁定。" in response.content.decode()


def test_after_the_failure_limit_even_the_right_password_meets_the_chinese_lockout_page(world, client):
    fail(client, "contact_a", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "contact_a", "password": world.password})
    assert response.status_code == 429
    assert "登录失败次数过多,账号已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_let_the_user_in(world, client):
    fail(client, "contact_a", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(LOGIN, {"username": "contact_a", "password": world.password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users.contact_a.pk)


def test_an_administrator_unlocks_a_locked_account_and_the_user_signs_in_again(world, client, login):
    fail(client, "contact_a", settings.AXES_FAILURE_LIMIT)
    admin = login(world.users.admin)
    detail = admin.get(reverse("accounts:user_detail", args=[world.users.contact_a.pk])).content.decode()
    assert "已锁定" in detail
    listing = admin.get(reverse("accounts:user_list")).content.decode()
    assert "已锁定" in listing
    response = admin.post(reverse("accounts:user_unlock", args=[world.users.contact_a.pk]), follow=True)
    assert "已解除“contact_a”的登录锁定。" in response.content.decode()
    response = client.post(LOGIN, {"username": "contact_a", "password": world.password})
    assert response.status_code == 302


def test_one_users_typos_do_not_lock_out_a_colleague_behind_the_same_proxy(world):
    from django.test import Client

    typist, colleague = Client(REMOTE_ADDR="127.0.0.1"), Client(REMOTE_ADDR="127.0.0.1")
    fail(typist, "contact_a", settings.AXES_FAILURE_LIMIT + 2)
    response = colleague.post(LOGIN, {"username": "contact_b", "password": world.password})
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(world.users.contact_b.pk)
    # The account that was typed wrong is locked, from any address.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert elsewhere.post(LOGIN, {"username": "contact_a", "password": world.password}).status_code == 429


def test_the_forwarded_address_counts_only_from_a_trusted_proxy(rf, settings):
    from lvzhi.core.clientip import client_ip

    settings.TRUSTED_PROXIES = []
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(spoofed) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxied = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(proxied) == "198.51.100.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize("password", ["aaaaaaaaaa1", "        a1", "ab12ab12ab12", " a1 a1 a1 a1 a1"])
def test_weak_passwords_that_meet_length_and_classes_are_refused(world, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        validate_password(password, world.users.contact_a)
    assert any("字符" in m for m in caught.value.messages)


def test_a_good_password_passes(world):
    from django.contrib.auth.password_validation import validate_password

    validate_password("Minzheng-2026", world.users.contact_a)

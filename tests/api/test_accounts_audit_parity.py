"""The pages and the API manage accounts through the same actions: the same change writes the same audit event,
whichever way it is made."""

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.accounts.models import ApiToken, User
from lvzhi.audit.models import AuditEvent

NEW_PASSWORD = "Lvzhi-2026-strong"


def written(change) -> list[dict]:
    """The audit events a change writes: type, target kind, which values they record, who and from where."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    change()
    return [
        {
            "event_type": e.event_type,
            "target": e.content_type.model if e.content_type_id else None,
            "before": sorted(e.before or {}),
            "after": sorted(e.after or {}),
            "actor": e.actor.username,
            "source": e.source,
        }
        for e in AuditEvent.objects.filter(id__gt=last).order_by("id").select_related("actor", "content_type")
    ]


def deactivated(user):
    User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def a_token_of(user):
    token, _key = ApiToken.issue(user, "对接脚本")
    return token


def edit_form(user, **changes):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit_id or "",
        "scope_units": list(user.scope_units.values_list("pk", flat=True)),
        "phone": user.phone,
        "email": user.email,
    }
    return {**data, **changes}


# The same change made in the pages (on contact_b, or for tokens the evaluator) and through the API (on contact_a,
# or the leader). Each answers with the response, so that a refused change shows up in the assertion.
CHANGES = {
    "create": (
        lambda w, ui: ui.post(
            reverse("accounts:user_create"),
            {
                "username": "zhanghua",
                "full_name": "张华",
                "role": "unit_contact",
                "unit": w.unit_a.pk,
                "phone": "",
                "email": "",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        ),
        lambda w, api: api.post(
            "accounts/users",
            {
                "username": "lihua",
                "full_name": "李华",
                "role": "unit_contact",
                "unit": w.unit_a.pk,
                "password": NEW_PASSWORD,
            },
        ),
    ),
    "update": (
        lambda w, ui: ui.post(
            reverse("accounts:user_edit", args=[w.users.contact_b.pk]),
            edit_form(w.users.contact_b, full_name="李联络员"),
        ),
        lambda w, api: api.patch(f"accounts/users/{w.users.contact_a.pk}", {"full_name": "王联络员"}),
    ),
    "deactivate": (
        lambda w, ui: ui.post(
            reverse("accounts:user_set_active", args=[w.users.contact_b.pk]), {"active": "0"}
        ),
        lambda w, api: api.post(f"accounts/users/{w.users.contact_a.pk}/deactivate"),
    ),
    "activate": (
        lambda w, ui: ui.post(
            reverse("accounts:user_set_active", args=[deactivated(w.users.contact_b).pk]), {"active": "1"}
        ),
        lambda w, api: api.post(f"accounts/users/{deactivated(w.users.contact_a).pk}/activate"),
    ),
    "reset password": (
        lambda w, ui: ui.post(
            reverse("accounts:user_password", args=[w.users.contact_b.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        ),
        lambda w, api: api.post(
            f"accounts/users/{w.users.contact_a.pk}/reset-password", {"password": NEW_PASSWORD}
        ),
    ),
    "unlock": (
        lambda w, ui: ui.post(reverse("accounts:user_unlock", args=[w.users.contact_b.pk])),
        lambda w, api: api.post(f"accounts/users/{w.users.contact_a.pk}/unlock"),
    ),
    "issue a token": (
        lambda w, ui: ui.post(
            reverse("accounts:token_create", args=[w.users.evaluator.pk]),
            {"name": "数据对接", "expires_on": ""},
        ),
        lambda w, api: api.post("accounts/tokens", {"name": "数据对接", "user": w.users.leader.pk}),
    ),
    "revoke a token": (
        lambda w, ui: ui.post(
            reverse("accounts:token_revoke", args=[w.users.evaluator.pk, a_token_of(w.users.evaluator).pk])
        ),
        lambda w, api: api.delete(f"accounts/tokens/{a_token_of(w.users.leader).pk}"),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_made_in_the_pages_or_through_the_api_writes_the_same_audit_event(world, login, api, change):
    in_the_pages, through_the_api = CHANGES[change]
    admin = world.users.admin
    responses = []
    by_page = written(lambda: responses.append(in_the_pages(world, login(admin))))
    by_api = written(lambda: responses.append(through_the_api(world, api(admin))))

    assert [r.status_code < 400 for r in responses] == [True, True]
    assert len(by_page) == 1 and by_page[0]["event_type"].startswith("account.")
    assert [{**e, "source": None} for e in by_api] == [{**e, "source": None} for e in by_page]
    assert (by_page[0]["actor"], by_page[0]["source"], by_api[0]["source"]) == ("admin", "web", "api")


def test_a_user_revoking_their_own_token_through_the_api_writes_the_pages_event(world, api):
    token = a_token_of(world.users.contact_a)
    events = written(lambda: api(world.users.contact_a).delete(f"accounts/tokens/{token.pk}"))
    assert [(e["event_type"], e["actor"]) for e in events] == [("account.token_revoked", "contact_a")]


def test_an_account_change_made_through_the_api_reads_in_chinese_in_the_audit_log(world, login, api):
    api(world.users.admin).post(f"accounts/users/{world.users.contact_b.pk}/deactivate")
    html = login(world.users.admin).get(reverse("audit:event_list"), {"action": "event"}).content.decode()
    assert "停用账号" in html
    assert "account.deactivated" not in html


def test_changing_a_name_through_the_api_keeps_the_evaluators_units(world, api):
    evaluator = world.users.evaluator
    units = sorted(evaluator.scope_units.values_list("pk", flat=True))
    response = api(world.users.admin).patch(f"accounts/users/{evaluator.pk}", {"full_name": "孙评估"})
    assert response.status_code == 200
    assert sorted(u["id"] for u in response.json()["scope_units"]) == units != []


def test_a_unit_contact_made_an_evaluator_through_the_api_loses_the_unit_as_in_the_pages(world, api):
    contact = world.users.contact_b
    response = api(world.users.admin).patch(
        f"accounts/users/{contact.pk}", {"role": "evaluator", "scope_units": [world.unit_a.pk]}
    )
    assert response.status_code == 200
    assert (response.json()["unit"], [u["id"] for u in response.json()["scope_units"]]) == (
        None,
        [world.unit_a.pk],
    )


def test_resetting_a_password_through_the_api_lifts_a_lockout_as_in_the_pages(world, api, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "contact_b", "password": "wrong-password-1"})
    contact = world.users.contact_b
    response = api(world.users.admin).post(
        f"accounts/users/{contact.pk}/reset-password", {"password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["locked"] is False
    signed_in = Client().post(reverse("login"), {"username": "contact_b", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302

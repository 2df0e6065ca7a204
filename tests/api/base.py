"""Generic tests every API resource inherits (NetBox style): anonymous, wrong role, other unit, allowed, audit.

A resource test class sets `path` and `model` and implements the hooks below; each hook takes the `world` of
tests/factories.py (unit_a belongs to contact_a and lies in the evaluator's scope; unit_b is another unit the
evaluator cannot see; the leader's portfolio holds both; the third party sees nothing):

    class TestPersons(UnitScopedResourceTests):
        path = "registry/persons"
        model = Person

        def own_object(self, world): ...        # an object of unit_a
        def other_object(self, world): ...      # an object of unit_b
        def create_payload(self, world): ...    # a valid body creating an object in unit_a
        def update_payload(self, world): ...    # a valid PATCH body
        def invalid_payload(self, world): ...   # (body, name of the field the 422 must name)

`ApiResourceTests` holds what every resource owes; `UnitScopedResourceTests` adds what a resource owes that
belongs to a unit (a unit contact sees and changes only its own unit's objects; another unit's object is 404).
Later rooms inherit these for their own resources.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from lvzhi.audit.models import AuditEvent


class ApiResourceTests:
    path: str = ""
    model = None
    # Roles whose writes are refused with 403 on an object they can see.
    read_only_users: tuple[str, ...] = ("committee",)
    # Who may create, change and delete; "admin" unless a resource says otherwise.
    writer: str = "admin"
    deletable: bool = True

    # -- hooks ----------------------------------------------------------------------------------------------
    def own_object(self, world):
        raise NotImplementedError

    def create_payload(self, world) -> dict:
        raise NotImplementedError

    def update_payload(self, world) -> dict:
        raise NotImplementedError

    def invalid_payload(self, world) -> tuple[dict, str]:
        raise NotImplementedError

    # -- helpers --------------------------------------------------------------------------------------------
    def detail(self, obj) -> str:
        return f"{self.path}/{obj.pk}"

    def audit_events(self, obj, action):
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        return AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk), action=action)

    # -- anonymous ------------------------------------------------------------------------------------------
    def test_anonymous_gets_401_on_every_method(self, world, api):
        anonymous = api(None)
        obj = self.own_object(world)
        responses = [
            anonymous.get(self.path),
            anonymous.get(self.detail(obj)),
            anonymous.post(self.path, self.create_payload(world)),
            anonymous.patch(self.detail(obj), self.update_payload(world)),
            anonymous.delete(self.detail(obj)),
        ]
        assert [r.status_code for r in responses] == [401] * 5
        assert all("登录" in r.json()["detail"] for r in responses)
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_an_unknown_token_gets_401_even_with_a_session(self, world, api):
        client = api(getattr(world.users, self.writer))
        response = client.get(self.path, Authorization="Bearer lvz_not-a-token")
        assert response.status_code == 401
        assert response.json()["detail"] == "接口令牌无效、已过期或已撤销。"

    # -- listing --------------------------------------------------------------------------------------------
    def test_list_is_paged_and_says_how_many_match(self, world, api):
        response = api(world.users.admin).get(self.path, {"limit": 1})
        assert response.status_code == 200
        body = response.json()
        assert body["limit"] == 1 and body["offset"] == 0
        assert body["count"] >= 1
        assert len(body["items"]) == 1

    def test_a_page_larger_than_allowed_is_refused_naming_limit(self, world, api):
        response = api(world.users.admin).get(self.path, {"limit": 100000})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "limit"

    # -- allowed --------------------------------------------------------------------------------------------
    def test_writer_creates_and_the_audit_log_names_them(self, world, api):
        writer = getattr(world.users, self.writer)
        payload = self.create_payload(world)
        response = api(writer).post(self.path, payload)
        assert response.status_code == 201, response.json()
        body = response.json()
        self.assert_body_matches(body, payload)
        created = self.model.objects.get(pk=body["id"])
        event = self.audit_events(created, "create").get()
        assert event.actor == writer
        assert event.source == "api"

    def test_writer_updates_and_the_audit_log_has_before_and_after(self, world, api):
        writer = getattr(world.users, self.writer)
        obj = self.own_object(world)
        payload = self.update_payload(world)
        response = api(writer).patch(self.detail(obj), payload)
        assert response.status_code == 200, response.json()
        self.assert_body_matches(response.json(), payload)
        event = self.audit_events(obj, "update").get()
        assert event.actor == writer
        changed = {c["field"] for c in event.changes}
        assert changed, "an update must record at least one changed field"
        assert all(c["before"] != c["after"] for c in event.changes)

    def test_writer_deletes_and_the_audit_log_keeps_the_old_values(self, world, api):
        if not self.deletable:
            pytest.skip("this resource cannot be deleted through the API")
        writer = getattr(world.users, self.writer)
        obj = self.deletable_object(world)
        response = api(writer).delete(self.detail(obj))
        assert response.status_code == 204
        assert not self.model.objects.filter(pk=obj.pk).exists()
        event = self.audit_events(obj, "delete").get()
        assert event.actor == writer
        assert event.before["id"] == obj.pk

    def test_a_write_with_a_token_is_audited_as_the_tokens_user(self, world, token_api):
        writer = getattr(world.users, self.writer)
        obj = self.own_object(world)
        response = token_api(writer).patch(self.detail(obj), self.update_payload(world))
        assert response.status_code == 200, response.json()
        event = self.audit_events(obj, "update").get()
        assert event.actor == writer
        assert event.actor_name == writer.full_name
        assert event.source == "api"

    def test_invalid_input_is_refused_naming_the_field_and_nothing_is_stored(self, world, api):
        payload, field = self.invalid_payload(world)
        before = self.model.objects.count()
        response = api(getattr(world.users, self.writer)).post(self.path, payload)
        assert response.status_code == 422
        body = response.json()
        assert field in [e["field"] for e in body["errors"]], body
        assert body["detail"].startswith("提交的数据有误")
        assert self.model.objects.count() == before

    # -- wrong role -----------------------------------------------------------------------------------------
    def test_a_role_that_only_reads_gets_403_on_writes_to_what_it_sees(self, world, api):
        obj = self.own_object(world)
        for name in self.read_only_users:
            client = api(getattr(world.users, name))
            assert client.get(self.detail(obj)).status_code == 200
            assert client.post(self.path, self.create_payload(world)).status_code == 403
            assert client.patch(self.detail(obj), self.update_payload(world)).status_code == 403
            assert client.delete(self.detail(obj)).status_code == 403
        assert self.model.objects.filter(pk=obj.pk).exists()
        assert not self.audit_events(obj, "update").exists()

    # -- body -----------------------------------------------------------------------------------------------
    def assert_body_matches(self, body, payload):
        """Every field sent comes back with the same value (foreign keys come back as {"id": …})."""
        for key, value in payload.items():
            got = body[key]
            if isinstance(got, dict) and "id" in got:
                got = got["id"]
            assert got == value, f"{key}: sent {value!r}, got {got!r}"

    def deletable_object(self, world):
        return self.own_object(world)


class UnitScopedResourceTests(ApiResourceTests):
    """A resource whose objects belong to a unit: scope by unit, contacts write in their own unit."""

    read_only_users = ("evaluator", "leader", "committee")
    contact_writes = True

    def other_object(self, world):
        raise NotImplementedError

    def test_unit_contact_lists_only_its_own_units_objects(self, world, api):
        response = api(world.users.contact_a).get(self.path, {"limit": 500})
        assert response.status_code == 200
        ids = {item["id"] for item in response.json()["items"]}
        assert self.own_object(world).pk in ids
        assert self.other_object(world).pk not in ids
        expected = self.model.objects.visible_to(world.users.contact_a).count()
        assert response.json()["count"] == expected

    def test_unit_contact_gets_404_for_another_units_object_by_id(self, world, api):
        other = self.other_object(world)
        client = api(world.users.contact_a)
        responses = [
            client.get(self.detail(other)),
            client.patch(self.detail(other), self.update_payload(world)),
            client.delete(self.detail(other)),
        ]
        assert [r.status_code for r in responses] == [404, 404, 404]
        assert responses[0].json() == {"detail": "未找到该对象,或您无权访问。"}
        assert self.model.objects.filter(pk=other.pk).exists()
        assert not self.audit_events(other, "update").exists()

    def test_a_hidden_object_and_a_missing_one_get_the_same_answer(self, world, api):
        client = api(world.users.contact_a)
        hidden = client.get(self.detail(self.other_object(world)))
        missing = client.get(f"{self.path}/987654321")
        assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())

    def test_third_party_without_assignments_sees_nothing(self, world, api):
        client = api(world.users.third_party)
        response = client.get(self.path)
        assert response.status_code == 200
        assert response.json()["count"] == 0
        assert client.get(self.detail(self.own_object(world))).status_code == 404

    def test_evaluator_sees_its_assigned_unit_but_not_others(self, world, api):
        client = api(world.users.evaluator)
        assert client.get(self.detail(self.own_object(world))).status_code == 200
        assert client.get(self.detail(self.other_object(world))).status_code == 404

    def test_unit_contact_changes_its_own_units_object(self, world, api):
        if not self.contact_writes:
            pytest.skip("only administrators change this resource")
        obj = self.own_object(world)
        response = api(world.users.contact_a).patch(self.detail(obj), self.update_payload(world))
        assert response.status_code == 200, response.json()
        assert self.audit_events(obj, "update").get().actor == world.users.contact_a

"""`lvzhi setup_demo` and `lvzhi load_demo`: the same seed gives the same county; setup prints the login."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from lvzhi.accounts.models import User
from lvzhi.audit.models import AuditEvent
from lvzhi.demo.accounts import DEMO_PASSWORD
from lvzhi.demo.build import build_demo
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    StaffingQuota,
    Unit,
)


def registry_digest() -> str:
    """A digest of every demo row by natural keys (codes, numbers, texts), leaving out primary keys."""
    tables = [
        Region.objects.order_by("code").values_list("code", "name", "level", "parent__code", "path"),
        Category.objects.order_by("code").values_list("code", "name", "order", "description"),
        Unit.objects.order_by("code").values_list(
            "code", "name", "short_name", "kind", "region__code", "category__code", "parent__code", "order"
        ),
        SanDing.objects.order_by("unit__code", "version").values_list(
            "unit__code", "version", "document_number", "approved_on", "is_current", "note"
        ),
        MainDuty.objects.order_by("sanding__unit__code", "sanding__version", "seq").values_list(
            "sanding__unit__code", "sanding__version", "seq", "text"
        ),
        StaffingQuota.objects.order_by("sanding__unit__code", "sanding__version", "kind").values_list(
            "sanding__unit__code", "sanding__version", "kind", "approved"
        ),
        LeadershipQuota.objects.order_by("sanding__unit__code", "sanding__version", "level").values_list(
            "sanding__unit__code", "sanding__version", "level", "approved"
        ),
        InternalBody.objects.order_by("unit__code", "code").values_list(
            "unit__code", "code", "name", "duties", "order"
        ),
        Post.objects.order_by("unit__code", "code").values_list(
            "unit__code", "code", "name", "internal_body__code", "leadership_level", "duties"
        ),
        Person.objects.order_by("staff_no").values_list(
            "staff_no",
            "unit__code",
            "post__code",
            "name",
            "gender",
            "birth_year",
            "staffing_kind",
            "joined_on",
            "is_active",
        ),
        User.objects.order_by("username").values_list("username", "role", "full_name", "unit__code"),
        User.scope_units.through.objects.order_by("user__username", "unit__code").values_list(
            "user__username", "unit__code"
        ),
    ]
    data = [[list(row) for row in table] for table in tables]
    return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False).encode()).hexdigest()


def build_and_read(seed: int) -> tuple[str, list, list]:
    """Build the demo with this seed, read (digest, units, people), and roll it back so the next build
    starts from an empty database."""
    with transaction.atomic():
        build_demo(seed=seed)
        result = (
            registry_digest(),
            list(Unit.objects.order_by("code").values_list("code", "name", "kind", "category__name")),
            list(Person.objects.order_by("staff_no").values_list("name", flat=True)),
        )
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_gives_identical_data_and_another_seed_other_people_in_the_same_units():
    digest, units, people = build_and_read(2026)
    assert not Unit.objects.exists()

    assert build_and_read(2026) == (digest, units, people)

    other_digest, other_units, other_people = build_and_read(7)
    assert other_digest != digest
    assert other_units == units
    assert other_people != people


@pytest.fixture
def no_addr(monkeypatch):
    monkeypatch.delenv("LVZHI_ADDR", raising=False)


def counts():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Post.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_setup_demo_on_an_empty_database_loads_the_county_and_prints_the_address_and_login(no_addr):
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    text = out.getvalue()

    assert "正在生成演示数据" in text
    assert "http://127.0.0.1:8000/" in text
    assert f"用户名 admin，密码 {DEMO_PASSWORD}" in text
    for username in ("pinggu", "lianluo", "lingdao", "bianwei", "disanfang"):
        assert username in text
    assert "75 个单位" in text
    admin = User.objects.get(username="admin")
    assert admin.is_office_admin and admin.check_password(DEMO_PASSWORD)
    assert Unit.objects.count() == 75


@pytest.mark.django_db
def test_setup_demo_run_twice_changes_nothing_and_prints_the_login_again(no_addr):
    call_command("setup_demo", stdout=io.StringIO())
    before = counts()

    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    text = out.getvalue()

    assert counts() == before
    assert "正在生成演示数据" not in text
    assert "http://127.0.0.1:8000/" in text
    assert f"用户名 admin，密码 {DEMO_PASSWORD}" in text
    assert User.objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_demo_parts_run_with_the_office_administrator_already_present(no_addr, monkeypatch):
    from lvzhi.demo import build

    from . import admin_probe

    monkeypatch.setattr(build, "DEMO_PARTS", ["lvzhi.demo.registry", "tests.demo.admin_probe"])
    monkeypatch.setattr(admin_probe, "SEEN", [])
    call_command("setup_demo", stdout=io.StringIO())
    assert admin_probe.SEEN == [["admin"]]


@pytest.mark.django_db
def test_load_demo_refuses_a_database_that_already_has_units_and_stores_nothing():
    call_command("load_demo", stdout=io.StringIO())
    before = counts()

    with pytest.raises(CommandError, match="演示数据只能载入空库"):
        call_command("load_demo", "--seed", "7", stdout=io.StringIO())

    assert counts() == before

"""A large import on SQLite lets other writers in between its chunks, and stays all-or-nothing to its user: a file
with an error stores nothing, and when the registry changes under it between its checking and its writing, what
it had written is taken back."""

import sqlite3

import pytest
from django.db import connection

from lvzhi.audit.models import AuditEvent
from lvzhi.registry.io.importers import ImportOptions, ImportRejected
from lvzhi.registry.io.importers.people import PersonImporter
from lvzhi.registry.io.services import import_file
from lvzhi.registry.models import Person, Post
from tests.factories import make_registry_world

from .helpers import PERSON_HEADER

ROWS = 30


@pytest.fixture
def staged(transactional_db, settings, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the two passes are SQLite's: PostgreSQL keeps one transaction")
    settings.REGISTRY_IMPORT_STAGED_ROWS = 10
    monkeypatch.setattr(PersonImporter, "chunk_size", 4)
    return make_registry_world()


def other_connection():
    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(name, uri=str(name).startswith("file:"), timeout=0)
    other.isolation_level = None
    return other


class Watcher:
    """A progress sink that, between chunks, tries a write of its own from another connection."""

    def __init__(self, on_stage=None):
        self.other = other_connection()
        self.writes_let_in = 0
        self.writes_locked_out = 0
        self.on_stage = on_stage
        self.stages: list[str] = []

    def stage(self, name, total=None, done=0):
        self.stages.append(str(name))
        if self.on_stage:
            self.on_stage(str(name), self.other)

    def advance(self, done, total=None):
        try:
            self.other.execute("BEGIN IMMEDIATE")
            self.other.execute("UPDATE registry_internalbody SET name = name")
            self.other.execute("COMMIT")
            self.writes_let_in += 1
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            self.writes_locked_out += 1


def persons_file(tmp_path, rows):
    import csv

    path = tmp_path / "persons.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([PERSON_HEADER, *rows])
    return path


def person_rows(post_for_last=""):
    rows = [[f"S{i:04d}", f"分批{i}", "LY001", "", "男", 1980, "行政编制", "2015-03-01", "是"] for i in range(ROWS)]
    if post_for_last:
        rows[-1][3] = post_for_last
    return rows


def test_other_writers_get_in_between_the_chunks_of_a_large_import(staged, tmp_path):
    watcher = Watcher()
    result = import_file(
        "persons",
        persons_file(tmp_path, person_rows()),
        actor=staged.users.admin,
        options=ImportOptions(allow_over_quota=True),
        progress=watcher,
    )
    assert result.created == ROWS
    assert Person.objects.filter(staff_no__startswith="S").count() == ROWS
    assert AuditEvent.objects.filter(action="create", reason__contains="persons.csv").count() == ROWS
    assert watcher.writes_let_in >= ROWS // 4
    assert watcher.writes_locked_out == 0
    assert watcher.stages[:2] == ["校验", "写入"]


def test_a_small_import_keeps_its_single_transaction(staged, tmp_path, settings):
    settings.REGISTRY_IMPORT_STAGED_ROWS = 10_000
    watcher = Watcher()
    import_file(
        "persons",
        persons_file(tmp_path, person_rows()),
        actor=staged.users.admin,
        options=ImportOptions(allow_over_quota=True),
        progress=watcher,
    )
    assert watcher.writes_locked_out > 0  # what the two passes are for
    assert Person.objects.filter(staff_no__startswith="S").count() == ROWS


def test_a_large_file_with_an_error_stores_nothing(staged, tmp_path):
    rows = person_rows()
    rows[25][2] = "XX999"
    persons_before, events_before = Person.objects.count(), AuditEvent.objects.count()
    watcher = Watcher()
    with pytest.raises(ImportRejected) as caught:
        import_file(
            "persons",
            persons_file(tmp_path, rows),
            actor=staged.users.admin,
            options=ImportOptions(allow_over_quota=True),
            progress=watcher,
        )
    (error,) = caught.value.errors
    assert (error.row, error.column, error.header) == (27, "C", "单位代码")
    assert "XX999" in error.reason
    assert watcher.stages == ["校验"]  # rejected by the checking pass: nothing was ever written
    assert (Person.objects.count(), AuditEvent.objects.count()) == (persons_before, events_before)


def test_a_change_between_the_passes_takes_back_what_was_written(staged, tmp_path):
    post = Post.objects.create(unit=staged.unit_a, code="A-09", name="临时岗")
    persons_before, events_before = Person.objects.count(), AuditEvent.objects.count()

    def delete_the_post_before_writing(stage, other):
        if stage == "写入":
            other.execute("DELETE FROM registry_post WHERE id = ?", (post.pk,))

    watcher = Watcher(on_stage=delete_the_post_before_writing)
    with pytest.raises(ImportRejected) as caught:
        import_file(
            "persons",
            persons_file(tmp_path, person_rows(post_for_last="A-09")),
            actor=staged.users.admin,
            options=ImportOptions(allow_over_quota=True),
            progress=watcher,
        )
    assert watcher.writes_let_in >= 5  # chunks before the last one had been committed
    (error,) = caught.value.errors
    assert (error.row, error.header) == (ROWS + 1, "岗位代码")
    assert Person.objects.count() == persons_before
    assert not Person.objects.filter(staff_no__startswith="S").exists()
    assert AuditEvent.objects.count() == events_before

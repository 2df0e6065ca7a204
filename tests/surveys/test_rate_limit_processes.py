"""The public pages' rate limit holds across processes (gunicorn workers): two real processes counting requests
for the same invitation against the same database get, together, exactly the limit — counted per process they
would get it each. Rows of past windows are deleted; the table holds no token or address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from lvzhi.surveys import limits
from lvzhi.surveys.models import RateCounter

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
COUNT = """
import sys, time, django
django.setup()
from lvzhi.surveys import limits
start = float(sys.argv[2])
while time.time() < start:  # both processes begin at the same moment
    time.sleep(0.005)
print(sum(limits.hit("invitation", "shared-token-0001", 20, 600) for _ in range(int(sys.argv[1]))))
"""
CREATE_TABLE = """
import django
django.setup()
from django.db import connection
from lvzhi.surveys.models import RateCounter
with connection.schema_editor() as editor:
    editor.create_model(RateCounter)
"""


def _database_url(tmp_path, env):
    db = connection.settings_dict
    if connection.vendor == "sqlite":  # the test database is in memory: a file both processes open
        url = f"sqlite:///{tmp_path / 'limits.sqlite3'}"
        subprocess.run(
            [sys.executable, "-c", CREATE_TABLE], env={**env, "DATABASE_URL": url}, cwd=ROOT, check=True
        )
        return url
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_two_processes_hitting_one_limit_get_it_once_between_them(tmp_path, settings):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lvzhi.settings", "SECRET_KEY": settings.SECRET_KEY,
           "LVZHI_TESTING": "1"}  # fmt: skip
    env["DATABASE_URL"] = _database_url(tmp_path, env)
    import time

    start = str(time.time() + 4)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT, "15", start],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    allowed = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        allowed.append(int(out.strip()))
    assert sum(allowed) == 20  # 30 requests, a limit of 20: per process each would have had 15
    if connection.vendor != "sqlite":
        # This process shares the count too: the 31st request is refused, another invitation is not.
        assert limits.hit("invitation", "shared-token-0001", 20, 600) is False
        assert limits.hit("invitation", "another-token-0002", 20, 600) is True
        stored = " ".join(f"{r.digest} {r.slot} {r.hits}" for r in RateCounter.objects.all())
        assert "shared-token" not in stored and RateCounter.objects.filter(hits=31).count() == 1


def test_past_windows_are_deleted():
    now = 1_800_000_000.0
    assert limits.count("address", "192.0.2.7", 600, now=now) == 1
    assert limits.count("address", "192.0.2.7", 600, now=now + 1) == 2
    assert limits.count("address", "192.0.2.7", 600, now=now + 600) == 1  # a new window
    limits.count("address", "192.0.2.8", 600, now=now + 1800)
    assert limits.purge(600, now=now + 1800) == 2
    assert list(RateCounter.objects.values_list("hits", flat=True)) == [1]
    assert "192.0.2" not in " ".join(RateCounter.objects.values_list("digest", flat=True))

"""The background worker yields the CPU to people's requests: `lvzhi worker` lowers its own priority by
LVZHI_WORKER_NICENESS before it starts taking jobs (run in a child process: niceness cannot be raised back)."""

import os
import subprocess
import sys

PROBE = (
    "import os, django; django.setup();"
    "from lvzhi.core.management.commands.worker import yield_cpu;"
    "before = os.nice(0); after = yield_cpu(); print(before, after)"
)


def _niceness(value: str | None) -> tuple[int, int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lvzhi.settings", "LVZHI_TESTING": "1"}
    env.pop("LVZHI_WORKER_NICENESS", None)
    if value is not None:
        env["LVZHI_WORKER_NICENESS"] = value
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    before, after = out.stdout.split()[-2:]
    return int(before), int(after)


def test_the_worker_runs_below_the_web_processes_by_default():
    before, after = _niceness(None)
    assert after == min(19, before + 10)


def test_the_niceness_is_configurable_and_zero_keeps_the_priority():
    before, after = _niceness("3")
    assert after == min(19, before + 3)
    before, after = _niceness("0")
    assert after == before

"""bench/registry.py at a tiny scale, so that the province benchmark cannot rot (the full run is not part of
`make test`)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_benchmark_runs_end_to_end_at_a_tiny_scale():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "LVZHI_TESTING", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "registry.py"),
            "--units", "50",
            "--bodies-per-unit", "2",
            "--posts-per-unit", "6",
            "--persons-per-unit", "5",
            "--runs", "2",
            "--format", "csv",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for kind, rows in (("units", 50), ("quotas", 50), ("bodies", 100), ("posts", 300), ("persons", 250)):
        assert any(line.split()[:2] == [kind, str(rows)] for line in out.splitlines()), out
    assert "单位详情 /registry/units/<id>/" in out
    assert "区划汇总 /registry/regions/" in out
    assert "(不随页大小增长)" in out

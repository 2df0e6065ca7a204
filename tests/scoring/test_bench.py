"""The benchmark script keeps working (a small run; the full figures are in the report)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_small_benchmark_run_agrees_with_the_explained_path():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "scoring.py"), "--units", "300", "--check", "60",
                           "--repeat", "1"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "批量路径与逐项说明路径总分不一致 0 个" in done.stdout

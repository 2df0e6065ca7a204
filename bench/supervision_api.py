#!/usr/bin/env python
"""The supervision bulk API over loopback: systems POST performance records in JSON batches to
/api/supervision/batches (the product's endpoint: token, policy, every record checked against the registry and
the lists, deduplicated, appended to the Parquet store, the batch and its audit record in the database), against
gunicorn on a fresh SQLite database in a temporary directory with 300 units and 50 power items each.

    .venv/bin/python bench/supervision_api.py              # 500,000 records in batches of 10,000
    .venv/bin/python bench/supervision_api.py --quick      # 100,000 records
    .venv/bin/python bench/supervision_api.py --records 1000000 --batch 20000 --clients 2

Printed: records stored, refused and duplicated (all must be 0 but the stored), the wall-clock time and the
records per second over all batches (after a warm-up of 4 small batches that load the application in each
worker), and the median and slowest batch. Aim: 50,000 records/s or more.
`bench/supervision.py` runs this after the store's figures (skip with --no-api)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
UNITS = 300
ITEMS = 50


def setup(env: dict[str, str]) -> str:
    """The database, the registry and an office user; the user's API token."""
    subprocess.run([str(BIN / "lvzhi"), "migrate", "--noinput"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    script = f"""
import datetime
from lvzhi.accounts.models import ApiToken, Role, User
from lvzhi.duties.models import PowerItem
from lvzhi.registry.models import Category, Region, Unit
region = Region.objects.create(code="371302", name="兰山区", level=Region.Level.COUNTY)
category = Category.objects.create(code="ZF", name="执法类", order=1)
units = Unit.objects.bulk_create([
    Unit(code=f"U{{i:04d}}", name=f"基准单位{{i:04d}}", region=region, category=category, kind="government")
    for i in range({UNITS})
])
PowerItem.objects.bulk_create([
    PowerItem(unit=u, code=f"X{{k}}", name=f"行政检查事项{{k}}", item_type="inspection", initiation="ex_officio",
              valid_from=datetime.date(2024, 1, 1))
    for u in units for k in range({ITEMS})
], batch_size=5000)
admin = User.objects.create_user("bench", password=None, role=Role.ADMIN, full_name="基准")
print("TOKEN", ApiToken.issue(admin, "bench")[1])
"""
    out = subprocess.run([str(BIN / "lvzhi"), "shell", "-c", script], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN "))


def batch_body(number: int, size: int) -> bytes:
    """`size` distinct records (the batch number and position make each record's content unique)."""
    records = []
    for i in range(size):
        n = number * size + i
        records.append({
            "unit": f"U{(n * 7919) % UNITS:04d}", "item_kind": "power", "item": f"X{n % ITEMS}",
            "day": f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}", "action": f"检查记录{n}", "quantity": 1 + n % 5,
        })  # fmt: skip
    payload = {
        "kind": "performance",
        "batch_id": f"bench-{number}",
        "allow_partial": False,
        "records": records,
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 records")
    parser.add_argument("--records", type=int, default=None)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=2, help="systems sending at the same time")
    parser.add_argument("--port", type=int, default=8795)
    args = parser.parse_args()
    total = args.records or (100_000 if args.quick else 500_000)
    batches = max(1, total // args.batch)
    work = Path(tempfile.mkdtemp(prefix="lvzhi-bench-svapi-"))
    env = {**os.environ, "LVZHI_VAR_DIR": str(work), "SECRET_KEY": "bench-" + os.urandom(8).hex(),
           "ALLOWED_HOSTS": "127.0.0.1", "LVZHI_AXES_ENABLED": "0", "LVZHI_LOG_LEVEL": "WARNING"}  # fmt: skip
    for name in ("LVZHI_TESTING", "DATABASE_URL", "LVZHI_DEBUG", "LVZHI_SUPERVISION_DIR"):
        env.pop(name, None)
    server = None
    try:
        token = setup(env)
        bodies = [batch_body(b, args.batch) for b in range(batches)]
        server = subprocess.Popen([str(BIN / "gunicorn"), "lvzhi.wsgi:application", "--bind",
                                   f"127.0.0.1:{args.port}", "--workers", "2", "--timeout", "300"],
                                  env=env, cwd=ROOT, stderr=open(work / "gunicorn.log", "w"))  # noqa: SIM115  # fmt: skip
        for _ in range(60):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        # Each gunicorn worker imports the application on its first request (seconds): warm both up with small
        # batches of other records, not counted, so that the figure is the sustained rate the issue asks for.
        def warm(number: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)
            body = batch_body(10_000 + number, 100)
            conn.request("POST", "/api/supervision/batches", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
            conn.getresponse().read()

        warmers = [threading.Thread(target=warm, args=(n,)) for n in range(4)]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        results: list[tuple[float, int, dict]] = []
        lock = threading.Lock()
        queue = list(range(batches))

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            while True:
                with lock:
                    if not queue:
                        return
                    number = queue.pop(0)
                started = time.perf_counter()
                conn.request("POST", "/api/supervision/batches", body=bodies[number], headers=headers)
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
                with lock:
                    results.append((time.perf_counter() - started, response.status, answer))

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        bad = [(s, a) for _t, s, a in results if s not in (200, 201)]
        stored = sum(a.get("accepted", 0) for _t, s, a in results if s in (200, 201))
        refused = sum(a.get("refused", 0) for _t, s, a in results if s in (200, 201))
        duplicates = sum(a.get("duplicates", 0) for _t, s, a in results if s in (200, 201))
        times = sorted(t for t, _s, _a in results)
        print(
            f"bulk API: {batches} batches of {args.batch:,} records from {args.clients} clients, gunicorn 2 workers, "
            f"SQLite; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"stored {stored:,} of {batches * args.batch:,} records, refused {refused}, duplicates {duplicates}, "
            f"failed batches {len(bad)}{' ' + str(bad[0])[:300] if bad else ''}"
        )
        print(
            f"{stored / wall:,.0f} records/s ({wall:.1f} s); batch median {statistics.median(times) * 1000:.0f} ms, "
            f"slowest {times[-1] * 1000:.0f} ms"
        )
        return 0 if not bad and stored == batches * args.batch else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

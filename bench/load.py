#!/usr/bin/env python
"""Load under a large import: 50 concurrent users on loopback (pages and API, reads and writes) against gunicorn,
on SQLite and on PostgreSQL, while a 300,000-row persons import runs in the background worker.

    .venv/bin/python bench/load.py                # both databases, 50 users, 300,000 rows, 120 s of load each
    .venv/bin/python bench/load.py --quick        # 20 users, 20,000 rows, 30 s each (a smoke run)
    .venv/bin/python bench/load.py --db sqlite    # one database only
    BENCH_POSTGRES_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python bench/load.py --db postgres
        # PostgreSQL: a fresh database lvzhi_load_<pid> on that server (default TEST_POSTGRES_URL's), dropped after

Each database: a fresh one with the demo county (`lvzhi setup_demo`), gunicorn (gthread) and `lvzhi worker`
on 127.0.0.1, the import submitted through the API, then the users' loop until the time is up. Prints, per
database: requests, requests per second, p50 and p95 latency, the count of 5xx answers (503 "busy" included),
and whether the import finished. Traffic goes to 127.0.0.1 only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def sh(args, env, **kw):
    return subprocess.run([str(BIN / args[0]), *args[1:]], env=env, cwd=ROOT, check=True, **kw)


def persons_csv(path: Path, rows: int, units: list[str]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["人员编号", "姓名", "单位代码", "岗位代码", "性别", "出生年份", "编制类型", "入编时间", "在编"])
        for i in range(rows):
            writer.writerow([f"L{i:07d}", f"压测{i % 9973}", units[i % len(units)], "", "男" if i % 2 else "女",
                             1960 + i % 40, "事业编制", "2015-03-01", "是"])


class Client:
    """One user: a keep-alive connection, a session cookie (pages) or a bearer token (API)."""

    def __init__(self, port: int, token: str = "", cookie: str = ""):
        self.port, self.token, self.cookie = port, token, cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> int:
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    return 599


def login_cookie(port: int, username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf = re.search(r'csrftoken=([^;]+)', response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"})
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if not session:
        raise SystemExit(f"login as {username} failed ({response.status})")
    return f"csrftoken={csrf}; sessionid={session.group(1)}"


def run_one(db: str, args) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"lvzhi-load-{db}-"))
    env = {**os.environ, "LVZHI_VAR_DIR": str(work), "SECRET_KEY": "load-bench-only", "LVZHI_AXES_ENABLED": "0",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "LVZHI_DEMO_PASSWORD": "Lvzhi-demo-2026"}
    env.pop("LVZHI_TESTING", None)
    env.pop("DATABASE_URL", None)
    pg_admin = None
    if db == "postgres":
        import psycopg

        base = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get(
            "TEST_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")
        name = f"lvzhi_load_{os.getpid()}"
        pg_admin = (base, name)
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    procs = []
    try:
        print(f"[{db}] setting up the demo county …", flush=True)
        sh(["lvzhi", "migrate", "--noinput"], env, stdout=subprocess.DEVNULL)
        sh(["lvzhi", "setup_demo"], env, stdout=subprocess.DEVNULL)
        out = subprocess.run([str(BIN / "lvzhi"), "shell", "-c", (
            "from lvzhi.accounts.models import ApiToken, User\n"
            "from lvzhi.registry.models import InternalBody, Unit\n"
            "print('OUT', ApiToken.issue(User.objects.get(username='admin'), 'load')[1])\n"
            "print('OUT', ApiToken.issue(User.objects.get(username='lianluo'), 'load')[1])\n"
            "u = User.objects.get(username='lianluo').unit\n"
            "print('OUT', ','.join(str(b) for b in InternalBody.objects.filter(unit=u).values_list('pk', flat=True)))\n"
            "print('OUT', ','.join(Unit.objects.values_list('code', flat=True)))\n")],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout.split("\n")
        out = [line[4:] for line in out if line.startswith("OUT ")]  # the shell prints its auto-imports first
        admin_token, contact_token, bodies, units = out[0], out[1], out[2].split(","), out[3].split(",")
        csv_path = work / "persons.csv"
        persons_csv(csv_path, args.rows, units)
        port = args.port + (1 if db == "postgres" else 0)
        procs.append(subprocess.Popen([str(BIN / "gunicorn"), "lvzhi.wsgi:application", "--bind",
                                       f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
                                       "--worker-class", "gthread", "--timeout", "120"], env=env, cwd=ROOT,
                                      stderr=open(work / "gunicorn.log", "w")))  # noqa: SIM115
        procs.append(subprocess.Popen([str(BIN / "lvzhi"), "worker"], env=env, cwd=ROOT,
                                      stdout=open(work / "worker.log", "w"), stderr=subprocess.STDOUT))  # noqa: SIM115
        for _ in range(120):
            try:
                if Client(port).request("GET", "/accounts/login/") == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        upload = subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {admin_token}",
                                 "-F", "kind=persons", "-F", "background=true", "-F", "allow_over_quota=true", "-F", f"file=@{csv_path}",
                                 f"http://127.0.0.1:{port}/api/registry/io/imports"],
                                capture_output=True, text=True, check=True)
        answer = json.loads(upload.stdout)
        if "id" not in answer:
            raise SystemExit(f"[{db}] the import was not accepted: {upload.stdout[:500]}")
        job_id = answer["id"]
        print(f"[{db}] import of {args.rows:,} rows queued (job {job_id}); {args.users} users for {args.seconds} s",
              flush=True)
        cookies = {name: login_cookie(port, name, "Lvzhi-demo-2026") for name in ("admin", "pinggu", "lianluo")}
        results: list[tuple[float, int, str]] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def user(n: int) -> None:
            rnd = random.Random(n)
            page = Client(port, cookie=cookies[("admin", "pinggu", "lianluo")[n % 3]])
            api = Client(port, token=contact_token if n % 3 == 2 else admin_token)
            while time.monotonic() < deadline:
                r = rnd.random()
                if r < 0.3:
                    kind, client, method, path, body = "page", page, "GET", rnd.choice(
                        ["/", "/registry/units/", "/registry/io/", "/campaigns/"]), None
                elif r < 0.7:
                    kind, client, method, path, body = "api-read", api, "GET", rnd.choice(
                        ["/api/registry/units?limit=50", f"/api/registry/persons?limit=50&offset={rnd.randint(0, 500)}",
                         "/api/campaigns/", f"/api/registry/io/jobs/{job_id}"]), None
                else:  # the unit contact and the office edit the contact's unit's internal bodies
                    kind, client, method = "api-write", api, "PATCH"
                    path = f"/api/registry/internal-bodies/{rnd.choice(bodies)}"
                    body = {"duties": f"压测修改 {rnd.random()}"}
                started = time.perf_counter()
                status = client.request(method, path, body)
                with lock:
                    results.append((time.perf_counter() - started, status, kind))

        threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
        begun = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - begun
        job = json.loads(subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {admin_token}",
                                         f"http://127.0.0.1:{port}/api/registry/io/jobs/{job_id}"],
                                        capture_output=True, text=True, check=True).stdout)
        times = sorted(t for t, _s, _k in results)
        errors = [s for _t, s, _k in results if s >= 500]
        summary = {
            "db": db, "requests": len(results), "rps": len(results) / elapsed,
            "p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
            "5xx": len(errors), "503": errors.count(503),
            "writes": sum(1 for _t, _s, k in results if k == "api-write" and _s < 500),
            "import": f"{job.get('status')} {job.get('done')}/{job.get('total')}",
        }
        if job.get("status") not in ("running", "done", "succeeded"):
            print(f"[{db}] the import did not run as the bench means it to: {job.get('message')} {job.get('errors', [])[:3]}")
        print(f"[{db}] {summary['requests']:,} requests in {elapsed:.0f} s: {summary['rps']:.1f} req/s, "
              f"p50 {summary['p50'] * 1000:.0f} ms, p95 {summary['p95'] * 1000:.0f} ms, "
              f"5xx {summary['5xx']} (503 busy {summary['503']}); import {summary['import']}", flush=True)
        return summary
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        if pg_admin:
            import psycopg

            with psycopg.connect(pg_admin[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_admin[1]}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (docs/deployment.md: one per core)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (docs/deployment.md: 4)")
    args = parser.parse_args()
    args.users = args.users or (20 if args.quick else 50)
    args.rows = args.rows or (20000 if args.quick else 300000)
    args.seconds = args.seconds or (30 if args.quick else 120)
    print(f"load: {args.users} users, {args.rows:,}-row import, {args.seconds} s per database; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)", flush=True)
    summaries = [run_one(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])]
    print(json.dumps(summaries, ensure_ascii=False, indent=1))
    sys.exit(0)


if __name__ == "__main__":
    main()

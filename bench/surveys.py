#!/usr/bin/env python
"""Surveys benchmark: respondents submitting at once against gunicorn on PostgreSQL, some retrying.

A fresh database lvzhi_bench_surveys_<pid> is created on the PostgreSQL server of DATABASE_URL (default
postgres://root@127.0.0.1:5432/postgres), migrated, given a campaign with one respondent group and N single-use
invitations; gunicorn serves the product on a free loopback port as docs/deployment.md sets it up for 2 cores
(2 workers, 4 threads each, --timeout 120: one process per core, threads to overlap the database's waits).

The N respondents first open their links (GET, which sets the CSRF cookie) — they then fill in the
questionnaire, which takes them minutes — and then all submit at once: every submission is queued at the same
moment and sent from a pool of client threads (50: 50 submissions in flight at any moment, each on a new
connection, as nginx opens one to gunicorn per request); 10% post the same submission a second time (a retry on
a weak network). A submission's latency is from sending the POST to having read the thank-you page it redirects
to. Printed: the pages' latency; answers stored, duplicates (a respondent stored twice), losses (a respondent
whose answer is missing), p95 and median latency of the submissions, submissions per second. With --interleaved
each client thread opens a page and submits it straight away (the pages' load then falls in the submissions'
time, as in the first version of this benchmark). The database is dropped afterwards.

    .venv/bin/python bench/surveys.py                  # 1,000 respondents
    .venv/bin/python bench/surveys.py --quick          # 100 respondents
    .venv/bin/python bench/surveys.py --interleaved    # each respondent opens its page and submits at once

Aim: 0 lost, 0 duplicated, p95 under 500 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEME = {
    "format": "lvzhi-scheme/1", "code": "bench-survey", "name": "问卷基准方案", "categories": ["政务服务"],
    "indicators": [{"code": "C", "name": "满意度", "points": 100, "children": [
        {"code": "C1", "name": "管理服务对象评价", "points": 100, "source": "survey:管理服务对象",
         "rule": {"type": "survey", "options": {"满意": 100, "基本满意": 60, "不满意": 0}}}]}],
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup(n: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from lvzhi.accounts.models import Role, User
    from lvzhi.campaigns import actions as campaign_actions
    from lvzhi.registry.models import Category, Region, Unit
    from lvzhi.schemes.models import Scheme, SchemeVersion
    from lvzhi.surveys import actions

    admin = User.objects.create_user("bench", password="x", role=Role.ADMIN, full_name="基准")
    region = Region.objects.create(code="370682", name="莱阳市", level=Region.Level.COUNTY)
    category = Category.objects.create(code="ZW", name="政务服务", order=1)
    units = [Unit.objects.create(code=f"B{i:03d}", name=f"基准单位{i}", kind="government", region=region,
                                 category=category) for i in range(10)]  # fmt: skip
    scheme = Scheme.objects.create(code=SCHEME["code"], name=SCHEME["name"])
    version = SchemeVersion.objects.create(scheme=scheme, number=1, status="published", definition=SCHEME)
    campaign = campaign_actions.create_campaign(actor=admin, name="基准活动", year=2026, scheme_version=version,
                                                categories=[category])  # fmt: skip
    q = actions.create_questionnaire(actor=admin, title="基准问卷")
    rating = actions.save_question(q, actor=admin, text="总体评价", kind="satisfaction", scores=True)
    business = actions.save_question(
        q, actor=admin, text="是否办理过业务", kind="single", options=["是", "否"]
    )
    text = actions.save_question(q, actor=admin, text="意见", kind="text", required=False)
    group = actions.create_group(campaign, actor=admin, version=q, units=units, name="管理服务对象")
    actions.open_group(group, actor=admin)
    tokens = []
    for unit in units:
        tokens += [
            t for t, _u in actions.issue_invitations(group, actor=admin, count=n // len(units), unit=unit)
        ]
    tokens += [t for t, _u in actions.issue_invitations(group, actor=admin, count=8)]  # for the warm-up
    return tokens, {"rating": rating.pk, "business": business.pk, "text": text.pk}


def open_page(base: str, token: str) -> tuple[urllib.request.OpenerDirector, str, float]:
    """A respondent opens its link: its own cookie jar (the CSRF cookie), the token of the form, the latency."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    start = time.perf_counter()
    opener.open(f"{base}/s/{token}/", timeout=60).read()
    elapsed = time.perf_counter() - start
    return opener, next(c.value for c in jar if c.name == "csrftoken"), elapsed


def submit(
    base: str, page: tuple, token: str, i: int, qs: dict, retry: bool
) -> tuple[list[float], list[int]]:
    opener, csrf, _elapsed = page
    body = urllib.parse.urlencode({
        "csrfmiddlewaretoken": csrf, "token": token, "sid": f"bench-submission-{i:08d}",
        f"q{qs['rating']}": random.choice(["满意", "满意", "基本满意", "不满意"]),
        f"q{qs['business']}": "否", f"q{qs['text']}": f"bench-{i}",
    }).encode()  # fmt: skip
    times, codes = [], []
    for _attempt in range(2 if retry else 1):
        request = urllib.request.Request(f"{base}/s/submit/", data=body, headers={"Referer": base + "/"})
        start = time.perf_counter()
        with opener.open(request, timeout=60) as response:  # follows the redirect to the thank-you page
            response.read()
            codes.append(response.status)
        times.append(time.perf_counter() - start)
    return times, codes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 respondents instead of 1,000")
    parser.add_argument("--respondents", type=int, default=None)
    parser.add_argument("--clients", type=int, default=50, help="client threads (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--interleaved", action="store_true",
                        help="each respondent opens its page and submits straight away")  # fmt: skip
    args = parser.parse_args()
    n = args.respondents or (100 if args.quick else 1000)
    import psycopg

    server = os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/postgres")
    parts = urlsplit(server)
    name = f"lvzhi_bench_surveys_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
           "SECRET_KEY": "bench-" + os.urandom(16).hex(), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "LVZHI_AXES_ENABLED": "0", "LVZHI_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "lvzhi.settings",
           "LVZHI_SURVEY_RATE_PER_ADDRESS": "1000000", "LVZHI_VAR_DIR": f"/tmp/{name}"}  # fmt: skip
    env.pop("LVZHI_DEBUG", None)
    os.environ.update(env)
    gunicorn = None
    try:
        tokens, qs = setup(n)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "lvzhi.wsgi", "-w", str(args.workers),
             "--threads", str(args.threads), "--timeout", "120", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/s/thanks/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        # Warm up every worker (URL resolver, templates, translations) on links left out of the measurement.
        spare = tokens[-8:]
        tokens = tokens[:-8]
        for token in spare * 4:
            urllib.request.urlopen(f"{base}/s/{token}/", timeout=30).read()
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        rng = random.Random(2026)
        retried = set(rng.sample(range(len(tokens)), len(tokens) // 10))
        pages: list[tuple] = []
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            if args.interleaved:
                start = time.perf_counter()

                def both(i: int) -> tuple[list[float], list[int]]:
                    page = open_page(base, tokens[i])
                    pages.append(page)
                    return submit(base, page, tokens[i], i, qs, i in retried)

                results = list(pool.map(both, range(len(tokens))))
                elapsed = time.perf_counter() - start
            else:
                start = time.perf_counter()
                pages = list(pool.map(lambda t: open_page(base, t), tokens))
                opened = time.perf_counter() - start
                start = time.perf_counter()
                results = list(pool.map(lambda i: submit(base, pages[i], tokens[i], i, qs, i in retried),
                                        range(len(tokens))))  # fmt: skip
                elapsed = time.perf_counter() - start
        import django
        from django.db import connection

        django.setup()
        from lvzhi.surveys.models import Answer, Invitation, Response

        connection.close()
        stored = Response.objects.count()
        texts = list(Answer.objects.filter(question_id=qs["text"]).values_list("text", flat=True))
        counts: dict[str, int] = {}
        for t in texts:
            counts[t] = counts.get(t, 0) + 1
        duplicates = sum(c - 1 for c in counts.values() if c > 1)
        losses = sum(1 for i in range(len(tokens)) if f"bench-{i}" not in counts)
        stored_measured = sum(1 for i in range(len(tokens)) if f"bench-{i}" in counts)
        used = Invitation.objects.filter(used=True).count()
        latencies = sorted(t for times, _codes in results for t in times)
        failed = sum(1 for _t, codes in results for c in codes if c != 200)
        p95 = percentile(latencies, 0.95)
        submissions = len(latencies)
        page_times = [page[2] for page in pages]
        mode = (
            "each opening its page and submitting straight away" if args.interleaved else "submitting at once"
        )
        print(f"respondents: {len(tokens)} ({len(retried)} retried once), {mode}; client threads: {args.clients}, "
              f"gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL; load average before: {load}")  # fmt: skip
        pages_rate = (
            ""
            if args.interleaved
            else f"; {len(pages)} pages in {opened:.1f} s = {len(pages) / opened:.0f}/s"
        )
        print(f"pages: median {statistics.median(page_times) * 1000:.0f} ms, "
              f"p95 {percentile(page_times, 0.95) * 1000:.0f} ms{pages_rate}")  # fmt: skip
        print(f"answers stored: {stored} ({stored_measured} of the {len(tokens)} respondents); invitations used: {used}; duplicates: {duplicates}; losses: {losses}; "
              f"non-200 answers: {failed}")  # fmt: skip
        print(f"submission latency: median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
              f"{submissions} submissions in {elapsed:.1f} s = {submissions / elapsed:.0f} submissions/s")  # fmt: skip
        return 0 if duplicates == 0 and losses == 0 else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())

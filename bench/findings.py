#!/usr/bin/env python
"""Findings benchmark: import 10,000 findings (问题台账) from one Excel file through the product's import
(lvzhi.findings.imports.import_findings: the one reader, the whole file checked, then one transaction with bulk
writes and an audit record per finding) into a fresh database with 500 units. Printed: rows, seconds, rows per
second; then the ledger's counts over all of them (the page's and the API's selector).

    .venv/bin/python bench/findings.py              # 10,000 findings, SQLite in a temporary directory
    .venv/bin/python bench/findings.py --quick      # 1,000 findings
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python bench/findings.py
        # PostgreSQL: a database lvzhi_bench_findings_<pid> is created on that server and dropped afterwards

Aim: 10,000 rows under 10 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = ["12345热线反映{x}办理时间长", "人大代表建议加快{x}信息公开", "审计发现{x}资金管理不规范",
          "{x}职责边界不清", "{x}岗位职责未细化", "监管预警:{x}超时率偏高"]  # fmt: skip
THINGS = [
    "项目备案",
    "低保复核",
    "施工许可",
    "占道经营投诉",
    "防汛物资",
    "不动产登记",
    "医保报销",
    "企业开办",
]
SOURCES = ["12345热线", "人大代表政协委员意见", "审计或巡察报告", "监管预警", "实地评估", "日常发现"]
CATEGORIES = ["履职不到位", "违规违纪", "职责交叉", "机构编制管理不规范", "条条干预"]


def configure(tmp: Path, database_url: str | None) -> str | None:
    os.environ.update({"LVZHI_VAR_DIR": str(tmp / "var"), "LVZHI_MEDIA_ROOT": str(tmp / "var" / "media"),
                       "ALLOWED_HOSTS": "testserver", "LVZHI_AXES_ENABLED": "0", "LVZHI_LOG_LEVEL": "WARNING",
                       "DJANGO_SETTINGS_MODULE": "lvzhi.settings"})  # fmt: skip
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ.pop("LVZHI_DEBUG", None)
    (tmp / "var" / "media").mkdir(parents=True, exist_ok=True)
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
        return None
    import psycopg

    parts = urlsplit(database_url)
    name = f"lvzhi_bench_findings_{os.getpid()}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return name


def drop(database_url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_units(n: int) -> list[str]:
    from lvzhi.registry.models import Category, Region, Unit

    region = Region.objects.create(code="370682", name="莱阳市", level=Region.Level.COUNTY)
    category = Category.objects.create(code="ZW", name="政务服务", order=1)
    Unit.objects.bulk_create([
        Unit(code=f"B{i:04d}", name=f"基准单位{i:04d}", region=region, category=category, kind="government")
        for i in range(n)
    ])  # fmt: skip
    return [f"B{i:04d}" for i in range(n)]


def workbook(path: Path, rows: int, codes: list[str]) -> None:
    from lvzhi.core import spreadsheets

    rng = random.Random(2026)
    book = spreadsheets.new_workbook(write_only=True)
    sheet = book.create_sheet("问题台账")
    spreadsheets.append(sheet, ["单位代码", "问题", "来源", "问题类别", "严重程度", "具体情况", "问题根源",
                                "整改期限", "整改责任人", "立行立改", "扣分"])  # fmt: skip
    for i in range(rows):
        title = rng.choice(TITLES).format(x=rng.choice(THINGS))
        spreadsheets.append(sheet, [
            rng.choice(codes), f"{title}(第{i + 1}号)", rng.choice(SOURCES), rng.choice(CATEGORIES),
            rng.choice(["严重", "一般", "轻微"]), "群众反映集中,经核实属实。", "工作机制不健全",
            f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "分管副局长", rng.choice(["是", "否"]),
            str(rng.choice([0, 0.5, 1, 2])),
        ])  # fmt: skip
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 findings instead of 10,000")
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    rows = args.rows or (1000 if args.quick else 10000)
    tmp = Path(tempfile.mkdtemp(prefix="lvzhi-bench-findings-"))
    database_url = os.environ.get("DATABASE_URL")
    name = configure(tmp, database_url)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from lvzhi.accounts.models import Role, User
        from lvzhi.findings import imports, selectors
        from lvzhi.findings.models import Finding

        admin = User.objects.create_user("bench", password="x", role=Role.ADMIN, full_name="基准")
        codes = build_units(500)
        path = tmp / "问题台账.xlsx"
        workbook(path, rows, codes)
        start = time.perf_counter()
        stored = imports.import_findings(path, path.name, actor=admin)
        seconds = time.perf_counter() - start
        assert stored == rows == Finding.objects.count()
        start = time.perf_counter()
        counts = selectors.counts(selectors.ledger(admin))
        count_seconds = time.perf_counter() - start
        engine = "PostgreSQL" if name else "SQLite"
        print(f"findings import ({engine}): {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")
        print(f"ledger counts over {counts.total} findings: {count_seconds * 1000:.0f} ms")
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        if name and database_url:
            drop(database_url, name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

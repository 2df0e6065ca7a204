#!/usr/bin/env python
"""Campaign benchmark: a campaign of 500 units (five categories) under the Laiyang seed scheme with full inputs —
self and reviewed scores for every entered indicator, on-site deductions, semiannual leader ratings, survey
answers and hotline rates — in a fresh database. Times:

- recomputing every unit's result through the engine and storing it (lvzhi.campaigns.scoring.compute: read the
  inputs, score and rank, write the results, refresh the triangulation flags; a unit's explained tree is made on
  first reading and stored — the first view of a unit and explaining all units are timed too);
- the results page (/campaigns/<id>/results/) and one unit's explained result
  (/campaigns/<id>/units/<unit>/result/), fetched with Django's test client signed in as an office administrator.

    .venv/bin/python bench/campaign.py                 # 500 units, SQLite in a temporary directory
    .venv/bin/python bench/campaign.py --units 2000 --requests 30
    DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/campaign.py
        # PostgreSQL: a database lvzhi_bench_campaign_<pid> is created on that server and dropped afterwards

Aim: recompute under 2 s, pages under 300 ms at the 95th percentile.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORIES = ["党群系统", "政务服务", "城乡建设", "司法监督", "教学科研"]


def configure(tmp: Path, database_url: str | None) -> str | None:
    os.environ["LVZHI_VAR_DIR"] = str(tmp / "var")
    os.environ["LVZHI_MEDIA_ROOT"] = str(tmp / "var" / "media")
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["LVZHI_AXES_ENABLED"] = "0"
    os.environ["LVZHI_LOG_LEVEL"] = "WARNING"
    os.environ.pop("LVZHI_DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    (tmp / "var" / "media").mkdir(parents=True, exist_ok=True)
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
        return None
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(database_url)
    name = f"lvzhi_bench_campaign_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return admin_url + "|" + name


def drop(handle: str | None) -> None:
    if not handle:
        return
    import psycopg

    admin_url, name = handle.split("|")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build(n_units: int, rng: random.Random):
    from lvzhi.accounts.models import Role, User
    from lvzhi.audit.context import audit_context
    from lvzhi.campaigns import actions, demo, scoring
    from lvzhi.campaigns.models import CampaignUnit, ImportedValue, IndicatorEntry, LeaderRating
    from lvzhi.registry.models import Category, Region, Unit
    from lvzhi.schemes.models import Scheme, SchemeVersion
    from lvzhi.scoring import read_scheme_file

    admin = User.objects.create_user(
        username="bench-admin", password=None, role=Role.ADMIN, full_name="测评管理员"
    )
    leaders = [
        User.objects.create_user(
            username=f"leader{i}", password=None, role=Role.LEADER, full_name=f"副市长{i}"
        )
        for i in range(len(CATEGORIES))
    ]
    province = Region.objects.create(code="370000", name="山东省", level=1)
    county = Region.objects.create(code="370682", name="莱阳市", level=3, parent=province)
    categories = [
        Category.objects.create(code=f"C{i}", name=name, order=i) for i, name in enumerate(CATEGORIES)
    ]
    units = Unit.objects.bulk_create(
        [
            Unit(
                code=f"B{i:04d}",
                name=f"测评单位{i:04d}",
                kind="government",
                region=county,
                category=categories[i % len(categories)],
                order=i,
            )
            for i in range(n_units)
        ]
    )
    for i, leader in enumerate(leaders):
        leader.scope_units.set([u for u in units if u.category_id == categories[i].pk])
    definition = read_scheme_file(ROOT / "examples" / "schemes" / "laiyang.yaml")
    scheme = Scheme.objects.create(code="laiyang", name=definition["name"])
    version = SchemeVersion.objects.create(scheme=scheme, number=1, status="published", definition=definition)
    with audit_context(actor=admin, reason="基准测试"):
        camp = actions.create_campaign(
            actor=admin, name="基准测试评估", year=2026, scheme_version=version, categories=categories,
            regions=[county], subordinate_share=Decimal("1"),
        )  # fmt: skip
        actions.assign_leaders_from_portfolios(camp, actor=admin)
        camp = actions.close_stage(camp, actor=admin)
        info = scoring.schemeinfo.info_for(version)
        cus = list(camp.units.select_related("unit", "category"))
        qualities = {cu.unit_id: demo._quality(rng) for cu in cus}
        entries = [e for cu in cus for e in demo._entries(cu, info, qualities[cu.unit_id], rng)]
        IndicatorEntry.objects.bulk_create(entries, batch_size=2000)
        CampaignUnit.objects.filter(campaign=camp).update(self_status="reviewed", report="自评报告")
        ratings = [
            LeaderRating(
                campaign=camp,
                unit_id=a.unit_id,
                leader_id=a.user_id,
                period=p,
                rating=demo._rating(qualities[a.unit_id], rng),
            )
            for a in camp.assignments.filter(kind="leader")
            for p in ("H1", "H2")
        ]
        LeaderRating.objects.bulk_create(ratings, batch_size=2000)
        values = []
        for cu in cus:
            total = rng.randint(30, 60)
            happy = rng.randint(total // 2, total)
            for part, n in (
                ("满意", happy),
                ("基本满意", (total - happy) // 2),
                ("不满意", total - happy - (total - happy) // 2),
            ):
                values.append(
                    ImportedValue(
                        campaign=camp, unit_id=cu.unit_id, kind="survey", key="C1", part=part, value=n
                    )
                )
            if cu.category.name == "党群系统":
                values.append(
                    ImportedValue(
                        campaign=camp, unit_id=cu.unit_id, kind="hotline", key="C2", not_applicable=True
                    )
                )
            else:
                values.append(ImportedValue(campaign=camp, unit_id=cu.unit_id, kind="hotline", key="C2",
                                            value=Decimal(rng.randint(700, 995)) / 10))  # fmt: skip
        ImportedValue.objects.bulk_create(values, batch_size=2000)
    return admin, camp, len(entries), len(ratings), len(values)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40, help="requests per page (default 40)")
    parser.add_argument("--recomputes", type=int, default=5, help="timed recomputations (default 5)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="lvzhi-bench-campaign-"))
    handle = configure(tmp, os.environ.get("DATABASE_URL"))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from lvzhi.campaigns import scoring
        from lvzhi.campaigns.models import Campaign

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, skip_checks=True)
        admin, camp, n_entries, n_ratings, n_values = build(args.units, random.Random(2026))
        print(
            f"数据库:{connection.vendor};{args.units} 个单位,{n_entries} 项指标得分、{n_ratings} 项领导评价、"
            f"{n_values} 项导入数据;准备用时 {time.perf_counter() - t0:.1f} 秒"
        )

        times = []
        for _ in range(args.recomputes):
            camp = Campaign.objects.get(pk=camp.pk)
            start = time.perf_counter()
            count = scoring.compute(camp, actor=admin)
            times.append(time.perf_counter() - start)
        assert count == args.units
        print(
            f"重新计算全部 {count} 个单位(读取数据、引擎计分与排名、写入结果、印证差异):"
            f"中位数 {statistics.median(times):.2f} 秒,最快 {min(times):.2f} 秒,最慢 {max(times):.2f} 秒"
            f"(目标 < 2 秒)"
        )

        client = Client()
        client.force_login(admin)
        unit_id = camp.units.order_by("unit__code").values_list("unit_id", flat=True)[args.units // 2]
        pages = {
            "评估结果页": f"/campaigns/{camp.pk}/results/",
            "单位结果明细页": f"/campaigns/{camp.pk}/units/{unit_id}/result/",
        }
        for label, url in pages.items():
            start = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            print(f"{label} 首次访问(单位明细页含生成并保存逐项解释):{(time.perf_counter() - start) * 1000:.0f} 毫秒")
            samples = []
            for _ in range(args.requests):
                start = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            print(
                f"{label} {url}:中位数 {statistics.median(samples):.0f} 毫秒,p95 {percentile(samples, 95):.0f} 毫秒"
                f"(目标 p95 < 300 毫秒;{len(response.content) // 1024} KB)"
            )
        from lvzhi.campaigns.models import UnitResult

        start = time.perf_counter()
        for row in UnitResult.objects.filter(campaign=camp).select_related("unit", "scheme_version"):
            scoring.explained(row)
        print(f"为全部单位生成并保存逐项解释:{time.perf_counter() - start:.2f} 秒")
        return 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not be set up yet
            pass
        drop(handle)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

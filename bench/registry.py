#!/usr/bin/env python
"""Province-scale registry benchmark: builds 10,000 units, 100,000 internal bodies, 300,000 posts and
1,000,000 persons (with the units' quotas) THROUGH THE REAL IMPORT PATH — generated Excel (or CSV) files, each
uploaded as an import job and run by the same code a user's upload runs — in a fresh database, then times the
unit list, a unit's detail page and the region summary with Django's test client signed in as an office
administrator.

    .venv/bin/python bench/registry.py                      # full scale, SQLite in a temporary directory
    .venv/bin/python bench/registry.py --format csv         # the same from CSV files
    .venv/bin/python bench/registry.py --units 500          # smaller (bodies, posts, persons scale with units)
    DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/registry.py
        # PostgreSQL: a fresh database lvzhi_bench_<pid> is created on that server and dropped afterwards

Prints rows per second per kind (wall clock and per CPU second of this process, with the machine's load average:
the development machines are shared), peak memory (resident set of this process), the median and p95 time of
each page, and the query count of the unit list at page sizes 20 and 100 (which must not grow with the page size).
`--keep` keeps the database; `--pages-only DIR` times the pages again on a kept SQLite database.

Figures of the last full runs are in docs/import-formats.md ("规模与速度").
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODY_NAMES = [
    "办公室",
    "组织人事科",
    "财务审计科",
    "政策法规科",
    "规划发展科",
    "综合协调科",
    "执法监督科",
    "行政审批科",
    "信息化科",
    "安全监管科",
    "宣传教育科",
    "机关党委",
    "计划统计科",
    "项目管理科",
    "社会事务科",
    "督查考核科",
]
UNIT_WORDS = [
    "发展和改革局",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "信访局",
    "行政审批服务局",
    "综合行政执法局",
    "委办公室",
    "纪委监委机关",
    "委组织部",
    "委宣传部",
    "委统战部",
    "委政法委",
    "委编办",
    "人大常委会办公室",
    "政协办公室",
    "总工会",
    "团委",
    "妇联",
    "科协",
]
SUB_WORDS = ["事务服务中心", "综合保障中心", "信息中心", "检验检测中心", "发展研究中心", "执法大队", "服务站"]
MAIN_KINDS = [
    "party",
    "government",
    "government",
    "government",
    "congress",
    "cppcc",
    "mass_org",
    "direct_institution",
]
CATEGORIES = [
    ("DQ", "党群系统"),
    ("ZW", "政务服务"),
    ("CX", "城乡建设"),
    ("SF", "司法监督"),
    ("JX", "教学科研"),
]
KIND_LABELS = {
    "party": "党委部门",
    "government": "政府工作部门",
    "congress": "人大机关",
    "cppcc": "政协机关",
    "mass_org": "群团机关",
    "direct_institution": "直属事业单位",
    "subordinate_institution": "下属事业单位",
}
STAFF_LABELS = {"administrative": "行政编制", "public_institution": "事业编制", "logistics": "工勤编制"}
LEVEL_LABELS = {"unit_head": "单位领导正职", "unit_deputy": "单位领导副职", "body_head": "内设机构领导正职"}

HEADERS = {
    "units": [
        "单位代码",
        "单位名称",
        "简称",
        "单位性质",
        "所属区划代码",
        "评估类别",
        "主管部门代码",
        "排序",
        "在用",
        "备注",
    ],
    "quotas": [
        "单位代码",
        "三定文号",
        "印发日期",
        "行政编制",
        "政法专项编制",
        "事业编制",
        "工勤编制",
        "单位领导正职职数",
        "单位领导副职职数",
        "内设机构领导正职职数",
        "内设机构领导副职职数",
    ],
    "bodies": ["单位代码", "机构代码", "机构名称", "主要职责", "排序", "在用"],
    "posts": ["单位代码", "岗位代码", "岗位名称", "内设机构代码", "领导职务", "岗位职责"],
    "persons": [
        "人员编号",
        "姓名",
        "单位代码",
        "岗位代码",
        "性别",
        "出生年份",
        "编制类型",
        "入编时间",
        "在编",
    ],
}
IMPORT_ORDER = ["units", "quotas", "bodies", "posts", "persons"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------------------
# Setting up a fresh database.


def prepare_environment(tmp: Path, database_url: str | None) -> str | None:
    """Point Django at a fresh database; returns the name of a PostgreSQL database to drop afterwards."""
    os.environ["LVZHI_VAR_DIR"] = str(tmp / "var")
    os.environ["LVZHI_MEDIA_ROOT"] = str(tmp / "var" / "media")
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["LVZHI_AXES_ENABLED"] = "0"
    os.environ["LVZHI_LOG_LEVEL"] = "WARNING"
    os.environ.pop("LVZHI_DEBUG", None)
    os.environ.pop("LVZHI_TESTING", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    (tmp / "var" / "media").mkdir(parents=True, exist_ok=True)
    (tmp / "var" / "static").mkdir(parents=True, exist_ok=True)
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
        return None
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"lvzhi_bench_{os.getpid()}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(database_url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    return name


def drop_database(database_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------------------
# Generating the files.


class Sheet:
    """A data file being written row by row: write-only .xlsx or CSV (UTF-8 with BOM)."""

    def __init__(self, path: Path, kind: str, fmt: str):
        self.path = path
        self.fmt = fmt
        self.rows = 0
        if fmt == "xlsx":
            from openpyxl import Workbook

            self.workbook = Workbook(write_only=True)
            self.sheet = self.workbook.create_sheet(kind)
            self.sheet.append(HEADERS[kind])
        else:
            self.handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
            self.writer = csv.writer(self.handle)
            self.writer.writerow(HEADERS[kind])

    def append(self, row: list) -> None:
        self.rows += 1
        if self.fmt == "xlsx":
            self.sheet.append(row)
        else:
            self.writer.writerow(["" if v is None else v for v in row])

    def close(self) -> None:
        if self.fmt == "xlsx":
            self.workbook.save(self.path)
        else:
            self.handle.close()


def make_regions(n_units: int):
    """Province > cities > counties, as many as a province of this size has; returns region codes with levels."""
    from lvzhi.registry.models import Category, Region

    n_cities = max(1, min(16, n_units // 600 or 1))
    counties_per_city = max(1, min(8, n_units // (n_cities * 70) or 1))
    province = Region.objects.create(code="370000", name="山东省", level=1)
    codes = [province]
    for c in range(n_cities):
        city = Region.objects.create(code=f"37{c + 1:02d}00", name=f"第{c + 1}市", level=2, parent=province)
        codes.append(city)
        for k in range(counties_per_city):
            codes.append(
                Region.objects.create(
                    code=f"37{c + 1:02d}{k + 1:02d}", name=f"第{c + 1}市第{k + 1}县", level=3, parent=city
                )
            )
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.create(code=code, name=name, order=order)
    return codes


def generate(
    tmp: Path,
    fmt: str,
    regions,
    n_units: int,
    bodies_per_unit: int,
    posts_per_unit: int,
    persons_per_unit: int,
    seed: int,
):
    from lvzhi.demo.names import person_name

    rng = random.Random(seed)
    files = {kind: Sheet(tmp / f"{kind}.{fmt}", kind, fmt) for kind in IMPORT_ORDER}
    per_region = [n_units // len(regions)] * len(regions)
    for i in range(n_units - sum(per_region)):
        per_region[i % len(regions)] += 1
    n_main_posts = 4 + bodies_per_unit  # head, three deputies, one head per body
    start_date = datetime.date(1985, 1, 1)
    for region, count in zip(regions, per_region, strict=True):
        main_count = max(1, round(count * 0.7))
        main_codes = []
        for u in range(count):
            code = f"{region.code}{u + 1:04d}"
            if u < main_count:
                kind = MAIN_KINDS[u % len(MAIN_KINDS)]
                name = f"{region.name}{UNIT_WORDS[u % len(UNIT_WORDS)]}" + (
                    f"{u // len(UNIT_WORDS) + 1}" if u >= len(UNIT_WORDS) else ""
                )
                parent = ""
                main_codes.append(code)
                staff_kind = "public_institution" if kind == "direct_institution" else "administrative"
            else:
                kind = "subordinate_institution"
                parent = rng.choice(main_codes)
                name = f"{region.name}{SUB_WORDS[u % len(SUB_WORDS)]}{u}"
                staff_kind = "public_institution"
            category = CATEGORIES[u % len(CATEGORIES)][1]
            files["units"].append(
                [code, name, "", KIND_LABELS[kind], region.code, category, parent, u + 1, "是", ""]
            )
            for b in range(bodies_per_unit):
                files["bodies"].append(
                    [
                        code,
                        f"{b + 1:02d}",
                        BODY_NAMES[b % len(BODY_NAMES)] + ("" if b < len(BODY_NAMES) else str(b)),
                        "负责本科室职责范围内的工作。",
                        b + 1,
                        "是",
                    ]
                )
            post_levels = []
            for p in range(posts_per_unit):
                body = ""
                if p == 0:
                    level, title = "unit_head", "主要负责人"
                elif p < 4:
                    level, title = "unit_deputy", "副职"
                elif p < n_main_posts and bodies_per_unit:
                    level, title = "body_head", "科长"
                    body = f"{p - 4 + 1:02d}"
                else:
                    level, title = "", "科员"
                    body = f"{(p % bodies_per_unit) + 1:02d}" if bodies_per_unit else ""
                post_levels.append(level)
                files["posts"].append(
                    [
                        code,
                        f"G{p + 1:03d}",
                        f"{title}{p + 1}",
                        body,
                        LEVEL_LABELS.get(level, ""),
                        "按岗位说明书履职。",
                    ]
                )
            counts = {"administrative": 0, "public_institution": 0, "logistics": 0}
            for k in range(persons_per_unit):
                gender = "M" if rng.random() < 0.55 else "F"
                birth = rng.randint(1965, 2000)
                if k < posts_per_unit:
                    post_index = k
                elif posts_per_unit > n_main_posts and rng.random() < 0.9:
                    post_index = rng.randrange(n_main_posts, posts_per_unit)
                else:
                    post_index = None
                active = k < posts_per_unit or rng.random() < 0.96
                staffing = (
                    "logistics"
                    if (post_index is None or post_levels[post_index] == "") and rng.random() < 0.06
                    else staff_kind
                )
                if active:
                    counts[staffing] += 1
                joined = start_date + datetime.timedelta(days=rng.randrange(13000))
                files["persons"].append(
                    [
                        f"{code}{k + 1:05d}",
                        person_name(rng, gender, birth),
                        code,
                        f"G{post_index + 1:03d}" if post_index is not None else "",
                        "男" if gender == "M" else "女",
                        birth,
                        STAFF_LABELS[staffing],
                        joined if fmt == "xlsx" else joined.isoformat(),
                        "是" if active else "否",
                    ]
                )
            quota = {kind_: (n + rng.randint(0, 5) if n else "") for kind_, n in counts.items()}
            files["quotas"].append(
                [
                    code,
                    f"鲁编〔2019〕{u + 1}号",
                    datetime.date(2019, 3, 1) if fmt == "xlsx" else "2019-03-01",
                    quota["administrative"],
                    "",
                    quota["public_institution"],
                    quota["logistics"],
                    1,
                    3,
                    bodies_per_unit,
                    bodies_per_unit,
                ]
            )
    for sheet in files.values():
        sheet.close()
    return {kind: (sheet.path, sheet.rows) for kind, sheet in files.items()}


# ---------------------------------------------------------------------------------------------------------
# Importing and measuring.


def run_import(kind: str, path: Path, admin):
    from django.core.files.uploadedfile import UploadedFile

    from lvzhi.registry.io.importers import ImportOptions
    from lvzhi.registry.io.services import start_import

    started = time.perf_counter()
    cpu = time.process_time()
    with open(path, "rb") as fh:
        upload = UploadedFile(fh, name=path.name, size=path.stat().st_size)
        job = start_import(kind, upload, actor=admin, options=ImportOptions(), background=False)
    seconds = time.perf_counter() - started
    job.cpu_seconds = time.process_time() - cpu
    if job.status != "succeeded":
        errors = "\n".join(
            f"  第{e.get('row')}行 {e.get('column')}「{e.get('header')}」:{e.get('reason')}"
            for e in job.errors[:20]
        )
        raise SystemExit(f"导入{kind}失败:{job.message}\n{errors}")
    return job, seconds


def time_pages(client, urls: list[str], runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:3]:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} 返回 {response.status_code}")
    times = []
    queries = 0
    for i in range(runs):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(ctx.captured_queries))
        if response.status_code != 200:
            raise SystemExit(f"{url} 返回 {response.status_code}")
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95, queries


def time_summary_rollup(runs: int) -> tuple[float, float]:
    """Province, city and county figures (approved, actual, vacancies and over-quota use by kind; leadership
    posts) from the per-unit summary tables that imports keep (UnitStaffing.objects.totals()), for comparison
    with the region page, which may compute them from the persons themselves."""
    from lvzhi.registry.models import Region, UnitLeadership, UnitStaffing

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        paths = dict(Region.objects.values_list("pk", "path"))
        totals: dict = {}
        for row in UnitStaffing.objects.totals("unit__region_id", "kind"):
            parts = paths[row["unit__region_id"]].split("/")
            for i in range(1, len(parts) + 1):  # the region and every region above it
                t = totals.setdefault(("/".join(parts[:i]), row["kind"]), [0, 0, 0, 0])
                t[0] += row["approved_sum"]
                t[1] += row["actual_sum"]
                t[2] += row["vacancy_sum"]
                t[3] += row["over_sum"]
        for row in UnitLeadership.objects.totals("unit__region_id", "level"):
            parts = paths[row["unit__region_id"]].split("/")
            for i in range(1, len(parts) + 1):
                t = totals.setdefault(("/".join(parts[:i]), row["level"]), [0, 0, 0, 0])
                t[0] += row["allowed_sum"]
                t[1] += row["used_sum"]
                t[3] += row["over_sum"]
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]


def unit_list_queries(client, page_size: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.registry import views

    old = getattr(views, "PAGE_SIZE", None)
    if old is not None:
        views.PAGE_SIZE = page_size
    try:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/registry/units/?page=2&page_size={page_size}")
        assert response.status_code == 200, response.status_code
        return len(ctx.captured_queries)
    finally:
        if old is not None:
            views.PAGE_SIZE = old


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--bodies-per-unit", type=int, default=10)
    parser.add_argument("--posts-per-unit", type=int, default=30)
    parser.add_argument("--persons-per-unit", type=int, default=100)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (and PostgreSQL database)"
    )
    parser.add_argument(
        "--pages-only",
        metavar="DIR",
        help="time the pages again on the SQLite database a --keep run left in DIR (no generating, no importing)",
    )
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL")
    if args.pages_only:
        prepare_environment(Path(args.pages_only), None)
        return _run(args, Path(args.pages_only))
    tmp = Path(tempfile.mkdtemp(prefix="lvzhi-bench-"))
    pg_name = prepare_environment(tmp, database_url)
    try:
        return _run(args, tmp)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            if pg_name:
                drop_database(database_url, pg_name)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"保留:{tmp}" + (f",数据库 {pg_name}" if pg_name else ""))


def _run(args, tmp: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lvzhi.accounts.models import Role, User
    from lvzhi.registry.models import Unit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    if args.pages_only:
        admin = User.objects.get(username="bench-admin")
        print(f"数据库:{connection.vendor}({connection.settings_dict['NAME']}),{Unit.objects.count()} 个单位")
        return measure_pages(args, admin)
    admin = User.objects.create_user(
        username="bench-admin", password=None, role=Role.ADMIN, full_name="测评管理员"
    )
    regions = make_regions(args.units)
    print(
        f"数据库:{connection.vendor}({connection.settings_dict['NAME']}),迁移 {time.perf_counter() - t0:.1f} 秒"
    )

    t0 = time.perf_counter()
    files = generate(
        tmp,
        args.format,
        regions,
        args.units,
        args.bodies_per_unit,
        args.posts_per_unit,
        args.persons_per_unit,
        args.seed,
    )
    print(
        f"生成 {args.format} 文件 {time.perf_counter() - t0:.1f} 秒:"
        + ",".join(f"{k} {n} 行" for k, (_p, n) in files.items())
    )

    print()
    print(f"机器负载(1/5/15 分钟):{' '.join(f'{x:.1f}' for x in os.getloadavg())},CPU {os.cpu_count()} 核")
    print(
        f"{'导入':<10}{'行数':>10}{'秒':>9}{'行/秒':>10}{'CPU秒':>9}{'行/CPU秒':>10}{'审计记录':>10}{'峰值内存MB':>12}"
    )
    total_rows = 0
    total_seconds = 0.0
    total_cpu = 0.0
    for kind in IMPORT_ORDER:
        path, rows = files[kind]
        job, seconds = run_import(kind, path, admin)
        audit = job.result.get("audit_records", 0)
        total_rows += rows
        total_seconds += seconds
        total_cpu += job.cpu_seconds
        print(
            f"{kind:<10}{rows:>10}{seconds:>9.1f}{rows / seconds:>10.0f}{job.cpu_seconds:>9.1f}"
            f"{rows / job.cpu_seconds:>10.0f}{audit:>10}{peak_mb():>12.0f}"
        )
    print(
        f"{'合计':<10}{total_rows:>10}{total_seconds:>9.1f}{total_rows / total_seconds:>10.0f}{total_cpu:>9.1f}"
        f"{total_rows / total_cpu:>10.0f}"
    )
    print(f"机器负载(1/5/15 分钟):{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return measure_pages(args, admin)


def measure_pages(args, admin) -> int:
    from django.db import connection
    from django.test import Client

    from lvzhi.registry.models import Region, Unit

    client = Client()
    client.force_login(admin)
    rng = random.Random(args.seed)
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    detail_urls = [f"/registry/units/{rng.choice(unit_ids)}/" for _ in range(args.runs)]
    city = Region.objects.filter(level=2).first()
    pages = [
        ("单位列表 /registry/units/", ["/registry/units/"]),
        ("单位列表 第50页", ["/registry/units/?page=50"]),
        ("单位详情 /registry/units/<id>/", detail_urls),
        ("区划汇总 /registry/regions/", ["/registry/regions/"]),
    ]
    if city is not None:
        pages.append((f"区划汇总 ?region=<市>({city.name})", [f"/registry/regions/?region={city.pk}"]))
    print()
    print(f"{'页面':<36}{'中位数ms':>10}{'p95 ms':>10}{'查询数':>8}")
    for label, urls in pages:
        median, p95, queries = time_pages(client, urls, args.runs)
        print(f"{label:<36}{median:>10.1f}{p95:>10.1f}{queries:>8}")
    median, p95 = time_summary_rollup(args.runs)
    print(f"{'(参考)各级区划汇总,读 UnitStaffing 汇总表':<36}{median:>10.1f}{p95:>10.1f}{3:>8}")
    q20 = unit_list_queries(client, 20)
    q100 = unit_list_queries(client, 100)
    print(
        f"单位列表查询数:每页 20 条 {q20} 次,每页 100 条 {q100} 次"
        + ("(不随页大小增长)" if q20 == q100 else "(随页大小增长!)")
    )
    print(f"峰值内存 {peak_mb():.0f} MB")
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size / 1024 / 1024
        print(f"SQLite 数据库文件 {size:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

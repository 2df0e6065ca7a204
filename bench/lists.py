#!/usr/bin/env python
"""Duties and the three lists at region scale, in a fresh SQLite database in a temporary directory:

1. the overlap scan (lvzhi.duties.textmatch) over 50,000 duty texts and power items of a region's units
   (generated from realistic fragments: the objects a county's departments regulate × what they do to them, with
   a share of true overlaps worded differently between two departments and the boilerplate every unit carries):
   time, peak memory of the scan, candidates scored and pairs found;
2. the coverage check "两个全部分解" over Linyi's figures: 36 departments, 2,443 internal-body duties, 4,409 tasks;
3. the public page (no login) over 50,000 published power items: p50/p95 of search requests (matter, unit, type,
   basis) through Django's test client.

    .venv/bin/python bench/lists.py            # full scale
    .venv/bin/python bench/lists.py --quick    # 5,000 texts and items, for development
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OBJECTS = [
    "食品小作坊",
    "养老机构",
    "校外培训机构",
    "建筑施工工地扬尘",
    "餐饮油烟",
    "河道采砂",
    "畜禽屠宰",
    "特种设备",
    "农民工工资支付",
    "户外广告设施",
    "农村饮水安全工程",
    "网络预约出租汽车",
    "成品油流通",
    "陆生野生动物",
    "互联网上网服务营业场所",
    "职业病防治",
    "农业面源污染",
    "医疗保障基金",
    "生活垃圾分类",
    "危险化学品",
    "非煤矿山",
    "耕地保护",
    "林地保护",
    "水土保持",
    "地质灾害防治",
    "城市供水",
    "燃气经营",
    "物业服务",
    "房地产开发",
    "文物保护单位",
    "旅游景区",
    "体育场馆",
    "中小学校校园安全",
    "人力资源服务机构",
    "社会组织",
    "殡葬服务",
    "婚姻登记",
    "残疾人就业",
    "退役军人安置",
    "粮食储备",
    "价格监测",
    "统计调查",
    "气象探测设施",
    "人民防空工程",
    "档案资料",
    "政府采购",
    "国有资产",
    "地方债务",
    "公共资源交易",
    "政务服务事项",
]
ACTIONS = [
    "负责{o}的监督管理",
    "负责{o}的审批和监督检查",
    "依法查处{o}领域的违法行为",
    "拟订{o}相关政策并组织实施",
    "负责{o}的行业指导和服务",
    "组织开展{o}的专项整治",
    "负责{o}的统计分析和信息发布",
    "负责{o}的安全监管",
    "承担{o}的日常管理",
    "负责{o}有关标准的制定和实施",
]
PARAPHRASE = ["对{o}进行监督检查,查处违法行为", "配合做好{o}的日常监管", "负责{o}相关违法行为的行政处罚"]
BOILERPLATE = [
    "完成市委、市政府交办的其他任务。",
    "负责本单位党建工作。",
    "负责机关日常运转和文电、会务、档案工作。",
]
AREAS = ["城区", "农村", "全市", "重点区域", "乡镇", "开发区"]
# Qualifiers that make the region's matters many and distinct (a real region's lists name thousands of matters).
QUALIFIERS = [
    "小型",
    "农村",
    "城镇",
    "民办",
    "公办",
    "个体",
    "规模以上",
    "涉外",
    "跨区域",
    "新建",
    "在建",
    "重点",
    "特殊",
    "一般",
    "临时",
    "流动",
    "社区",
    "校园周边",
    "景区",
    "港口",
    "园区",
    "山区",
    "沿河",
    "高速公路沿线",
]
SUFFIXES = [
    "",
    "经营",
    "使用",
    "建设",
    "运营",
    "登记",
    "备案",
    "安全",
    "质量",
    "价格",
    "信息",
    "档案",
    "资金",
    "设施",
    "标准",
    "秩序",
    "从业人员",
    "应急处置",
    "事故调查",
    "信用",
]


def texts(n: int, units: int, rng: random.Random) -> list[tuple[str, str, str]]:
    docs = []
    for i in range(n):
        unit = f"U{rng.randrange(units):03d}"
        r = rng.random()
        obj = rng.choice(QUALIFIERS) + rng.choice(OBJECTS) + rng.choice(SUFFIXES)
        if r < 0.03:
            text = rng.choice(BOILERPLATE)
        elif r < 0.10:
            text = rng.choice(PARAPHRASE).format(o=obj)
        else:
            text = rng.choice(ACTIONS).format(o=f"{rng.choice(AREAS)}{obj}") + f"(第{i % 97 + 1}项)"
        docs.append((f"D{i:06d}", unit, text))
    return docs


def bench_overlaps(n: int) -> None:
    from lvzhi.duties.textmatch import Doc, ScanStats, find_overlaps

    rng = random.Random(2026)
    docs = [Doc(i, u, t) for i, u, t in texts(n, 120, rng)]
    stats = ScanStats()
    started = time.perf_counter()
    pairs = find_overlaps(docs, stats=stats, with_phrases=False)  # as the product's scan runs it
    seconds = time.perf_counter() - started
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The peak of the scan's own allocations, in a second run: tracemalloc slows Python code down several times.
    tracemalloc.start()
    find_overlaps(docs, with_phrases=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    every = ScanStats()
    find_overlaps(docs, stats=every, per_text=None, with_phrases=False)
    phrase_started = time.perf_counter()
    sample = pairs[:1000]
    from lvzhi.duties.textmatch import shared_phrases

    for pair in sample:
        shared_phrases(pair.a.text, pair.b.text)
    per_pair = (time.perf_counter() - phrase_started) / max(1, len(sample))
    print(
        f"职责交叉扫描:{stats.texts:,} 条(样板略去 {stats.skipped_boilerplate:,}),词项 {stats.terms:,};"
        f"评分候选对 {stats.candidates:,},阈值以上 {every.pairs:,} 对,每条取最相近 5 对后 {len(pairs):,} 对;"
        f"用时 {seconds:.1f} s;"
        f"扫描峰值内存 {peak / 2**20:,.0f} MiB(tracemalloc),进程常驻峰值 {resident:,.0f} MiB;"
        f"共同表述每对 {per_pair * 1000:.1f} ms(显示线索时计算)"
    )


def bench_coverage(units: int, duties: int, tasks: int) -> None:
    from lvzhi.audit.context import audit_context
    from lvzhi.duties.models import BodyDuty, Task
    from lvzhi.duties.selectors import coverage
    from lvzhi.registry.models import InternalBody, MainDuty, Post, Region, SanDing, Unit

    region = Region.objects.create(code="371300", name="临沂市", level=2)
    rng = random.Random(7)
    with audit_context(reason="bench"):
        made = []
        for u in range(units):
            unit = Unit.objects.create(
                code=f"LY{u:03d}", name=f"临沂市第{u + 1}部门", kind="government", region=region
            )
            sanding = SanDing.objects.create(unit=unit, version=1)
            MainDuty.objects.bulk_create(
                MainDuty(sanding=sanding, seq=s + 1, text=f"主要职责{s + 1}") for s in range(12)
            )
            InternalBody.objects.bulk_create(
                InternalBody(unit=unit, code=f"{b:02d}", name=f"科室{b}") for b in range(8)
            )
            Post.objects.bulk_create(Post(unit=unit, code=f"P{p:02d}", name=f"岗位{p}") for p in range(20))
            made.append(unit)
        mains = {u.pk: list(MainDuty.objects.filter(sanding__unit=u)) for u in made}
        bodies = {u.pk: list(InternalBody.objects.filter(unit=u)) for u in made}
        posts = {u.pk: list(Post.objects.filter(unit=u)) for u in made}
        body_duties = []
        for d in range(duties):
            unit = made[d % units]
            main = rng.choice(mains[unit.pk]) if rng.random() < 0.98 else None
            body_duties.append(
                BodyDuty(
                    unit=unit,
                    internal_body=rng.choice(bodies[unit.pk]),
                    main_duty=main,
                    seq=d,
                    text=f"内设机构职责{d}",
                )
            )
        BodyDuty.objects.bulk_create(body_duties, batch_size=1000)
        body_duties = list(BodyDuty.objects.all())
        rows = [
            Task(
                unit_id=body_duties[t % duties].unit_id,
                body_duty=body_duties[t % duties],
                seq=t,
                text=f"任务{t}",
            )
            for t in range(tasks)
        ]
        Task.objects.bulk_create(rows, batch_size=1000)
        links = [
            Task.posts.through(task_id=t.pk, post_id=rng.choice(posts[t.unit_id]).pk)
            for t in Task.objects.all()
            if rng.random() < 0.97
        ]
        Task.posts.through.objects.bulk_create(links, batch_size=2000)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        figures = coverage(Unit.objects.filter(region=region))
        times.append(time.perf_counter() - started)
    print(
        f"两个全部分解核查:{units} 个单位、{figures.totals['body_duties']:,} 项内设机构职责、"
        f"{figures.totals['tasks']:,} 项任务;未分解主要职责 {figures.totals['main_undecomposed']},"
        f"未落实岗位任务 {figures.totals['tasks_without_post']};用时中位 {statistics.median(times) * 1000:.0f} ms,"
        f"最慢 {max(times) * 1000:.0f} ms"
    )


def bench_public(items: int) -> None:
    from django.test import Client

    from lvzhi.duties.models import PowerItem
    from lvzhi.registry.models import Region, Unit

    region = Region.objects.create(code="371302", name="兰山区", level=3)
    units = [
        Unit.objects.create(code=f"LS{u:03d}", name=f"兰山区{name}", kind="government", region=region)
        for u, name in enumerate(
            [
                "市场监督管理局",
                "农业农村局",
                "自然资源局",
                "住房和城乡建设局",
                "生态环境分局",
                "综合行政执法局",
                "民政局",
                "卫生健康局",
                "交通运输局",
                "水利局",
            ]
            * 4
        )
    ]
    rng = random.Random(11)
    types = ["licensing", "penalty", "coercion", "inspection", "payment", "confirmation", "other"]
    day = datetime.date(2024, 1, 1)
    rows = [
        PowerItem(
            unit=units[i % len(units)],
            code=f"371302-{i:06d}",
            name=rng.choice(ACTIONS).format(o=rng.choice(OBJECTS)).replace("负责", "") + f"{i % 50}",
            item_type=rng.choice(types),
            initiation="ex_officio",
            valid_from=day,
            is_published=i % 10 != 0,
            legal_basis=f"《{rng.choice(OBJECTS)}管理条例》第{rng.randrange(1, 80)}条",
        )
        for i in range(items)
    ]
    PowerItem.objects.bulk_create(rows, batch_size=2000)
    client = Client()
    queries = [{"q": rng.choice(OBJECTS)} for _ in range(30)] + [{"unit": "农业农村"} for _ in range(10)]
    queries += [{"item_type": rng.choice(types), "q": rng.choice(OBJECTS)[:2]} for _ in range(20)]
    queries += [{"basis": "管理条例》第1"} for _ in range(10)] + [{} for _ in range(10)]
    queries += [{"q": rng.choice(OBJECTS), "page": 3} for _ in range(20)]
    client.get("/public/lists/")
    times = []
    for params in queries:
        started = time.perf_counter()
        response = client.get("/public/lists/", params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"公示页面:{items:,} 个权责事项(已公示 {PowerItem.objects.published().count():,}),{len(times)} 次查询;"
        f"中位 {statistics.median(times) * 1000:.0f} ms,p95 {p95 * 1000:.0f} ms,最慢 {times[-1] * 1000:.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5,000 texts and items")
    parser.add_argument(
        "--only", choices=["overlaps", "coverage", "public"], help="run one of the three parts (for development)"
    )
    args = parser.parse_args(argv)
    wanted = {args.only} if args.only else {"overlaps", "coverage", "public"}
    n = 5_000 if args.quick else 50_000
    tmp = Path(tempfile.mkdtemp(prefix="lvzhi-bench-lists-"))
    os.environ["LVZHI_VAR_DIR"] = str(tmp / "var")
    os.environ["LVZHI_MEDIA_ROOT"] = str(tmp / "var" / "media")
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(16).hex())
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["LVZHI_AXES_ENABLED"] = "0"
    os.environ["LVZHI_LOG_LEVEL"] = "WARNING"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("LVZHI_TESTING", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    (tmp / "var" / "media").mkdir(parents=True, exist_ok=True)
    (tmp / "var" / "static").mkdir(parents=True, exist_ok=True)
    try:
        print(f"负载:{os.getloadavg()[0]:.1f}(共享的开发机)")
        if "overlaps" in wanted:
            bench_overlaps(n)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, skip_checks=True)
        if "coverage" in wanted:
            bench_coverage(36, 2_443, 4_409)
        if "public" in wanted:
            bench_public(n)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

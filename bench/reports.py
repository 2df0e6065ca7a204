#!/usr/bin/env python
"""Reports benchmark: ranking robustness of a 500-unit campaign with 30 level-1 indicators.

A scheme with 30 weighted level-1 indicators (two entered leaves each, five categories, grade bands) scores 500
units' random inputs (some missing, some not applicable) through the engine's batch path; the Monte Carlo analysis
then draws 1,000 weightings (each indicator's weight within ±25%) with the missing inputs' treatment varied too,
and computes every unit's median rank, 90% rank interval and grade changes, and the first-order and total
sensitivity indices of the 31 factors (N·(k+2) = 33,000 model runs). Printed: the time to build the layout (the
engine's batch scoring, twice), the analysis time, the model runs per second and the process's peak memory.

Then every unit report of a 500-unit campaign (bench/campaign.py's campaign under the Laiyang seed scheme, in a
fresh SQLite database, or PostgreSQL with DATABASE_URL): the results are computed, the office starts the
background job (lvzhi.reports.batch) and the product's own worker (`lvzhi db_worker --batch`, a separate
process, which renders the reports in REPORTS_RENDER_PROCESSES render processes: lvzhi.reports.renderpool) renders
each unit's Word report with its charts into the zip. Printed: the job's time, per unit, the worker's peak memory
(its largest process's maximum resident set, and the worker and its render processes together, sampled every
half second), the machine's load average before and after, the zip's size and any unit that failed.

    .venv/bin/python bench/reports.py            # 500 units × 30 indicators, 1,000 draws; 500 unit reports
    .venv/bin/python bench/reports.py --quick    # robustness as above; 50 unit reports
    .venv/bin/python bench/reports.py --pdf      # the reports as Word and PDF
    .venv/bin/python bench/reports.py --no-documents

Aims: the analysis under 10 s; every report of 500 units under 5 minutes with the worker under 2 GB, on the 2-core
machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lvzhi.reports import layout, montecarlo  # noqa: E402
from lvzhi.scoring import load_scheme  # noqa: E402
from lvzhi.scoring.engine import UnitInputs  # noqa: E402

CATEGORIES = ["党群系统", "政务服务", "城乡建设", "司法监督", "教学科研"]


def scheme(k: int) -> dict:
    weights = [3] * k
    weights[0] += 100 - sum(weights)
    return {
        "format": "lvzhi-scheme/1",
        "code": "bench-robustness",
        "name": "稳健性基准方案",
        "total": 100,
        "categories": CATEGORIES,
        "indicators": [
            {
                "code": f"I{i:02d}",
                "name": f"指标{i}",
                "weight": weights[i],
                "children": [
                    {"code": f"I{i:02d}a", "name": f"指标{i}甲", "weight": 60},
                    {"code": f"I{i:02d}b", "name": f"指标{i}乙", "weight": 40},
                ],
            }
            for i in range(k)
        ],
        "grades": {
            "bands": [
                {"grade": "优秀", "min": 85},
                {"grade": "良好", "min": 75},
                {"grade": "一般", "min": 60},
                {"grade": "较差"},
            ]
        },
    }


def units(n: int, k: int, rng: random.Random) -> list[UnitInputs]:
    out = []
    for u in range(n):
        level = rng.uniform(55, 95)
        values: dict = {}
        for i in range(k):
            for leaf in ("a", "b"):
                roll = rng.random()
                if roll < 0.02:
                    continue  # missing
                values[f"I{i:02d}{leaf}"] = (
                    "不适用" if roll < 0.03 else round(min(100, max(0, rng.gauss(level, 8))), 1)
                )
        out.append(UnitInputs(values, CATEGORIES[u % len(CATEGORIES)], f"单位{u:03d}", key=f"U{u:03d}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument(
        "--report-units", type=int, default=None, help="units of the report job (default 500)"
    )
    parser.add_argument("--pdf", action="store_true", help="Word and PDF reports")
    parser.add_argument("--no-documents", action="store_true")
    args = parser.parse_args()
    robustness(args)
    if not args.no_documents:
        documents(args.report_units or (50 if args.quick else 500), args.pdf)


def documents(n_units: int, with_pdf: bool) -> None:
    import shutil
    import subprocess
    import tempfile
    import zipfile

    from bench.campaign import build, configure, drop

    tmp = Path(tempfile.mkdtemp(prefix="lvzhi-bench-reports-"))
    handle = configure(tmp, os.environ.get("DATABASE_URL"))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from lvzhi.campaigns import scoring
        from lvzhi.core.jobs import job_path
        from lvzhi.core.models import Job
        from lvzhi.reports import batch

        call_command("migrate", verbosity=0, skip_checks=True)
        admin, camp, *_counts = build(n_units, random.Random(2026))
        scoring.compute(camp, actor=admin)
        job = batch.start_batch(camp, actor=admin, formats="docx+pdf" if with_pdf else "docx")
        connection.close()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cpu_before = _cpu()
        load_before = os.getloadavg()
        started = time.perf_counter()
        worker = [sys.executable, "-m", "lvzhi.cli", "db_worker", "--batch", "--no-startup-delay", "-v", "0"]
        process = subprocess.Popen(worker, env=os.environ.copy(), cwd=ROOT)
        together = 0
        while process.poll() is None:  # the worker and its render processes together, every half second
            together = max(together, tree_rss(process.pid))
            time.sleep(0.5)
        assert process.returncode == 0, process.returncode
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cpu = _cpu() - cpu_before
        load_after = os.getloadavg()
        job = Job.objects.get(pk=job.pk)
        assert job.status == Job.Status.SUCCEEDED, (job.status, job.message)
        with zipfile.ZipFile(job_path(job.output_file)) as archive:
            files = len([n for n in archive.namelist() if "/" in n])
        size = job_path(job.output_file).stat().st_size / 1024 / 1024
        kinds = "Word and PDF" if with_pdf else "Word"
        print(
            f"unit reports ({kinds}, database {connection.vendor}): {job.result['done']} of {n_units} units, "
            f"{files} files, zip {size:.1f} MB; failed: {len(job.result['failed'])}"
        )
        print(
            f"report job in the worker: {elapsed:.1f} s ({elapsed / max(n_units, 1):.2f} s per unit; the job itself "
            f"{job.result['seconds']} s); worker peak memory {max(peak, before) / 1024:.0f} MB (largest process), "
            f"{together / 1024 / 1024:.0f} MB (the worker and its render processes together)"
        )
        print(
            f"CPU time of the worker and its render processes: {cpu:.1f} s ({cpu / max(n_units, 1):.2f} s per unit; "
            "on a shared machine the load-independent figure)"
        )
        print(
            "load average (1, 5, 15 min) before: "
            + ", ".join(f"{v:.2f}" for v in load_before)
            + "; after: "
            + ", ".join(f"{v:.2f}" for v in load_after)
        )
        print(
            f"aim: every report of 500 units under 5 minutes and 2 GB — "
            f"{'met' if elapsed * 500 / max(n_units, 1) < 300 and together / 1024 / 1024 < 2048 else 'NOT met'}"
            + ("" if n_units == 500 else f" (extrapolated from {n_units} units)")
        )
    finally:
        drop(handle)
        shutil.rmtree(tmp, ignore_errors=True)


def _cpu() -> float:
    """User and system seconds of the finished child processes (the worker and the render processes it waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc), 0 when it has gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def robustness(args: argparse.Namespace) -> None:
    rng = random.Random(2026)
    loaded = load_scheme(scheme(args.indicators))
    records = units(args.units, args.indicators, rng)
    started = time.perf_counter()
    built = layout.build(loaded, records, vary_missing=True)
    built_in = time.perf_counter() - started
    k = args.indicators
    started = time.perf_counter()
    outcome = montecarlo.analyse(
        built.layout, np.full(k, 0.75), np.full(k, 1.25), draws=args.draws, vary_missing=True, seed=1
    )
    analysed_in = time.perf_counter() - started
    deviation = max(
        abs(float(t) - r) for t, r in zip(built.engine_totals, outcome.reference_total, strict=True)
    )
    flagged = int((outcome.grade_change > 0.1).sum())
    widest = int((outcome.rank_high - outcome.rank_low).max())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"units {args.units}, indicators {k}, draws {outcome.draws}, model runs {outcome.runs}")
    print(f"layout (engine batch scoring, with the missing-inputs alternative): {built_in:.2f} s")
    print(f"robustness analysis: {analysed_in:.2f} s ({outcome.runs / analysed_in:,.0f} model runs/s)")
    print(f"largest difference from the engine's totals at the scheme's weights: {deviation:.4f}")
    print(
        f"units whose grade changes in more than 10% of draws: {flagged}; widest 90% rank interval: {widest}"
    )
    top = np.argsort(-outcome.total_order)[:3]
    print(
        "largest total sensitivity indices: "
        + ", ".join(
            f"{'缺项处理' if i == k else built.indicators[i].code} S={outcome.first_order[i]:.3f} ST={outcome.total_order[i]:.3f}"
            for i in top
        )
    )
    print(f"peak memory: {peak_mb:.0f} MB")
    print(f"aim: analysis under 10 s — {'met' if analysed_in < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()

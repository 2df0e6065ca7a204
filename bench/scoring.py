"""Benchmark of the scoring engine: 10,000 units × 100 leaf indicators (one million inputs).

    .venv/bin/python bench/scoring.py [--units 10000] [--check 200] [--explained-units 1000] [--quick]

Prints the time and peak memory of a full batch (totals, grades, ranks within category, quota), of re-scoring
one unit after one input changed (explained path + re-rank + quota), and the ratio to a plain NumPy weighted sum
of the same tree computed in the same run. It times the explained path for every unit of a batch
(`score_units(fast=False)`, --explained-units units) against the batch path on the same units, and checks that
the batch totals equal the explained path's for a sample of units. `--quick`: 1,000 units, one run, 50 checked.
Aims (issue 3): full run < 5 s and < 2 GB, one-unit re-score < 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lvzhi.scoring import load_scheme, score_unit, score_units

CATEGORIES = ["党群系统", "政务服务", "城乡建设", "司法监督", "教学科研"]
RULES = ["entered", "entered", "entered", "entered", "ratio", "ratio", "bands", "occurrences", "import", "entered"]


def build_scheme() -> dict:
    """10 level-1 indicators × 10 leaves = 100 leaves; points 10 each group (1 per leaf), one group by weights."""
    indicators = []
    for g in range(10):
        children = []
        for i in range(10):
            kind = RULES[(g + i) % len(RULES)]
            code = f"I{g}.{i}"
            node = {"code": code, "name": f"指标{g}-{i}"}
            if g == 9:
                node["weight"] = 10
            else:
                node["points"] = 1
            if kind == "entered":
                node["rule"] = {"type": "entered"}
            elif kind == "ratio":
                node["rule"] = {"type": "ratio", "target": 100}
            elif kind == "bands":
                node["rule"] = {"type": "bands", "bands": [{"min": 90, "points": node.get("points", 100)},
                                                           {"min": 60, "points": node.get("points", 100) / 2}]}
            elif kind == "occurrences":
                node["rule"] = {"type": "occurrences", "per": 0.25}
            else:
                node["rule"] = {"type": "import", "scale": 100}
            children.append(node)
        group = {"code": f"I{g}", "name": f"一级指标{g}", "points": 10, "children": children}
        if g == 0:
            group["by_category"] = {"教学科研": 5}
        indicators.append(group)
    indicators[1]["by_category"] = {"教学科研": 15}
    return {
        "code": "bench", "name": "基准测试方案", "categories": CATEGORIES,
        "inputs": [{"name": "cases", "type": "number", "default": 0}],
        "indicators": indicators,
        "grades": {"bands": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 80}, {"grade": "达标", "min": 70},
                             {"grade": "诫勉"}],
                   "rules": [{"when": "cases > 0", "downgrade": 1}]},
        "quotas": [{"award": "先进单位", "eligible_grades": ["优秀"], "max_share": 30}],
    }


def build_units(scheme, n: int, seed: int = 20261122) -> dict:
    rng = np.random.default_rng(seed)
    leaves = scheme.leaves
    units = {}
    raw = {}
    for leaf in leaves:
        kind = leaf.rule.type
        scale = float(scheme.places(None)[leaf.code].scale)
        if kind == "entered":
            col = np.round(rng.uniform(scale * 0.75, scale * 1.05, n), 2)
        elif kind in ("ratio", "bands", "import"):
            col = np.round(rng.uniform(75, 105, n), 1)
        else:
            col = rng.integers(0, 3, n)
        raw[leaf.code] = col.tolist()
    codes = [leaf.code for leaf in leaves]
    na = rng.random((n, len(codes))) < 0.01
    missing = rng.random((n, len(codes))) < 0.01
    cases = rng.random(n) < 0.05
    categories = rng.integers(0, len(CATEGORIES), n)
    for u in range(n):
        values = {}
        for j, code in enumerate(codes):
            if missing[u, j]:
                continue
            values[code] = "不适用" if na[u, j] else raw[code][u]
        if cases[u]:
            values["cases"] = 1
        units[f"U{u:05d}"] = {"category": CATEGORIES[categories[u]], "values": values}
    return units


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def numpy_baseline(scheme, units: dict) -> tuple[float, float, np.ndarray]:
    """A plain weighted sum of the same tree: leaf scores × (max / scale), summed. Returns (time from the dict
    inputs, time on a ready matrix, totals)."""
    leaves = scheme.leaves
    places = scheme.places(None)
    weights = np.array([float(places[leaf.code].max / places[leaf.code].scale) for leaf in leaves])
    codes = [leaf.code for leaf in leaves]
    records = list(units.values())
    t0 = time.perf_counter()
    columns = []
    for code in codes:
        col = [r["values"].get(code) for r in records]
        columns.append([v if type(v) in (int, float) else 0.0 for v in col])
    matrix = np.array(columns, dtype=np.float64).T
    t1 = time.perf_counter()
    totals = matrix @ weights
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1, totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--check", type=int, default=200, help="units whose totals are checked on the explained path")
    parser.add_argument("--repeat", type=int, default=3, help="full runs (the best and the median are shown)")
    parser.add_argument("--explained-units", type=int, default=1000,
                        help="units scored by the explained path against the batch path (0: skip)")
    parser.add_argument("--quick", action="store_true", help="1,000 units, one run, 50 units checked")
    args = parser.parse_args()
    if args.quick:
        args.units, args.repeat, args.check = 1000, 1, min(args.check, 50)

    scheme = load_scheme(build_scheme())
    units = build_units(scheme, args.units)
    inputs = sum(len(u["values"]) for u in units.values())
    print(f"方案：{len(scheme.leaves)} 个末级指标；单位 {len(units)} 个；输入值 {inputs:,} 个")
    gc.collect()
    rss_before = rss_mb()

    runs = []
    for _ in range(args.repeat):
        batch = None
        gc.collect()
        t0 = time.perf_counter()
        batch = score_units(scheme, units)
        runs.append(time.perf_counter() - t0)
    full, full_median = min(runs), statistics.median(runs)
    rss_after = rss_mb()

    baselines = [numpy_baseline(scheme, units) for _ in range(args.repeat)]
    base_all = min(b[0] for b in baselines)
    base_compute = min(b[1] for b in baselines)

    # one changed input, one unit re-scored (explained path), then ranks and quotas again; five different units
    updates, explained_times = [], []
    keys = sorted(units)
    changed_keys = [keys[int(f * (len(keys) - 1))] for f in (0.4242, 0.0007, 1, 0.5, 0.1234)]
    for index, key in enumerate(changed_keys):
        changed = {**units[key], "values": {**units[key]["values"], "I3.4": index % 2}}
        t0 = time.perf_counter()
        batch.update(key, changed)
        updates.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        explained = score_unit(scheme, changed)
        explained_times.append(time.perf_counter() - t0)
        assert batch.units[key].total == explained.total
    one, one_max = statistics.median(updates), max(updates)
    one_explained = statistics.median(explained_times)

    # the batch (vectorised) totals equal the explained path's
    rng = np.random.default_rng(7)
    sample = rng.choice(sorted(units), size=min(args.check, len(units)), replace=False)
    mismatches = [k for k in sample
                  if k not in changed_keys and score_unit(scheme, units[k]).total != batch.units[k].total]

    # allocation peak of a full run, measured separately (tracemalloc slows the run down)
    gc.collect()
    tracemalloc.start()
    score_units(scheme, units)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # the explained path for every unit of a batch against the batch path, on the same units
    explained_line = None
    if args.explained_units:
        subset = dict(list(units.items())[:args.explained_units])
        fast_runs, explained_runs = [], []
        for _ in range(min(args.repeat, 2)):
            t0 = time.perf_counter()
            fast_json = score_units(scheme, subset).to_json()
            fast_runs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            explained_json = score_units(scheme, subset, fast=False).to_json()
            explained_runs.append(time.perf_counter() - t0)
            if explained_json != fast_json:
                mismatches.append("explained batch JSON")
        fast_t, explained_t = min(fast_runs), min(explained_runs)
        explained_line = (f"逐项说明路径计分全部 {len(subset)} 个单位（fast=False）：{explained_t:.2f} 秒；批量路径 "
                          f"{fast_t:.3f} 秒；说明路径 / 批量路径 = {explained_t / fast_t:.0f} 倍；两者 JSON "
                          + ("逐字节相同" if explained_json == fast_json else "不同"))

    titles = sum(1 for u in batch.units.values() if u.titles)
    print(f"全量计分（总分、等次、类别内排名、名额）：最快 {full:.2f} 秒，中位 {full_median:.2f} 秒（{len(runs)} 次）")
    print(f"  内存：进程峰值 RSS {rss_after:.0f} MB（计分前 {rss_before:.0f} MB，含输入数据）；"
          f"计分过程分配峰值（tracemalloc）{traced_peak / 2**20:.0f} MB")
    print(f"  先进单位 {titles} 个；等次分布 "
          + "、".join(f"{g} {sum(1 for u in batch.units.values() if u.grade == g)}" for g in scheme.grades))
    print(f"单个单位改动一个输入后重新计分（逐项说明路径 + 重新排名 + 名额）：中位 {one * 1000:.1f} 毫秒，"
          f"最慢 {one_max * 1000:.1f} 毫秒（5 次）；单独生成该单位完整说明 {one_explained * 1000:.1f} 毫秒")
    print(f"NumPy 加权求和基线（同一指标树）：含从输入字典取数 {base_all:.3f} 秒，仅矩阵运算 {base_compute * 1000:.2f} 毫秒")
    print(f"  全量计分 / 基线（含取数）= {full / base_all:.1f} 倍；/ 基线（仅运算）= {full / base_compute:.0f} 倍")
    if explained_line:
        print(explained_line)
    print(f"核对：抽查 {len(sample)} 个单位，批量路径与逐项说明路径总分不一致 {len(mismatches)} 个")
    aims = full_median < 5 and rss_after < 2048 and one < 0.05 and not mismatches
    print("目标（全量 < 5 秒、< 2 GB，单个重算 < 50 毫秒）：" + ("达到" if aims else "未达到"))
    return 0 if not mismatches else 1


if __name__ == "__main__":
    sys.exit(main())

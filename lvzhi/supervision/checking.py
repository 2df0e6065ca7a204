"""Checking and storing one batch of records, in DuckDB (pure: no Django import).

The records arrive as a DuckDB table `raw` (every column text, plus `rn`, the record's position), the registry
and the lists as small reference tables (`References`). One query per kind finds every record's reasons
(Chinese, naming the field), another builds the stored rows of the accepted ones with their content hash, and
`ingest` drops the records already stored (same hash in the same month) before appending the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from .schema import EVENTS, HOTLINE, LINES, PERFORMANCE, SATISFACTION, SPECS
from .store import Store

REF_SCHEMAS = {
    "ref_units": pa.schema([("unit", pa.string()), ("region", pa.string()), ("category", pa.string())]),
    "ref_bodies": pa.schema([("unit", pa.string()), ("body", pa.string())]),
    "ref_posts": pa.schema([("unit", pa.string()), ("post", pa.string())]),
    "ref_items": pa.schema([("unit", pa.string()), ("item_kind", pa.string()), ("item", pa.string())]),
    "ref_steps": pa.schema(
        [
            ("unit", pa.string()),
            ("workflow", pa.string()),
            ("step", pa.string()),
            ("step_name", pa.string()),
            ("step_order", pa.int64()),
            ("step_total", pa.int64()),
            ("time_limit", pa.int64()),
            ("time_unit", pa.string()),
            ("valid_from", pa.date32()),
            ("valid_to", pa.date32()),
        ]
    ),
    "ref_allowed": pa.schema([("unit", pa.string())]),
}


@dataclass
class References:
    """What records are checked against: {table name: rows as dicts}; `allowed_units` None = any unit."""

    units: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    allowed_units: list[str] | None = None

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        tables = {
            "ref_units": self.units,
            "ref_bodies": self.bodies,
            "ref_posts": self.posts,
            "ref_items": self.items,
            "ref_steps": self.steps,
            "ref_allowed": [{"unit": u} for u in (self.allowed_units or [])],
        }
        for name, rows in tables.items():
            con.register(name, pa.Table.from_pylist(rows, schema=REF_SCHEMAS[name]))


@dataclass
class Outcome:
    received: int
    accepted: int
    duplicates: int
    refused: int
    stored: bool
    problems: list[dict[str, Any]]  # [{"row": n, "reasons": ["…"]}]
    months: list[str]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _trim(col: str) -> str:
    """An input column as trimmed text (computed once, in the `t` layer of `checked_sql`)."""
    return f't."{col}"'


def _date(col: str) -> str:
    return f"TRY_CAST(replace(left({_trim(col)}, 10), '/', '-') AS DATE)"


def _ts(col: str) -> str:
    return f"TRY_CAST(replace(replace({_trim(col)}, '/', '-'), 'T', ' ') AS TIMESTAMP)"


def _reasons(*cases: tuple[str, str]) -> str:
    """Two columns: `reasons`, the list of the reasons whose condition holds (each reason a SQL text
    expression), and `ok`, whether none holds: a cheap test that spares building the lists when nothing is
    wrong (DuckDB computes `reasons` only where a query reads it)."""
    items = ", ".join(f"CASE WHEN {cond} THEN {reason} END" for cond, reason in cases)
    holds = " OR ".join(f"coalesce({cond}, false)" for cond, _reason in cases)
    return f"list_filter([{items}], lambda x: x IS NOT NULL) AS reasons, NOT ({holds}) AS ok"


def _scope_case(restricted: bool) -> tuple[str, str]:
    if not restricted:
        return ("false", "NULL")
    return ("u.unit IS NOT NULL AND a.unit IS NULL", _q("只能报送本单位的数据"))


def _inputs(kind: str, parsed: dict[str, str]) -> str:
    """`t`: every input column of `raw` trimmed once, and the parsed values (`p_…`) the checks and the stored
    columns share, so that no expression is evaluated twice per record."""
    trimmed = ", ".join(
        f'trim(coalesce(CAST(r."{name}" AS VARCHAR), \'\')) AS "{name}"' for name, _h in SPECS[kind].inputs
    )
    inner = f"(SELECT r.rn, {trimmed} FROM raw r) t"
    if not parsed:
        return inner
    extra = ", ".join(f"{expr} AS {name}" for name, expr in parsed.items())
    return f"(SELECT t.*, {extra} FROM {inner}) t"


def checked_sql(kind: str, today: dt.date, restricted: bool) -> str:
    """SELECT rn, reasons, and the stored columns (without record_id, batch) of every record of `raw`."""
    today_sql = f"DATE {_q(today.isoformat())}"
    unit = _trim("unit")
    scope = _scope_case(restricted)
    unknown_unit = ("u.unit IS NULL", f"'单位代码“' || {unit} || '”不存在'")
    if kind == PERFORMANCE:
        source = _inputs(
            kind,
            {
                "p_day": _date("day"),
                "p_qty": f"TRY_CAST({_trim('quantity')} AS BIGINT)",
                "p_kind": (
                    f"CASE {_trim('item_kind')} WHEN '工作任务' THEN 'task' WHEN '权责事项' THEN 'power' "
                    f"ELSE {_trim('item_kind')} END"
                ),
            },
        )
        day, qty, item_kind = "t.p_day", "t.p_qty", "t.p_kind"
        return f"""
        SELECT t.rn, {
            _reasons(
                unknown_unit,
                scope,
                (
                    f"{_trim('body')} <> '' AND u.unit IS NOT NULL AND b.body IS NULL",
                    f"'内设机构代码“' || {_trim('body')} || '”不属于该单位'",
                ),
                (
                    f"{_trim('post')} <> '' AND u.unit IS NOT NULL AND p.post IS NULL",
                    f"'岗位代码“' || {_trim('post')} || '”不属于该单位'",
                ),
                (f"{item_kind} NOT IN ('task', 'power')", "'事项类型须为“工作任务”或“权责事项”'"),
                (
                    f"{item_kind} IN ('task', 'power') AND u.unit IS NOT NULL AND i.item IS NULL",
                    f"'事项“' || {_trim('item')} || '”不在该单位的清单中'",
                ),
                (f"{day} IS NULL", f"'日期“' || {_trim('day')} || '”无法识别,应写作 2026-02-13'"),
                (f"{day} > {today_sql}", "'日期晚于今天'"),
                (f"{qty} IS NULL OR {qty} < 0", "'数量须为非负整数'"),
            )
        },
          u.region, u.category, {unit} AS unit, {_trim("body")} AS body, {_trim("post")} AS post,
          {item_kind} AS item_kind, {_trim("item")} AS item, {day} AS day, {_trim("action")} AS action,
          {qty} AS quantity
        FROM {source}
        LEFT JOIN ref_units u ON u.unit = {unit}
        LEFT JOIN ref_allowed a ON a.unit = {unit}
        LEFT JOIN ref_bodies b ON b.unit = {unit} AND b.body = {_trim("body")}
        LEFT JOIN ref_posts p ON p.unit = {unit} AND p.post = {_trim("post")}
        LEFT JOIN ref_items i ON i.unit = {unit} AND i.item_kind = {item_kind} AND i.item = {_trim("item")}
        """
    if kind == EVENTS:
        source = _inputs(kind, {"p_start": _ts("start"), "p_end": _ts("end")})
        start, end = "t.p_start", "t.p_end"
        return f"""
        SELECT t.rn, {
            _reasons(
                unknown_unit,
                scope,
                (f"{_trim('workflow')} = '' OR {_trim('case')} = ''", "'案件编号和流程编码不能为空'"),
                (
                    f"u.unit IS NOT NULL AND {start} IS NOT NULL AND s.step IS NULL",
                    f"'流程“' || {_trim('workflow')} || '”在开始当日施行的版本中没有环节“' || {_trim('step')} || '”'",
                ),
                (
                    f"{start} IS NULL",
                    f"'开始时间“' || {_trim('start')} || '”无法识别,应写作 2026-02-13 09:00'",
                ),
                (
                    f"{_trim('end')} <> '' AND {end} IS NULL",
                    f"'结束时间“' || {_trim('end')} || '”无法识别,应写作 2026-02-13 17:00'",
                ),
                (f"{end} < {start}", "'结束时间早于开始时间'"),
                (
                    f"CAST({start} AS DATE) > {today_sql} OR CAST({end} AS DATE) > {today_sql}",
                    "'时间晚于今天'",
                ),
                (
                    f"{_trim('post')} <> '' AND u.unit IS NOT NULL AND p.post IS NULL",
                    f"'岗位代码“' || {_trim('post')} || '”不属于该单位'",
                ),
            )
        },
          u.region, u.category, {unit} AS unit, {_trim("case")} AS "case", {_trim("workflow")} AS workflow,
          {_trim("step")} AS step, s.step_name, s.step_order, s.step_total, s.time_limit, s.time_unit,
          {start} AS start, {end} AS "end", {_trim("post")} AS post, {_trim("outcome")} AS outcome
        FROM {source}
        LEFT JOIN ref_units u ON u.unit = {unit}
        LEFT JOIN ref_allowed a ON a.unit = {unit}
        LEFT JOIN ref_posts p ON p.unit = {unit} AND p.post = {_trim("post")}
        LEFT JOIN ref_steps s ON s.unit = {unit} AND s.workflow = {_trim("workflow")} AND s.step = {
            _trim("step")
        }
          AND s.valid_from <= CAST({start} AS DATE) AND (s.valid_to IS NULL OR s.valid_to > CAST({
            start
        } AS DATE))
        """
    if kind == HOTLINE:
        source = _inputs(
            kind,
            {
                "p_day": _date("day"),
                "p_transfers": f"replace(replace({_trim('transfers')}, '；', ';'), '>', ';')",
            },
        )
        day, transfers = "t.p_day", "t.p_transfers"
        lines = ", ".join(_q(x) for x in LINES)
        sats = ", ".join(_q(x) for x in SATISFACTION)
        return f"""
        SELECT t.rn, {
            _reasons(
                unknown_unit,
                scope,
                (f"{_trim('ticket')} = ''", "'工单编号不能为空'"),
                (f"{_trim('line')} NOT IN ({lines})", "'热线须为 12345 或 89000'"),
                (f"{day} IS NULL", f"'日期“' || {_trim('day')} || '”无法识别,应写作 2026-02-13'"),
                (f"{day} > {today_sql}", "'日期晚于今天'"),
                (
                    f"{_trim('satisfaction')} NOT IN ({sats}, '')",
                    "'满意度须为“满意”“基本满意”“不满意”或留空'",
                ),
            )
        },
          u.region, u.category, {_trim("ticket")} AS ticket, {_trim("line")} AS line, {day} AS day,
          {unit} AS unit, {_trim("topic")} AS topic, {_trim("text")} AS text, {transfers} AS transfers,
          CASE WHEN {transfers} = '' THEN 0 ELSE len(string_split({transfers}, ';')) END AS transfer_count,
          {_trim("satisfaction")} AS satisfaction,
          CASE WHEN {_trim("satisfaction")} IN ('满意', '基本满意') THEN 1 ELSE 0 END AS satisfied
        FROM {source}
        LEFT JOIN ref_units u ON u.unit = {unit}
        LEFT JOIN ref_allowed a ON a.unit = {unit}
        """
    raise ValueError(kind)


def ingest(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    kind: str,
    raw_sql: str,
    refs: References,
    *,
    batch: str,
    today: dt.date,
    allow_partial: bool,
    max_problems: int = 1000,
) -> Outcome:
    """Check the records of `raw_sql` (text columns and `rn`), and append the new accepted ones to the store.

    Without `allow_partial` a batch with any refused record stores nothing. Streaming, so that memory does not
    grow with the batch: one pass writes the accepted records with their content hash into a staging directory
    partitioned by month (the refused ones are the records not written, their reasons listed in a second pass only
    when there are any; a batch refused as a whole is dropped with its staging directory), and then, month by
    month under the store's lock, the staged files are moved into the store as they are, or rewritten without the
    records that are already stored or repeated in the batch when there are any."""
    spec = SPECS[kind]
    refs.register(con)
    present = {c.lower() for c in con.sql(f"SELECT * FROM ({raw_sql}) LIMIT 0").columns}
    extra = "".join(f", '' AS \"{name}\"" for name, _h in spec.inputs if name not in present)
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT *{extra} FROM ({raw_sql})")
    identity = ", ".join(f"coalesce(CAST(c.\"{c}\" AS VARCHAR), '')" for c in spec.identity)
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW checked AS
        SELECT md5(concat_ws(chr(31), {_q(kind)}, {identity})) AS record_id, {_q(batch)} AS batch, c.*,
               strftime(c."{spec.day_column}", '%Y-%m') AS month
        FROM ({checked_sql(kind, today, refs.allowed_units is not None)}) c
    """)
    ((received,),) = con.execute("SELECT count(*) FROM raw").fetchall()
    names = ", ".join(f'"{c}"' for c in spec.stored.names)
    with store.staging(kind) as staged:
        store.write(con, staged, f"SELECT {names}, month FROM checked WHERE ok")
        files = sorted(str(p) for p in staged.glob("month=*/*.parquet"))
        accepted = 0
        if files:
            ((accepted,),) = con.execute("SELECT count(*) FROM read_parquet(?)", [files]).fetchall()
        refused = received - accepted
        problems = []
        if refused:
            problems = [
                {"row": int(rn), "reasons": list(reasons)}
                for rn, reasons in con.execute(
                    f"SELECT rn, reasons FROM checked WHERE NOT ok ORDER BY rn LIMIT {int(max_problems)}"
                ).fetchall()
            ]
        if refused and not allow_partial:
            return Outcome(received, 0, 0, refused, False, problems, [])
        months = sorted(p.name.removeprefix("month=") for p in staged.glob("month=*"))
        new = 0
        with store.locked():
            for month in months:
                new += store.publish(con, kind, staged / f"month={month}", month)
    return Outcome(received, new, accepted - new, refused, True, problems, months)

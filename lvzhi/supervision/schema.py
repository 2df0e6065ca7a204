"""The three kinds of supervision record and their columns (the Parquet layout under the store).

No Django import: the store, the metrics and the benchmark read it alone. Every kind is stored under
`<store>/<kind>/month=YYYY-MM/*.parquet` (hive partitioning), the layout DuckDB and Spark both read.
`record_id` is a hash of the record's content (not of its batch), so the same record sent twice is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

PERFORMANCE = "performance"
EVENTS = "events"
HOTLINE = "hotline"
KINDS: tuple[str, ...] = (PERFORMANCE, EVENTS, HOTLINE)

KIND_LABELS = {PERFORMANCE: "履职记录", EVENTS: "流程环节", HOTLINE: "热线工单"}
# Chinese headers of the stored columns that no sender gives (the rest take their input header).
DERIVED_LABELS = {
    "record_id": "记录标识",
    "batch": "批次",
    "region": "区划",
    "category": "评估类别",
    "step_name": "环节名称",
    "step_order": "环节顺序",
    "step_total": "环节总数",
    "time_limit": "办理时限",
    "time_unit": "时限单位",
}


@dataclass(frozen=True)
class Kind:
    name: str
    # the columns a sender gives (in the API, the file headers' English names), with their Chinese headers
    inputs: tuple[tuple[str, str], ...]
    # the columns the content hash is taken over (what makes two records "the same record")
    identity: tuple[str, ...]
    # the column whose month partitions the record
    day_column: str
    stored: pa.Schema


PERFORMANCE_KIND = Kind(
    PERFORMANCE,
    inputs=(
        ("unit", "单位代码"),
        ("body", "内设机构代码"),
        ("post", "岗位代码"),
        ("item_kind", "事项类型"),
        ("item", "事项编码"),
        ("day", "日期"),
        ("action", "履职行为"),
        ("quantity", "数量"),
    ),
    identity=("unit", "body", "post", "item_kind", "item", "day", "action", "quantity"),
    day_column="day",
    stored=pa.schema(
        [
            ("record_id", pa.string()),
            ("batch", pa.string()),
            ("region", pa.string()),
            ("category", pa.string()),
            ("unit", pa.string()),
            ("body", pa.string()),
            ("post", pa.string()),
            ("item_kind", pa.string()),
            ("item", pa.string()),
            ("day", pa.date32()),
            ("action", pa.string()),
            ("quantity", pa.int64()),
        ]
    ),
)

EVENTS_KIND = Kind(
    EVENTS,
    inputs=(
        ("unit", "单位代码"),
        ("case", "案件编号"),
        ("workflow", "流程编码"),
        ("step", "环节序号"),
        ("start", "开始时间"),
        ("end", "结束时间"),
        ("post", "岗位代码"),
        ("outcome", "办理结果"),
    ),
    identity=("unit", "case", "workflow", "step", "start", "end", "post", "outcome"),
    day_column="start",
    stored=pa.schema(
        [
            ("record_id", pa.string()),
            ("batch", pa.string()),
            ("region", pa.string()),
            ("category", pa.string()),
            ("unit", pa.string()),
            ("case", pa.string()),
            ("workflow", pa.string()),
            ("step", pa.string()),
            ("step_name", pa.string()),
            ("step_order", pa.int64()),
            ("step_total", pa.int64()),
            ("time_limit", pa.int64()),
            ("time_unit", pa.string()),
            ("start", pa.timestamp("us")),
            ("end", pa.timestamp("us")),
            ("post", pa.string()),
            ("outcome", pa.string()),
        ]
    ),
)

HOTLINE_KIND = Kind(
    HOTLINE,
    inputs=(
        ("ticket", "工单编号"),
        ("line", "热线"),
        ("day", "日期"),
        ("unit", "单位代码"),
        ("topic", "诉求类别"),
        ("text", "诉求内容"),
        ("transfers", "转办单位"),
        ("satisfaction", "满意度"),
    ),
    identity=("ticket", "line", "day", "unit", "topic", "text", "transfers", "satisfaction"),
    day_column="day",
    stored=pa.schema(
        [
            ("record_id", pa.string()),
            ("batch", pa.string()),
            ("region", pa.string()),
            ("category", pa.string()),
            ("ticket", pa.string()),
            ("line", pa.string()),
            ("day", pa.date32()),
            ("unit", pa.string()),
            ("topic", pa.string()),
            ("text", pa.string()),
            ("transfers", pa.string()),
            ("transfer_count", pa.int64()),
            ("satisfaction", pa.string()),
            ("satisfied", pa.int64()),
        ]
    ),
)

SPECS: dict[str, Kind] = {k.name: k for k in (PERFORMANCE_KIND, EVENTS_KIND, HOTLINE_KIND)}
LINES = ("12345", "89000")
SATISFACTION = ("满意", "基本满意", "不满意")
ITEM_KINDS = {"task": "工作任务", "power": "权责事项"}


def header_map(kind: str) -> dict[str, str]:
    """Chinese header or English name → the column (a file may use either)."""
    out: dict[str, str] = {}
    for name, header in SPECS[kind].inputs:
        out[name] = name
        out[header] = name
    return out


def column_label(kind: Kind, column: str) -> str:
    """The Chinese header of one stored column of `kind`, as pages and exports show it."""
    return dict(kind.inputs).get(column) or DERIVED_LABELS.get(column, column)

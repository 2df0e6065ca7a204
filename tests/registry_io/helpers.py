from lvzhi.registry.io.importers import ImportOptions
from lvzhi.registry.io.services import start_import

from .conftest import upload

PERSON_HEADER = [
    "人员编号",
    "姓名",
    "单位代码",
    "岗位代码",
    "性别",
    "出生年份",
    "编制类型",
    "入编时间",
    "在编",
]
UNIT_HEADER = [
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
]
BODY_HEADER = ["单位代码", "机构代码", "机构名称", "主要职责", "排序", "在用"]
POST_HEADER = ["单位代码", "岗位代码", "岗位名称", "内设机构代码", "领导职务", "岗位职责"]


def run_import(kind, rows, actor, name="data.xlsx", background=False, **options):
    """Upload `rows` (header first) as an import of `kind`, the way the upload page does; returns the job."""
    return start_import(
        kind, upload(rows, name), actor=actor, options=ImportOptions(**options), background=background
    )


def errors_of(job) -> list[tuple]:
    """(row, column letter, header, reason) of each error, as the user sees them."""
    return [(e["row"], e["column"], e["header"], e["reason"]) for e in job.errors]

"""The Chinese words of the registry files (docs/registry_io.md): sheet names, column headers, the enumeration
labels and 是/否 written in cells, the words accepted for yes and no, and the example row of the templates.

They are part of the file format, not interface text, so they do not go through the i18n catalogue
(docs/i18n.md): a file downloaded in one interface language must read back the same in any other, like the field
names of an API. The explanations around them (help texts, instructions, error messages) do, with these words as
placeholders. The enumeration codes are the models' (lvzhi.registry.models); tests/registry_io check that every
code has its label here and that the labels are the models' Chinese ones.
"""

# -- Cells -----------------------------------------------------------------------------------------------------

YES, NO = "是", "否"
TRUE_WORDS = {YES, "1", "true", "y", "yes", "t", "√", "在", "在用", "在编"}
FALSE_WORDS = {NO, "0", "false", "n", "no", "f", "×", "不在", "停用", "不在编"}
CHINESE_DATE = r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"

# -- Enumerations: (code, label), the codes of the models' choices ---------------------------------------------

UNIT_KINDS = (
    ("party", "党委部门"),
    ("government", "政府工作部门"),
    ("congress", "人大机关"),
    ("cppcc", "政协机关"),
    ("judicial", "审判检察机关"),
    ("mass_org", "群团机关"),
    ("coordination", "议事协调机构"),
    ("dispatched", "派出机构"),
    ("direct_institution", "直属事业单位"),
    ("subordinate_institution", "下属事业单位"),
)
STAFFING_KINDS = (
    ("administrative", "行政编制"),
    ("political_legal", "政法专项编制"),
    ("public_institution", "事业编制"),
    ("logistics", "工勤编制"),
)
LEADERSHIP_LEVELS = (
    ("unit_head", "单位领导正职"),
    ("unit_deputy", "单位领导副职"),
    ("body_head", "内设机构领导正职"),
    ("body_deputy", "内设机构领导副职"),
)
GENDERS = (("M", "男"), ("F", "女"))

# -- Sheets and headers ----------------------------------------------------------------------------------------

INSTRUCTIONS_SHEET = "填写说明"
CODES_SHEET = "代码参考"
# Marks a header may carry in a filled-in file (they are ignored when the header is matched).
REQUIRED_MARKS = ("(必填)", "(必填)", "*", "*")

SHEETS = {
    "units": "单位",
    "bodies": "内设机构",
    "posts": "岗位",
    "persons": "实名制人员",
    "quotas": "编制和领导职数",
}

HEADERS = {
    "units": {
        "code": "单位代码",
        "name": "单位名称",
        "short_name": "简称",
        "kind": "单位性质",
        "region": "所属区划代码",
        "category": "评估类别",
        "parent": "主管部门代码",
        "order": "排序",
        "is_active": "在用",
        "note": "备注",
    },
    "bodies": {
        "unit": "单位代码",
        "code": "机构代码",
        "name": "机构名称",
        "duties": "主要职责",
        "order": "排序",
        "is_active": "在用",
    },
    "posts": {
        "unit": "单位代码",
        "code": "岗位代码",
        "name": "岗位名称",
        "internal_body": "内设机构代码",
        "leadership_level": "领导职务",
        "duties": "岗位职责",
    },
    "persons": {
        "staff_no": "人员编号",
        "name": "姓名",
        "unit": "单位代码",
        "post": "岗位代码",
        "gender": "性别",
        "birth_year": "出生年份",
        "staffing_kind": "编制类型",
        "joined_on": "入编时间",
        "is_active": "在编",
    },
    "quotas": {
        "unit": "单位代码",
        "document_number": "三定文号",
        "approved_on": "印发日期",
        **{f"quota:{code}": label for code, label in STAFFING_KINDS},
        **{f"leader:{code}": f"{label}职数" for code, label in LEADERSHIP_LEVELS},
    },
}

# -- The example row of each template (the values that are words) ----------------------------------------------

EXAMPLES = {
    "units": {
        "name": "莱阳市发展和改革局",
        "short_name": "发改局",
        "kind": "政府工作部门",
        "category": "政务服务",
    },
    "bodies": {"name": "办公室", "duties": "负责机关日常运转。"},
    "posts": {"name": "文秘岗", "duties": "负责文稿起草。"},
    "persons": {"name": "王建国", "gender": "男", "staffing_kind": "行政编制"},
    "quotas": {"document_number": "莱编〔2019〕12号"},
}

"""Names used in scheme files, with the Chinese words office staff write in Excel."""

KINDS = {
    "regular": "一般",
    "core": "核心",
    "corroborating": "印证",
    "negative": "负面",
    "bonus": "加分",
    "deduction": "减分",
}
ADJUSTMENT_KINDS = {"bonus", "deduction"}

NATURES = {"quantitative": "定量", "qualitative": "定性"}

SOURCES = {
    "self_assessment": "自评",
    "desk_review": "案头审核",
    "on_site": "实地评估",
    "survey": "问卷",
    "leader_rating": "领导评价",
    "hotline": "热线",
    "external_import": "第三方导入",
    "supervision_metric": "监管指标",
    "goals": "年度目标",
    "accountability": "问责",
    "lists": "清单管理",
}

RULE_TYPES = {
    "entered": "录入",
    "ratio": "完成率",
    "bands": "分档",
    "rating": "等次评价",
    "survey": "满意度",
    "occurrences": "按次",
    "rank": "排名",
    "import": "导入",
    "formula": "公式",
}

LEVELS = {"central": "中央参考样式", "provincial": "省级模板", "local": "本地方案", "internal": "部门内部方案"}

NOT_APPLICABLE_WORDS = {"不适用", "n/a", "na", "不涉及"}

RESERVED_CODES = {"values", "category", "not_applicable", "name", "total", "grade", "scale", "max", "value"}


def _reverse(mapping: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, label in mapping.items():
        out[key] = key
        out[label] = key
    return out


KIND_LOOKUP = _reverse(KINDS) | {"普通": "regular", "加分项": "bonus", "减分项": "deduction", "扣分": "deduction"}
NATURE_LOOKUP = _reverse(NATURES)
RULE_LOOKUP = _reverse(RULE_TYPES) | {"手工录入": "entered", "等次": "rating", "评议": "rating", "扣分": "occurrences"}
SOURCE_LOOKUP = _reverse(SOURCES) | {"自查自评": "self_assessment", "现场评估": "on_site", "领导评议": "leader_rating",
                                     "热线数据": "hotline", "外部导入": "external_import", "问卷调查": "survey",
                                     "年度工作目标": "goals", "目标完成情况": "goals",
                                     "问责扣分": "accountability", "问责案件": "accountability",
                                     "清单动态管理": "lists", "权责清单管理": "lists"}


def normalize_source(value: object) -> str | None:
    """'survey:服务对象' / '问卷:服务对象' / 'supervision_metric:overdue' / '自评' → English form, None if unknown."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("：", ":")
    head, sep, tail = text.partition(":")
    key = SOURCE_LOOKUP.get(head.strip())
    if key is None:
        return None
    if sep:
        if key not in ("survey", "supervision_metric", "goals", "accountability", "lists") or not tail.strip():
            return None
        return f"{key}:{tail.strip()}"
    return key


def source_label(value: str) -> str:
    head, sep, tail = value.partition(":")
    return SOURCES.get(head, head) + (f":{tail}" if sep else "")


def is_not_applicable(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in NOT_APPLICABLE_WORDS

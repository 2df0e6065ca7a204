"""Template inheritance: resolve a child scheme written as edits against its parent. What differs between two
schemes is listed by `lvzhi.scoring.diffs`."""

from __future__ import annotations

import copy
from typing import Any

from .errors import Issue, SchemeError
from .model import EDIT_KEYS, FORMAT, Scheme, code_text

FIELD_LABELS = {
    "name": "名称", "points": "分值", "weight": "权重", "by_category": "分类分值", "scale": "刻度", "kind": "类型",
    "nature": "性质", "standard": "评分标准", "rule": "规则", "evidence": "佐证材料", "source": "数据来源",
    "periods": "分期", "base": "基础分", "note": "说明",
}
SETTING_LABELS = {
    "name": "方案名称", "level": "层级", "description": "说明", "source_document": "依据文件", "note": "备注",
    "total": "总分", "total_by_category": "分类总分", "precision": "精度", "categories": "类别", "inputs": "输入项", "rating_scales": "评价等次",
    "period_sets": "分期", "grades": "等次", "ranking": "排名", "quotas": "名额",
}
ADD_KEYS = {"parent", "after", "indicator"}
MOVE_KEYS = {"code", "to", "after"}
NOT_SETTINGS = {"format", "code", "extends", "indicators", *EDIT_KEYS}


def definition_of(value: Any) -> dict[str, Any]:
    if isinstance(value, Scheme):
        return value.definition
    if not isinstance(value, dict):
        raise SchemeError("方案定义必须是一个映射")
    return value


def has_edits(definition: dict[str, Any]) -> bool:
    return any(definition.get(k) for k in EDIT_KEYS)


def resolve(child: Any, parent: Any) -> dict[str, Any]:
    """The child's full definition: the parent's tree with the child's removals, additions, changes and moves
    applied, and the child's top-level settings over the parent's. `extends` is kept."""
    child = definition_of(child)
    parent_def = definition_of(parent)
    if has_edits(parent_def):
        raise SchemeError(Issue("extends", f"上级模板「{parent_def.get('code')}」本身是增删改形式，请先合并它的上级模板"))
    issues: list[Issue] = []
    extends = child.get("extends")
    if extends and parent_def.get("code") and str(extends) != str(parent_def.get("code")):
        issues.append(Issue("extends", f"本方案继承自「{extends}」，但给出的上级模板是「{parent_def.get('code')}」"))
    out: dict[str, Any] = {"format": FORMAT}
    for key, value in parent_def.items():
        if key not in ("format", "code", "extends", *EDIT_KEYS):
            out[key] = copy.deepcopy(value)
    for key, value in child.items():
        if key not in ("format", *EDIT_KEYS):
            out[key] = copy.deepcopy(value)
    if child.get("indicators") is not None:
        if has_edits(child):
            issues.append(Issue("indicators", "不能同时给出完整指标（indicators）和增删改（remove/add/modify/move）"))
        if issues:
            raise SchemeError(issues)
        return out
    tree = copy.deepcopy(parent_def.get("indicators") or [])
    _apply_edits(tree, child, issues)
    if issues:
        raise SchemeError(issues)
    out["indicators"] = tree
    return out


def _index(tree: list[Any]) -> dict[str, Any]:
    """code -> (node dict, the list that holds it)"""
    found: dict[str, Any] = {}

    def walk(nodes: Any) -> None:
        for node in nodes:
            if isinstance(node, dict):
                code = code_text(node.get("code"))
                if code is not None:
                    found[code] = (node, nodes)
                walk(node.get("children") or [])

    walk(tree)
    return found


def _siblings_of(tree: list[Any], index: dict[str, Any], parent_code: Any, issues: Any, where: Any) -> list[Any] | None:
    if parent_code in (None, ""):
        return tree
    entry = index.get(str(parent_code))
    if entry is None:
        issues.append(Issue(where, f"上级指标「{parent_code}」在上级模板中不存在"))
        return None
    node = entry[0]
    node.setdefault("children", [])
    children: list[Any] = node["children"]
    return children


def _insert(siblings: list[Any], node: dict[str, Any], after: Any, issues: Any, where: Any) -> None:
    if after in (None, ""):
        siblings.append(node)
        return
    for i, sibling in enumerate(siblings):
        if code_text(sibling.get("code")) == str(after):
            siblings.insert(i + 1, node)
            return
    issues.append(Issue(where, f"位置「after: {after}」不是同一上级下的指标"))
    siblings.append(node)


def _apply_edits(tree: list[Any], child: dict[str, Any], issues: list[Issue]) -> None:
    remove = child.get("remove") or []
    if not isinstance(remove, list):
        issues.append(Issue("remove", "remove 必须是编码列表"))
        remove = []
    for code in remove:
        index = _index(tree)
        entry = index.get(str(code))
        if entry is None:
            issues.append(Issue(str(code), "要删除的指标在上级模板中不存在"))
            continue
        entry[1].remove(entry[0])
    add = child.get("add") or []
    if not isinstance(add, list):
        issues.append(Issue("add", "add 必须是列表"))
        add = []
    for i, item in enumerate(add, 1):
        where = f"新增第{i}项"
        if not isinstance(item, dict) or not isinstance(item.get("indicator"), dict):
            issues.append(Issue(where, "新增项应为 {parent, after, indicator}"))
            continue
        issues.extend(Issue(where, f"新增项不认识字段「{key}」")
                      for key in sorted(set(item) - ADD_KEYS))
        node = copy.deepcopy(item["indicator"])
        code = code_text(node.get("code"))
        index = _index(tree)
        if code is not None and code in index:
            issues.append(Issue(code, "新增的指标编码在上级模板中已存在"))
            continue
        siblings = _siblings_of(tree, index, item.get("parent"), issues, code or where)
        if siblings is not None:
            _insert(siblings, node, item.get("after"), issues, code or where)
    modify = child.get("modify") or {}
    if not isinstance(modify, dict):
        issues.append(Issue("modify", "modify 必须是 {编码: {字段: 新值}} 映射"))
        modify = {}
    for code, changes in modify.items():
        entry = _index(tree).get(str(code))
        if entry is None:
            issues.append(Issue(str(code), "要修改的指标在上级模板中不存在"))
            continue
        if not isinstance(changes, dict):
            issues.append(Issue(str(code), "修改内容必须是 {字段: 新值} 映射"))
            continue
        node = entry[0]
        for key, value in changes.items():
            if key in ("code", "children"):
                issues.append(Issue(str(code), f"不能修改「{key}」（改编码请删除后新增，调整下级请用 add/remove/move）"))
                continue
            if value is None:
                node.pop(key, None)
                continue
            node[key] = copy.deepcopy(value)
            if key == "points":
                node.pop("weight", None)
            elif key == "weight":
                node.pop("points", None)
    move = child.get("move") or []
    if not isinstance(move, list):
        issues.append(Issue("move", "move 必须是列表"))
        move = []
    for i, item in enumerate(move, 1):
        if not isinstance(item, dict) or item.get("code") is None:
            issues.append(Issue(f"移动第{i}项", "移动项应为 {code, to, after}"))
            continue
        code = str(item["code"])
        issues.extend(Issue(code, f"移动项不认识字段「{key}」") for key in sorted(set(item) - MOVE_KEYS))
        index = _index(tree)
        entry = index.get(code)
        if entry is None:
            issues.append(Issue(code, "要移动的指标在上级模板中不存在"))
            continue
        target = item.get("to")
        if target not in (None, "") and (str(target) == code or _is_descendant(entry[0], str(target))):
            issues.append(Issue(code, f"不能把指标移动到它自己或它的下级「{target}」之下"))
            continue
        entry[1].remove(entry[0])
        siblings = _siblings_of(tree, _index(tree), target, issues, code)
        if siblings is not None:
            _insert(siblings, entry[0], item.get("after"), issues, code)


def _is_descendant(node: dict[str, Any], code: str) -> bool:
    for child in node.get("children") or []:
        if code_text(child.get("code")) == code or _is_descendant(child, code):
            return True
    return False

"""Template inheritance: resolve a child scheme against its parent, and list exactly what differs."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .errors import Issue, SchemeError
from .model import EDIT_KEYS, FORMAT, Scheme, _code_text, load_scheme

FIELD_LABELS = {
    "name": "名称", "points": "分值", "weight": "权重", "by_category": "分类分值", "scale": "刻度", "kind": "类型",
    "nature": "性质", "standard": "评分标准", "rule": "规则", "evidence": "佐证材料", "source": "数据来源",
    "periods": "分期", "base": "基础分", "note": "说明",
}
SETTING_LABELS = {
    "name": "方案名称", "level": "层级", "description": "说明", "source_document": "依据文件", "note": "备注",
    "total": "总分", "precision": "精度", "categories": "类别", "inputs": "输入项", "rating_scales": "评价等次",
    "period_sets": "分期", "grades": "等次", "ranking": "排名", "quotas": "名额",
}
NOT_SETTINGS = {"format", "code", "extends", "indicators", *EDIT_KEYS}


def _definition(value) -> dict:
    if isinstance(value, Scheme):
        return value.definition
    if not isinstance(value, dict):
        raise SchemeError("方案定义必须是一个映射")
    return value


def has_edits(definition: dict) -> bool:
    return any(definition.get(k) for k in EDIT_KEYS)


def resolve(child, parent) -> dict:
    """The child's full definition: the parent's tree with the child's removals, additions, changes and moves
    applied, and the child's top-level settings over the parent's. `extends` is kept."""
    child = _definition(child)
    parent_def = _definition(parent)
    if has_edits(parent_def):
        raise SchemeError(Issue("extends", f"上级模板「{parent_def.get('code')}」本身是增删改形式，请先合并它的上级模板"))
    issues: list[Issue] = []
    extends = child.get("extends")
    if extends and parent_def.get("code") and str(extends) != str(parent_def.get("code")):
        issues.append(Issue("extends", f"本方案继承自「{extends}」，但给出的上级模板是「{parent_def.get('code')}」"))
    out = {"format": FORMAT}
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


def _index(tree: list) -> dict:
    """code -> (node dict, the list that holds it)"""
    found: dict = {}

    def walk(nodes):
        for node in nodes:
            if isinstance(node, dict):
                code = _code_text(node.get("code"))
                if code is not None:
                    found[code] = (node, nodes)
                walk(node.get("children") or [])

    walk(tree)
    return found


def _siblings_of(tree: list, index: dict, parent_code, issues, where) -> list | None:
    if parent_code in (None, ""):
        return tree
    entry = index.get(str(parent_code))
    if entry is None:
        issues.append(Issue(where, f"上级指标「{parent_code}」在上级模板中不存在"))
        return None
    node = entry[0]
    node.setdefault("children", [])
    return node["children"]


def _insert(siblings: list, node: dict, after, issues, where):
    if after in (None, ""):
        siblings.append(node)
        return
    for i, sibling in enumerate(siblings):
        if _code_text(sibling.get("code")) == str(after):
            siblings.insert(i + 1, node)
            return
    issues.append(Issue(where, f"位置「after: {after}」不是同一上级下的指标"))
    siblings.append(node)


def _apply_edits(tree: list, child: dict, issues: list[Issue]):
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
                      for key in sorted(set(item) - {"parent", "after", "indicator"}))
        node = copy.deepcopy(item["indicator"])
        code = _code_text(node.get("code"))
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


def _is_descendant(node: dict, code: str) -> bool:
    for child in node.get("children") or []:
        if _code_text(child.get("code")) == code or _is_descendant(child, code):
            return True
    return False


@dataclass
class Change:
    action: str  # removed | added | changed | moved | setting
    code: str
    name: str = ""
    fields: dict = field(default_factory=dict)  # field -> {"old": …, "new": …}
    parent: dict | None = None  # moved: {"old": code, "new": code}; added/removed: {"code": parent code}
    subtree: list[str] = field(default_factory=list)  # codes below an added/removed node

    def to_dict(self) -> dict:
        data = {"action": self.action, "code": self.code, "name": self.name}
        if self.fields:
            data["fields"] = self.fields
        if self.parent is not None:
            data["parent"] = self.parent
        if self.subtree:
            data["subtree"] = self.subtree
        return data

    def line(self) -> str:
        label = f"{self.code} {self.name}".strip()
        if self.action == "removed":
            extra = f"（连同下级 {'、'.join(self.subtree)}）" if self.subtree else ""
            return f"删除 {label}{extra}"
        if self.action == "added":
            where = f"（上级 {self.parent['code']}）" if self.parent and self.parent.get("code") else "（一级指标）"
            extra = f"，含下级 {'、'.join(self.subtree)}" if self.subtree else ""
            return f"新增 {label}{where}{extra}"
        if self.action == "moved":
            old = self.parent["old"] or "顶层"
            new = self.parent["new"] or "顶层"
            return f"移动 {label}：上级 {old} → {new}"
        parts = []
        for key, change in self.fields.items():
            name = (SETTING_LABELS if self.action == "setting" else FIELD_LABELS).get(key, key)
            parts.append(f"{name} {_short(change['old'])} → {_short(change['new'])}")
        prefix = "方案设置" if self.action == "setting" else f"修改 {label}"
        return f"{prefix}：{'；'.join(parts)}"


def _short(value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, dict | list):
        import json

        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


@dataclass
class SchemeDiff:
    parent: str
    child: str
    changes: list[Change]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, action: str) -> list[Change]:
        return [c for c in self.changes if c.action == action]

    def to_dict(self) -> dict:
        return {"parent": self.parent, "child": self.child, "changes": [c.to_dict() for c in self.changes]}

    def lines(self) -> list[str]:
        return [c.line() for c in self.changes]


def _flatten(tree: list) -> dict:
    """code -> (fields without children, parent code, position)"""
    out: dict = {}

    def walk(nodes, parent):
        for pos, node in enumerate(nodes):
            code = _code_text(node.get("code"))
            fields = {k: v for k, v in node.items() if k not in ("code", "children")}
            out[code] = (fields, parent, pos, [
                _code_text(c.get("code")) for c in _descendants(node)])
            walk(node.get("children") or [], code)

    walk(tree, "")
    return out


def _descendants(node: dict):
    for child in node.get("children") or []:
        yield child
        yield from _descendants(child)


def _normalized(definition: dict) -> dict:
    try:
        return load_scheme(definition).definition
    except SchemeError:
        return definition


def diff(parent, child) -> SchemeDiff:
    """Exactly what differs between a parent template and a child scheme (given whole, or as edits)."""
    parent_def = _definition(parent)
    child_def = _definition(child)
    if has_edits(child_def):
        child_def = resolve(child_def, parent_def)
    parent_def = _normalized(parent_def)
    child_def = _normalized(child_def)
    old = _flatten(parent_def.get("indicators") or [])
    new = _flatten(child_def.get("indicators") or [])
    changes: list[Change] = [
        Change("setting", key, SETTING_LABELS[key], {key: {"old": parent_def.get(key), "new": child_def.get(key)}})
        for key in SETTING_LABELS
        if key not in NOT_SETTINGS and parent_def.get(key) != child_def.get(key)
    ]
    for code, (fields, parent_code, _pos, subtree) in old.items():
        if code not in new and (parent_code == "" or parent_code in new):
            changes.append(Change("removed", code, fields.get("name", ""), parent={"code": parent_code},
                                  subtree=subtree))
    for code, (fields, parent_code, _pos, subtree) in new.items():
        if code not in old:
            if parent_code == "" or parent_code in old:
                changes.append(Change("added", code, fields.get("name", ""), parent={"code": parent_code},
                                      subtree=subtree))
            continue
        old_fields, old_parent, _, _ = old[code]
        if old_parent != parent_code:
            changes.append(Change("moved", code, fields.get("name", ""), parent={"old": old_parent, "new": parent_code}))
        changed = {
            key: {"old": old_fields.get(key), "new": fields.get(key)}
            for key in sorted(set(old_fields) | set(fields), key=lambda k: list(FIELD_LABELS).index(k)
                              if k in FIELD_LABELS else 99)
            if old_fields.get(key) != fields.get(key)
        }
        if changed:
            changes.append(Change("changed", code, fields.get("name", ""), fields=changed))
    return SchemeDiff(str(parent_def.get("code", "")), str(child_def.get("code", "")), changes)

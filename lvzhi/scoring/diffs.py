"""What differs between a parent scheme and a child: settings, removed, added, changed and moved indicators."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import SchemeError
from .inherit import FIELD_LABELS, NOT_SETTINGS, SETTING_LABELS, definition_of, has_edits, resolve
from .loader import load_scheme
from .model import code_text


@dataclass
class Change:
    action: str  # removed | added | changed | moved | setting
    code: str
    name: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # field -> {"old": …, "new": …}
    parent: dict[str, Any] | None = None  # moved: {"old": code, "new": code}; added/removed: {"code": parent code}
    subtree: list[str] = field(default_factory=list)  # codes below an added/removed node

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "code": self.code, "name": self.name}
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
            moved = self.parent or {}
            old = moved.get("old") or "顶层"
            new = moved.get("new") or "顶层"
            return f"移动 {label}：上级 {old} → {new}"
        parts = []
        for key, change in self.fields.items():
            name = (SETTING_LABELS if self.action == "setting" else FIELD_LABELS).get(key, key)
            parts.append(f"{name} {_short(change['old'])} → {_short(change['new'])}")
        prefix = "方案设置" if self.action == "setting" else f"修改 {label}"
        return f"{prefix}：{'；'.join(parts)}"


def _short(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, dict | list):
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

    def to_dict(self) -> dict[str, Any]:
        return {"parent": self.parent, "child": self.child, "changes": [c.to_dict() for c in self.changes]}

    def lines(self) -> list[str]:
        return [c.line() for c in self.changes]


def _flatten(tree: list[Any]) -> dict[str, Any]:
    """code -> (fields without children, parent code, position)"""
    out: dict[str, Any] = {}

    def walk(nodes: Any, parent: Any) -> None:
        for pos, node in enumerate(nodes):
            code = code_text(node.get("code")) or ""
            fields = {k: v for k, v in node.items() if k not in ("code", "children")}
            out[code] = (fields, parent, pos, [
                code_text(c.get("code")) for c in _descendants(node)])
            walk(node.get("children") or [], code)

    walk(tree, "")
    return out


def _descendants(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for child in node.get("children") or []:
        yield child
        yield from _descendants(child)


def _normalized(definition: dict[str, Any]) -> dict[str, Any]:
    try:
        return load_scheme(definition).definition
    except SchemeError:
        return definition


def diff(parent: Any, child: Any) -> SchemeDiff:
    """Exactly what differs between a parent template and a child scheme (given whole, or as edits)."""
    parent_def = definition_of(parent)
    child_def = definition_of(child)
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

"""Writing derived weights into a scheme definition (the `lvzhi-scheme/1` dict). Pure: no Django import.

The compared indicators are the regular children of one node (or the level-1 indicators). If they carry
`weight`, the weights become percentages with one decimal adding up to exactly 100. If they carry `points`, the
parent's points (the scheme's total at level 1) are shared out in the same proportions, to the scheme's
precision (at most one decimal); an indicator whose points change passes its new points down to its regular
children in proportion, and a leaf whose points change keeps its input scale (`scale:` its former points), so that
what was entered and every rule's settings keep their meaning. Bonus and deduction caps are points and stay.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from .ahp import shares

ADJUSTMENT_KINDS = frozenset({"bonus", "deduction"})


class DraftingError(ValueError):
    pass


def _number(value: Any) -> Fraction:
    if isinstance(value, str):
        value = value.strip().rstrip("%")
    return Fraction(str(value))


def _plain(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def find_children(definition: dict[str, Any], parent_code: str) -> list[dict[str, Any]]:
    """The node list under `parent_code` ("" for level 1); DraftingError when the code is not in the tree."""
    nodes = definition.get("indicators") or []
    if not parent_code:
        return list(nodes)

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        for node in items:
            if str(node.get("code")) == parent_code:
                return list(node.get("children") or [])
            found = walk(node.get("children") or [])
            if found is not None:
                return found
        return None

    found = walk(nodes)
    if found is None:
        raise DraftingError(f"方案中没有指标“{parent_code}”")
    return found


def comparable(definition: dict[str, Any], parent_code: str) -> list[dict[str, Any]]:
    """The regular children that are compared (bonus and deduction indicators sit outside the weights)."""
    return [
        n for n in find_children(definition, parent_code) if n.get("kind", "regular") not in ADJUSTMENT_KINDS
    ]


def _parent(definition: dict[str, Any], parent_code: str) -> dict[str, Any] | None:
    def walk(items: list[dict[str, Any]]) -> dict[str, Any] | None:
        for node in items:
            if str(node.get("code")) == parent_code:
                return node
            found = walk(node.get("children") or [])
            if found is not None:
                return found
        return None

    return walk(definition.get("indicators") or []) if parent_code else None


def _quantum(definition: dict[str, Any]) -> Fraction:
    precision = int(definition.get("precision", 2) or 0)
    return Fraction(1, 10) if precision >= 1 else Fraction(1)


def _rescale(node: dict[str, Any], new_points: Fraction, quantum: Fraction) -> None:
    old = _number(node["points"])
    if old == new_points:
        return
    node["points"] = _plain(new_points)
    children = [c for c in node.get("children") or [] if c.get("kind", "regular") not in ADJUSTMENT_KINDS]
    if not node.get("children"):
        node.setdefault("scale", _plain(old))
        return
    if children and all("points" in c for c in children) and old:
        parts = shares([float(_number(c["points"])) for c in children], new_points, quantum)
        for child, part in zip(children, parts, strict=True):
            _rescale(child, part, quantum)
        # Points by category add up to the parent's points too: shared out of the new points the same way.
        categories = sorted({c for child in children for c in child.get("by_category") or {}})
        for category in categories:
            values = [
                float(_number((child.get("by_category") or {}).get(category, 0) or 0))
                if category in (child.get("by_category") or {})
                else float(old_points)
                for child, old_points in zip(
                    children, _old_points(children, parts, old, new_points), strict=True
                )
            ]
            if not sum(values):
                continue
            for child, part in zip(children, shares(values, new_points, quantum), strict=True):
                child.setdefault("by_category", {})[category] = _plain(part)


def apply_weights(
    definition: dict[str, Any], parent_code: str, codes: list[str], weights: list[float]
) -> dict[str, Any]:
    """A copy of `definition` with the compared indicators re-weighted (see the module's description)."""
    out = copy.deepcopy(definition)
    children = comparable(out, parent_code)
    by_code = {str(c.get("code")): c for c in children}
    if sorted(by_code) != sorted(codes):
        raise DraftingError("方案中该层级的指标已与比较时不同,请重新发起权重判断")
    nodes = [by_code[c] for c in codes]
    if all("weight" in n for n in nodes):
        for node, part in zip(nodes, shares(weights, Fraction(100), Fraction(1, 10)), strict=True):
            node["weight"] = _plain(part)
        return out
    if not all("points" in n for n in nodes):
        raise DraftingError("该层级的指标有的用分值、有的用权重,无法写入")
    quantum = _quantum(out)
    parent = _parent(out, parent_code)
    whole = sum((_number(n["points"]) for n in nodes), Fraction(0))
    if parent is None and out.get("total") is not None:
        whole = _number(out["total"])
    elif parent is not None and "points" in parent:
        whole = _number(parent["points"])
    for node, part in zip(nodes, shares(weights, whole, quantum), strict=True):
        _rescale(node, part, quantum)
    return out


def _old_points(
    children: list[dict[str, Any]], parts: list[Fraction], old: Fraction, new: Fraction
) -> list[Fraction]:
    """The children's default points before the change (their new points scaled back), for a category that some
    children do not name."""
    return [part * old / new if new else part for part in parts]

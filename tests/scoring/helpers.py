"""Small scheme builders for the scoring tests."""

from decimal import Decimal


def scheme(*indicators, **top):
    definition = {"code": top.pop("code", "t"), "name": top.pop("name", "测试方案"), "indicators": list(indicators)}
    definition.update(top)
    return definition


def leaf(code, points=None, rule=None, **extra):
    node = {"code": code, "name": extra.pop("name", f"指标{code}")}
    if points is not None:
        node["points"] = points
    if rule is not None:
        node["rule"] = rule
    node.update(extra)
    return node


def group(code, points=None, *children, **extra):
    node = leaf(code, points, **extra)
    node["children"] = list(children)
    return node


def d(text) -> Decimal:
    return Decimal(text)


def node_of(result, code):
    def walk(nodes):
        for n in nodes:
            if n["code"] == code:
                return n
            found = walk(n.get("children", []))
            if found:
                return found
        return None

    return walk(result.to_dict()["indicators"])

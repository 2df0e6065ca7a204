"""Formulas and conditions, evaluated by simpleeval (never `eval`). Number literals become exact Fractions."""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any

import simpleeval

from .numbers import to_fraction


def _clamp(x: Any, lo: Any, hi: Any) -> Any:
    return max(lo, min(hi, x))


def _ratio(a: Any, b: Any) -> Any:
    return Fraction(0) if b == 0 else a / b


def _round(x: Any, n: Any = 0) -> Fraction:
    return round(Fraction(x), int(n))


FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": _round, "clamp": _clamp, "ratio": _ratio}
CONSTANTS = {"True", "False", "None", "true", "false"}


class _ExactEval(simpleeval.SimpleEval):  # type: ignore[misc]  # simpleeval has no type hints
    @staticmethod
    def _eval_constant(node: ast.Constant) -> Any:
        value = simpleeval.SimpleEval._eval_constant(node)
        if isinstance(value, float | int) and not isinstance(value, bool):
            return to_fraction(value)
        return value


class ExpressionError(ValueError):
    """A formula or condition that cannot be read or computed; the message is Chinese and never Python's."""


def shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def _syntax_hint(text: str) -> str:
    """What is most likely wrong, in words (Python's own message is English and about Python)."""
    if text.count("(") != text.count(")"):
        return "括号不成对"
    if any(ch in text for ch in "，（）：；“”＞＜＝"):
        return "请使用半角符号（, ( ) : > < =）"
    if "=" in text.replace("==", "").replace(">=", "").replace("<=", "").replace("!=", ""):
        return "比较相等请写 ==，不能写 ="
    return "写法有误"


class Expression:
    """A parsed expression. `names` are the free names it uses (function names excluded)."""

    def __init__(self, text: str):
        if not isinstance(text, str) or not text.strip():
            raise ExpressionError("表达式为空")
        self.text = text.strip()
        try:
            tree = ast.parse(self.text, mode="eval")
        except SyntaxError as exc:
            where = f"第{exc.offset}个字符附近" if exc.offset else ""
            raise ExpressionError(f"表达式语法错误：{self.text}（{where}{_syntax_hint(self.text)}）") from exc
        except (ValueError, RecursionError, MemoryError) as exc:
            raise ExpressionError(f"表达式无法识别：{shorten(self.text)}（含有不允许的字符或过于复杂）") from exc
        names: set[str] = set()
        called: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                    raise ExpressionError(f"表达式只能调用 {', '.join(sorted(FUNCTIONS))}：{self.text}")
                called.add(node.func.id)
            elif isinstance(node, ast.Attribute | ast.Lambda | ast.ListComp | ast.DictComp | ast.SetComp
                            | ast.GeneratorExp | ast.NamedExpr | ast.Subscript):
                raise ExpressionError(f"表达式中不允许使用此写法：{self.text}")
            elif isinstance(node, ast.Name):
                names.add(node.id)
        self.names = frozenset(n for n in names if n not in called and n not in CONSTANTS)
        self._evaluator = _ExactEval(functions=dict(FUNCTIONS), names={})
        self._parsed = self._evaluator.parse(self.text)

    def evaluate(self, names: dict[str, Any]) -> Any:
        env = {"True": True, "False": False, "None": None, "true": True, "false": False}
        env.update(names)
        self._evaluator.names = env
        try:
            return self._evaluator.eval(self.text, previously_parsed=self._parsed)
        except ZeroDivisionError as exc:
            raise ExpressionError(f"表达式除以零：{self.text}") from exc
        except simpleeval.NameNotDefined as exc:
            raise ExpressionError(f"表达式引用了未给出的输入：{exc.name}") from exc
        except simpleeval.NumberTooHigh as exc:
            raise ExpressionError(f"表达式的计算结果过大：{self.text}") from exc
        except simpleeval.InvalidExpression as exc:
            raise ExpressionError(f"表达式中有不支持的写法：{self.text}") from exc
        except TypeError as exc:
            raise ExpressionError(f"表达式中有不能这样计算的值（例如文字与数字相加、比较）：{self.text}") from exc
        except (ValueError, ArithmeticError, RecursionError, MemoryError) as exc:
            raise ExpressionError(f"表达式无法计算：{self.text}（数值超出范围或不是数字）") from exc

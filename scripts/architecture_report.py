"""Counts the architecture rules of docs/architecture.md: modules over 600 lines, import cycles, and role
comparisons in view and API modules. Prints each with where it is; exits 1 when any count is not zero
(with --check)."""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lvzhi"
MAX_LINES = 600
ROLE_PATTERN = re.compile(
    r"\.role\s*(==|!=|in\b|not in\b)|\bis_office_admin\b|\bsees_all_units\b|\bcan_edit_registry\b|Role\.[A-Z_]+"
)


def product_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def long_modules() -> list[tuple[str, int]]:
    found = []
    for path in product_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append((str(path.relative_to(ROOT)), lines))
    return found


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> product modules it imports (anywhere in the file, function bodies included)."""
    names = {module_name(p): p for p in product_modules()}
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and _is_type_checking(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in names:
                    target = target.rpartition(".")[0]
                if target and target != name and not _is_ancestor(target, name):
                    graph[name].add(target)
    return graph


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def import_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = import_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(10000)

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def role_comparisons() -> list[tuple[str, int, str]]:
    found = []
    for path in product_modules():
        rel = path.relative_to(ROOT)
        if not (path.name in {"views.py", "api.py"} or "views" in rel.parts or "api" in rel.parts):
            continue
        if rel.parts[:2] == ("lvzhi", "api") and path.name in {"auth.py", "docs.py"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_PATTERN.search(line):
                found.append((str(rel), number, line.strip()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every count is zero")
    args = parser.parse_args()
    longs = long_modules()
    cycles = import_cycles()
    roles = role_comparisons()
    print(f"modules over {MAX_LINES} lines: {len(longs)}")
    for path, lines in longs:
        print(f"  {path}: {lines}")
    print(f"import cycles: {len(cycles)}")
    for component in cycles:
        print("  " + " <-> ".join(component))
    print(f"role comparisons in view and API modules: {len(roles)}")
    for path, number, line in roles:
        print(f"  {path}:{number}: {line}")
    return 1 if args.check and (longs or cycles or roles) else 0


if __name__ == "__main__":
    raise SystemExit(main())

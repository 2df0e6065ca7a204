"""`lvzhi scheme …` and `lvzhi score …`: schemes and scores from files, without the database.

Exit codes: 0 success, 1 invalid scheme or inputs (one message per line, naming the indicator or the file row),
2 usage errors (wrong arguments, a file that does not exist, an unsupported file type)."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from .batch import score_units
from .diffs import diff
from .errors import Issue, ScoringError
from .files import read_scheme_file_with_rows, write_scheme_file
from .inherit import has_edits, resolve
from .inputfiles import read_inputs_file
from .loader import load_scheme
from .model import Scheme
from .numbers import format_number

SCHEME_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: Any) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _parser() -> _Parser:
    parser = _Parser(prog="lvzhi", description="指标体系与评分（只读写文件，不连数据库）", add_help=True)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    scheme = sub.add_parser("scheme", help="指标体系文件：校验、对比、导出")
    scheme_sub = scheme.add_subparsers(dest="action", required=True, parser_class=_Parser)
    validate = scheme_sub.add_parser("validate", help="校验方案文件（YAML/JSON/Excel）")
    validate.add_argument("file", help="方案文件")
    d = scheme_sub.add_parser("diff", help="列出子方案与上级模板的差异")
    d.add_argument("parent", help="上级模板文件")
    d.add_argument("child", help="子方案文件")
    d.add_argument("--json", action="store_true", help="以 JSON 输出")
    export = scheme_sub.add_parser("export", help="导出为另一种格式（按扩展名：.yaml .yml .json .xlsx）")
    export.add_argument("file", help="方案文件")
    export.add_argument("out", help="输出文件")
    export.add_argument("--resolve", action="store_true", help="与上级模板合并后导出完整指标树")
    score = sub.add_parser("score", help="按方案为各单位计分")
    score.add_argument("scheme", help="方案文件")
    score.add_argument("inputs", help="原始数据文件（YAML/JSON/Excel）")
    score.add_argument("--json", action="store_true", help="以 JSON 输出（含每个单位逐项说明）")
    return parser


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"文件不存在：{path}")
    if p.is_dir():
        raise UsageError(f"这是目录，不是文件：{path}")
    if p.suffix.lower() not in SCHEME_SUFFIXES:
        raise UsageError(f"不支持的文件类型：{path}（请用 .yaml、.yml、.json 或 .xlsx）")
    return p


def _find_parent(code: str, directory: Path, seen: set[str]) -> dict[str, Any]:
    """An inheriting scheme names its parent by code: look for it beside the child."""
    if code in seen:
        raise ScoringError(Issue("extends", f"模板继承出现循环：{code}"))
    seen.add(code)
    for candidate in sorted(directory.iterdir()):
        if candidate.suffix.lower() not in SCHEME_SUFFIXES or ".inputs." in candidate.name:
            continue
        try:
            definition, _ = read_scheme_file_with_rows(candidate)
        except ScoringError:
            continue
        if str(definition.get("code")) == code:
            return _full(definition, candidate.parent, seen)
    raise ScoringError(Issue("extends", f"在 {directory} 中找不到上级模板「{code}」（继承的方案需与上级模板放在同一目录）"))


def _full(definition: dict[str, Any], directory: Path, seen: set[str] | None = None) -> dict[str, Any]:
    if definition.get("extends") and has_edits(definition):
        parent = _find_parent(str(definition["extends"]), directory, seen or {str(definition.get("code"))})
        return resolve(definition, parent)
    return definition


def _load(path: Path) -> tuple[Scheme, dict[str, Any], dict[str, Any]]:
    definition, rows = read_scheme_file_with_rows(path)
    full = _full(definition, path.parent)
    try:
        return load_scheme(full), definition, rows
    except ScoringError as exc:
        if rows:
            exc.issues = [Issue(f"{i.where}（指标!第{rows[i.where]}行）", i.message) if i.where in rows else i
                          for i in exc.issues]
        raise


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(width - _width(text), 0)
    return space + text if right else text + space


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(r)).rstrip() for r in rows)
    return "\n".join(lines)


def _validate(args: Any, out: Any) -> int:
    scheme, definition, _ = _load(_existing(args.file))
    levels = [n.level for n in scheme.nodes.values()]
    inherit = f"，继承自「{definition['extends']}」" if definition.get("extends") else ""
    print(f"方案「{scheme.name}」（{scheme.code}）校验通过{inherit}：{len(scheme.nodes)} 个指标"
          f"（一级 {levels.count(1)} 个，二级 {levels.count(2)} 个，三级 {levels.count(3)} 个；末级 {len(scheme.leaves)} 个），"
          f"满分 {format_number(scheme.total_for(None), 0 if scheme.total_for(None).denominator == 1 else 2)}。",
          file=out)
    return 0


def _diff(args: Any, out: Any) -> int:
    parent_path, child_path = _existing(args.parent), _existing(args.child)
    parent_def, _ = read_scheme_file_with_rows(parent_path)
    child_def, _ = read_scheme_file_with_rows(child_path)
    parent_full = _full(parent_def, parent_path.parent)
    result = diff(parent_full, child_def)
    if args.json:
        from .engine import dumps

        print(dumps(result.to_dict(), indent=2), file=out)
        return 0
    print(f"「{child_def.get('name', result.child)}」（{result.child}）相对「{parent_full.get('name', result.parent)}」"
          f"（{result.parent}）：", file=out)
    if not result:
        print("无差异。", file=out)
    for line in result.lines():
        print(f"- {line}", file=out)
    return 0


def _export(args: Any, out: Any) -> int:
    source = _existing(args.file)
    target = Path(args.out)
    if target.suffix.lower() not in SCHEME_SUFFIXES:
        raise UsageError(f"不支持的输出类型：{args.out}（请用 .yaml、.yml、.json 或 .xlsx）")
    scheme, definition, _ = _load(source)
    as_edits = definition.get("extends") and has_edits(definition)
    if as_edits and not args.resolve and target.suffix.lower() != ".xlsx":
        write_scheme_file(definition, target)  # keep the edits form; it has been validated against its parent
    else:
        write_scheme_file(scheme.definition, target)
    print(f"已导出到 {target}", file=out)
    return 0


def _score(args: Any, out: Any) -> int:
    scheme, _, _ = _load(_existing(args.scheme))
    inputs = read_inputs_file(_existing(args.inputs))
    if inputs.get("scheme") and inputs["scheme"] != scheme.code:
        raise ScoringError(Issue("scheme", f"输入文件对应的方案是「{inputs['scheme']}」，不是「{scheme.code}」"))
    batch = score_units(scheme, inputs["units"])
    if args.json:
        print(batch.to_json(detail=True, indent=2), file=out)
        return 0
    rows = []
    for unit in batch.ordered():
        notes = list(unit.titles) + list(unit.flags)
        notes += [a.get("reason") or f"{a['from']}→{a['to']}" for a in unit.adjustments]
        if unit.missing:
            notes.append(f"缺失 {len(unit.missing)} 项：{'、'.join(unit.missing[:5])}{'…' if len(unit.missing) > 5 else ''}")
        rows.append([unit.key, unit.name or "", unit.category or "未分类", str(unit.total), unit.grade or "—",
                     f"{unit.rank}/{unit.rank_size}", "；".join(notes)])
    scope = "类别内排名" if scheme.ranking["within"] == "category" else "排名"
    print(f"{scheme.name}（{scheme.code}），满分 {format_number(scheme.total_for(None), 0)}，{len(rows)} 个单位", file=out)
    print(_table(["单位", "名称", "类别", "总分", "等次", scope, "说明"], rows, {3}), file=out)
    for report in batch.quota_report:
        what = report.get("award") or f"「{report.get('grade')}」等次"
        got = report.get("awarded", report.get("kept", []))
        print(f"{what}（{report['scope']}，不超过 {report['max_share']}%，{report['size']} 个单位中至多 {report['limit']} 个）："
              f"{'、'.join(got) if got else '无'}", file=out)
    return 0


def main(argv: list[str] | None = None, out: Any = None, err: Any = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        handlers: dict[str, Callable[[Any, Any], int]] = {"validate": _validate, "diff": _diff, "export": _export}
        handler = _score if args.command == "score" else handlers[args.action]
        return handler(args, out)
    except UsageError as exc:
        print(f"用法错误：{exc}", file=err)
        return 2
    except ScoringError as exc:
        for issue in exc.issues:
            print(str(issue), file=out)
        print(f"共 {len(exc.issues)} 个问题。", file=err)
        return 1
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

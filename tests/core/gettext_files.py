"""Reading and writing gettext files without GNU gettext, and finding the messages Django's makemessages would
extract, so that the i18n tests run on machines (and in CI) where gettext is not installed."""

import ast
import io
import re
import struct
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

# The keywords makemessages passes to xgettext for Python files (django/core/management/commands/makemessages.py).
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
KEYWORDS = SINGULAR | PLURAL | CONTEXT | CONTEXT_PLURAL

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and any(self.msgstr)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header entry, msgid "", included; obsolete #~ entries left out)."""
    entries: list[Entry] = []
    fields: dict = {}
    flags: set = set()
    last = None

    def flush():
        nonlocal fields, flags, last
        if "msgid" in fields:
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgid_plural=fields.get("msgid_plural"),
                    msgctxt=fields.get("msgctxt"),
                    msgstr=strs,
                    fuzzy="fuzzy" in flags,
                )
            )
        fields, flags, last = {}, set(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[last] += ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgid" and "msgid" in fields:
                flush()
            last = keyword
            fields[keyword] = ast.literal_eval(rest)
    flush()
    return entries


def mo_key(entry: Entry) -> str:
    key = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\x00{entry.msgid_plural}"
    return key if entry.msgctxt is None else f"{entry.msgctxt}\x04{key}"


def write_mo(messages: dict[str, str], path: Path) -> None:
    """A .mo file with the given {key: translation} (keys as `mo_key` makes them; "" is the header)."""
    keys = sorted(messages, key=lambda k: k.encode())
    ids = strs = b""
    table = []
    for key in keys:
        k, v = key.encode(), messages[key].encode()
        table.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\x00"
        strs += v + b"\x00"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    originals, translations = [], []
    for key_offset, key_length, value_offset, value_length in table:
        originals += [key_length, key_start + key_offset]
        translations += [value_length, value_start + value_offset]
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    tables = struct.pack(f"<{len(originals) + len(translations)}I", *originals, *translations)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + ids + strs)


# Messages in the source ---------------------------------------------------------------------------------------


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _is_logging(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "logger"


def _call_messages(name: str, args: list) -> tuple | None:
    """(msgctxt, msgid, msgid_plural) of a gettext call whose message arguments are literal strings."""
    values = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in args]
    if name in SINGULAR and values[:1] and values[0] is not None:
        return (None, values[0], None)
    if name in PLURAL and len(values) >= 2 and None not in values[:2]:
        return (None, values[0], values[1])
    if name in CONTEXT and len(values) >= 2 and None not in values[:2]:
        return (values[0], values[1], None)
    if name in CONTEXT_PLURAL and len(values) >= 3 and None not in values[:3]:
        return (values[0], values[1], values[2])
    return None


def python_messages(source: str) -> set[tuple]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _call_name(node) in KEYWORDS:
            message = _call_messages(_call_name(node), node.args)
            if message:
                found.add(message)
    return found


_CALL = re.compile(r"#|\b(" + "|".join(sorted(KEYWORDS, key=len, reverse=True)) + r")\(")


def template_messages(source: str) -> set[tuple]:
    """What makemessages extracts from a template: Django's templatize turns it into Python-like text that
    xgettext reads; a `#` (a translator comment) hides the rest of its line, as it does for xgettext."""
    found = set()
    for line in templatize(source).splitlines():
        position = 0
        while match := _CALL.search(line, position):
            if match.group(0) == "#":
                break
            tokens = tokenize.generate_tokens(io.StringIO(line[match.end() :]).readline)
            args, depth, position = [], 0, match.end()
            for token in tokens:
                if token.type == tokenize.OP and token.string == "(":
                    depth += 1
                elif token.type == tokenize.OP and token.string == ")":
                    if depth == 0:
                        position = match.end() + token.end[1]
                        break
                    depth -= 1
                elif token.type == tokenize.STRING and depth == 0:
                    args.append(ast.Constant(ast.literal_eval(token.string)))
            message = _call_messages(match.group(1), args)
            if message:
                found.add(message)
    return found


def untranslated_template_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of Chinese in a template that does not go through {% translate %}, {% blocktranslate %} or
    _("…"): text outside those tags, and string literals in other tags and variables."""
    literal = re.compile(r"""(_\()?("[^"]*"|'[^']*')""")
    found = []
    in_block = in_comment = False
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            if name in ("blocktranslate", "blocktrans"):
                in_block = True
            elif name in ("endblocktranslate", "endblocktrans"):
                in_block = False
            elif name == "comment":
                in_comment = True
            elif name == "endcomment":
                in_comment = False
            if name in ("translate", "trans"):
                continue
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            for match in literal.finditer(contents):
                if CJK.search(match.group(2)) and not match.group(1):
                    found.append((token.lineno, contents))
        elif token.token_type == TokenType.TEXT and not (in_block or in_comment):
            found += [(token.lineno, line.strip()) for line in contents.splitlines() if CJK.search(line)]
    return found


def untranslated_python_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of Chinese string literals in Python code outside gettext calls. Docstrings and log messages
    (logger.*) are not interface text and are left out."""
    tree = ast.parse(source)
    exempt = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        elif isinstance(node, ast.Call) and (_call_name(node) in KEYWORDS or _is_logging(node)):
            exempt |= {id(arg) for arg in node.args}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and id(node) not in exempt
    ]


def chinese_literals(source: str) -> set[str]:
    """Every Chinese string literal of a Python module (f-string parts included)."""
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
    }

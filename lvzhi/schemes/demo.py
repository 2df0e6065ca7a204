"""Demo part: every seed scheme (lvzhi/demo/schemes/, linked as examples/schemes/) imported and published (v1),
parents before the schemes that extend them, through the same action office staff use
(lvzhi.schemes.actions.import_scheme). A seed directory without schemes, or a seed that does not import, stops
the demo (`SeedError`): an installed product must not build a county without them."""

from pathlib import Path

import yaml

from lvzhi.accounts.models import Role, User
from lvzhi.demo.seeds import SCHEMES_DIR, SeedError

from . import actions
from .models import Scheme

SUFFIXES = {".yaml", ".yml", ".json"}


def scheme_files(directory: Path = SCHEMES_DIR) -> list[Path]:
    """The scheme files of a directory (not the `*.inputs.*` files), parents before children."""
    files = []
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if path.suffix.lower() not in SUFFIXES or ".inputs." in path.name:
            continue
        try:
            head = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            head = {}
        if not isinstance(head, dict):
            head = {}
        files.append((path, str(head.get("code") or path.stem), str(head.get("extends") or "")))
    ordered: list[Path] = []
    done: set[str] = set()
    pending = list(files)
    while pending:
        progressed = False
        for item in list(pending):
            path, code, parent = item
            if not parent or parent in done or parent not in {c for _, c, _ in files}:
                ordered.append(path)
                done.add(code)
                pending.remove(item)
                progressed = True
        if not progressed:  # a cycle: the import reports it
            ordered.extend(path for path, _, _ in pending)
            break
    return ordered


def build(rng, stdout=None, directory: Path = SCHEMES_DIR):
    actor = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if actor is None:
        if stdout:
            stdout.write("指标体系:没有编办管理员账号,跳过。")
        return []
    files = scheme_files(directory)
    if not files:
        raise SeedError(f"指标体系:{directory} 中没有种子指标体系文件,安装不完整。")
    loaded = []
    for path in files:
        try:
            head = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            head = {}
        if isinstance(head, dict) and Scheme.objects.filter(code=str(head.get("code") or "")).exists():
            continue
        try:
            version = actions.import_scheme(path.read_bytes(), path.name, actor=actor, publish=True)
        except actions.SchemeActionError as exc:
            problems = ";".join(str(issue) for issue in exc.issues[:5])
            raise SeedError(f"指标体系:{path.name} 未导入({exc.message} {problems})") from exc
        loaded.append(version)
    if stdout:
        stdout.write(f"指标体系:导入并发布 {len(loaded)} 个方案。")
    return loaded

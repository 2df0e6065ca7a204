"""Demo part: every seed scheme under examples/schemes/ imported and published (v1), parents before the schemes
that extend them, through the same action office staff use (lvzhi.schemes.actions.import_scheme)."""

from pathlib import Path

import yaml
from django.conf import settings

from lvzhi.accounts.models import Role, User

from . import actions
from .models import Scheme

EXAMPLES_DIR = Path(settings.PROJECT_DIR) / "examples" / "schemes"
SUFFIXES = {".yaml", ".yml", ".json"}


def scheme_files(directory: Path = EXAMPLES_DIR) -> list[Path]:
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


def build(rng, stdout=None, directory: Path = EXAMPLES_DIR):
    actor = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if actor is None:
        if stdout:
            stdout.write("指标体系:没有编办管理员账号,跳过。")
        return []
    loaded = []
    for path in scheme_files(directory):
        try:
            head = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            head = {}
        if isinstance(head, dict) and Scheme.objects.filter(code=str(head.get("code") or "")).exists():
            continue
        try:
            version = actions.import_scheme(path.read_bytes(), path.name, actor=actor, publish=True)
        except actions.SchemeActionError as exc:
            if stdout:
                problems = ";".join(str(issue) for issue in exc.issues[:5])
                stdout.write(f"指标体系:{path.name} 未导入({exc.message} {problems})")
            continue
        loaded.append(version)
    if stdout:
        stdout.write(f"指标体系:导入并发布 {len(loaded)} 个方案。")
    return loaded

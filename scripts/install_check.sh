#!/usr/bin/env bash
# A production install, alone: a fresh virtual environment under a temporary directory with requirements.txt and
# the package (not editable, without the development requirements); with it, a seed scheme from the installed
# package's data is scored in batch and `lvzhi setup_demo` builds the demo on an empty SQLite database.
# The package is built from a copy of the files git knows (committed or not, ignored files left out), so a stale
# build/ or egg-info of the checkout cannot hide a missing file. Run by scripts/test.sh; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/lvzhi-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

git ls-files -z --cached --others --exclude-standard -- pyproject.toml requirements.txt lvzhi \
  | "$PYTHON" -c '
import shutil, sys
from pathlib import Path
target = Path(sys.argv[1])
for name in sys.stdin.buffer.read().decode().split("\0"):
    if name and Path(name).is_file():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(name, target / name)
' "$tmp/src"

"$PYTHON" -m venv "$tmp/venv"
VBIN="$tmp/venv/bin"
pip_install() {
  if ! "$VBIN/pip" install --quiet --disable-pip-version-check --no-compile "$@" >"$tmp/pip.log" 2>&1; then
    grep -v "^WARNING: Location" "$tmp/pip.log"
    echo "!! pip install $* 失败"
    exit 1
  fi
}
pip_install -r requirements.txt
pip_install --no-deps "$tmp/src"

cd "$tmp"
seeds="$("$VBIN/python" -c 'import pathlib, lvzhi; print(pathlib.Path(lvzhi.__file__).parent / "demo" / "schemes")')"
case "$seeds" in
  "$tmp/venv/"*) ;;
  *) echo "!! lvzhi 没有从新环境导入,而是从 $seeds"; exit 1 ;;
esac

"$VBIN/lvzhi" score "$seeds/laiyang.yaml" "$seeds/laiyang.inputs.yaml" --json >score.json
"$VBIN/python" - <<'PY'
import json
units = json.load(open("score.json", encoding="utf-8"))["units"]
assert units and all("total" in u for u in units), "lvzhi score --json gave no unit totals"
PY

export SECRET_KEY="install-check-$RANDOM-$RANDOM-$RANDOM" DATABASE_URL="sqlite:///$tmp/demo.sqlite3"
export LVZHI_VAR_DIR="$tmp/var" LVZHI_DEBUG=0 LVZHI_TESTING=0
mkdir -p "$LVZHI_VAR_DIR/static"
"$VBIN/lvzhi" migrate --noinput >migrate.log
"$VBIN/lvzhi" setup_demo >setup_demo.log
"$VBIN/python" - <<'PY'
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
import django
django.setup()
import importlib
import pkgutil

import lvzhi

# Every module of the package imports with requirements.txt alone (a dependency left in requirements-dev.txt
# fails here even where the score and the demo do not reach it).
modules = [m.name for m in pkgutil.walk_packages(lvzhi.__path__, "lvzhi.")]
for name in modules:
    importlib.import_module(name)

from lvzhi.campaigns.models import Campaign
from lvzhi.schemes.models import Scheme

schemes, campaigns = Scheme.objects.count(), Campaign.objects.count()
assert schemes >= 10 and campaigns >= 1, f"setup_demo: {schemes} schemes, {campaigns} campaigns"
print(f"生产安装检查通过:{len(modules)} 个模块可导入;评分 laiyang 成功;setup_demo 导入 {schemes} 个指标体系、{campaigns} 个评估活动", end="")
PY
echo "(用时 ${SECONDS}s)"

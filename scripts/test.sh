#!/usr/bin/env bash
# The whole suite: lint, Django checks, mypy, a production install in a fresh environment (scripts/install_check.sh),
# then pytest on SQLite and on PostgreSQL (the browser tests on SQLite only).
# PostgreSQL is taken from TEST_POSTGRES_URL (default: 127.0.0.1:5432, database test, trust auth).
# Outside CI a missing PostgreSQL or browser skips those tests with one line; with CI=true they must run.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export LVZHI_TESTING=1 DJANGO_ALLOW_ASYNC_UNSAFE=true
PG_URL="${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
status=0

$BIN/ruff check . || status=1
$BIN/lvzhi check --fail-level WARNING || status=1
$BIN/lvzhi makemigrations --check --dry-run >/dev/null || { echo "!! 模型有未生成的迁移 (makemigrations --check failed)"; status=1; }
$BIN/python scripts/architecture_report.py --check >/dev/null || { $BIN/python scripts/architecture_report.py; echo "!! 架构规则:模块超过 600 行、导入循环或视图/API 中比较角色 (docs/architecture.md)"; status=1; }
$BIN/mypy || { echo "!! mypy 类型检查失败 (the files [tool.mypy] lists in pyproject.toml)"; status=1; }

echo "== 生产安装 (requirements.txt 与软件包,新环境) =="
scripts/install_check.sh || { echo "!! 生产安装检查失败 (production install check failed)"; status=1; }

echo "== 测试 SQLite =="
$BIN/pytest -q -n "${TEST_WORKERS:-2}" --durations=20 "$@" || status=1

if $BIN/python scripts/pg_available.py "$PG_URL"; then
  echo "== 测试 PostgreSQL =="
  # The browser tests drive the pages, whose queries the rest of the suite runs on both databases: SQLite only.
  DATABASE_URL="$PG_URL" $BIN/pytest -q -n "${TEST_WORKERS:-2}" --durations=20 -m "not browser" "$@" || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "!! CI: PostgreSQL at $PG_URL is not reachable"; status=1
else
  echo "跳过 PostgreSQL 测试:$PG_URL 无法连接。"
fi
exit $status

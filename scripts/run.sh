#!/usr/bin/env bash
# Serves Lvzhi on SQLite under var/, with a background worker, demo data and an administrator.
set -euo pipefail
cd "$(dirname "$0")/.."
export LVZHI_DEBUG="${LVZHI_DEBUG:-1}"
BIN=.venv/bin
mkdir -p var
$BIN/lvzhi migrate --noinput
$BIN/lvzhi setup_demo
$BIN/lvzhi db_worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
$BIN/lvzhi runserver "${LVZHI_ADDR:-127.0.0.1:8000}"

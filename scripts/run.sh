#!/usr/bin/env bash
# Serves Lvzhi on SQLite under var/, with a background worker, demo data and an administrator.
#
# Settings (environment variables):
#   LVZHI_ADDR   the address to listen on, host:port (default 127.0.0.1:8000; 0.0.0.0:8000 for every interface,
#                e.g. to try it from a phone on the same network). ALLOWED_HOSTS follows it unless set.
#   LVZHI_DEBUG  off by default, so that users meet the product's own Chinese error pages (未找到, 没有权限, 系统出错);
#                LVZHI_DEBUG=1 make run shows Django's debug pages instead, for development.
#   SECRET_KEY   generated once into var/secret_key when not set.
# See docs/configuration.md for the others (DATABASE_URL, LVZHI_DEMO_PASSWORD, …).
set -euo pipefail
cd "$(dirname "$0")/.."
export LVZHI_DEBUG="${LVZHI_DEBUG:-0}"
ADDR="${LVZHI_ADDR:-127.0.0.1:8000}"
HOST="${ADDR%:*}"
if [ "$HOST" = "$ADDR" ]; then HOST=127.0.0.1; ADDR="$HOST:$ADDR"; fi  # a bare port: 8080
BIN=.venv/bin
mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/secret_key ] || $BIN/python -c "import secrets; print(secrets.token_urlsafe(50))" >var/secret_key
  SECRET_KEY="$(cat var/secret_key)"
  export SECRET_KEY
fi
if [ -z "${ALLOWED_HOSTS:-}" ]; then
  if [ "$HOST" = "0.0.0.0" ] || [ "$HOST" = "[::]" ]; then export ALLOWED_HOSTS="*"; else export ALLOWED_HOSTS="$HOST,127.0.0.1,localhost"; fi
fi
export LVZHI_ADDR="$ADDR"  # setup_demo prints it
$BIN/lvzhi migrate --noinput
$BIN/lvzhi collectstatic --noinput -v 0
$BIN/lvzhi setup_demo
$BIN/lvzhi worker --reclaim-only
$BIN/lvzhi worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "(地址由 LVZHI_ADDR 设置,例如 LVZHI_ADDR=0.0.0.0:8000 make run;LVZHI_DEBUG=$LVZHI_DEBUG)"
$BIN/lvzhi runserver "$ADDR"

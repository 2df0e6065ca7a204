#!/usr/bin/env bash
# `make fuzz`: schema-driven fuzzing of the running product's API (schemathesis against /api/openapi.json), on a
# throw-away SQLite database with the demo county, as the office administrator and as a unit contact. Bounded:
# FUZZ_EXAMPLES test cases per operation (default 8) and FUZZ_SECONDS per identity (default 300). Fails on any
# 5xx; prints the number of requests the server answered (from gunicorn's access log) and how many were 5xx.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${FUZZ_PORT:-8765}"
EXAMPLES="${FUZZ_EXAMPLES:-8}"
SECONDS_EACH="${FUZZ_SECONDS:-300}"
WORK="$(mktemp -d /tmp/lvzhi-fuzz.XXXXXX)"
export LVZHI_VAR_DIR="$WORK" LVZHI_API_DOCS_PUBLIC=1 LVZHI_AXES_ENABLED=0 SECRET_KEY=fuzz-only-not-secret
export LVZHI_DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_ALLOW_ASYNC_UNSAFE=true
unset DATABASE_URL
mkdir -p "$WORK/static"
$BIN/lvzhi migrate --noinput >/dev/null
$BIN/lvzhi setup_demo >/dev/null
tokens="$($BIN/lvzhi shell -c '
from lvzhi.accounts.models import ApiToken, User
for name in ("admin", "lianluo"):
    print("TOKEN", name, ApiToken.issue(User.objects.get(username=name), "fuzz")[1])
' | grep '^TOKEN ' | cut -d' ' -f2-)"
$BIN/gunicorn lvzhi.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --access-logfile "$WORK/access.log" --access-logformat '%(s)s %(m)s %(U)s' --error-logfile "$WORK/error.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
# The document is fetched once (its first generation is slow on a busy machine) and given to schemathesis as a file.
for _ in $(seq 120); do curl -fs -o "$WORK/openapi.json" "http://127.0.0.1:$PORT/api/openapi.json" && break; sleep 1; done
status=0
while read -r name token; do
  echo "== schemathesis as $name =="
  timeout "$SECONDS_EACH" $BIN/schemathesis run "$WORK/openapi.json" --url "http://127.0.0.1:$PORT" \
    -H "Authorization: Bearer $token" --checks not_a_server_error --max-examples "$EXAMPLES" \
    --seed 2026 --request-timeout 30 --no-color 2>&1 | tail -25
  rc=${PIPESTATUS[0]}
  # 124: the time bound ended the run (what was sent is counted below); anything else non-zero is a failure
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then status=1; fi
done <<< "$tokens"
requests=$(wc -l < "$WORK/access.log")
errors=$(grep -c '^5' "$WORK/access.log" || true)
echo "fuzz: $requests requests answered, $errors with a 5xx"
grep '^5' "$WORK/access.log" | sort | uniq -c | sort -rn | head -20
[ "$errors" -eq 0 ] || status=1
exit $status

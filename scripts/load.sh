#!/usr/bin/env bash
# `make load`: gunicorn with production settings on the local PostgreSQL and Redis, driven
# by locust (headless, loopback only, bounded in time). Prints throughput, p50/p95/p99 and
# errors per endpoint, and records the run in docs/benchmarks.md.
#
# Settings (environment): LOAD_USERS (50), LOAD_SECONDS (60, measured after every user has
# logged in), LOAD_DOCUMENTS (synthetic documents added to the demo, 2000), LOAD_WORKERS
# (gunicorn workers, 2 per core + 1), LOAD_DB (intranet_load), LOAD_REUSE_DB=1 to keep the
# database of the previous run, LOAD_WRITE_DOCS=0 to leave docs/benchmarks.md alone,
# LOAD_WRITERS (users who also write, 5; 0 for reads only, no publisher either),
# LOAD_REDIS_DB (Redis database for cache and sessions, 2; emptied before the run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
USERS=${LOAD_USERS:-50}
SECONDS_MEASURED=${LOAD_SECONDS:-60}
DOCUMENTS=${LOAD_DOCUMENTS:-2000}
WORKERS=${LOAD_WORKERS:-$(( $(nproc) * 2 + 1 ))}
DB=${LOAD_DB:-intranet_load}
REDIS_DB=${LOAD_REDIS_DB:-2}
export LOAD_WRITERS=${LOAD_WRITERS:-5}
PG=${LOAD_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}

# Installed from Debian's packages and started when missing (loopback only).
scripts/services.sh postgres
scripts/services.sh redis

workdir=$(mktemp -d)
gunicorn_pid=
cleanup() {
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=intranet.settings.production
export SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="$PG/$DB"
export REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
export SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$workdir/static" MEDIA_ROOT="$workdir/media"
export LOG_LEVEL=WARNING
# No mail server here: notifications (a publish, the schedule...) are composed, not sent.
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

if [ "${LOAD_REUSE_DB:-0}" != 1 ] || ! psql -q "$PG/$DB" -c "SELECT 1" >/dev/null 2>&1; then
  echo "== fresh database $DB"
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
fi
echo "== migrate, set up, demo, $DOCUMENTS synthetic documents"
$PY manage.py migrate --noinput -v0
$PY manage.py setup_intranet -v0 >/dev/null
$PY manage.py load_demo >/dev/null
$PY manage.py prepare_load "$workdir/plan.json" --documents "$DOCUMENTS"
$PY manage.py collectstatic --noinput -v0
# Planner statistics after the bulk load (autovacuum would get there later on its own).
psql -q "$PG/$DB" -c "ANALYZE"
redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" flushdb >/dev/null

port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== gunicorn on 127.0.0.1:$port with $WORKERS workers"
GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=$WORKERS GUNICORN_ACCESS_LOG="$workdir/access.log" \
  .venv/bin/gunicorn -c gunicorn.conf.py intranet.wsgi:application 2>"$workdir/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$workdir/gunicorn.log" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== locust: $USERS users, ${SECONDS_MEASURED}s measured (load average before: $load_before)"
# Users start at 10 a second and log in; the clock of the measured window starts when all
# have started (see the listeners in the locustfile), so the run lasts a little longer.
LOAD_PLAN="$workdir/plan.json" LOAD_SAMPLES="$workdir/samples.json" \
  .venv/bin/locust -f scripts/locustfile.py --headless --only-summary \
  -u "$USERS" -r 10 -t "$(( SECONDS_MEASURED + USERS / 10 + 2 ))s" --stop-timeout 5 \
  --host "http://127.0.0.1:$port" --loglevel WARNING >"$workdir/locust.log" 2>&1 || {
  echo "locust reported failures (see the table below)" >&2; }
grep -iE "error|traceback" "$workdir/gunicorn.log" | head -n 5 || true

write_docs=()
[ "${LOAD_WRITE_DOCS:-1}" = 1 ] && write_docs=(--write-docs)
$PY scripts/load_report.py "$workdir/samples.json" "${write_docs[@]}" --load-before "$load_before" \
  --context "gunicorn $WORKERS sync workers, PostgreSQL $(psql -tA "$PG/postgres" -c 'SHOW server_version' | cut -d' ' -f1), Redis $(redis-cli -h 127.0.0.1 INFO server | grep -m1 redis_version | cut -d: -f2 | tr -d '\r'), $(( DOCUMENTS + 20 )) documents, think time 1–3 s per user, $LOAD_WRITERS of them also writing and one publisher"

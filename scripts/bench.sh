#!/usr/bin/env bash
# Search benchmark on a throwaway database (`make bench`): SQLite, then PostgreSQL when
# BENCH_POSTGRES_URL (a server URL, default the local one) answers. Sizes: BENCH_SIZES;
# BENCH_DATABASES="postgresql" (or "sqlite") measures one of them only. On PostgreSQL the same
# data and queries also go through a local OpenSearch node (started when missing, a throwaway
# index) and both are printed side by side; BENCH_CLUSTER=none leaves it out. BENCH_SKIP_STOCK=1
# leaves out stock Wagtail's search (about 40 minutes of indexing at 100,000 documents).
# First, on each database, the rate of `import_documents` on BENCH_IMPORT generated documents
# (default 20000; 0 leaves it out), on a database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SIZES=${BENCH_SIZES:-10000 100000}
QUERIES=${BENCH_QUERIES:-100}
IMPORT=${BENCH_IMPORT:-20000}
export DJANGO_SETTINGS_MODULE=intranet.settings.dev LOG_LEVEL=WARNING
run() {
  $PY manage.py migrate --noinput -v0
  $PY manage.py setup_intranet -v0 >/dev/null
  stock=()
  if [ -n "${BENCH_SKIP_STOCK:-}" ]; then stock=(--skip-stock); fi
  $PY manage.py bench_search --sizes $SIZES --queries "$QUERIES" "${stock[@]}" "$@"
  # the page of a 200-550 KB code and the import of long bodies beside short ones (issue 19)
  $PY manage.py bench_document_page
}
import_rate() {
  [ "$IMPORT" -gt 0 ] || return 0
  $PY manage.py migrate --noinput -v0
  $PY manage.py setup_intranet -v0 >/dev/null
  $PY manage.py bench_import --size "$IMPORT"
}
echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
DATABASES=${BENCH_DATABASES:-sqlite postgresql}
if [[ " $DATABASES " == *" sqlite "* ]]; then
  DATABASE_URL="sqlite:///$workdir/import.sqlite3" import_rate
  DATABASE_URL="sqlite:///$workdir/bench.sqlite3" run
fi
server=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
# The local server is installed from Debian's packages and started when missing.
if [[ " $DATABASES " == *" postgresql "* ]] && [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  scripts/services.sh postgres
fi
if [[ " $DATABASES " == *" postgresql "* ]] && psql -q "$server/postgres" -c "SELECT 1" >/dev/null 2>&1; then
  psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS intranet_bench_import" \
    -c "CREATE DATABASE intranet_bench_import"
  DATABASE_URL="$server/intranet_bench_import" import_rate
  psql -q "$server/postgres" -c "DROP DATABASE intranet_bench_import"
  psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS intranet_bench" -c "CREATE DATABASE intranet_bench"
  cluster=()
  if [ "${BENCH_CLUSTER:-opensearch}" = opensearch ]; then
    scripts/services.sh opensearch
    node=${BENCH_CLUSTER_URL:-http://127.0.0.1:9200}
    trap 'curl -s -X DELETE "$node/bench-*" >/dev/null; rm -rf "$workdir"' EXIT
    cluster=(--cluster "$node")
  fi
  DATABASE_URL="$server/intranet_bench" run "${cluster[@]}"
fi

#!/usr/bin/env bash
# Relevance evaluation on a throwaway database of the sample documents (`make eval`).
# SQLite by default; the PostgreSQL server of DATABASE_URL when it is set (database intranet_eval).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DOCUMENTS=${EVAL_DOCUMENTS:-home/demo/documents.jsonl}
QUERIES=${EVAL_QUERIES:-search/evaluation/queries.jsonl}
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  server="${DATABASE_URL%/*}"
  psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS intranet_eval" -c "CREATE DATABASE intranet_eval"
  export DATABASE_URL="$server/intranet_eval"
else
  workdir=$(mktemp -d)
  trap 'rm -rf "$workdir"' EXIT
  export DATABASE_URL="sqlite:///$workdir/eval.sqlite3"
fi
export DJANGO_SETTINGS_MODULE=intranet.settings.dev LOG_LEVEL=WARNING
$PY manage.py migrate --noinput -v0
$PY manage.py setup_intranet -v0 >/dev/null
$PY manage.py import_documents "$DOCUMENTS" --no-progress >/dev/null
$PY manage.py evaluate_search --queries "$QUERIES"

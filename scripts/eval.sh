#!/usr/bin/env bash
# Relevance evaluation on a throwaway database of the sample documents (`make eval`).
# SQLite by default; the PostgreSQL server of DATABASE_URL when it is set (database intranet_eval).
# EVAL_ENGINE=opensearch: the same, searched through a local OpenSearch node (started when it is
# not running, scripts/opensearch.sh), into a throwaway index dropped at the end.
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
if [ "${EVAL_ENGINE:-database}" = opensearch ]; then
  scripts/services.sh opensearch >/dev/null
  export ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-http://127.0.0.1:9200} SEARCH_CLUSTER=opensearch
  export ELASTICSEARCH_INDEX="eval-$$"
  trap 'curl -s -X DELETE "$ELASTICSEARCH_URL/eval-$$*" >/dev/null; rm -rf "${workdir:-/nonexistent}"' EXIT
fi
$PY manage.py migrate --noinput -v0
$PY manage.py setup_intranet -v0 >/dev/null
$PY manage.py import_documents "$DOCUMENTS" --no-progress >/dev/null
if [ "${EVAL_ENGINE:-database}" = opensearch ]; then
  # The cluster's copy from the database's entries, behind its alias, then made searchable.
  $PY manage.py rebuild_search_index --no-progress >/dev/null
  # Stock Wagtail's own OpenSearch backend beside ours, on the same node (its own index).
  $PY manage.py update_index --backend default >/dev/null 2>&1
  curl -fsS -X POST "$ELASTICSEARCH_URL/$ELASTICSEARCH_INDEX""__vietnamese/_refresh" >/dev/null
fi
$PY manage.py evaluate_search --queries "$QUERIES"

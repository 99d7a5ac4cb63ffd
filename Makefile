# Two commands on a bare machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve demo test test-fast browser-deps lint format messages admin-messages check eval bench timing-404 load opensearch opensearch-stop clean screens

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, set up roles/pages/workflows, load the demo, serve on SQLite.
run: demo serve

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set).
test: install browser-deps
	$(BIN)/pytest

## make test-fast: everything but the browser tests.
test-fast: install
	$(BIN)/pytest -m "not browser"

## Debian's chromium for the Playwright tests (playwright cannot download browsers here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: refresh and compile the translation catalogues (needs GNU gettext).
## compilemessages also compiles intranet/locale_wagtail (in LOCALE_PATHS); makemessages leaves it alone.
messages: install
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

## make admin-messages: merge new Wagtail msgids into the admin's Vietnamese catalogue after an
## upgrade, compile it and report the coverage (the untranslated ones go to admin-todo.txt).
admin-messages: install
	$(BIN)/python scripts/wagtail_catalogue.py --todo admin-todo.txt

## make screens: PNG screenshots of every screen at 1366 and 360 px into docs/screens/
## (the demo in .screens/, Debian's chromium asking for English). SCREENS_ARGS=--fresh rebuilds.
screens: install browser-deps
	$(BIN)/python scripts/screens.py $(SCREENS_ARGS)

## make eval: search quality on the sample documents (SQLite, or PostgreSQL via DATABASE_URL;
## EVAL_ENGINE=opensearch: through a local OpenSearch node).
eval: install
	scripts/eval.sh

## make bench: import rate at 20,000 documents, indexing time and query latency at 10,000 and
## 100,000 documents, on SQLite and PostgreSQL (long), then the page of a 200-550 KB code and
## the import of long bodies beside short ones.
bench: install
	scripts/bench.sh

## make timing-404: a member's 404 medians, secret vs missing page and attachment, 200 requests
## each; fails when a difference reaches 1 ms (docs/benchmarks.md). DATABASE_URL: an empty database.
timing-404: install
	$(BIN)/python scripts/timing_404.py

## make load: gunicorn (production settings) on the local PostgreSQL and Redis under locust,
## 50 users for 60 s; prints throughput and p50/p95/p99; records docs/benchmarks.md.
load: install
	$(BIN)/python -c "import locust" 2>/dev/null || \
	  $(BIN)/pip install --quiet -c requirements.lock -e '.[dev,load]'
	scripts/load.sh

## make opensearch: one local OpenSearch 2.19 node on 127.0.0.1:9200 (OPENSEARCH_PORT) for tests
## and benchmarks, in the background; returns when the cluster is yellow. The first run fetches
## its jars from Maven Central into .opensearch/ (docs/deploy.md). make opensearch-stop stops it.
opensearch:
	scripts/opensearch.sh start

opensearch-stop:
	scripts/opensearch.sh stop

check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

clean:
	rm -rf $(VENV) staticfiles .test-media db.sqlite3

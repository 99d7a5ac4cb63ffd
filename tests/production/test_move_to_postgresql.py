"""A SQLite intranet moves to PostgreSQL: backup on SQLite, restore into a new PostgreSQL
database (another process, as an operator would), and the same content comes out.

Runs when the tests run on SQLite and a PostgreSQL server answers (LOAD_POSTGRES_URL or
the local one); on the PostgreSQL run of CI the same-engine restore test covers PostgreSQL.
"""

import contextlib
import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("MOVE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

# Printed as JSON by the target process, and computed the same way here.
SUMMARY = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision
from regulations.models import DocumentRelation, PartyDocumentPage
from search.models import SearchEntry
print(json.dumps({
    "pages": [[p.pk, p.title, p.url_path, p.live, p.latest_revision_id]
              for p in Page.objects.order_by("pk")],
    "revisions": Revision.objects.count(),
    "documents": [[d.pk, d.number, d.issued_on.isoformat(), d.validity,
                   sorted(d.restricted_groups.values_list("name", flat=True))]
                  for d in PartyDocumentPage.objects.order_by("pk")],
    "relations": sorted([r.source_id, r.relation_type, r.target_id]
                        for r in DocumentRelation.objects.all()),
    "users": sorted([u.username, u.password, sorted(u.groups.values_list("name", flat=True))]
                    for u in get_user_model().objects.all()),
    "indexed": SearchEntry.objects.filter(live=True).count(),
}, ensure_ascii=False))
"""


def _postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


def _summary_here() -> dict:
    out = StringIO()
    with contextlib.redirect_stdout(out):
        exec(SUMMARY, {})
    return json.loads(out.getvalue())


def _manage(args, env, timeout=600):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the move starts from SQLite (CI's first run)"
)
def test_sqlite_backup_restores_on_postgresql(tmp_path):
    if not _postgres_available():
        pytest.skip(f"no PostgreSQL server at {SERVER}")
    import psycopg

    call_command("backup_intranet", "--output", str(tmp_path), stdout=StringIO())
    archive = next(tmp_path.glob("intranet-backup-*.tar.gz"))
    expected = _summary_here()
    name = f"move_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.dev",
        "DATABASE_URL": f"{SERVER}/{name}",
        "MEDIA_ROOT": str(tmp_path / "media-pg"),
        "LOG_LEVEL": "WARNING",
    }
    try:
        migrate = _manage(["migrate", "--noinput", "-v0"], env)
        assert migrate.returncode == 0, migrate.stderr
        restore = _manage(["restore_intranet", str(archive)], env)
        assert restore.returncode == 0, restore.stderr
        again = _manage(["restore_intranet", str(archive)], env)
        assert again.returncode != 0 and "đã có dữ liệu" in again.stderr
        summary = _manage(["shell", "-c", SUMMARY], env)
        assert summary.returncode == 0, summary.stderr
        actual = json.loads(summary.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    for key in expected:
        assert actual[key] == expected[key], key
    assert actual["indexed"] > 0

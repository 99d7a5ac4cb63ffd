"""An import killed mid-file keeps its finished chunks, and the rerun completes without duplicates.

The command runs in its own process on a database file of its own (the test database lives
in this process's memory), is killed with SIGKILL once two chunks are committed, then run again.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.benchmark import generate_import_lines

MAIN = Path(__file__).resolve().parents[2]
LINES, CHUNK = 300, 20


def _manage(database: Path, *args: str, wait: bool = True):
    command = [sys.executable, str(MAIN / "manage.py"), *args]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    if not wait:
        return subprocess.Popen(command, env=env, cwd=MAIN, stdout=subprocess.PIPE, text=True)
    result = subprocess.run(command, env=env, cwd=MAIN, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _query(database: Path, sql: str):
    for _attempt in range(100):  # the writer holds the file while it commits
        try:
            with sqlite3.connect(database, timeout=5) as connection:
                return connection.execute(sql).fetchall()
        except sqlite3.OperationalError:
            time.sleep(0.05)
    raise AssertionError("database locked")


def _documents(database: Path) -> int:
    return _query(database, "SELECT count(*) FROM regulations_partydocumentpage")[0][0]


def _state(database: Path) -> dict:
    """What must agree with the documents whatever the moment of the interruption."""
    one = {
        "documents": _documents(database),
        "identities": _query(
            database,
            "SELECT count(*) FROM (SELECT DISTINCT number_key, issued_on, restricted "
            "FROM regulations_partydocumentpage)",
        )[0][0],
        "live": _query(
            database,
            "SELECT count(*) FROM regulations_partydocumentpage d "
            "JOIN wagtailcore_page p ON p.id = d.page_ptr_id WHERE p.live",
        )[0][0],
        "with a revision": _query(
            database,
            "SELECT count(*) FROM regulations_partydocumentpage d JOIN wagtailcore_page p "
            "ON p.id = d.page_ptr_id WHERE p.latest_revision_id IS NOT NULL",
        )[0][0],
        "search entries": _query(
            database,
            "SELECT count(*) FROM search_searchentry e "
            "JOIN regulations_partydocumentpage d ON d.page_ptr_id = e.page_id",
        )[0][0],
        "unknown validity": _query(
            database,
            "SELECT count(*) FROM regulations_partydocumentpage WHERE validity = 'unknown'",
        )[0][0],
    }
    library = _query(
        database,
        "SELECT p.numchild, (SELECT count(*) FROM wagtailcore_page c WHERE c.path LIKE p.path "
        "|| '____' AND c.depth = p.depth + 1) FROM wagtailcore_page p "
        "JOIN django_content_type t ON t.id = p.content_type_id "
        "WHERE t.model = 'documentlibrarypage'",
    )
    one["library numchild agrees"] = library[0][0] == library[0][1]
    return one


def test_an_import_killed_mid_file_keeps_finished_chunks_and_completes_on_rerun(tmp_path):
    database = tmp_path / "import.sqlite3"
    _manage(database, "migrate", "--noinput", "-v0")
    _manage(database, "setup_intranet", "-v0")
    source = tmp_path / "documents.jsonl"
    source.write_text("\n".join(generate_import_lines(LINES, seed=3)) + "\n", encoding="utf-8")

    command = ["import_documents", str(source), "--chunk-size", str(CHUNK), "--no-progress"]
    process = _manage(database, *command, wait=False)
    deadline = time.monotonic() + 600
    while _documents(database) < 2 * CHUNK and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL  # killed, not finished

    kept = _state(database)
    assert 2 * CHUNK <= kept["documents"] < LINES
    assert kept["documents"] % CHUNK == 0  # whole chunks only
    assert kept["identities"] == kept["with a revision"] == kept["documents"]
    assert kept["search entries"] == kept["documents"]  # indexed with their chunk
    assert 0 < kept["live"] < kept["documents"]  # drafts too
    assert kept["unknown validity"] == 0
    assert kept["library numchild agrees"]

    rerun = _manage(database, *command)
    created = LINES - kept["documents"]
    assert f"Tạo mới: {created}, cập nhật: 0, không đổi: {kept['documents']}" in rerun.stdout
    done = _state(database)
    assert done["documents"] == done["identities"] == done["with a revision"] == LINES
    assert done["search entries"] == LINES
    assert done["unknown validity"] == 0
    assert done["library numchild agrees"]

    again = _manage(database, *command)
    assert f"Tạo mới: 0, cập nhật: 0, không đổi: {LINES}" in again.stdout
    assert _state(database) == done


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_chunk_size_must_be_a_positive_number(size, tmp_path):
    result = subprocess.run(
        [sys.executable, str(MAIN / "manage.py"), "import_documents", "x", "--chunk-size", size],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings.test"},
        cwd=MAIN,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--chunk-size" in result.stderr

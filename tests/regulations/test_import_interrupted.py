"""An import killed mid-file keeps its finished chunks, and the rerun completes without duplicates.

The command runs in its own process on a database file of its own (the test database lives
in this process's memory), is killed with SIGKILL once two chunks are committed, then run again.
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from search.benchmark import generate_import_lines

from .import_processes import MAIN, SqliteDatabase, check_rerun, documents, manage, state

LINES, CHUNK = 300, 20


def test_an_import_killed_mid_file_keeps_finished_chunks_and_completes_on_rerun(tmp_path):
    database = SqliteDatabase(tmp_path / "import.sqlite3")
    manage(database, "migrate", "--noinput", "-v0")
    manage(database, "setup_intranet", "-v0")
    source = tmp_path / "documents.jsonl"
    source.write_text("\n".join(generate_import_lines(LINES, seed=3)) + "\n", encoding="utf-8")

    command = ["import_documents", str(source), "--chunk-size", str(CHUNK), "--no-progress"]
    process = manage(database, *command, wait=False)
    deadline = time.monotonic() + 600
    while documents(database) < 2 * CHUNK and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL  # killed, not finished

    kept = state(database)
    assert 2 * CHUNK <= kept["documents"] < LINES
    assert kept["documents"] % CHUNK == 0  # whole chunks only
    assert kept["identities"] == kept["with a revision"] == kept["documents"]
    assert kept["search entries"] == kept["documents"]  # indexed with their chunk
    assert kept["waiting for the index"] == 0  # SQLite indexes in the chunk's transaction
    assert 0 < kept["live"] < kept["documents"]  # drafts too
    assert kept["unknown validity"] == 0
    assert kept["library numchild agrees"]

    check_rerun(database, command, LINES, kept)


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

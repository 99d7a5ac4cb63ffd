"""On PostgreSQL the import indexes committed chunks in a second process
(``regulations.import_indexing``): the same indexes as the single-process import, nothing
lost when either process is killed, the rerun completing what waited.

Each test runs the command in processes of its own on a database of its own (copied from
one migrated and set up once), on the server of the test database. On SQLite the import
has no second process (``test_import_interrupted`` covers it); CI's PostgreSQL run runs these.
"""

import os
import re
import signal
import time

import pytest
from django.db import connection

from search.benchmark import generate_import_lines

from .import_processes import (
    PostgresDatabase,
    check_rerun,
    children,
    documents,
    manage,
    state,
    wait_gone,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the second process is PostgreSQL's"
)
LINES, CHUNK = 300, 20
SECRET_TOKEN = re.compile(r"vb-[a-z2-7]{20}")

# What the indexes hold, row by row, in an order and with values the same in two databases
# that received the same lines (page ids agree; row ids, random sample buckets and secret
# addresses do not).
INDEXES = {
    "search entries": "SELECT page_id, live, restricted, section, title, url_path, number, "
    "number_key_folded, doc_type, issuers, field, date, validity, folded_title, marked_text, "
    "folded_text, display_text, folded_vector::text, marked_vector::text, title_vector::text, "
    "length_weight, (SELECT string_agg(g.group_id::text, ',' ORDER BY g.group_id) "
    "FROM search_searchentry_allowed_groups g WHERE g.searchentry_id = e.id) "
    "FROM search_searchentry e ORDER BY page_id",
    "Wagtail's index": "SELECT content_type_id, object_id, title::text, autocomplete::text, "
    "body::text, title_text, body_text FROM wagtailsearch_indexentry "
    "ORDER BY content_type_id, object_id",
    "reference index": "SELECT content_type_id, object_id, to_content_type_id, to_object_id, "
    "model_path, content_path FROM wagtailcore_referenceindex ORDER BY 2, 4, 6, 5",
    "vocabulary": "SELECT term FROM search_searchterm ORDER BY term",
    "validity": "SELECT page_ptr_id, validity FROM regulations_partydocumentpage ORDER BY 1",
}


def _server() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"


@pytest.fixture(scope="module")
def set_up():
    """A database migrated and set up, to copy."""
    with PostgresDatabase.made(_server()) as template:
        manage(template, "migrate", "--noinput", "-v0")
        manage(template, "setup_intranet", "-v0")
        yield template


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(generate_import_lines(LINES, seed=3)) + "\n", encoding="utf-8")
    return path


def _command(source, *extra):
    return ["import_documents", str(source), "--chunk-size", str(CHUNK), "--no-progress", *extra]


def _indexes(database) -> dict:
    return {
        part: [
            tuple(SECRET_TOKEN.sub("vb-…", v) if isinstance(v, str) else v for v in row)
            for row in database.query(sql)
        ]
        for part, sql in INDEXES.items()
    }


def test_the_second_process_leaves_the_indexes_the_single_process_import_leaves(set_up, source):
    with (
        PostgresDatabase.made(_server(), set_up.name) as parallel,
        PostgresDatabase.made(_server(), set_up.name) as single,
    ):
        manage(parallel, *_command(source))
        manage(single, *_command(source, "--single-process"))
        expected, found = _indexes(single), _indexes(parallel)
        assert state(parallel) == state(single)
        assert state(parallel)["waiting for the index"] == 0
    assert len(expected["search entries"]) == LINES
    # The lines change the validity of documents of earlier chunks: indexed again after them.
    assert {row[1] for row in expected["validity"]} > {"in_force"}
    for part, rows in expected.items():
        assert found[part] == rows, part


def _second_process(process) -> int:
    deadline = time.monotonic() + 120
    while not (started := children(process.pid)):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    return started[0]


def _kill_when_two_chunks_are_in(database, process, target: int) -> None:
    """SIGKILL ``target`` once the import has committed two chunks."""
    deadline = time.monotonic() + 600
    while documents(database) < 2 * CHUNK and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert process.poll() is None, "the import ended before it could be interrupted"
    os.kill(target, signal.SIGKILL)


def _check_kept(kept: dict) -> None:
    assert 2 * CHUNK <= kept["documents"] < LINES
    assert kept["documents"] % CHUNK == 0  # whole chunks only
    assert kept["identities"] == kept["with a revision"] == kept["documents"]
    assert kept["neither indexed nor waiting"] == 0
    assert kept["secret or draft waiting"] == 0
    assert kept["secret without entry"] == 0
    assert kept["secret with an open entry"] == 0
    assert kept["unknown validity"] == 0
    assert kept["library numchild agrees"]


def test_an_import_killed_mid_file_leaves_its_backlog_and_the_rerun_indexes_it(set_up, source):
    with PostgresDatabase.made(_server(), set_up.name) as database:
        process = manage(database, *_command(source), wait=False)
        helper = _second_process(process)
        _kill_when_two_chunks_are_in(database, process, target=process.pid)
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL
        wait_gone([helper])  # orphaned, it notices within a second and stops
        kept = state(database)
        _check_kept(kept)
        check_rerun(database, _command(source), LINES, kept)


def test_when_the_second_process_dies_the_import_stops_and_the_rerun_completes(set_up, source):
    with PostgresDatabase.made(_server(), set_up.name) as database:
        process = manage(database, *_command(source), wait=False)
        _kill_when_two_chunks_are_in(database, process, target=_second_process(process))
        _out, errors = process.communicate(timeout=120)
        assert process.returncode == 1
        assert "Tiến trình cập nhật chỉ mục tìm kiếm đã dừng" in errors
        assert "chạy lại lệnh" in errors
        kept = state(database)
        _check_kept(kept)
        assert kept["waiting for the index"] > 0  # committed, not yet indexed: kept for the rerun
        check_rerun(database, _command(source), LINES, kept)


# The command in a process whose second process fails on its first chunk (a full disk, say).
FAILING_INDEXING = """
import os
from django.core.management import call_command
from django.core.management.base import CommandError
from regulations import import_indexing

importing, index = os.getpid(), import_indexing.bring_up_to_date

def full_disk_in_the_second_process(pages):
    if os.getpid() != importing:
        raise OSError("ổ đĩa đầy")
    index(pages)

import_indexing.bring_up_to_date = full_disk_in_the_second_process
try:
    call_command("import_documents", {path!r}, "--chunk-size", "{chunk}", "--no-progress")
except CommandError as error:
    print("STOPPED:", error)
"""


def test_when_the_second_process_fails_the_import_says_why_and_the_rerun_completes(set_up, source):
    with PostgresDatabase.made(_server(), set_up.name) as database:
        code = FAILING_INDEXING.format(path=str(source), chunk=CHUNK)
        result = manage(database, "shell", "-c", code)
        assert "STOPPED: Cập nhật chỉ mục tìm kiếm thất bại: OSError: ổ đĩa đầy." in result.stdout
        assert "chạy lại lệnh" in result.stdout
        kept = state(database)
        assert CHUNK <= kept["documents"] < LINES
        assert kept["waiting for the index"] > 0
        assert kept["neither indexed nor waiting"] == 0
        assert kept["secret without entry"] == 0
        check_rerun(database, _command(source), LINES, kept)


INDEX_BACKLOG = (
    "from regulations.import_indexing import index_backlog\n"
    "print('indexed', index_backlog(skip_locked={skip}))"
)


def test_the_second_process_passes_a_page_an_editor_holds_and_it_is_indexed_later(set_up, source):
    """A page whose row someone holds (an editor restricting it) is not indexed from an
    older read: the second process leaves it in the backlog, indexed once it is free."""
    import psycopg

    with PostgresDatabase.made(_server(), set_up.name) as database:
        manage(database, *_command(source, "--single-process"))
        ids = [
            pk
            for (pk,) in database.query(
                "SELECT d.page_ptr_id FROM regulations_partydocumentpage d JOIN wagtailcore_page "
                "p ON p.id = d.page_ptr_id WHERE p.live AND NOT d.restricted ORDER BY 1 LIMIT 3"
            )
        ]
        listed = ",".join(map(str, ids))
        database.query(
            f"DELETE FROM search_searchentry_allowed_groups WHERE searchentry_id IN "
            f"(SELECT id FROM search_searchentry WHERE page_id IN ({listed}))"
        )
        database.query(f"DELETE FROM search_searchentry WHERE page_id IN ({listed})")
        database.query(
            "INSERT INTO regulations_indexbacklog (page_id, chunk) SELECT id, gen_random_uuid() "
            f"FROM wagtailcore_page WHERE id IN ({listed})"
        )
        with psycopg.connect(database.url) as editor:  # a transaction holding the first page
            editor.execute(f"SELECT 1 FROM wagtailcore_page WHERE id = {ids[0]} FOR UPDATE")
            passed = manage(database, "shell", "-c", INDEX_BACKLOG.format(skip=True))
            assert "indexed 2" in passed.stdout
            assert database.query("SELECT page_id FROM regulations_indexbacklog") == [(ids[0],)]
        later = manage(database, "shell", "-c", INDEX_BACKLOG.format(skip=False))
        assert "indexed 1" in later.stdout
        assert state(database)["waiting for the index"] == 0
        indexed = database.query(
            f"SELECT count(*) FROM search_searchentry WHERE page_id IN ({listed})"
        )
        assert indexed == [(3,)]

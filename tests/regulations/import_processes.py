"""Running ``import_documents`` in processes of their own, on databases of their own, and
reading what they left: the interruption tests kill those processes.

The test database lives in the test process (SQLite in memory, PostgreSQL inside a rolled
back transaction): a command in another process could not see it, so each test makes its
own (a SQLite file, or a PostgreSQL database on the test server, dropped afterwards).
"""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

MAIN = Path(__file__).resolve().parents[2]


class SqliteDatabase:
    def __init__(self, path: Path) -> None:
        self.url = f"sqlite:///{path}"
        self.path = path

    def query(self, sql: str):
        for _attempt in range(100):  # the writer holds the file while it commits
            try:
                with sqlite3.connect(self.path, timeout=5) as connection:
                    return connection.execute(sql).fetchall()
            except sqlite3.OperationalError:
                time.sleep(0.05)
        raise AssertionError("database locked")


class PostgresDatabase:
    def __init__(self, server: str, name: str) -> None:
        self.server, self.name = server, name
        self.url = f"{server}/{name}"

    def query(self, sql: str):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description is not None else []

    @classmethod
    @contextmanager
    def made(cls, server: str, template: str | None = None):
        """A new database on ``server`` (a copy of ``template``), dropped afterwards."""
        import psycopg

        database = cls(server, f"import_test_{uuid.uuid4().hex[:10]}")
        copy = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {database.name}{copy}")
        try:
            yield database
        finally:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database.name} WITH (FORCE)")


def manage(database, *args: str, wait: bool = True, expect: int = 0):
    """``manage.py args`` on ``database``; waits and checks the exit code unless ``wait`` is
    False (then returns the running process)."""
    command = [sys.executable, str(MAIN / "manage.py"), *args]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.test",
        "DATABASE_URL": database.url,
    }
    if not wait:
        return subprocess.Popen(
            command, env=env, cwd=MAIN, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    result = subprocess.run(command, env=env, cwd=MAIN, capture_output=True, text=True, timeout=900)
    assert result.returncode == expect, result.stderr[-3000:]
    return result


def documents(database) -> int:
    return database.query("SELECT count(*) FROM regulations_partydocumentpage")[0][0]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def wait_gone(pids: list[int], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        assert time.monotonic() < deadline, f"still running: {pids}"
        time.sleep(0.1)


def state(database) -> dict:
    """What must agree with the documents whatever the moment of an interruption."""
    query = database.query
    one = {
        "documents": documents(database),
        "identities": query(
            "SELECT count(*) FROM (SELECT DISTINCT number_key, issued_on, restricted "
            "FROM regulations_partydocumentpage) AS identities"
        )[0][0],
        "live": query(
            "SELECT count(*) FROM regulations_partydocumentpage d "
            "JOIN wagtailcore_page p ON p.id = d.page_ptr_id WHERE p.live"
        )[0][0],
        "with a revision": query(
            "SELECT count(*) FROM regulations_partydocumentpage d JOIN wagtailcore_page p "
            "ON p.id = d.page_ptr_id WHERE p.latest_revision_id IS NOT NULL"
        )[0][0],
        "search entries": query(
            "SELECT count(*) FROM search_searchentry e "
            "JOIN regulations_partydocumentpage d ON d.page_ptr_id = e.page_id"
        )[0][0],
        "waiting for the index": query("SELECT count(*) FROM regulations_indexbacklog")[0][0],
        # Neither indexed nor waiting to be: lost by the interruption.
        "neither indexed nor waiting": query(
            "SELECT count(*) FROM regulations_partydocumentpage d WHERE NOT EXISTS "
            "(SELECT 1 FROM search_searchentry e WHERE e.page_id = d.page_ptr_id) AND NOT EXISTS "
            "(SELECT 1 FROM regulations_indexbacklog b WHERE b.page_id = d.page_ptr_id)"
        )[0][0],
        # The backlog holds pages every member sees only: the others are indexed at once.
        "secret or draft waiting": query(
            "SELECT count(*) FROM regulations_indexbacklog b JOIN regulations_partydocumentpage d "
            "ON d.page_ptr_id = b.page_id JOIN wagtailcore_page p ON p.id = d.page_ptr_id "
            "WHERE d.restricted OR NOT p.live"
        )[0][0],
        # A secret document's entry open to every member: what must never be, at any commit.
        "secret with an open entry": query(
            "SELECT count(*) FROM regulations_partydocumentpage d JOIN search_searchentry e "
            "ON e.page_id = d.page_ptr_id WHERE d.restricted AND NOT e.restricted"
        )[0][0],
        "secret without entry": query(
            "SELECT count(*) FROM regulations_partydocumentpage d WHERE d.restricted AND NOT "
            "EXISTS (SELECT 1 FROM search_searchentry e WHERE e.page_id = d.page_ptr_id)"
        )[0][0],
        "unknown validity": query(
            "SELECT count(*) FROM regulations_partydocumentpage WHERE validity = 'unknown'"
        )[0][0],
    }
    library = query(
        "SELECT p.numchild, (SELECT count(*) FROM wagtailcore_page c WHERE c.path LIKE p.path "
        "|| '____' AND c.depth = p.depth + 1) FROM wagtailcore_page p "
        "JOIN django_content_type t ON t.id = p.content_type_id "
        "WHERE t.model = 'documentlibrarypage'"
    )
    one["library numchild agrees"] = library[0][0] == library[0][1]
    return one


def check_rerun(database, command: list[str], lines: int, kept: dict) -> None:
    """Run an interrupted import's command again: it creates what was missing, keeps what
    was there, leaves nothing waiting; a third run changes nothing."""
    rerun = manage(database, *command)
    created = lines - kept["documents"]
    assert f"Tạo mới: {created}, cập nhật: 0, không đổi: {kept['documents']}" in rerun.stdout
    waiting = kept["waiting for the index"]
    told = f"Đã cập nhật chỉ mục tìm kiếm cho {waiting} văn bản" in rerun.stdout
    assert told == (waiting > 0), rerun.stdout  # said when there was something to do, only then
    done = state(database)
    assert done["documents"] == done["identities"] == done["with a revision"] == lines
    assert done["search entries"] == lines
    assert done["waiting for the index"] == 0
    assert done["secret with an open entry"] == 0
    assert done["unknown validity"] == 0
    assert done["library numchild agrees"]
    again = manage(database, *command)
    assert f"Tạo mới: 0, cập nhật: 0, không đổi: {lines}" in again.stdout
    assert state(database) == done

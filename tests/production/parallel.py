"""Helpers for the parallel-write tests: posts from several threads, and a competing insert.

Threads: each has its own database connection in autocommit, so what it writes is committed
for real, outside the test's own transaction. On PostgreSQL that is what a second request
does; the set-up and the clean-up therefore run in a thread too (``committed``). On SQLite
the test database lives in memory and the test's transaction holds the only write lock, so
threads cannot write at all: those tests are marked ``needs_postgresql`` and say so when
skipped, and each write also has a deterministic test that runs on both engines:
``competing_insert`` makes "another request" insert the same row just before the view's own
INSERT, the moment a real race hits.
"""

import threading
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real parallel posts need PostgreSQL (DATABASE_URL); on SQLite the in-memory test "
    "database allows one writer, and the competing-insert test covers the race",
)


def committed(function, *args, **kwargs):
    """Run ``function`` in another thread, on its own connection, and commit what it wrote."""
    result, failure = [], []

    def run():
        try:
            result.append(function(*args, **kwargs))
        except BaseException as error:  # raised again in the caller
            failure.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if failure:
        raise failure[0]
    return result[0] if result else None


def in_parallel(count: int, user, post) -> list[int]:
    """``count`` clients logged in as ``user`` call ``post(client, index)`` at the same
    moment (a barrier), each in its own thread; returns their status codes."""
    barrier = threading.Barrier(count, timeout=60)
    statuses: list[int | BaseException] = [0] * count

    def run(index):
        try:
            client = Client(HTTP_HOST="localhost", raise_request_exception=False)
            client.force_login(user)
            barrier.wait()
            statuses[index] = post(client, index).status_code
        except BaseException as error:  # reported by the caller
            statuses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a post did not finish in 120 s"
    errors = [status for status in statuses if isinstance(status, BaseException)]
    assert not errors, errors
    return statuses


@contextmanager
def competing_insert(model, **fields):
    """A parallel request wins the race for ``model``'s unique row, deterministically.

    What the database does when another transaction commits the same unique row between this
    request's check and its INSERT: the INSERT fails with an IntegrityError, and from then on
    the other row is there to be read. So the first INSERT into the table raises
    ``IntegrityError`` without running, and the row ``fields`` is inserted just before the
    next statement that reads the table (after the request's savepoint was rolled back, as a
    committed row would survive it), or at the end if nothing reads it again. Yields a list
    that holds ``True`` once it happened.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    state = {"failed": False, "inserted": False}
    fired = []

    def race(execute, sql, params, many, context):
        text = sql.lstrip().upper()
        if not state["failed"] and text.startswith("INSERT INTO " + table.upper()):
            state["failed"] = True
            raise IntegrityError(f"duplicate key in {table} (a parallel request won the race)")
        reads_table = text.startswith("SELECT") and table.upper() in text
        if state["failed"] and not state["inserted"] and reads_table:
            state["inserted"] = True
            model.objects.bulk_create([model(**fields)])
            fired.append(True)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(race):
        yield fired
    if state["failed"] and not state["inserted"]:  # the request never read it again: the
        model.objects.bulk_create([model(**fields)])  # winner's row is there all the same
        fired.append(True)

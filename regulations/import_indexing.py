"""Where a chunked import brings the search and reference indexes up to date.

About half of a chunk's work is not writing documents but indexing them: reading the chunk's
pages back, building their entries in both search indexes and their reference-index rows
(``core.bulk_writes.bring_up_to_date``). On SQLite, in a dry run and inside a caller's
transaction it is done in the chunk's own transaction (``InlineIndexing``). On PostgreSQL
the import command hands it to a second process (``BackgroundIndexing``), which indexes
chunk N while the first writes chunk N+1: the two halves then run on two cores instead of
one after the other.

What may lag and what may not:

- a page every member may see (published, under no restriction that shuts anyone out) is
  written to ``IndexBacklog`` in its chunk's transaction and indexed by the second process
  after the commit, in the order of the chunks; its entry lags its page by a chunk or two
  while the import runs (a new page is simply not found yet). A page written again by a
  later chunk is indexed again after that chunk, from what is then stored, so the last
  state wins;
- a restricted or unpublished page is indexed in the transaction that writes it, as on
  SQLite: its entry never says less than the page. If such a page is still awaiting the
  second process (made secret by a later line, say), the first process waits until the
  second is idle before indexing it, so that an older entry cannot be written after it;
- the first process writes no index table while the second works (the handlers that would
  are suspended for the import's pages: ``core.bulk_writes.deferred_page_indexing``), and the
  second writes nothing else, so neither waits for a lock the other holds while waiting for
  it;
- an interruption keeps the backlog of every committed chunk: the next import, or
  ``import_documents`` run again on the same file, indexes it before anything else.
"""

import logging
import multiprocessing
import os
import queue
import signal
import traceback
import uuid
from collections import defaultdict

from django.db import connection, connections, reset_queries, transaction
from django.utils.translation import gettext as _
from wagtail.models import COMMENTS_RELATION_NAME, Page

from core.bulk_writes import bring_up_to_date
from core.freshness import content_changed
from core.visibility import shutting_paths

from .models import IndexBacklog, PartyDocumentPage

logger = logging.getLogger(__name__)

_SLICE = 500  # ids per query and per indexing transaction (SQLite limits parameters)
_POLL = 1.0  # seconds between checks that the other process is still there


class IndexingStopped(Exception):
    """The second process stopped; the message says why, for the operator."""


def pages_as_stored(page_ids: list[int]) -> list[PartyDocumentPage]:
    """The pages read back as the indexing task of a save would read them, in the order
    they were created (the order of their first save)."""
    pages = PartyDocumentPage.objects.filter(pk__in=page_ids).order_by("pk").specific()
    return list(
        pages.prefetch_related(
            "tags",
            "tagged_items",
            "issuers",
            "attachments",
            "outgoing_relations",
            "restricted_groups",
            "recipient_units",
            COMMENTS_RELATION_NAME,
        )
    )


def index_backlog(page_ids: list[int] | None = None, *, skip_locked: bool = False) -> int:
    """Index the backlog's pages (those of ``page_ids`` still in it, or all of it), a slice per
    transaction; returns how many.

    Each page's row is locked first (PostgreSQL; ``FOR NO KEY UPDATE``), as every other
    writer of its entry holds it: a save, and a change of restriction
    (``search.signals.reindex_subtree``). So an editor who makes a just-imported document
    secret either waits for this indexing to commit and indexes it again after it, or holds
    it first, and then the page (``skip_locked``: the second process never waits for a page)
    stays in the backlog for a later indexing: an entry read before the restriction is never
    written after it. A page's row leaves with the indexing unless a later chunk wrote the
    page again meanwhile (its ``chunk`` changed): what was read may then be older than the
    page, and the row waits for that chunk's indexing."""
    waiting = IndexBacklog.objects.order_by("page_id")
    ids = (
        sorted(set(page_ids))
        if page_ids is not None
        else list(waiting.values_list("pk", flat=True))
    )
    done = 0
    for start in range(0, len(ids), _SLICE):
        with transaction.atomic():
            pages = Page.objects.filter(pk__in=ids[start : start + _SLICE]).order_by("pk")
            free = set(
                pages.select_for_update(no_key=True, skip_locked=skip_locked).values_list(
                    "pk", flat=True
                )
            )
            rows = [
                (pk, chunk)
                for pk, chunk in waiting.filter(
                    page_id__in=ids[start : start + _SLICE]
                ).values_list("pk", "chunk")
                if pk in free
            ]
            bring_up_to_date(pages_as_stored([pk for pk, _chunk in rows]))
            _leave_backlog(rows)
        done += len(rows)
    if done:
        content_changed()  # what searches find changed after the chunk's own commit
    return done


def _leave_backlog(rows: list[tuple[int, uuid.UUID]]) -> None:
    """Remove the rows read, each only if its ``chunk`` is still the one read: one ``DELETE``
    per chunk with both conditions, which PostgreSQL checks again after waiting for a writer
    renewing a row. (``QuerySet.delete()`` would select the rows and delete them by key,
    losing the ``chunk`` condition, since ``core.freshness`` listens to every deletion.)"""
    by_chunk = defaultdict(list)
    for pk, chunk in rows:
        by_chunk[chunk].append(pk)
    for chunk, pks in by_chunk.items():
        rows_of_chunk = IndexBacklog.objects.filter(page_id__in=pks, chunk=chunk)
        rows_of_chunk._raw_delete(rows_of_chunk.db)


def _private_among(page_ids: list[int]) -> set[int]:
    """Those of ``page_ids`` that not every member sees: at or below a restriction that shuts
    someone out (``core.visibility.shutting_paths``), or not live."""
    shutting = tuple(shutting_paths())
    private = set()
    for start in range(0, len(page_ids), _SLICE):
        rows = Page.objects.filter(pk__in=page_ids[start : start + _SLICE])
        for pk, path, live in rows.values_list("pk", "path", "live"):
            if not live or path.startswith(shutting):
                private.add(pk)
    return private


class InlineIndexing:
    """Index a chunk's pages in the chunk's own transaction."""

    def index(self, page_ids: list[int]) -> None:
        """Called inside the chunk's transaction, after its writes."""
        bring_up_to_date(pages_as_stored(page_ids))

    def committed(self) -> None:
        """Called after the chunk's commit."""

    def close(self) -> None:
        """Called once every chunk is committed."""


class BackgroundIndexing(InlineIndexing):
    """Index committed chunks in a second process (see the module's docstring)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")  # it inherits settings and the test DB
        self._tasks = context.Queue(maxsize=1)  # at most one chunk waiting besides the one indexed
        self._results = context.Queue()
        self._sent = self._done = 0
        self._ready: list[int] = []
        connections.close_all()  # the child opens its own connection; it must not share ours
        self._process = context.Process(
            target=_index_chunks,
            args=(self._tasks, self._results, os.getpid()),
            name="import-indexing",
            daemon=True,
        )
        self._process.start()

    def index(self, page_ids: list[int]) -> None:
        private = _private_among(page_ids)
        if private:
            # An older entry of one of them may be about to be written. (The import makes
            # no public page secret today: a secret line makes a document of its own; this
            # keeps the rule if a line ever does.)
            if IndexBacklog.objects.filter(page_id__in=private).exists():
                self._wait_until_idle()
            bring_up_to_date(pages_as_stored(sorted(private)))
        public = [pk for pk in page_ids if pk not in private]
        chunk = uuid.uuid4()
        IndexBacklog.objects.bulk_create(
            [IndexBacklog(page_id=pk, chunk=chunk) for pk in public],
            update_conflicts=True,
            update_fields=["chunk"],
            unique_fields=["page"],
            batch_size=_SLICE,
        )
        self._ready = public

    def committed(self) -> None:
        ready, self._ready = self._ready, []
        if ready:
            self._send(ready)

    def close(self) -> None:
        """Wait for the backlog sent so far to be indexed, stop the process, then index what
        it left (pages an editor held while it passed)."""
        try:
            self._wait_until_idle()
            self._send(None)
            self._process.join(timeout=60)
        finally:
            if self._process.is_alive():
                self._process.terminate()
        index_backlog()

    def abandon(self) -> None:
        """Stop the process at once (the import failed): what it had not indexed stays in
        the backlog for the next import."""
        self._tasks.cancel_join_thread()  # a list it will never read must not hold us at exit
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)

    def _send(self, ids) -> None:
        while True:
            self._collect(block=False)
            try:
                self._tasks.put(ids, timeout=_POLL)
            except queue.Full:
                continue
            if ids is not None:
                self._sent += 1
            return

    def _wait_until_idle(self) -> None:
        while self._done < self._sent:
            self._collect(block=True)

    def _collect(self, *, block: bool) -> None:
        """Read what the process reported; raise ``IndexingStopped`` if it failed or died."""
        while True:
            try:
                kind, detail = self._results.get(block=block, timeout=_POLL if block else None)
            except queue.Empty:
                if not self._process.is_alive():
                    self._stopped()
                if block:
                    continue
                return
            if kind == "failed":
                raise IndexingStopped(_failed_message(detail))
            self._done += 1
            if not block:
                continue
            return

    def _stopped(self) -> None:
        """The process is gone: its failure if it reported one last, else its exit code."""
        try:
            while True:
                kind, detail = self._results.get(timeout=0.1)
                if kind == "failed":
                    raise IndexingStopped(_failed_message(detail))
        except queue.Empty:
            raise IndexingStopped(_stopped_message(self._process.exitcode)) from None


def _failed_message(detail: str) -> str:
    return _("Cập nhật chỉ mục tìm kiếm thất bại: %(error)s. %(rerun)s") % {
        "error": detail.strip().splitlines()[-1],
        "rerun": _rerun_hint(),
    }


def _stopped_message(exitcode) -> str:
    return _("Tiến trình cập nhật chỉ mục tìm kiếm đã dừng (mã %(code)s). %(rerun)s") % {
        "code": exitcode,
        "rerun": _rerun_hint(),
    }


def _rerun_hint() -> str:
    return _("Các phần đã ghi được giữ lại; chạy lại lệnh để hoàn tất chỉ mục và nhập tiếp.")


def _index_chunks(tasks, results, parent: int) -> None:
    """The second process: index each chunk's backlog as it comes, report each one. Ctrl-C
    is the import's to handle: it stops this process, the backlog staying for the rerun."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while True:
            try:
                ids = tasks.get(timeout=_POLL)
            except queue.Empty:
                if os.getppid() != parent:  # the import was killed: the backlog stays
                    return
                continue
            if ids is None:
                return
            index_backlog(ids, skip_locked=True)
            reset_queries()  # see ``importer._import_chunks``
            results.put(("done", len(ids)))
    except BaseException:  # reported to the import, which stops and says so
        logger.exception("Import indexing failed")
        results.put(("failed", traceback.format_exc(limit=5)))
    finally:
        connection.close()

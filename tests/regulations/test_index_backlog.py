"""``regulations.import_indexing``: the backlog of pages waiting for the import's second
process, and which pages may wait at all (the processes themselves:
``test_import_parallel_indexing``)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regulations import import_indexing
from regulations.import_indexing import _private_among, index_backlog
from regulations.models import IndexBacklog, PartyDocumentPage
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _public_documents(count: int) -> list[PartyDocumentPage]:
    documents = list(PartyDocumentPage.objects.live().filter(restricted=False).order_by("pk"))
    assert len(documents) >= count
    return documents[:count]


def test_the_backlog_is_indexed_and_leaves():
    document = _public_documents(1)[0]
    SearchEntry.objects.filter(page=document).delete()
    IndexBacklog.objects.create(page=document, chunk=uuid.uuid4())
    assert index_backlog() == 1
    assert SearchEntry.objects.filter(page=document).exists()
    assert not IndexBacklog.objects.exists()
    assert index_backlog() == 0  # nothing left: idempotent


def test_only_the_pages_asked_for_are_indexed():
    first, second = _public_documents(2)
    for document in (first, second):
        IndexBacklog.objects.create(page=document, chunk=uuid.uuid4())
    assert index_backlog([second.pk, 10**9]) == 1
    assert list(IndexBacklog.objects.values_list("page_id", flat=True)) == [first.pk]


def test_a_page_written_again_while_it_was_indexed_keeps_its_place(monkeypatch):
    """A later chunk that writes a page again renews its row: the indexing that read the page
    before that chunk's commit must not take the row away (the next indexing reads it anew)."""
    documents = _public_documents(3)
    chunk = uuid.uuid4()
    IndexBacklog.objects.bulk_create([IndexBacklog(page=page, chunk=chunk) for page in documents])
    written_again = documents[1]
    indexed = []

    def indexing_while_a_later_chunk_commits(pages):
        indexed.extend(page.pk for page in pages)
        IndexBacklog.objects.filter(page=written_again).update(chunk=uuid.uuid4())

    monkeypatch.setattr(import_indexing, "bring_up_to_date", indexing_while_a_later_chunk_commits)
    with CaptureQueriesContext(connection) as captured:
        assert index_backlog() == 3
    assert indexed == [page.pk for page in documents]
    assert list(IndexBacklog.objects.values_list("page_id", flat=True)) == [written_again.pk]
    # The renewal may also come from the other process while the row is being removed: the
    # removal must be one statement holding the chunk read, which PostgreSQL checks again
    # after waiting for that process's commit (not rows selected, then deleted by key).
    removals = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("DELETE")]
    assert removals and all('"chunk"' in sql for sql in removals), removals


def test_secret_and_unpublished_pages_are_not_left_to_wait():
    public = _public_documents(1)[0]
    secret = PartyDocumentPage.objects.filter(restricted=True).first()
    draft = PartyDocumentPage.objects.filter(live=False).first() or public
    if draft is public:
        draft = _public_documents(2)[1]
        draft.unpublish()
    assert secret is not None
    assert _private_among([public.pk, secret.pk, draft.pk]) == {secret.pk, draft.pk}

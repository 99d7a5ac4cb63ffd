"""A Wagtail search backend that keeps the Vietnamese index (``SearchEntry``) up to date.

Registered in ``WAGTAILSEARCH_BACKENDS`` beside the default backend, it receives every
add/delete that modelsearch's signal handlers and ``update_index`` send to backends, so the
index follows publishing, editing, unpublishing and deletion without code of our own in
the page models. Querying goes through ``search.service``, not through ``.search()``.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from modelsearch.backends.base import BaseIndex, BaseSearchBackend

from core.vietnamese import tokens

from . import fts
from .entries import entry_for
from .models import SearchEntry, SearchTerm

MIN_TERM_LENGTH = 4  # typo correction only for longer words
logger = logging.getLogger(__name__)


def _mirror(action, *args) -> None:
    """Repeat a write in Elasticsearch (when configured) once the transaction commits.

    The database stays the source of truth: an unreachable or failing cluster is logged
    and never breaks a page save; ``rebuild_search_index`` brings the copy back in line.
    """
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return
    from .engines import cluster as es

    def run():
        try:
            getattr(es, action)(*args)
        except es.errors() as error:
            logger.warning("Elasticsearch %s%s failed: %s", action, args, error)

    transaction.on_commit(run, robust=True)


def mirror_bulk(entry_ids: list[int]) -> None:
    """Send many freshly written entries to Elasticsearch (when configured) after commit."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return
    from .engines import cluster as es

    def run():
        try:
            es.bulk_index(SearchEntry.objects.filter(pk__in=entry_ids))
        except es.errors() as error:
            logger.warning(
                "Elasticsearch bulk index of %s entries failed: %s", len(entry_ids), error
            )

    transaction.on_commit(run, robust=True)


def _write_fulltext(entry: SearchEntry) -> None:
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            fts.delete(cursor, [entry.pk])
            fts.insert(cursor, [entry])
    elif vendor == "postgresql":
        write_postgres_vectors([entry])


# A weighted ``tsvector`` from folded or marked words: title A, body D ("simple": no stemming).
VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D')"
)


def _vector_words(entry: SearchEntry) -> list[str]:
    """The four texts of an entry's vectors, as words the way queries see them.

    PostgreSQL's parser keeps "qd/tu", "01/7/2025" or "qc/btctu-bdvtu" whole, so "qd" or
    "137 qd tw" would not match: it is given the words of ``tokens`` instead.
    """
    texts = (entry.folded_title, entry.folded_text, entry.marked_title, entry.marked_text)
    return [" ".join(tokens(text)) for text in texts]


def write_postgres_vectors(entries: list[SearchEntry], batch_size: int = 200) -> None:
    """Write the vectors of many entries with one UPDATE per batch (not one per entry)."""
    row = f"(%s, {VECTOR_SQL}, {VECTOR_SQL}, to_tsvector('simple', %s))"
    with connection.cursor() as cursor:
        for start in range(0, len(entries), batch_size):
            batch = entries[start : start + batch_size]
            params = []
            for entry in batch:
                folded_title, folded_text, marked_title, marked_text = _vector_words(entry)
                params += [
                    entry.pk,
                    folded_title,
                    folded_text,
                    marked_title,
                    marked_text,
                    folded_title,
                ]
            cursor.execute(
                "UPDATE search_searchentry AS e SET folded_vector = v.folded, "
                "marked_vector = v.marked, title_vector = v.title FROM (VALUES "
                + ", ".join([row] * len(batch))
                + ") AS v (id, folded, marked, title) WHERE e.id = v.id",
                params,
            )


def remember_terms(entries: list[SearchEntry]) -> None:
    """Add the words of ``entries`` to the vocabulary of corrections, from the entries every
    member sees only: a word of a secret or unpublished document must neither be offered as
    a correction nor make correcting a neighbour slower (``service.corrections``)."""
    words = set()
    for entry in entries:
        if entry.seen_by_every_member:
            words.update(
                word
                for word in tokens(f"{entry.folded_title} {entry.folded_text}")
                if MIN_TERM_LENGTH <= len(word) <= 60 and word.isalpha()
            )
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=word, length=len(word)) for word in words],
        ignore_conflicts=True,
        batch_size=1000,
    )


def index_page(page) -> SearchEntry | None:
    """Write (or remove) the index entry of one page."""
    built = entry_for(page)
    if built is None:
        return None
    values, allowed = built
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(page_id=page.pk, defaults=values)
        entry.allowed_groups.set(allowed or [])
        _write_fulltext(entry)
        remember_terms([entry])
    _mirror("sync_entry", entry.pk)
    return entry


def unindex_page(page_id: int) -> None:
    with transaction.atomic():
        if connection.vendor == "sqlite":
            ids = list(SearchEntry.objects.filter(page_id=page_id).values_list("pk", flat=True))
            with connection.cursor() as cursor:
                fts.delete(cursor, ids)
        SearchEntry.objects.filter(page_id=page_id).delete()
    _mirror("delete_page", page_id)  # by page id: also when the entry went with its page


def reset_index() -> None:
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                fts.clear(cursor)
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()  # words of deleted or now secret pages go too
    _mirror("reset")


class VietnameseIndex(BaseIndex):
    def get_key(self):
        return "vietnamese"

    def reset(self):
        reset_index()

    def add_items(self, model, items):
        for item in items:
            specific = getattr(item, "specific", item)
            index_page(specific)

    def delete_item(self, item):
        unindex_page(item.pk)


class VietnameseSearchBackend(BaseSearchBackend):
    index_class = VietnameseIndex

    def get_index_for_model(self, model):
        from wagtail.models import Page

        return self.index_class(self) if issubclass(model, Page) else BaseIndex(self)


SearchBackend = VietnameseSearchBackend

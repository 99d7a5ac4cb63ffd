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

from .bulk import index_pages
from .entries import entry_for
from .fulltext import MIN_TERM_LENGTH, write_postgres_vectors
from .models import SearchEntry, SearchTerm

__all__ = ["index_page", "reset_index", "unindex_page", "write_postgres_vectors"]

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


def _write_fulltext(entry: SearchEntry) -> None:
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, folded_title, folded_text, marked_title, "
                "marked_text) VALUES (%s, %s, %s, %s, %s)",
                [
                    entry.pk,
                    entry.folded_title,
                    entry.folded_text,
                    entry.marked_title,
                    entry.marked_text,
                ],
            )
    elif vendor == "postgresql":
        write_postgres_vectors([entry])


def _remember_terms(entry: SearchEntry) -> None:
    words = {
        word
        for word in tokens(f"{entry.folded_title} {entry.folded_text}")
        if MIN_TERM_LENGTH <= len(word) <= 60 and word.isalpha()
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=word, length=len(word)) for word in words], ignore_conflicts=True
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
        _remember_terms(entry)
    _mirror("sync_entry", entry.pk)
    return entry


def unindex_page(page_id: int) -> None:
    with transaction.atomic():
        if connection.vendor == "sqlite":
            ids = list(SearchEntry.objects.filter(page_id=page_id).values_list("pk", flat=True))
            with connection.cursor() as cursor:
                for pk in ids:
                    cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])
        SearchEntry.objects.filter(page_id=page_id).delete()
    _mirror("delete_page", page_id)  # by page id: also when the entry went with its page


def reset_index() -> None:
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
        SearchEntry.objects.all().delete()
    _mirror("reset")


class VietnameseIndex(BaseIndex):
    def get_key(self):
        return "vietnamese"

    def reset(self):
        reset_index()

    def add_items(self, model, items):
        """Several pages (``update_index``, a bulk import) in one batch: the same entries
        as ``index_page`` writes, with a handful of queries for the batch."""
        items = [getattr(item, "specific", item) for item in items]
        if len(items) == 1:
            index_page(items[0])
        else:
            index_pages(items)

    def delete_item(self, item):
        unindex_page(item.pk)


class VietnameseSearchBackend(BaseSearchBackend):
    index_class = VietnameseIndex

    def get_index_for_model(self, model):
        from wagtail.models import Page

        return self.index_class(self) if issubclass(model, Page) else BaseIndex(self)


SearchBackend = VietnameseSearchBackend

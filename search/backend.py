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

from . import fts
from .bulk import index_pages
from .entries import entry_for
from .fulltext import remember_terms, write_postgres_vectors
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
            fts.delete(cursor, [entry.pk])
            fts.insert(cursor, [entry])
    elif vendor == "postgresql":
        write_postgres_vectors([entry])


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

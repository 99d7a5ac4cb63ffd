"""Index many pages at once (rebuilds, benchmarks): the same entries as ``backend.index_page``
with a handful of queries per batch instead of several per page."""

from collections.abc import Iterable

from django.db import connection, transaction
from wagtail.models import Page, Site

from core.visibility import allowed_for_path, every_restriction_rule

from . import fts
from .entries import entry_for
from .fulltext import mirror_bulk, remember_terms, write_postgres_vectors
from .models import SearchEntry


def _fulltext_bulk(entries: list[SearchEntry]) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            fts.insert(cursor, entries)
    elif connection.vendor == "postgresql":
        write_postgres_vectors(entries)


def _unindex_bulk(page_ids: list[int]) -> None:
    stale = SearchEntry.objects.filter(page_id__in=page_ids)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            fts.delete(cursor, list(stale.values_list("pk", flat=True)))
    SearchEntry.allowed_groups.through.objects.filter(searchentry__in=stale).delete()
    stale.delete()


def index_pages(pages: Iterable[Page], restrictions=None) -> int:
    """Index ``pages`` (specific instances, ideally with prefetched relations) in one batch."""
    restrictions = every_restriction_rule() if restrictions is None else restrictions
    root_paths = Site.get_site_root_paths()
    built = []
    for page in pages:
        # Where Wagtail keeps the sites' root paths for ``get_url`` (the page itself, when no
        # request is given): read once for the batch, not from the cache for every page.
        page._wagtail_cached_site_root_paths = root_paths
        result = entry_for(page, allowed=allowed_for_path(page.path, restrictions))
        if result is not None:
            built.append((page.pk, *result))
    if not built:
        return 0
    with transaction.atomic():
        _unindex_bulk([page_id for page_id, _v, _a in built])
        entries = SearchEntry.objects.bulk_create(
            [SearchEntry(page_id=page_id, **values) for page_id, values, _a in built]
        )
        through = SearchEntry.allowed_groups.through
        through.objects.bulk_create(
            [
                through(searchentry_id=entry.pk, group_id=group_id)
                for entry, (_p, _v, allowed) in zip(entries, built, strict=True)
                for group_id in allowed or []
            ]
        )
        _fulltext_bulk(entries)
        remember_terms(entries)
        mirror_bulk([entry.pk for entry in entries])
    return len(entries)

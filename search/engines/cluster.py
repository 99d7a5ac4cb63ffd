"""The Vietnamese index in Elasticsearch: a second copy of ``SearchEntry`` for full text.

Used when ``settings.ELASTICSEARCH_URL`` is set (``search.engines.engine()`` then returns
``ElasticsearchEngine``). ``SearchEntry`` stays the source of truth: numbers, facets, counts and
the final visibility check are still answered by the database; Elasticsearch answers "which
entries match these words" and "in what order".

Matching follows the SQL engines exactly. Text is folded and normalised in Python
(``core.vietnamese``), and both strings are indexed, split into the same tokens the SQL
engines see (``[^\\W_]+`` runs, joined by spaces), so the standard tokenizer cannot read
"1.000" or "a_b" differently from FTS5:

* ``title.folded`` / ``text.folded`` (analyser ``vi_folded``): every query word must match here,
  a word or any of its corrections (no ``fuzziness``: corrections come from the service);
* ``title.marked`` / ``text.marked`` (analyser ``vi_marked``, marks kept): a query typed with
  marks adds ``MARKED_BONUS`` when all its words match as typed;
* all words in the title add ``TITLE_BONUS``; the title weighs ``TITLE_WEIGHT`` in relevance;
* ``title.autocomplete`` (edge n-grams) answers the prefix of the last word in the search box.

User input only ever reaches ``match``, ``match_phrase``, ``prefix`` and ``term`` queries, never
``query_string``, so quotes, ``*``, brackets, ``NEAR`` or ``field:`` are plain text.

The visibility rule is inside the query (``live`` and ``restricted``/``allowed_groups``), so
totals and aggregations never count what the user may not see; pages of ids are checked
against the database once more before they are shown.

Entries every member sees (live, unrestricted) and the others live in two indexes, the name
and the name with ``_private`` (``pair``), searched together: Lucene's BM25 statistics are
each index's own, so a secret document sharing a rare word with public ones does not change
their order for anyone (the same reason as SQLite's two tables, ``search.fts``).
"""

import contextlib
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q, QuerySet

from ..facets import FacetCounts
from .base import Engine, Scope, TextQuery
from .cluster_body import (
    MAX_WINDOW,
    document_for,
    facet_counts,
    index_body,
    search_body,
)
from .cluster_client import (
    bad_request_errors,
    client,
    cluster_kind,
    configured,
    errors,
    index_name,
    not_found_errors,
    pair,
    searched,
)
from .database import sql_engine

__all__ = ["client", "cluster_kind", "configured", "errors", "index_name", "pair", "searched"]

logger = logging.getLogger(__name__)


def ensure_index(es=None, index: str | None = None) -> bool:
    """Create the pair of indexes with their mapping when missing; True when one was."""
    es = es or client()
    created = False
    for name in pair(index or index_name()):
        if es.indices.exists(index=name):
            continue
        try:
            es.indices.create(index=name, **index_body())
            created = True
        except bad_request_errors() as error:
            if error.error != "resource_already_exists_exception":
                raise
    return created


BUILDING_KEY = "intranet:search:cluster-index-being-built"


def _targets(index: str | None) -> list[str]:
    """Where a write goes: the index given, else the alias and, while ``rebuild``
    (``cluster_rebuild``) fills a new index, that index too, so that no write made during
    a rebuild is lost when the alias moves to it."""
    if index is not None:
        return [index]
    building = cache.get(BUILDING_KEY)
    return [index_name(), building] if building else [index_name()]


def index_entry(entry, allowed_group_ids=None, *, es=None, index=None, refresh=False) -> None:
    es = es or client()
    document = document_for(entry, allowed_group_ids)
    for target in _targets(index):
        ensure_index(es, target)
        public, private = pair(target)
        home, other = (public, private) if entry.seen_by_every_member else (private, public)
        es.index(index=home, id=str(entry.pk), document=document, refresh=refresh)
        _delete_if_present(es, other, entry.pk, refresh)  # it may have been in the other one


def _delete_if_present(es, index: str, pk: int, refresh: bool) -> None:
    """Remove a document that is usually not there: no error, and for OpenSearch no warning
    logged for the 404 (one per write otherwise, in the index of the other kind)."""
    from .opensearch import OpenSearchClient

    params = {"ignore": 404} if isinstance(es, OpenSearchClient) else {}
    with contextlib.suppress(*not_found_errors()):
        es.delete(index=index, id=str(pk), refresh=refresh, **params)


def delete_entry(pk: int, *, es=None, index=None, refresh=False) -> None:
    es = es or client()
    for target in _targets(index):
        for name in pair(target):
            _delete_if_present(es, name, pk, refresh)


def delete_page(page_id: int, *, es=None, index=None, refresh=False) -> None:
    """Remove the entry of page ``page_id``, even one deleted with its page by a cascade.

    A delete by query only sees what a refresh has made searchable: the index is refreshed
    first, so that an entry written a moment ago (published, then deleted at once) goes too.
    """
    es = es or client()
    for target in _targets(index):
        with contextlib.suppress(*not_found_errors()):
            es.indices.refresh(index=searched(target))
            es.delete_by_query(
                index=searched(target),
                query={"term": {"page_id": page_id}},
                conflicts="proceed",
                refresh=refresh,
            )


def reset(*, es=None, index=None) -> None:
    """Drop the pair of indexes and create it again, empty, with the current mapping."""
    es = es or client()
    index = index or index_name()
    drop(es=es, index=index)
    ensure_index(es, index)


def drop(*, es=None, index=None) -> None:
    """Delete the pair of indexes (a throw-away index of a test or a benchmark)."""
    es = es or client()
    es.indices.delete(index=searched(index or index_name()), ignore_unavailable=True)


def bulk_index(entries: Iterable, *, es=None, index=None, refresh=False) -> int:
    """Index many entries in bulk requests (a rebuild); returns how many were sent."""
    es = es or client()
    index = index or index_name()
    ensure_index(es, index)
    if isinstance(entries, QuerySet):
        entries = entries.prefetch_related("allowed_groups")

    public, private = pair(index)

    def actions():
        for entry in entries:
            groups = [group.pk for group in entry.allowed_groups.all()]
            home = public if entry.seen_by_every_member else private
            yield {"_index": home, "_id": str(entry.pk), "_source": document_for(entry, groups)}

    from .opensearch import OpenSearchClient

    if isinstance(es, OpenSearchClient):
        sent, _errors = es.bulk(actions(), refresh=refresh)
    else:
        from elasticsearch.helpers import bulk

        sent, _errors = bulk(es, actions(), refresh=refresh)
    return sent


def sync_entry(pk: int) -> None:
    """Write the committed state of entry ``pk`` (or its absence) to the index."""
    from ..models import SearchEntry

    entry = SearchEntry.objects.filter(pk=pk).first()
    if entry is None:
        delete_entry(pk)
    else:
        index_entry(entry)


# --- the engine --------------------------------------------------------------------------


def _still_visible(entries: QuerySet, ids: list[int]) -> list[int]:
    """``ids`` (the cluster's order) that are among ``entries``: the database's last word."""
    kept = set(entries.filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in kept]


class ElasticsearchEngine(Engine):
    """Same interface as the SQL engines; answers from Elasticsearch, checked by the database.

    When Elasticsearch cannot be reached (or the index is missing) the error is logged and
    the SQL engine of the database answers instead: its full-text data is always kept.
    """

    def __init__(self, es=None, index: str | None = None, fallback=None):
        self._es = es
        self._index = index
        self._fallback = fallback

    @property
    def es(self):
        return self._es or client()

    @property
    def index(self) -> str:
        return self._index or index_name()

    @property
    def fallback(self):
        return self._fallback or sql_engine()

    def index_scans(self):
        return sql_engine().index_scans()  # the database still filters, counts and pages

    def search_ids(self, body: dict) -> tuple[list[int], int]:
        response = self.es.search(index=searched(self.index), body=body)
        hits = response["hits"]
        return [int(hit["_id"]) for hit in hits["hits"]], hits["total"]["value"]

    def _all_ids(self, query: TextQuery, scope: Scope | None) -> list[int]:
        scope = scope or Scope()
        body = search_body(
            query,
            scope.allowed_groups,
            scope.filters,
            size=MAX_WINDOW,
            exclude_ids=scope.exclude_ids,
        )
        # The set of matches, not their order: no sorting, no scores to compute for it.
        body["sort"] = ["_doc"]
        ids, total = self.search_ids(body)
        if total > len(ids):
            logger.warning("Elasticsearch: %s matches, only the first %s are used", total, len(ids))
        return ids

    def condition(self, query: TextQuery, *, scope: Scope | None = None) -> Q:
        """The match as a condition on entries: the ids Elasticsearch found."""
        if query.empty:
            return Q(pk__in=[])
        try:
            ids = self._all_ids(query, scope)
        except errors() as error:
            logger.warning("Elasticsearch unavailable, searching the database: %s", error)
            return self.fallback.condition(query)
        return Q(pk__in=ids)

    def any_match(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        """Whether any visible entry matches, asked of the cluster without reading ids (the
        typo correction asks this for every word): no hits, stop at the first match."""
        if scope is None:
            return super().any_match(entries, query, scope=scope)
        if query.empty or entries.query.is_empty():
            return False
        body = search_body(query, scope.allowed_groups, scope.filters, size=0)
        body["terminate_after"] = 1
        body["track_total_hits"] = 1
        try:
            _ids, total = self.search_ids(body)
        except errors() as error:
            logger.warning("Elasticsearch unavailable, searching the database: %s", error)
            return self.fallback.any_match(entries, query)
        return total > 0

    def counts(
        self, entries: QuerySet, query: TextQuery, names: tuple[str, ...], *, scope: Scope
    ) -> FacetCounts:
        """The count and the facets from one request with aggregations: no ids leave the
        cluster (handing thousands of them to the database cost more than the search)."""
        if entries.query.is_empty():
            return FacetCounts(values={name: {} for name in names})
        if query.empty:  # a number alone: its few hits are counted where they were found
            return super().counts(entries, query, names, scope=scope)
        body = search_body(
            query,
            scope.allowed_groups,
            scope.filters,
            size=0,
            aggregations=names,
            include_ids=scope.include_ids,
        )
        try:
            response = self.es.search(index=searched(self.index), body=body)
        except errors() as error:
            logger.warning("Elasticsearch unavailable, counting in the database: %s", error)
            return self.fallback.counts(entries, query, names, scope=scope)
        values = {name: {} for name in names}
        for name, buckets in facet_counts(response).items():
            values[name] = dict(buckets)
        total = response["hits"]["total"]["value"]
        return FacetCounts(total=total, values=values)

    def dated_ids(
        self, entries: QuerySet, query: TextQuery, limit: int, offset: int, *, scope: Scope
    ) -> list[int]:
        """One page, newest first, paged by the cluster and checked by the database."""
        if limit <= 0 or entries.query.is_empty():
            return []
        if query.empty:
            return super().dated_ids(entries, query, limit, offset, scope=scope)
        body = search_body(
            query,
            scope.allowed_groups,
            scope.filters,
            by_date=True,
            size=limit,
            from_=offset,
            include_ids=scope.include_ids,
        )
        try:
            ids, _total = self.search_ids(body)
        except errors() as error:
            logger.warning("Elasticsearch unavailable, ordering in the database: %s", error)
            return self.fallback.dated_ids(entries, query, limit, offset, scope=scope)
        return _still_visible(entries, ids)

    def filter(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        if query.empty or entries.query.is_empty():
            return entries.none()
        return entries.filter(self.condition(query, scope=scope))

    def ranked_ids(
        self,
        entries: QuerySet,
        query: TextQuery,
        by_date: bool,
        limit: int,
        offset: int,
        *,
        scope: Scope | None = None,
    ) -> list[int]:
        """One page of ids of ``entries`` matching ``query``, best (or newest) first.

        With ``scope`` (the user's groups, facet filters, ids to leave out: how ``entries``
        was narrowed) Elasticsearch pages by itself; without it, the first ``MAX_WINDOW``
        matches are narrowed to ``entries`` here. Either way, every id returned is in
        ``entries``: the database has the last word on visibility.
        """
        if query.empty or limit <= 0 or entries.query.is_empty():
            return []
        try:
            if scope is not None:
                body = search_body(
                    query,
                    scope.allowed_groups,
                    scope.filters,
                    by_date=by_date,
                    size=limit,
                    from_=offset,
                    exclude_ids=scope.exclude_ids,
                )
                ids, _total = self.search_ids(body)
            else:
                body = search_body(query, None, None, by_date=by_date, size=MAX_WINDOW)
                ids, _total = self.search_ids(body)
        except errors() as error:
            logger.warning("Elasticsearch unavailable, ranking in the database: %s", error)
            return self.fallback.ranked_ids(entries, query, by_date, limit, offset)
        ranked = _still_visible(entries, ids)
        return ranked if scope is not None else ranked[offset : offset + limit]

"""The Vietnamese index in Elasticsearch: a second copy of ``SearchEntry`` for full text.

Used when ``settings.ELASTICSEARCH_URL`` is set (``engines.engine()`` then returns
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
"""

import contextlib
import logging
import os
import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import Q, QuerySet

from .engines import MARKED_BONUS, TITLE_BONUS, TITLE_WEIGHT, Scope, TextQuery, sql_engine
from .facets import COLUMNS

logger = logging.getLogger(__name__)

MAX_WINDOW = 10_000  # ES index.max_result_window: the most ids one query returns
EDGE_NGRAM_MAX = 20
FACET_SIZE = 200
TIMEOUT = 10
# service facet name -> index field: the index uses the database's column names
FACET_FIELDS = COLUMNS
FOLDED_FIELDS = (f"title.folded^{TITLE_WEIGHT:g}", "text.folded")
MARKED_FIELDS = ("title.marked", "text.marked")
TITLE_FIELDS = ("title.folded",)
_TOKEN = re.compile(r"[^\W_]+")  # the same tokens as ``core.vietnamese.tokens``

D_MAPPINGS = ["đ => d", "Đ => D", "ð => d", "Ð => D", "ɖ => d", "Ɖ => D"]
ANALYSIS = {
    "char_filter": {"vi_d": {"type": "mapping", "mappings": D_MAPPINGS}},
    "filter": {"vi_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": EDGE_NGRAM_MAX}},
    "analyzer": {
        "vi_folded": {
            "type": "custom",
            "char_filter": ["vi_d"],
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
        "vi_marked": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        "vi_autocomplete": {
            "type": "custom",
            "char_filter": ["vi_d"],
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "vi_edge"],
        },
    },
}


def _keyword() -> dict:
    return {"type": "keyword"}


def index_body() -> dict:
    """Settings and mappings of the index (``indices.create(index=..., **index_body())``)."""
    # ``title`` and ``text`` hold two strings each (our folded and our marked text), so they
    # are objects with two text fields rather than one text field with multi-fields, which
    # can only analyse a single value. Query paths are the same: ``title.folded`` etc.
    folded = {"type": "text", "analyzer": "vi_folded"}
    marked = {"type": "text", "analyzer": "vi_marked"}
    return {
        "settings": {"analysis": ANALYSIS, "index": {"max_result_window": MAX_WINDOW}},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "long"},
                "page_id": {"type": "long"},
                "title": {
                    "properties": {
                        "folded": {**folded, "copy_to": "title.autocomplete"},
                        "marked": marked,
                        "autocomplete": {
                            "type": "text",
                            "analyzer": "vi_autocomplete",
                            "search_analyzer": "vi_folded",
                        },
                    }
                },
                "text": {
                    "properties": {
                        "folded": {**folded, "index_prefixes": {"min_chars": 1, "max_chars": 5}},
                        "marked": marked,
                    }
                },
                "number": _keyword(),
                "number_key_folded": _keyword(),
                "number_digits": _keyword(),
                "section": _keyword(),
                "doc_type": _keyword(),
                "issuers": _keyword(),
                "field": _keyword(),
                "year": {"type": "short"},
                "validity": _keyword(),
                "date": {"type": "date", "format": "strict_date"},
                "live": {"type": "boolean"},
                "restricted": {"type": "boolean"},
                "allowed_groups": {"type": "integer"},
            },
        },
    }


def _token_text(text: str) -> str:
    return " ".join(_TOKEN.findall(text or ""))


def document_for(entry, allowed_group_ids: Iterable[int] | None = None) -> dict:
    """The Elasticsearch source of ``entry``; its allowed groups are read when not given."""
    if allowed_group_ids is None:
        allowed_group_ids = entry.allowed_groups.values_list("pk", flat=True)
    return {
        "id": entry.pk,
        "page_id": entry.page_id,
        "title": {
            "folded": _token_text(entry.folded_title),
            "marked": _token_text(entry.marked_title),
        },
        "text": {
            "folded": _token_text(entry.folded_text),
            "marked": _token_text(entry.marked_text),
        },
        "number": entry.number or None,
        "number_key_folded": entry.number_key_folded or None,
        "number_digits": entry.number_digits or None,
        "section": entry.section or None,
        "doc_type": entry.doc_type or None,
        "issuers": entry.issuers.split(),
        "field": entry.field or None,
        "year": entry.year,
        "validity": entry.validity or None,
        "date": entry.date.isoformat() if entry.date else None,
        "live": bool(entry.live),
        "restricted": bool(entry.restricted),
        "allowed_groups": sorted(set(allowed_group_ids)) if entry.restricted else [],
    }


# --- query bodies (pure functions) -------------------------------------------------------


def _any_of(clauses: list[dict]) -> dict:
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _word(word: str, fields: tuple[str, ...], prefix: bool) -> dict:
    if not prefix:
        return {
            "multi_match": {
                "query": word,
                "fields": list(fields),
                "type": "most_fields",
                "operator": "and",
            }
        }
    clauses = []
    for field in fields:
        name, _sep, boost = field.partition("^")
        if name == "title.folded":
            clauses.append(
                {
                    "match": {
                        "title.autocomplete": {
                            "query": word,
                            "operator": "and",
                            "boost": float(boost or 1),
                        }
                    }
                }
            )
            if len(word) <= EDGE_NGRAM_MAX:
                continue
        clauses.append({"prefix": {name: {"value": word}}})
    return _any_of(clauses)


def _phrase(words: tuple[str, ...], fields: tuple[str, ...]) -> dict:
    clauses = []
    for field in fields:
        name, _sep, boost = field.partition("^")
        phrase = {"query": " ".join(words)}
        if boost:
            phrase["boost"] = float(boost)
        clauses.append({"match_phrase": {name: phrase}})
    return _any_of(clauses)


def text_clauses(
    groups: tuple[tuple[str, ...], ...],
    phrases: tuple[tuple[str, ...], ...],
    prefix_last: bool,
    fields: tuple[str, ...],
) -> list[dict]:
    """One clause per term group (a word or its corrections) and per phrase."""
    clauses = []
    for position, group in enumerate(groups):
        prefix = prefix_last and position == len(groups) - 1
        clauses.append(_any_of([_word(word, fields, prefix) for word in group]))
    clauses.extend(_phrase(phrase, fields) for phrase in phrases if phrase)
    return clauses


def _combined(clauses: list[dict], match_all: bool) -> dict:
    if not clauses:
        return {"match_none": {}}
    if match_all:
        return {"bool": {"must": clauses}}
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def permission_filter(allowed_group_ids: Iterable[int] | None) -> dict | None:
    """Pages the user may see: public ones and those of their groups; ``None``: a superuser."""
    if allowed_group_ids is None:
        return None
    groups = sorted(set(allowed_group_ids))
    public = {"term": {"restricted": False}}
    if not groups:
        return public
    return {
        "bool": {
            "should": [public, {"terms": {"allowed_groups": groups}}],
            "minimum_should_match": 1,
        }
    }


def facet_filter(name: str, value) -> dict | None:
    field = FACET_FIELDS.get(name)
    if field is None or value in (None, ""):
        return None
    value = str(value)
    if field == "year":
        if not value.isdecimal() or len(value) > 4:  # no such year (nor a 400 from ES)
            return {"match_none": {}}
        return {"term": {"year": int(value)}}
    return {"term": {field: value}}


def facet_filters(filters: Mapping[str, str] | None, skip: str = "") -> list[dict]:
    clauses = []
    for name, value in (filters or {}).items():
        clause = facet_filter(name, value) if name != skip else None
        if clause is not None:
            clauses.append(clause)
    return clauses


def facet_aggregations(filters: Mapping[str, str] | None = None) -> dict:
    """One terms aggregation per facet, each under every facet filter except its own.

    With ``post_filter`` holding the facet filters, this counts like ``service._facets``:
    choosing a value of one facet still shows the other values of that facet.
    """
    aggregations = {}
    for name, field in FACET_FIELDS.items():
        terms = {"field": field, "size": FACET_SIZE}
        if field == "year":
            terms["order"] = {"_key": "desc"}
        others = facet_filters(filters, skip=name)
        aggregations[name] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggregations": {"values": {"terms": terms}},
        }
    return aggregations


def facet_counts(response: Mapping) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` from a response to a body with aggregations."""
    facets = {}
    for name, aggregation in (response.get("aggregations") or {}).items():
        buckets = aggregation.get("values", {}).get("buckets", [])
        facets[name] = [(str(bucket["key"]), bucket["doc_count"]) for bucket in buckets]
    return facets


def _sort(by_date: bool) -> list[dict]:
    if by_date:
        return [{"date": {"order": "desc", "missing": "_last"}}, {"id": {"order": "desc"}}]
    return [{"_score": {"order": "desc"}}, {"id": {"order": "desc"}}]


def search_body(
    text_query: TextQuery,
    allowed_group_ids: Iterable[int] | None = None,
    filters: Mapping[str, str] | None = None,
    by_date: bool = False,
    size: int = 20,
    from_: int = 0,
    *,
    exclude_ids: Iterable[int] = (),
    aggregations: bool = False,
) -> dict:
    """The search request for one page of ids.

    ``allowed_group_ids``: the user's groups (``None``: a superuser, no group filter);
    ``filters``: the service's facet filters (``{"type": "QC", "year": "2024"}``).
    """
    q = text_query
    must = text_clauses(q.groups, q.phrases, q.prefix_last, FOLDED_FIELDS)
    query: dict = {"filter": [{"term": {"live": True}}]}
    if not must:
        query["must"] = [{"match_none": {}}]
    elif q.match_all:
        query["must"] = must
    else:
        query["must"] = [_combined(must, match_all=False)]
    permission = permission_filter(allowed_group_ids)
    if permission is not None:
        query["filter"].append(permission)
    facets = facet_filters(filters)
    if facets and not aggregations:
        query["filter"].extend(facets)
    excluded = sorted(set(exclude_ids))
    if excluded:
        query["must_not"] = [{"ids": {"values": [str(pk) for pk in excluded]}}]
    if not by_date and must:
        title = text_clauses(q.groups, q.phrases, q.prefix_last, TITLE_FIELDS)
        should = [
            {
                "constant_score": {
                    "filter": _combined(title, q.match_all),
                    "boost": TITLE_BONUS,
                }
            }
        ]
        if q.marked_groups:
            marked = text_clauses(q.marked_groups, (), q.prefix_last, MARKED_FIELDS)
            should.append(
                {
                    "constant_score": {
                        "filter": _combined(marked, q.match_all),
                        "boost": MARKED_BONUS,
                    }
                }
            )
        query["should"] = should
    from_ = max(0, min(from_, MAX_WINDOW))
    size = max(0, min(size, MAX_WINDOW - from_))
    body = {
        "query": {"bool": query},
        "sort": _sort(by_date),
        "from": from_,
        "size": size,
        "_source": False,
        "track_total_hits": True,
    }
    if aggregations:
        body["aggregations"] = facet_aggregations(filters)
        if facets:
            body["post_filter"] = {"bool": {"filter": facets}}
    return body


# --- connection and index management -----------------------------------------------------


def configured() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def index_name() -> str:
    """``<ELASTICSEARCH_INDEX>__vietnamese``: beside Wagtail's ``<prefix>__<app>_<model>``."""
    prefix = (
        getattr(settings, "ELASTICSEARCH_INDEX", "")
        or os.environ.get("ELASTICSEARCH_INDEX", "")
        or "intranet"
    )
    return f"{prefix.lower()}__vietnamese"


_clients: dict[str, object] = {}


def cluster_kind() -> str:
    """``"opensearch"`` when ``SEARCH_CLUSTER`` says so, else ``"elasticsearch"``."""
    kind = getattr(settings, "SEARCH_CLUSTER", "") or "elasticsearch"
    return "opensearch" if kind.lower() == "opensearch" else "elasticsearch"


def client():
    url = settings.ELASTICSEARCH_URL
    key = f"{cluster_kind()}:{url}"
    if key not in _clients:
        if cluster_kind() == "opensearch":
            from .opensearch import connect

            _clients[key] = connect(url, TIMEOUT)
        else:
            from elasticsearch import Elasticsearch

            _clients[key] = Elasticsearch(url, request_timeout=TIMEOUT, max_retries=1)
    return _clients[key]


def errors() -> tuple[type[Exception], ...]:
    """What talking to the cluster may raise: HTTP errors and transport/connection errors."""
    from elasticsearch import ApiError, TransportError

    from .opensearch import exceptions

    return (ApiError, TransportError, *exceptions()["all"])


def _bad_request() -> tuple[type[Exception], ...]:
    from elasticsearch import BadRequestError

    from .opensearch import exceptions

    return (BadRequestError, *exceptions()["bad_request"])


def _not_found() -> tuple[type[Exception], ...]:
    from elasticsearch import NotFoundError

    from .opensearch import exceptions

    return (NotFoundError, *exceptions()["not_found"])


def ensure_index(es=None, index: str | None = None) -> bool:
    """Create the index with its mapping when missing; True when it was created."""
    es = es or client()
    index = index or index_name()
    if es.indices.exists(index=index):
        return False
    try:
        es.indices.create(index=index, **index_body())
    except _bad_request() as error:
        if error.error == "resource_already_exists_exception":
            return False
        raise
    return True


def index_entry(entry, allowed_group_ids=None, *, es=None, index=None, refresh=False) -> None:
    es = es or client()
    index = index or index_name()
    ensure_index(es, index)
    es.index(
        index=index,
        id=str(entry.pk),
        document=document_for(entry, allowed_group_ids),
        refresh=refresh,
    )


def delete_entry(pk: int, *, es=None, index=None, refresh=False) -> None:
    es = es or client()
    with contextlib.suppress(*_not_found()):
        es.delete(index=index or index_name(), id=str(pk), refresh=refresh)


def delete_page(page_id: int, *, es=None, index=None, refresh=False) -> None:
    """Remove the entry of page ``page_id``, even one deleted with its page by a cascade."""
    es = es or client()
    with contextlib.suppress(*_not_found()):
        es.delete_by_query(
            index=index or index_name(),
            query={"term": {"page_id": page_id}},
            conflicts="proceed",
            refresh=refresh,
        )


def reset(*, es=None, index=None) -> None:
    """Drop the index and create it again, empty, with the current mapping."""
    es = es or client()
    index = index or index_name()
    es.indices.delete(index=index, ignore_unavailable=True)
    ensure_index(es, index)


def bulk_index(entries: Iterable, *, es=None, index=None, refresh=False) -> int:
    """Index many entries in bulk requests (a rebuild); returns how many were sent."""
    es = es or client()
    index = index or index_name()
    ensure_index(es, index)
    if isinstance(entries, QuerySet):
        entries = entries.prefetch_related("allowed_groups")

    def actions():
        for entry in entries:
            groups = [group.pk for group in entry.allowed_groups.all()]
            yield {"_index": index, "_id": str(entry.pk), "_source": document_for(entry, groups)}

    from .opensearch import OpenSearchClient

    if isinstance(es, OpenSearchClient):
        sent, _errors = es.bulk(actions(), refresh=refresh)
    else:
        from elasticsearch.helpers import bulk

        sent, _errors = bulk(es, actions(), refresh=refresh)
    return sent


def sync_entry(pk: int) -> None:
    """Write the committed state of entry ``pk`` (or its absence) to the index."""
    from .models import SearchEntry

    entry = SearchEntry.objects.filter(pk=pk).first()
    if entry is None:
        delete_entry(pk)
    else:
        index_entry(entry)


# --- the engine --------------------------------------------------------------------------


class ElasticsearchEngine:
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
        response = self.es.search(index=self.index, body=body)
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

    def filter(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        if query.empty or entries.query.is_empty():
            return entries.none()
        return entries.filter(self.condition(query, scope=scope))

    def any_match(self, entries: QuerySet, query: TextQuery, *, scope: Scope | None = None):
        return self.filter(entries, query, scope=scope).exists()

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
        kept = set(entries.filter(pk__in=ids).values_list("pk", flat=True))
        ranked = [pk for pk in ids if pk in kept]
        return ranked if scope is not None else ranked[offset : offset + limit]

"""The bodies sent to the search cluster: the index (analysers, mapping), the documents and
the queries, as plain dicts (no client, no I/O), so that they can be read and tested alone.
See ``search.engines.cluster`` for how they are used."""

import re
from collections.abc import Iterable, Mapping

from regulations.filters import as_year

from ..facets import COLUMNS
from .base import MARKED_BONUS, TITLE_BONUS, TITLE_WEIGHT, TextQuery

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
        year = as_year(value)  # the filter form's rule, as the database engines read it
        if year is None:  # no such year (nor a 400 from ES)
            return {"match_none": {}}
        return {"term": {"year": year}}
    return {"term": {field: value}}


def facet_filters(filters: Mapping[str, str] | None, skip: str = "") -> list[dict]:
    clauses = []
    for name, value in (filters or {}).items():
        clause = facet_filter(name, value) if name != skip else None
        if clause is not None:
            clauses.append(clause)
    return clauses


def facet_aggregations(
    filters: Mapping[str, str] | None = None, names: Iterable[str] | None = None
) -> dict:
    """One terms aggregation per facet (of ``names``, default all), each under every facet
    filter except its own.

    With ``post_filter`` holding the facet filters, this counts like ``search.facets``:
    choosing a value of one facet still shows the other values of that facet.
    """
    aggregations = {}
    wanted = set(FACET_FIELDS if names is None else names)
    for name, field in FACET_FIELDS.items():
        if name not in wanted:
            continue
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
    aggregations: bool | Iterable[str] = False,
    include_ids: Iterable[int] = (),
) -> dict:
    """The search request for one page of ids.

    ``allowed_group_ids``: the user's groups (``None``: a superuser, no group filter);
    ``filters``: the service's facet filters (``{"type": "QC", "year": "2024"}``);
    ``aggregations``: count the facets too (all, or the names given), each under the other
    filters; ``include_ids``: entries that match whatever the text (the number hits).
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
    included = sorted(set(include_ids))
    if included:
        text = query["must"][0] if len(query["must"]) == 1 else {"bool": {"must": query["must"]}}
        ids = {"ids": {"values": [str(pk) for pk in included]}}
        query["must"] = [_combined([text, ids], match_all=False)]
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
        names = None if aggregations is True else tuple(aggregations)
        body["aggregations"] = facet_aggregations(filters, names)
        if facets:
            body["post_filter"] = {"bool": {"filter": facets}}
    return body


# --- connection and index management -----------------------------------------------------

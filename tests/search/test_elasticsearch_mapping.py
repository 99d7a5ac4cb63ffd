"""The Elasticsearch engine without a server: mapping, documents, query bodies, and the engine
and write path against a fake client (or an address where nothing listens).

The bodies are plain dicts built by pure functions, so what is sent to the cluster is checked
here; ``test_elasticsearch_integration.py`` runs the same queries on a real cluster.
"""

import json
import logging
import socket

import pytest
from elastic_transport import ApiResponseMeta, ConnectionError, HttpHeaders, NodeConfig
from elasticsearch import NotFoundError

from search.engines import (
    MARKED_BONUS,
    TITLE_BONUS,
    Scope,
    TextQuery,
    engine,
    sql_engine,
)
from search.engines import cluster as es
from search.engines import cluster_body as bodies
from search.models import SearchEntry
from search.query import parse_query

SECRET_NUMBER = "105-KL/TU"  # the demo's secret document (Ban Thường vụ Tỉnh ủy only)


def text_query(*words, phrases=(), marked=(), match_all=True, prefix_last=False) -> TextQuery:
    return TextQuery(
        groups=tuple(word if isinstance(word, tuple) else (word,) for word in words),
        phrases=tuple(tuple(phrase.split()) for phrase in phrases),
        match_all=match_all,
        prefix_last=prefix_last,
        marked_groups=tuple((word,) for word in marked),
    )


def walk(node):
    """Every (key, value) pair anywhere in a body."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def clauses(body, kind: str) -> list:
    return [value for key, value in walk(body) if key == kind]


def bool_query(body) -> dict:
    return body["query"]["bool"]


def bonus(body, boost: float) -> dict | None:
    for clause in bool_query(body).get("should", []):
        score = clause["constant_score"]
        if score["boost"] == boost:
            return score["filter"]
    return None


# --- the mapping ---------------------------------------------------------------------------


def test_vi_folded_folds_marks_and_d():
    analysis = bodies.index_body()["settings"]["analysis"]
    folded = analysis["analyzer"]["vi_folded"]
    assert folded["tokenizer"] == "standard"  # no ICU plugin needed
    assert folded["filter"] == ["lowercase", "asciifolding"]
    for name in folded["char_filter"]:
        char_filter = analysis["char_filter"][name]
        assert char_filter["type"] == "mapping"
        assert {"đ => d", "Đ => D"} <= set(char_filter["mappings"])


def test_vi_marked_keeps_marks():
    analysis = bodies.index_body()["settings"]["analysis"]
    marked = analysis["analyzer"]["vi_marked"]
    assert marked["tokenizer"] == "standard"
    assert marked["filter"] == ["lowercase"]
    assert "char_filter" not in marked


def test_autocomplete_analyser_makes_edge_ngrams_of_folded_words():
    analysis = bodies.index_body()["settings"]["analysis"]
    autocomplete = analysis["analyzer"]["vi_autocomplete"]
    assert autocomplete["filter"][:2] == ["lowercase", "asciifolding"]
    edge = analysis["filter"][autocomplete["filter"][-1]]
    assert edge["type"] == "edge_ngram" and edge["min_gram"] == 1
    assert edge["max_gram"] == bodies.EDGE_NGRAM_MAX


def test_fields_and_types():
    mappings = bodies.index_body()["mappings"]
    assert mappings["dynamic"] == "strict"
    props = mappings["properties"]
    for name in ("title", "text"):
        assert props[name]["properties"]["folded"]["analyzer"] == "vi_folded"
        assert props[name]["properties"]["marked"]["analyzer"] == "vi_marked"
    autocomplete = props["title"]["properties"]["autocomplete"]
    assert autocomplete["analyzer"] == "vi_autocomplete"
    assert autocomplete["search_analyzer"] == "vi_folded"
    assert props["title"]["properties"]["folded"]["copy_to"] == "title.autocomplete"
    types = {name: field.get("type") for name, field in props.items()}
    keyword = ("number", "number_key_folded", "number_digits", "section", "doc_type", "issuers")
    assert all(types[name] == "keyword" for name in (*keyword, "field", "validity"))
    assert types["live"] == types["restricted"] == "boolean"
    assert types["allowed_groups"] == "integer"
    assert types["date"] == "date" and types["year"] == "short" and types["id"] == "long"
    assert bodies.index_body()["settings"]["index"]["max_result_window"] == bodies.MAX_WINDOW


def test_index_name_uses_the_elasticsearch_index_prefix(settings):
    settings.ELASTICSEARCH_INDEX = "Intranet-Test"
    assert es.index_name() == "intranet-test__vietnamese"


# --- documents -----------------------------------------------------------------------------


def _fits(document: dict, properties: dict) -> bool:
    """Every field of ``document`` is in the (strict) mapping."""
    for key, value in document.items():
        if key not in properties:
            return False
        if isinstance(value, dict) and not _fits(value, properties[key]["properties"]):
            return False
    return True


@pytest.mark.django_db
def test_document_of_every_demo_entry_fits_the_mapping():
    properties = bodies.index_body()["mappings"]["properties"]
    entries = list(SearchEntry.objects.all())
    assert entries
    for entry in entries:
        document = bodies.document_for(entry)
        assert _fits(document, properties), entry
        json.dumps(document)  # serialisable as is


@pytest.mark.django_db
def test_document_holds_folded_and_marked_tokens_and_facets():
    entry = SearchEntry.objects.get(number="01-QC/TU")
    document = bodies.document_for(entry)
    assert document["id"] == entry.pk and document["page_id"] == entry.page_id
    assert document["title"]["folded"].startswith("quy che lam viec cua ban chap hanh dang bo")
    assert document["title"]["marked"].startswith("quy chế làm việc của ban chấp hành đảng bộ")
    assert document["title"]["folded"].endswith("01 qc tu")  # the number, tokenised like FTS5
    assert "đ" not in document["text"]["folded"] and "đ" in document["text"]["marked"]
    assert document["issuers"] == entry.issuers.split() == ["TU"]
    assert document["number_key_folded"] == entry.number_key_folded
    assert document["year"] == entry.year and document["date"] == entry.date.isoformat()
    assert document["live"] is True and document["restricted"] is False
    assert document["allowed_groups"] == []


@pytest.mark.django_db
def test_document_of_a_secret_entry_lists_its_groups():
    entry = SearchEntry.objects.get(number=SECRET_NUMBER)
    groups = sorted(entry.allowed_groups.values_list("pk", flat=True))
    assert groups
    document = bodies.document_for(entry)
    assert document["restricted"] is True and document["allowed_groups"] == groups
    assert bodies.document_for(entry, [7, 3, 3])["allowed_groups"] == [3, 7]


@pytest.mark.django_db
def test_empty_values_are_left_out_of_facets():
    entry = SearchEntry.objects.filter(section="news").first()
    document = bodies.document_for(entry)
    assert document["doc_type"] is None and document["number"] is None
    assert document["issuers"] == [] and document["validity"] is None


def test_tokens_are_those_the_sql_engines_see():
    assert bodies._token_text("nghị định 1.000/nđ-cp, a_b") == "nghị định 1 000 nđ cp a b"


# --- query bodies --------------------------------------------------------------------------


def test_toneless_query_must_match_every_word_folded():
    body = bodies.search_body(text_query("quy", "che"))
    must = bool_query(body)["must"]
    assert [clause["multi_match"]["query"] for clause in must] == ["quy", "che"]
    for clause in must:
        assert clause["multi_match"]["fields"] == ["title.folded^10", "text.folded"]
        assert clause["multi_match"]["operator"] == "and"
    assert not clauses(body, "fuzziness")
    title = bonus(body, TITLE_BONUS)
    assert [c["multi_match"]["fields"] for c in title["bool"]["must"]] == [["title.folded"]] * 2
    assert bonus(body, MARKED_BONUS) is None  # no marks typed: no marked bonus


def test_a_word_and_its_corrections_are_alternatives():
    body = bodies.search_body(text_query(("kieeu", "kieu"), "mau"))
    first = bool_query(body)["must"][0]["bool"]
    assert first["minimum_should_match"] == 1
    assert [c["multi_match"]["query"] for c in first["should"]] == ["kieeu", "kieu"]


def test_marked_query_adds_the_marked_bonus():
    body = bodies.search_body(text_query("quy", "che", marked=("quy", "chế")))
    marked = bonus(body, MARKED_BONUS)
    assert marked is not None
    words = [clause["multi_match"] for clause in marked["bool"]["must"]]
    assert [word["query"] for word in words] == ["quy", "chế"]
    assert all(word["fields"] == ["title.marked", "text.marked"] for word in words)
    assert bonus(body, TITLE_BONUS) is not None
    # matching itself stays folded: the marks only rank
    assert all(
        "folded" in field for c in bool_query(body)["must"] for field in c["multi_match"]["fields"]
    )


def test_phrase_is_a_match_phrase_on_the_folded_fields():
    body = bodies.search_body(text_query(phrases=("truc lien thong",)))
    phrase = bool_query(body)["must"][0]["bool"]["should"]
    assert phrase == [
        {"match_phrase": {"title.folded": {"query": "truc lien thong", "boost": 10.0}}},
        {"match_phrase": {"text.folded": {"query": "truc lien thong"}}},
    ]
    title = bonus(body, TITLE_BONUS)
    assert title["bool"]["must"] == [
        {"match_phrase": {"title.folded": {"query": "truc lien thong"}}}
    ]


def test_prefix_query_uses_the_autocomplete_field_for_the_last_word():
    body = bodies.search_body(text_query("quy", "ch", prefix_last=True))
    first, last = bool_query(body)["must"]
    assert first["multi_match"]["query"] == "quy"
    should = last["bool"]["should"]
    assert {
        "match": {"title.autocomplete": {"query": "ch", "operator": "and", "boost": 10.0}}
    } in should
    assert {"prefix": {"text.folded": {"value": "ch"}}} in should
    title = bonus(body, TITLE_BONUS)["bool"]["must"]
    assert title[1] == {
        "match": {"title.autocomplete": {"query": "ch", "operator": "and", "boost": 1.0}}
    }


def test_prefix_longer_than_the_ngrams_also_uses_a_prefix_query_on_the_title():
    word = "x" * (bodies.EDGE_NGRAM_MAX + 1)
    body = bodies.search_body(text_query(word, prefix_last=True))
    should = bool_query(body)["must"][0]["bool"]["should"]
    assert {"prefix": {"title.folded": {"value": word}}} in should


def test_marked_prefix_uses_prefix_queries_on_the_marked_fields():
    body = bodies.search_body(text_query("quy", "ch", marked=("quy", "chế"), prefix_last=True))
    last = bonus(body, MARKED_BONUS)["bool"]["must"][1]["bool"]["should"]
    assert last == [
        {"prefix": {"title.marked": {"value": "chế"}}},
        {"prefix": {"text.marked": {"value": "chế"}}},
    ]


def test_match_any_needs_one_of_the_words():
    body = bodies.search_body(text_query("dang", "uy", match_all=False))
    (any_word,) = bool_query(body)["must"]
    assert any_word["bool"]["minimum_should_match"] == 1
    assert len(any_word["bool"]["should"]) == 2
    assert bonus(body, TITLE_BONUS)["bool"]["minimum_should_match"] == 1


def test_empty_query_matches_nothing():
    body = bodies.search_body(text_query())
    assert bool_query(body)["must"] == [{"match_none": {}}]


def test_member_sees_public_pages_and_those_of_their_groups():
    body = bodies.search_body(text_query("dang"), allowed_group_ids=[5, 2, 5])
    assert bool_query(body)["filter"] == [
        {"term": {"live": True}},
        {
            "bool": {
                "should": [
                    {"term": {"restricted": False}},
                    {"terms": {"allowed_groups": [2, 5]}},
                ],
                "minimum_should_match": 1,
            }
        },
    ]


def test_member_without_groups_sees_public_pages_only():
    body = bodies.search_body(text_query("dang"), allowed_group_ids=[])
    assert {"term": {"restricted": False}} in bool_query(body)["filter"]


def test_superuser_has_no_group_filter_but_still_only_live_pages():
    body = bodies.search_body(text_query("dang"), allowed_group_ids=None)
    assert bool_query(body)["filter"] == [{"term": {"live": True}}]
    assert not clauses(body, "allowed_groups") and not clauses(body, "restricted")


def test_facet_filters_are_term_filters_on_the_index_fields():
    filters = {"type": "QC", "issuer": "TU", "year": "2020", "section": "regulation", "x": "y"}
    body = bodies.search_body(text_query("quy"), [], filters=filters)
    facet = bool_query(body)["filter"][2:]
    assert facet == [
        {"term": {"doc_type": "QC"}},
        {"term": {"issuers": "TU"}},
        {"term": {"year": 2020}},
        {"term": {"section": "regulation"}},
    ]
    assert "post_filter" not in body and "aggregations" not in body


def test_a_year_that_is_not_a_number_matches_nothing():
    assert bodies.facet_filter("year", "20x0") == {"match_none": {}}
    assert bodies.facet_filter("year", "99999") == {"match_none": {}}
    assert bodies.facet_filter("field", "") is None and bodies.facet_filter("unknown", "a") is None


def test_aggregations_count_each_facet_without_its_own_filter():
    body = bodies.search_body(
        text_query("quy"), [3], filters={"type": "QC", "year": "2020"}, aggregations=True
    )
    aggregations = body["aggregations"]
    assert set(aggregations) == {"section", "type", "issuer", "field", "year", "validity"}
    fields = {
        name: agg["aggregations"]["values"]["terms"]["field"] for name, agg in aggregations.items()
    }
    assert fields == {
        "section": "section",
        "type": "doc_type",
        "issuer": "issuers",
        "field": "field",
        "year": "year",
        "validity": "validity",
    }
    assert aggregations["type"]["filter"] == {"bool": {"filter": [{"term": {"year": 2020}}]}}
    assert aggregations["year"]["filter"] == {"bool": {"filter": [{"term": {"doc_type": "QC"}}]}}
    assert aggregations["year"]["aggregations"]["values"]["terms"]["order"] == {"_key": "desc"}
    # the facet filters narrow the hits, not the aggregations; permissions narrow both
    assert body["post_filter"] == {
        "bool": {"filter": [{"term": {"doc_type": "QC"}}, {"term": {"year": 2020}}]}
    }
    assert len(bool_query(body)["filter"]) == 2  # live and permission


def test_aggregations_without_filters():
    body = bodies.search_body(text_query("quy"), None, aggregations=True)
    assert all(agg["filter"] == {"match_all": {}} for agg in body["aggregations"].values())
    assert "post_filter" not in body


def test_counts_body_names_its_facets_and_counts_number_hits_as_matches():
    body = bodies.search_body(
        text_query("quy", "che"), [3], size=0, aggregations=("type", "year"), include_ids=[9, 4]
    )
    assert set(body["aggregations"]) == {"type", "year"}
    assert body["size"] == 0 and body["track_total_hits"] is True
    (match,) = bool_query(body)["must"]
    text, ids = match["bool"]["should"]
    assert match["bool"]["minimum_should_match"] == 1
    assert len(text["bool"]["must"]) == 2  # every word, as without number hits
    assert ids == {"ids": {"values": ["4", "9"]}}
    # without facets the filters narrow the hits directly
    plain = bodies.search_body(text_query("quy"), [3], {"type": "QC"}, size=0, aggregations=())
    assert "aggregations" not in plain and "post_filter" not in plain
    assert {"term": {"doc_type": "QC"}} in bool_query(plain)["filter"]


def test_facet_counts_read_a_response():
    response = {
        "aggregations": {
            "year": {"values": {"buckets": [{"key": 2024, "doc_count": 3}]}},
            "issuer": {"values": {"buckets": [{"key": "TU", "doc_count": 5}]}},
        }
    }
    assert bodies.facet_counts(response) == {"year": [("2024", 3)], "issuer": [("TU", 5)]}


def test_sort_by_relevance_then_id():
    body = bodies.search_body(text_query("quy"))
    assert body["sort"] == [{"_score": {"order": "desc"}}, {"id": {"order": "desc"}}]


def test_sort_by_date_newest_first_undated_last():
    body = bodies.search_body(text_query("quy"), by_date=True)
    assert body["sort"] == [
        {"date": {"order": "desc", "missing": "_last"}},
        {"id": {"order": "desc"}},
    ]
    assert "should" not in bool_query(body)  # no bonuses when scores are not used


def test_pagination():
    body = bodies.search_body(text_query("quy"), size=20, from_=40)
    assert (body["from"], body["size"]) == (40, 20)
    assert body["_source"] is False and body["track_total_hits"] is True
    last = bodies.search_body(text_query("quy"), size=20, from_=bodies.MAX_WINDOW - 5)
    assert last["from"] + last["size"] == bodies.MAX_WINDOW
    beyond = bodies.search_body(text_query("quy"), size=20, from_=bodies.MAX_WINDOW + 100)
    assert beyond["size"] == 0


def test_excluded_ids():
    body = bodies.search_body(text_query("quy"), exclude_ids=[9, 3])
    assert bool_query(body)["must_not"] == [{"ids": {"values": ["3", "9"]}}]


HOSTILE = [
    'quy "che',
    "quy* che*",
    "(quy OR che) AND NOT dang",
    "quy NEAR che",
    "title:quy text:che",
    "quy~2 che^10",
    "{ } [ ] \\ / ! ? < >",
    "đảng ủy )(",
    '"chưa đóng',
]
ALLOWED_QUERIES = {"multi_match", "match", "match_phrase", "prefix", "term", "terms", "ids"}
FORBIDDEN_QUERIES = {
    "query_string",
    "simple_query_string",
    "wildcard",
    "regexp",
    "fuzzy",
    "script",
    "fuzziness",
}


@pytest.mark.parametrize("raw", HOSTILE)
def test_user_input_never_reaches_a_query_parser(raw):
    parsed = parse_query(raw)
    query = TextQuery(
        groups=tuple((word,) for word in parsed.folded),
        phrases=tuple(phrase.folded for phrase in parsed.phrases),
        marked_groups=tuple((word,) for word in parsed.marked),
        prefix_last=True,
    )
    body = bodies.search_body(query, [1], filters={"type": raw}, aggregations=True)
    keys = {key for key, _value in walk(body)}
    assert not keys & FORBIDDEN_QUERIES
    json.dumps(body)


@pytest.mark.parametrize("raw", HOSTILE)
def test_even_raw_text_is_only_a_value(raw):
    """Words reach the body as plain strings, never parsed, even if the parser let them by."""
    body = bodies.search_body(
        TextQuery(groups=((raw,),), phrases=((raw, raw),), marked_groups=((raw,),))
    )
    keys = {key for key, _value in walk(body)}
    assert not keys & FORBIDDEN_QUERIES
    values = [value for key, value in walk(body) if key in ("query", "value")]
    assert raw in values and f"{raw} {raw}" in values
    leaves = [
        key
        for key, value in walk(bool_query(body))
        if isinstance(value, dict) and key in ALLOWED_QUERIES
    ]
    assert leaves


# --- the engine against a fake client ------------------------------------------------------


class FakeIndices:
    def __init__(self, calls):
        self.calls = calls
        self.existing = set()

    def exists(self, index):
        self.calls.append(("exists", index))
        return index in self.existing

    def create(self, index, **body):
        self.calls.append(("create", index, body))
        self.existing.add(index)

    def delete(self, index, ignore_unavailable=False):
        self.calls.append(("drop", index))
        self.existing.difference_update(index.split(","))

    def refresh(self, index):
        self.calls.append(("refresh", index))


def not_found() -> NotFoundError:
    meta = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "localhost", 9200))
    return NotFoundError("not found", meta, {})


class FakeES:
    def __init__(self, ids=(), total=None, error=None):
        self.ids = list(ids)
        self.total = len(self.ids) if total is None else total
        self.error = error
        self.calls = []
        self.indices = FakeIndices(self.calls)

    def search(self, index, body):
        self.calls.append(("search", index, body))
        if self.error:
            raise self.error
        hits = [{"_id": str(pk)} for pk in self.ids[body["from"] :][: body["size"]]]
        return {"hits": {"total": {"value": self.total, "relation": "eq"}, "hits": hits}}

    def index(self, index, id, document, refresh=False):
        self.calls.append(("index", index, id, document))

    def delete(self, index, id, refresh=False):
        self.calls.append(("delete", index, id))
        raise not_found()

    def delete_by_query(self, index, query, conflicts="abort", refresh=False):
        self.calls.append(("delete_by_query", index, query))

    def bodies(self):
        return [call[2] for call in self.calls if call[0] == "search"]


@pytest.fixture
def visible_to_member(user_for):
    from search.service import visible_entries

    return visible_entries(user_for("member"))


@pytest.mark.django_db
def test_engine_is_chosen_by_settings(settings):
    settings.ELASTICSEARCH_URL = "http://search.example:9200"
    assert isinstance(engine(), es.ElasticsearchEngine)
    settings.ELASTICSEARCH_URL = ""
    assert type(engine()) is type(sql_engine())
    assert not isinstance(engine(), es.ElasticsearchEngine)


@pytest.mark.django_db
def test_ranked_ids_with_scope_pages_in_elasticsearch_and_checks_the_database(visible_to_member):
    secret = SearchEntry.objects.get(number=SECRET_NUMBER).pk
    public = list(visible_to_member.order_by("pk").values_list("pk", flat=True)[:3])
    fake = FakeES(ids=[secret, *public])  # a stale index must not leak the secret page
    engine = es.ElasticsearchEngine(es=fake, index="test")
    scope = Scope(allowed_groups=(4,), filters={"type": "QC"}, exclude_ids=(1,))
    ids = engine.ranked_ids(visible_to_member, text_query("quy"), False, 10, 0, scope=scope)
    assert ids == public
    (body,) = fake.bodies()
    assert (body["from"], body["size"]) == (0, 10)
    assert {"terms": {"allowed_groups": [4]}} in clauses(body, "should")[0]
    assert {"term": {"doc_type": "QC"}} in bool_query(body)["filter"]
    assert bool_query(body)["must_not"] == [{"ids": {"values": ["1"]}}]


@pytest.mark.django_db
def test_ranked_ids_without_scope_narrows_all_matches_to_the_queryset(visible_to_member):
    secret = SearchEntry.objects.get(number=SECRET_NUMBER).pk
    public = list(visible_to_member.order_by("-pk").values_list("pk", flat=True)[:5])
    fake = FakeES(ids=[public[0], secret, *public[1:]])
    engine = es.ElasticsearchEngine(es=fake, index="test")
    assert engine.ranked_ids(visible_to_member, text_query("quy"), False, 2, 1) == public[1:3]
    (body,) = fake.bodies()
    assert body["size"] == bodies.MAX_WINDOW and bool_query(body)["filter"] == [
        {"term": {"live": True}}
    ]


@pytest.mark.django_db
def test_filter_returns_the_matching_entries(visible_to_member, caplog):
    public = list(visible_to_member.values_list("pk", flat=True)[:4])
    fake = FakeES(ids=public, total=20_000)
    engine = es.ElasticsearchEngine(es=fake, index="test")
    with caplog.at_level(logging.WARNING, logger="search.engines.cluster"):
        found = engine.filter(visible_to_member, text_query("quy"), scope=Scope(allowed_groups=()))
    assert sorted(found.values_list("pk", flat=True)) == sorted(public)
    assert "only the first" in caplog.text  # more than one window of matches is logged
    assert {"term": {"restricted": False}} in bool_query(fake.bodies()[0])["filter"]


@pytest.mark.django_db
def test_anonymous_entries_ask_nothing(visible_to_member):
    fake = FakeES(ids=[1, 2])
    engine = es.ElasticsearchEngine(es=fake, index="test")
    none = SearchEntry.objects.none()
    assert engine.ranked_ids(none, text_query("quy"), False, 10, 0) == []
    assert list(engine.filter(none, text_query("quy"))) == []
    assert fake.calls == []


@pytest.mark.django_db
def test_unreachable_cluster_falls_back_to_the_database(visible_to_member, caplog):
    fake = FakeES(error=ConnectionError("refused"))
    engine = es.ElasticsearchEngine(es=fake, index="test", fallback=sql_engine())
    query = text_query("quy", "che")
    sql = sql_engine()
    with caplog.at_level(logging.WARNING, logger="search.engines.cluster"):
        found = engine.filter(visible_to_member, query)
        ranked = engine.ranked_ids(visible_to_member, query, False, 5, 0, scope=Scope())
    assert set(found.values_list("pk", flat=True)) == set(
        sql.filter(visible_to_member, query).values_list("pk", flat=True)
    )
    assert ranked == sql.ranked_ids(visible_to_member, query, False, 5, 0)
    assert ranked and "unavailable" in caplog.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["elasticsearch", "opensearch"])
def test_service_with_an_unreachable_cluster_answers_like_the_database(settings, user_for, kind):
    from search.service import search

    member = user_for("member")
    expected = [hit.entry.pk for hit in search(member, "quy chế làm việc").hits]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH_CLUSTER = kind
    assert [hit.entry.pk for hit in search(member, "quy chế làm việc").hits] == expected
    assert expected


def test_sql_engines_accept_the_old_and_the_new_signature(db, visible_to_member):
    sql = sql_engine()
    query = text_query("quy", "che")
    old = sql.ranked_ids(visible_to_member, query, False, 5, 0)
    new = sql.ranked_ids(visible_to_member, query, False, 5, 0, scope=Scope(allowed_groups=()))
    assert old == new and old
    assert set(sql.filter(visible_to_member, query, scope=Scope())) == set(
        sql.filter(visible_to_member, query)
    )


# --- index management and the write path ---------------------------------------------------


def test_ensure_index_creates_the_pair_of_indexes_once():
    fake = FakeES()
    assert es.ensure_index(fake, "idx") is True
    assert es.ensure_index(fake, "idx") is False
    creates = [call for call in fake.calls if call[0] == "create"]
    assert [call[1] for call in creates] == ["idx", "idx_private"]
    assert all(call[2] == bodies.index_body() for call in creates)


def test_reset_drops_and_creates():
    fake = FakeES()
    fake.indices.existing.update({"idx", "idx_private"})
    es.reset(es=fake, index="idx")
    assert fake.calls[0] == ("drop", "idx,idx_private")
    assert [call[:2] for call in fake.calls if call[0] == "create"] == [
        ("create", "idx"),
        ("create", "idx_private"),
    ]


def test_delete_of_a_missing_document_is_not_an_error():
    fake = FakeES()
    es.delete_entry(42, es=fake, index="idx")
    assert fake.calls == [("delete", "idx", "42"), ("delete", "idx_private", "42")]


@pytest.mark.django_db
def test_bulk_index_sends_every_entry(monkeypatch):
    import elasticsearch.helpers

    sent = []

    def fake_bulk(client, actions, refresh=False):
        sent.extend(actions)
        return len(sent), []

    monkeypatch.setattr(elasticsearch.helpers, "bulk", fake_bulk)
    fake = FakeES()
    assert (
        es.bulk_index(SearchEntry.objects.all(), es=fake, index="idx")
        == SearchEntry.objects.count()
    )
    secret = SearchEntry.objects.get(number=SECRET_NUMBER)
    action = next(action for action in sent if action["_id"] == str(secret.pk))
    assert action["_index"] == "idx_private" and action["_source"]["allowed_groups"]
    public = SearchEntry.objects.filter(live=True, restricted=False).first()
    action = next(action for action in sent if action["_id"] == str(public.pk))
    assert action["_index"] == "idx"


@pytest.fixture
def fake_cluster(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://search.example:9200"
    settings.ELASTICSEARCH_INDEX = "unit"
    fake = FakeES()
    monkeypatch.setattr(es, "client", lambda: fake)
    return fake


def _document_page():
    from regulations.models import PartyDocumentPage

    return PartyDocumentPage.objects.get(number="01-QC/TU").specific


@pytest.mark.django_db
def test_saving_a_page_writes_its_entry_after_commit(
    fake_cluster, django_capture_on_commit_callbacks
):
    from search.backend import index_page

    page = _document_page()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = index_page(page)
    assert not [call for call in fake_cluster.calls if call[0] == "index"]  # not before commit
    for callback in callbacks:
        callback()
    (call,) = [call for call in fake_cluster.calls if call[0] == "index"]
    assert call[1:3] == ("unit__vietnamese", str(entry.pk))
    assert call[3] == bodies.document_for(entry)


@pytest.mark.django_db
def test_unindexing_and_reset_reach_the_cluster(fake_cluster, django_capture_on_commit_callbacks):
    from search.backend import reset_index, unindex_page

    page = _document_page()
    with django_capture_on_commit_callbacks(execute=True):
        unindex_page(page.pk)
    both = "unit__vietnamese,unit__vietnamese_private"
    assert ("delete_by_query", both, {"term": {"page_id": page.pk}}) in fake_cluster.calls
    with django_capture_on_commit_callbacks(execute=True):
        reset_index()
    assert ("drop", both) in fake_cluster.calls


@pytest.mark.django_db
def test_deleting_a_page_removes_its_entry(fake_cluster, django_capture_on_commit_callbacks):
    page = _document_page()
    page_id = page.pk
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not SearchEntry.objects.filter(page_id=page_id).exists()
    both = "unit__vietnamese,unit__vietnamese_private"
    assert ("delete_by_query", both, {"term": {"page_id": page_id}}) in fake_cluster.calls


def test_deleting_from_a_missing_index_is_not_an_error():
    class Missing(FakeES):
        def delete_by_query(self, index, query, conflicts="abort", refresh=False):
            raise not_found()

    es.delete_page(3, es=Missing(), index="idx")


@pytest.mark.django_db
def test_unreachable_cluster_does_not_break_a_page_save(
    settings, caplog, django_capture_on_commit_callbacks
):
    from search.backend import index_page, unindex_page

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    page = _document_page()
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        with django_capture_on_commit_callbacks(execute=True):
            entry = index_page(page)
        with django_capture_on_commit_callbacks(execute=True):
            unindex_page(page.pk)
    assert entry.pk and not SearchEntry.objects.filter(page=page).exists()
    assert caplog.text.count("Elasticsearch") >= 2

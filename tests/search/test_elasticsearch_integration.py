"""The Elasticsearch engine on a real cluster gives the results of the SQL engine.

Skipped unless ``ELASTICSEARCH_URL`` is set (e.g. ``ELASTICSEARCH_URL=http://localhost:9200``).
Each test indexes the demo library's entries into a uniquely named index, which is deleted at
the end, and runs the same searches through ``search.service`` twice: with the SQL engine of
the test database and with ``ElasticsearchEngine``. Hint: also set ``ELASTICSEARCH_INDEX`` to a
throw-away prefix, as the rest of the suite then writes to the cluster too.
"""

import os
import uuid

import pytest

from core.vietnamese import tokens
from search import service
from search.engines import TextQuery, sql_engine
from search.engines import cluster as es
from search.engines import cluster_body as bodies
from search.models import SearchEntry
from search.query import parse_query

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL")
        and os.environ.get("SEARCH_CLUSTER_REQUIRED") != "1",
        reason="needs an Elasticsearch server: set ELASTICSEARCH_URL",
    ),
    pytest.mark.django_db,
]

SECRET_NUMBER = "105-KL/TU"  # the demo's secret document (Ban Thường vụ Tỉnh ủy only)
TONELESS = ["quy che lam viec", "dang uy", "huy hieu dang", "nhan su", "chu ky so", "qd"]
MARKED = ["quy chế làm việc", "Ủy ban", "Uỷ ban", "khoá", "bàn giao", "đảng ủy"]
NUMBERS = ["01-QC/TU", "01 qc tu", "số 2410", "Quy định 11", "2410-QD/TU"]
PHRASES = ['"trục liên thông"', '"chinh quyen dia phuong"', '"quy chế làm việc" khóa']
TYPOS = ["quy hoahc can bo", "nong thon moi kieeu mau"]


class NoFallback:
    """Fail loudly instead of quietly answering from the database."""

    def filter(self, *args, **kwargs):
        raise AssertionError("Elasticsearch did not answer")

    ranked_ids = counts = dated_ids = any_match = condition = filter


@pytest.fixture
def cluster(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = f"test-{uuid.uuid4().hex[:12]}"
    index = es.index_name()
    client = es.client()
    es.reset(es=client, index=index)
    try:
        sent = es.bulk_index(SearchEntry.objects.all(), es=client, index=index, refresh=True)
        assert sent == SearchEntry.objects.count() > 0
        yield es.ElasticsearchEngine(es=client, index=index, fallback=NoFallback())
    finally:
        es.drop(es=client, index=index)


def answers(monkeypatch, search_engine, user, query, **kwargs):
    monkeypatch.setattr(service, "engine", lambda: search_engine)
    kwargs.setdefault("per_page", 100)
    response = service.search(user, query, **kwargs)
    return response.count, [hit.entry.pk for hit in response.hits], response.facets


def assert_same(monkeypatch, cluster, user, query, first=False, **kwargs):
    """Same count, same results and facets; with ``first``, the same result first.

    Relevance scores differ (FTS5 and Lucene compute BM25 differently), so the order within
    a page is only compared where the service or the bonuses decide it.
    """
    sql_count, sql_ids, sql_facets = answers(monkeypatch, sql_engine(), user, query, **kwargs)
    es_count, es_ids, es_facets = answers(monkeypatch, cluster, user, query, **kwargs)
    assert es_count == sql_count, query
    assert set(es_ids) == set(sql_ids), query
    assert es_facets == sql_facets, query
    if first and sql_ids:
        assert es_ids[0] == sql_ids[0], query
    return sql_ids


@pytest.mark.parametrize("query", TONELESS)
def test_toneless(monkeypatch, cluster, user_for, query):
    assert assert_same(monkeypatch, cluster, user_for("member"), query)


@pytest.mark.parametrize("query", MARKED)
def test_marked(monkeypatch, cluster, user_for, query):
    """Entries with every word as typed (marks and all) come first in both engines."""
    sql_ids = assert_same(monkeypatch, cluster, user_for("member"), query)
    _count, es_ids, _facets = answers(monkeypatch, cluster, user_for("member"), query)
    words = set(parse_query(query).marked)
    entries = SearchEntry.objects.in_bulk(sql_ids)
    marked = {
        pk
        for pk, entry in entries.items()
        if words <= set(tokens(f"{entry.marked_title} {entry.marked_text}"))
    }
    assert marked, query
    assert set(sql_ids[: len(marked)]) == set(es_ids[: len(marked)]) == marked, query


@pytest.mark.parametrize("query", NUMBERS)
def test_numbers(monkeypatch, cluster, user_for, query):
    assert assert_same(monkeypatch, cluster, user_for("member"), query, first=True)


@pytest.mark.parametrize("query", PHRASES)
def test_phrases(monkeypatch, cluster, user_for, query):
    assert_same(monkeypatch, cluster, user_for("member"), query)


@pytest.mark.parametrize("query", TYPOS)
def test_corrections(monkeypatch, cluster, user_for, query):
    assert_same(monkeypatch, cluster, user_for("member"), query)


def test_any_word_when_all_find_nothing(monkeypatch, cluster, user_for):
    assert_same(monkeypatch, cluster, user_for("member"), "quy che xyzxyz")


@pytest.mark.parametrize("filters", [{"type": "QC"}, {"year": "2024"}, {"issuer": "VPTU"}])
def test_filters_and_pages(monkeypatch, cluster, user_for, filters):
    member = user_for("member")
    assert_same(monkeypatch, cluster, member, "dang", filters=filters)
    for page in (1, 2):
        _c, sql_ids, _f = answers(monkeypatch, sql_engine(), member, "dang", per_page=3, page=page)
        _c, es_ids, _f = answers(monkeypatch, cluster, member, "dang", per_page=3, page=page)
        assert len(es_ids) == len(sql_ids)


def test_secret_visibility(monkeypatch, cluster, user_for):
    secret = SearchEntry.objects.get(number=SECRET_NUMBER)
    for role, sees in (("member", False), ("standing_committee", True), ("administrator", True)):
        user = user_for(role)
        for query in ("nhan su", SECRET_NUMBER, "ket luan ban thuong vu"):
            ids = assert_same(monkeypatch, cluster, user, query)
            assert (secret.pk in ids) is sees, (role, query)


def test_permission_filter_is_inside_elasticsearch(cluster, user_for):
    """Without the database's last check, the cluster itself hides the secret page."""
    secret = SearchEntry.objects.get(number=SECRET_NUMBER)
    words = ("nhan", "su")
    query = TextQuery(groups=tuple((word,) for word in words), phrases=())
    member_groups = list(user_for("member").groups.values_list("pk", flat=True))
    member_ids, _total = cluster.search_ids(bodies.search_body(query, member_groups, size=100))
    everyone_ids, _total = cluster.search_ids(bodies.search_body(query, None, size=100))
    assert secret.pk in everyone_ids and secret.pk not in member_ids
    aggregated = cluster.es.search(
        index=cluster.index, body=bodies.search_body(query, member_groups, aggregations=True)
    )
    counted = sum(count for _value, count in bodies.facet_counts(aggregated)["section"])
    assert counted == aggregated["hits"]["total"]["value"] == len(member_ids)


def test_autocomplete(monkeypatch, cluster, user_for):
    """The same titles match a prefix; which eight are shown depends on relevance scores."""
    member = user_for("member")
    visible = service.visible_entries(member)
    for prefix in ("quy ch", "huong d", "01-Q", "dang u", "ket luan ban thuong v"):
        text = service._text_query(parse_query(prefix), match_all=True, prefix_last=True)
        expected = set(sql_engine().filter(visible, text).values_list("pk", flat=True))
        assert set(cluster.filter(visible, text).values_list("pk", flat=True)) == expected
        monkeypatch.setattr(service, "engine", lambda: sql_engine())
        sql_found = [entry.pk for entry in service.autocomplete(member, prefix)]
        monkeypatch.setattr(service, "engine", lambda: cluster)
        es_found = [entry.pk for entry in service.autocomplete(member, prefix)]
        assert len(es_found) == len(sql_found), prefix
        number_hits = service._number_hits(visible, parse_query(prefix))
        assert es_found[: len(number_hits)] == sql_found[: len(number_hits)], prefix


def test_sort_by_date(monkeypatch, cluster, user_for):
    member = user_for("member")
    query = TextQuery(groups=(("dang",),), phrases=())
    visible = service.visible_entries(member)
    sql_ids = sql_engine().ranked_ids(visible, query, True, 10, 0)
    es_ids = cluster.ranked_ids(visible, query, True, 10, 0)
    assert es_ids == sql_ids


@pytest.mark.parametrize("query", ["dang", "01-QC/TU quy che", "quy che xyzxyz", "2410"])
def test_counts_facets_and_date_order_come_from_the_cluster(monkeypatch, cluster, user_for, query):
    """Counts, facets and the date order are the cluster's own answers (aggregations, its
    sort): the service never asks it for the whole set of matching ids, which it would hand
    to the database. Number hits are counted and dated among the matches, as in SQL."""

    def whole_set(*args, **kwargs):
        raise AssertionError("the service asked for every matching id")

    monkeypatch.setattr(cluster, "condition", whole_set)
    member = user_for("member")
    for filters in ({}, {"type": "QC"}):
        assert_same(monkeypatch, cluster, member, query, filters=filters)
        _c, sql_ids, _f = answers(monkeypatch, sql_engine(), member, query, sort="date")
        _c, es_ids, _f = answers(monkeypatch, cluster, member, query, sort="date")
        assert es_ids == sql_ids, query


def test_writes_follow_the_database(cluster, django_capture_on_commit_callbacks):
    from search.backend import index_page, unindex_page

    entry = SearchEntry.objects.get(number="01-QC/TU")
    page = entry.page.specific
    with django_capture_on_commit_callbacks(execute=True):
        unindex_page(page.pk)
    cluster.es.indices.refresh(index=es.searched(cluster.index))
    query = TextQuery(groups=(("01",), ("qc",), ("tu",)), phrases=())
    ids, _total = cluster.search_ids(bodies.search_body(query, None, size=100))
    assert entry.pk not in ids
    with django_capture_on_commit_callbacks(execute=True):
        new_entry = index_page(page)
    cluster.es.indices.refresh(index=es.searched(cluster.index))
    ids, _total = cluster.search_ids(bodies.search_body(query, None, size=100))
    assert new_entry.pk in ids

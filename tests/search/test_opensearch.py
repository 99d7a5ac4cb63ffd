"""OpenSearch (``SEARCH_CLUSTER=opensearch``) without a server: the real ``opensearch-py``
client, its transport replaced by a recorder, receives every call ``search.elasticsearch``
makes, and the requests it would send (method, path, parameters, body) are checked: the same
index body, documents, deletes, searches and bulk lines as for Elasticsearch.
"""

import json

import pytest
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from search.engines import Scope
from search.engines import cluster as es
from search.engines import cluster_body as bodies
from search.engines.opensearch import OpenSearchClient
from search.models import SearchEntry

from .test_elasticsearch_mapping import text_query


class RecordingTransport:
    """Stands in for ``opensearchpy.Transport.perform_request``; answers like a cluster."""

    def __init__(self, answers=None):
        self.requests = []
        self.answers = answers or {}

    def __call__(self, method, url, headers=None, params=None, body=None):
        params = {  # the client escapes parameter values to bytes
            key: value.decode() if isinstance(value, bytes) else value
            for key, value in (params or {}).items()
        }
        self.requests.append((method, url, params, body))
        answer = self.answers.get((method, url))
        if isinstance(answer, Exception):
            raise answer
        if answer is not None:
            return answer
        if method == "HEAD":
            return False
        if url.endswith("/_search"):
            return {"hits": {"total": {"value": 0}, "hits": []}}
        if url == "/_bulk":
            lines = body.decode() if isinstance(body, bytes) else body
            count = len([line for line in lines.splitlines() if line.strip()]) // 2
            return {"errors": False, "items": [{"index": {"status": 201}} for _ in range(count)]}
        return {"acknowledged": True}


@pytest.fixture
def cluster(monkeypatch):
    raw = OpenSearch("http://opensearch.example:9200")
    transport = RecordingTransport()
    monkeypatch.setattr(raw.transport, "perform_request", transport)
    return OpenSearchClient(raw), transport


def test_settings_choose_the_opensearch_client(settings):
    settings.ELASTICSEARCH_URL = "http://opensearch.example:9200"
    settings.SEARCH_CLUSTER = "opensearch"
    assert isinstance(es.client(), OpenSearchClient)
    settings.SEARCH_CLUSTER = "elasticsearch"
    assert not isinstance(es.client(), OpenSearchClient)


def test_the_index_is_created_with_the_same_mapping_and_analysers(cluster):
    client, transport = cluster
    assert es.ensure_index(client, "unit__vietnamese") is True
    (head, put, private_head, private_put) = transport.requests
    assert head[:2] == ("HEAD", "/unit__vietnamese")
    assert put[:2] == ("PUT", "/unit__vietnamese")
    assert private_head[:2] == ("HEAD", "/unit__vietnamese_private")
    assert private_put[:2] == ("PUT", "/unit__vietnamese_private")
    assert put[3] == private_put[3] == bodies.index_body()
    assert "vi_folded" in put[3]["settings"]["analysis"]["analyzer"]


def test_an_existing_index_is_left_alone(monkeypatch):
    raw = OpenSearch("http://opensearch.example:9200")
    transport = RecordingTransport({("HEAD", "/idx"): True, ("HEAD", "/idx_private"): True})
    monkeypatch.setattr(raw.transport, "perform_request", transport)
    assert es.ensure_index(OpenSearchClient(raw), "idx") is False
    assert [request[0] for request in transport.requests] == ["HEAD", "HEAD"]


@pytest.mark.django_db
def test_an_entry_is_written_as_the_same_document(cluster):
    client, transport = cluster
    entry = SearchEntry.objects.get(number="01-QC/TU")
    es.index_entry(entry, [], es=client, index="idx", refresh=True)
    (method, url, params, body), removed = transport.requests[-2:]
    assert (method, url) == ("PUT", f"/idx/_doc/{entry.pk}")
    assert params == {"refresh": "true"}
    assert body == bodies.document_for(entry, [])
    assert removed[:2] == ("DELETE", f"/idx_private/_doc/{entry.pk}")  # in case it was there


def test_deletes_by_id_and_by_page(cluster):
    client, transport = cluster
    es.delete_entry(7, es=client, index="idx")
    es.delete_page(42, es=client, index="idx")
    (delete, private_delete, refresh, by_query) = transport.requests
    assert delete[:2] == ("DELETE", "/idx/_doc/7")
    assert private_delete[:2] == ("DELETE", "/idx_private/_doc/7")
    # what was written a moment ago goes too
    assert refresh[:2] == ("POST", "/idx,idx_private/_refresh")
    assert by_query[:2] == ("POST", "/idx,idx_private/_delete_by_query")
    assert by_query[2]["conflicts"] == "proceed"
    assert by_query[3] == {"query": {"term": {"page_id": 42}}}


def test_a_missing_document_or_index_is_not_an_error(monkeypatch):
    from opensearchpy.exceptions import NotFoundError

    raw = OpenSearch("http://opensearch.example:9200")
    missing = NotFoundError(404, "index_not_found_exception", {})
    transport = RecordingTransport(
        {
            ("DELETE", "/idx/_doc/7"): missing,
            ("DELETE", "/idx_private/_doc/7"): missing,
            ("POST", "/idx,idx_private/_delete_by_query"): missing,
        }
    )
    monkeypatch.setattr(raw.transport, "perform_request", transport)
    es.delete_entry(7, es=OpenSearchClient(raw), index="idx")
    es.delete_page(42, es=OpenSearchClient(raw), index="idx")


@pytest.mark.django_db
def test_engine_sends_the_same_search_body(cluster):
    client, transport = cluster
    engine = es.ElasticsearchEngine(es=client, index="idx")
    query = text_query("quy", "che", marked=("quy", "chế"))
    scope = Scope(allowed_groups=(1, 2), filters={"type": "QC"})
    engine.ranked_ids(SearchEntry.objects.all(), query, False, 20, 0, scope=scope)
    method, url, _params, body = transport.requests[-1]
    assert (method, url) == ("POST", "/idx,idx_private/_search")  # each with its statistics
    assert body == bodies.search_body(query, (1, 2), {"type": "QC"}, size=20, from_=0)


@pytest.mark.django_db
def test_bulk_sends_every_entry_as_ndjson(cluster):
    client, transport = cluster
    entries = SearchEntry.objects.all()
    assert es.bulk_index(entries, es=client, index="idx") == entries.count()
    lines = []
    for method, url, _params, body in transport.requests:
        if url == "/_bulk":
            assert method == "POST"
            text = body.decode() if isinstance(body, bytes) else body
            lines += [json.loads(line) for line in text.splitlines() if line.strip()]
    actions, documents = lines[0::2], lines[1::2]
    assert {action["index"]["_id"] for action in actions} == {
        str(pk) for pk in entries.values_list("pk", flat=True)
    }
    homes = {
        str(entry.pk): "idx" if entry.seen_by_every_member else "idx_private" for entry in entries
    }
    assert all(action["index"]["_index"] == homes[action["index"]["_id"]] for action in actions)
    assert set(homes.values()) == {"idx", "idx_private"}
    assert all("title" in document for document in documents)


def test_connection_errors_are_among_the_handled_errors():
    assert issubclass(OpenSearchConnectionError, es.errors())

"""OpenSearch for the Vietnamese index: the Elasticsearch client's calls, spoken to OpenSearch.

The Elasticsearch 8 client refuses to talk to OpenSearch (it checks the product in every
response), and OpenSearch's own client (``opensearch-py`` 2) names a few arguments
differently: the body of ``index`` and ``indices.create`` is ``body=``, ``delete_by_query``
takes its query inside ``body``. ``OpenSearchClient`` wraps an ``opensearchpy.OpenSearch``
and answers the calls ``search.elasticsearch`` makes, in the Elasticsearch 8 spelling, so
the mapping, the queries and every write are the same for both clusters.

Chosen with ``SEARCH_CLUSTER=opensearch`` beside ``ELASTICSEARCH_URL`` (settings).
"""


class _Indices:
    def __init__(self, raw):
        self._raw = raw

    def exists(self, *, index: str) -> bool:
        return bool(self._raw.indices.exists(index=index))

    def create(self, *, index: str, **body):
        return self._raw.indices.create(index=index, body=body)

    def delete(self, *, index: str, **params):
        return self._raw.indices.delete(index=index, **params)

    def refresh(self, *, index: str):
        return self._raw.indices.refresh(index=index)

    def get_alias(self, *, name: str):
        return self._raw.indices.get_alias(name=name)

    def update_aliases(self, *, actions: list[dict]):
        return self._raw.indices.update_aliases(body={"actions": actions})


class OpenSearchClient:
    """The subset of ``elasticsearch.Elasticsearch`` that ``search.elasticsearch`` uses."""

    def __init__(self, raw):
        self.raw = raw
        self.indices = _Indices(raw)

    def index(self, *, index: str, id: str, document: dict, **params):
        return self.raw.index(index=index, id=id, body=document, **params)

    def delete(self, *, index: str, id: str, **params):
        return self.raw.delete(index=index, id=id, **params)

    def delete_by_query(self, *, index: str, query: dict, **params):
        return self.raw.delete_by_query(index=index, body={"query": query}, **params)

    def search(self, *, index: str, body: dict):
        return self.raw.search(index=index, body=body)

    def bulk(self, actions, **params):
        from opensearchpy.helpers import bulk

        return bulk(self.raw, actions, **params)


def connect(url: str, timeout: int) -> OpenSearchClient:
    from opensearchpy import OpenSearch

    return OpenSearchClient(OpenSearch(url, timeout=timeout, max_retries=1))


def exceptions() -> dict[str, tuple[type[Exception], ...]]:
    """opensearch-py's errors under the Elasticsearch client's names (none if not installed)."""
    try:
        from opensearchpy import exceptions as errors
    except ImportError:
        return {"all": (), "bad_request": (), "not_found": ()}
    return {
        "all": (errors.TransportError,),  # HTTP errors and connection errors alike
        "bad_request": (errors.RequestError,),
        "not_found": (errors.NotFoundError,),
    }

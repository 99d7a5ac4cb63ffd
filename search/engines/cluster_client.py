"""Talking to the search cluster: its address, its client, its errors, the names of the
indexes (see ``search.engines.cluster``)."""

import os

from django.conf import settings

from .cluster_body import TIMEOUT


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


def pair(index: str) -> tuple[str, str]:
    """The index of what every member sees, and the index of the rest (restricted or
    unpublished entries): BM25 statistics of the first never count the second."""
    return index, f"{index}_private"


def searched(index: str) -> str:
    """Both indexes of the pair, as one search names them (each scored by its own stats)."""
    return ",".join(pair(index))


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


def bad_request_errors() -> tuple[type[Exception], ...]:
    from elasticsearch import BadRequestError

    from .opensearch import exceptions

    return (BadRequestError, *exceptions()["bad_request"])


def not_found_errors() -> tuple[type[Exception], ...]:
    from elasticsearch import NotFoundError

    from .opensearch import exceptions

    return (NotFoundError, *exceptions()["not_found"])

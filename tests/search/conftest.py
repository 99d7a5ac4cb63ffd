"""Fixtures shared by the search tests."""

import os
import uuid

import pytest


@pytest.fixture
def member(user_for):
    """The demo Party member: sees public documents only."""
    return user_for("member")


@pytest.fixture
def alias(settings):
    """On a search node (``ELASTICSEARCH_URL``): a fresh alias pair filled from the demo's
    entries by a rebuild; every index behind it dropped after."""
    from search.engines import cluster as es
    from search.engines import cluster_rebuild
    from search.models import SearchEntry

    url = os.environ.get("ELASTICSEARCH_URL", "")
    assert url, "SEARCH_CLUSTER_REQUIRED=1 but ELASTICSEARCH_URL is not set"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = f"node-{uuid.uuid4().hex[:10]}"
    name = es.index_name()
    client = es.client()
    cluster_rebuild.rebuild(SearchEntry.objects.all(), es=client, alias=name)
    yield name
    for alias_name in es.pair(name):
        for index in cluster_rebuild.indexes_behind(client, alias_name):
            client.indices.delete(index=index, ignore_unavailable=True)

"""On a real node: secret documents do not move the public order (issue 17).

Lucene's BM25 weighs a word by how many documents of the index hold it. Entries every member
sees and the others live in two indexes (``cluster.pair``), each scored by its own
statistics, so six secret documents taking up a word of a public one leave the public order
as it was, where one shared index (the control) would turn it round. Skipped without a node,
like ``test_cluster_node.py`` (``SEARCH_CLUSTER_REQUIRED=1`` makes that a failure).
"""

import os

import pytest

from organisation.roles import STANDING_COMMITTEE
from search import service
from search.engines import cluster as es
from search.engines import cluster_body as bodies
from search.models import SearchEntry
from tests.factories import CircularPageFactory, UserFactory
from tests.factories.data import CIRCULAR_SUBJECTS

URL = os.environ.get("ELASTICSEARCH_URL", "")
pytestmark = [
    pytest.mark.skipif(
        not URL and os.environ.get("SEARCH_CLUSTER_REQUIRED") != "1",
        reason="needs a search node: set ELASTICSEARCH_URL (make opensearch)",
    ),
    pytest.mark.django_db,
]
QUERY = "zephyra quoxal"
SAME = {"subject": CIRCULAR_SUBJECTS[0]}


def ranked(user, alias) -> list[int]:
    es.client().indices.refresh(index=es.searched(alias))
    return [hit.entry.page_id for hit in service.search(user, QUERY, per_page=50).hits]


def one_index_order(alias: str, page_ids: list[int]) -> list[int]:
    """The order of ``page_ids`` for the query in one index holding every entry (as before)."""
    client, control = es.client(), f"{alias}-control"
    client.indices.create(index=control, **bodies.index_body())
    try:
        for entry in SearchEntry.objects.all():
            client.index(index=control, id=str(entry.pk), document=bodies.document_for(entry))
        client.indices.refresh(index=control)
        text = service._text_query(service.parse_query(QUERY), match_all=True)
        body = bodies.search_body(text, None, size=50)
        hits = client.search(index=control, body=body)["hits"]["hits"]
    finally:
        client.indices.delete(index=control, ignore_unavailable=True)
    pages = dict(SearchEntry.objects.values_list("pk", "page_id"))
    return [pages[int(hit["_id"])] for hit in hits if pages[int(hit["_id"])] in page_ids]


def test_secret_documents_sharing_a_word_leave_the_public_order_alone(
    alias, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # the same body: the order of the two is decided by how rare each word is
        first = CircularPageFactory(title="Hướng dẫn zephyra zephyra zephyra quoxal", **SAME)
        second = CircularPageFactory(title="Hướng dẫn zephyra quoxal quoxal quoxal", **SAME)
    member, reader = UserFactory(), UserFactory(roles=[STANDING_COMMITTEE])
    public = [first.pk, second.pk]
    before = ranked(member, alias)
    assert sorted(before) == sorted(public)
    assert one_index_order(alias, public) == before

    with django_capture_on_commit_callbacks(execute=True):
        for word in ("một", "hai", "ba", "bốn", "năm", "sáu"):
            CircularPageFactory(secret=True, title=f"Kết luận quoxal {word} về nhân sự")

    assert ranked(member, alias) == before
    assert ranked(reader, alias) == before
    assert one_index_order(alias, public) == list(reversed(before))  # the control

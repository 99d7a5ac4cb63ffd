"""Search statistics do not move with secret content (issue 17). BM25 (SQLite's FTS5 ranking)
weighs each word by how many rows hold it, among all the rows of its table. With secret
documents in the same table, one sharing a word with public documents changed the order in
which members saw the public ones. Public entries are now ranked in a table of their own
(``search.fts``; restricted and unpublished ones in a table of every entry), so a member's
results keep their order whatever the secret documents hold. PostgreSQL's ``ts_rank`` reads
only the row itself: the order test runs there too, the control (what one shared table would
do) only on SQLite.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisation.roles import STANDING_COMMITTEE
from search import fts
from search.models import SearchEntry, SearchTerm
from search.service import search
from tests.factories import CircularPageFactory, UserFactory
from tests.factories.data import CIRCULAR_SUBJECTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_factory_sequences")]

QUERY = "zephyra quoxal"
SUBJECT = CIRCULAR_SUBJECTS[0]


def ranked(user) -> list[int]:
    return [hit.entry.page_id for hit in search(user, QUERY, per_page=50).hits]


def shared_table_order(page_ids: list[int]) -> list[int]:
    """The order BM25 gives ``page_ids`` over every row in one table (``fts.ALL``, where
    restricted entries are ranked; public ones used to be ranked there too)."""
    entries = dict(SearchEntry.objects.filter(page_id__in=page_ids).values_list("pk", "page_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {fts.ALL} WHERE {fts.ALL} MATCH %s "
            f"ORDER BY bm25({fts.ALL}, 10.0, 1.0, 0.0, 0.0), rowid DESC",
            [QUERY.replace(" ", " AND ")],
        )
        return [entries[row[0]] for row in cursor.fetchall() if row[0] in entries]


def test_secret_documents_sharing_a_word_leave_the_public_order_alone(empty_db):
    # the same body and length: the order of the two is decided by how rare each word is
    first = CircularPageFactory(title="Hướng dẫn zephyra zephyra zephyra quoxal", subject=SUBJECT)
    second = CircularPageFactory(title="Hướng dẫn zephyra quoxal quoxal quoxal", subject=SUBJECT)
    for _other in range(6):  # documents without either word: both words are rare
        CircularPageFactory(subject=SUBJECT)
    member = UserFactory()
    reader = UserFactory(roles=[STANDING_COMMITTEE])
    public = [first.pk, second.pk]
    before = ranked(member)
    assert sorted(before) == sorted(public)
    if connection.vendor == "sqlite":
        assert shared_table_order(public) == before  # one table: the same order, so far

    # secret documents with the word of the second: in one table, that word would become
    # common and the first would rank above the second
    secrets = [
        CircularPageFactory(secret=True, title=f"Kết luận quoxal {word} về nhân sự")
        for word in ("một", "hai", "ba", "bốn", "năm", "sáu")
    ]

    assert ranked(member) == before
    assert ranked(reader) == before  # public documents ranked by public statistics for all
    found = {hit.entry.page_id for hit in search(reader, "quoxal", per_page=50).hits}
    assert found == {*public, *(page.pk for page in secrets)}  # the readers find the secrets
    if connection.vendor == "sqlite":
        # the control: in one shared table the secret documents would have turned it round
        assert shared_table_order(public) == list(reversed(before))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {fts.PUBLIC}")
            in_public = {row[0] for row in cursor.fetchall()}
        seen_by_all = SearchEntry.objects.filter(live=True, restricted=False)
        assert in_public == set(seen_by_all.values_list("pk", flat=True))  # and nothing else


def test_a_deleted_secret_document_leaves_no_text_behind(empty_db):
    secret = CircularPageFactory(secret=True, title="Kết luận quoxal về nhân sự")
    entry = SearchEntry.objects.get(page_id=secret.pk)
    secret.delete()  # the entry goes with its page, by a cascade
    assert not SearchEntry.objects.filter(pk=entry.pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in fts.TABLES:
                cursor.execute(f"SELECT count(*) FROM {table} WHERE rowid = %s", [entry.pk])
                assert cursor.fetchone()[0] == 0, table


def queries_of(user, query: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = search(user, query)
    return len(captured), [hit.entry.page_id for hit in response.hits]


def test_corrections_neither_offer_nor_slow_down_near_secret_words(empty_db):
    """A typo one letter from a word only secret documents hold: no correction to it, and
    as many queries as a typo next to nothing at all (no timing tell)."""
    CircularPageFactory(title="Hướng dẫn zephyra về văn thư")
    CircularPageFactory(secret=True, title="Kết luận quoxalbe về nhân sự")
    assert not SearchTerm.objects.filter(term="quoxalbe").exists()
    assert SearchTerm.objects.filter(term="zephyra").exists()
    member = UserFactory()
    queries_of(member, "van thu")  # once per request or per process: the groups, the sizes
    near_secret = queries_of(member, "quoxalbi")
    near_nothing = queries_of(member, "wumpelbi")
    assert near_secret == near_nothing and near_secret[1] == []
    # a typo next to a public word is corrected, for the same member
    assert queries_of(member, "zephyro")[1] != []

"""Counts and facets above ``SEARCH_EXACT_COUNT_LIMIT``: estimated from the sample buckets.

The tests make the limit tiny and place each document in a bucket by hand, so that the
sample (buckets below ``sample_share``) and the estimates are known in advance.
"""

import importlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from search import fts
from search.facets import round_estimate, sample_share
from search.models import SAMPLE_BUCKETS, SAMPLE_INDEXED, SearchEntry
from search.service import search

from .search_helpers import SECRET_GROUP, import_docs

pytestmark = pytest.mark.django_db

WORD = "Zephyrion"  # in these documents only
SCALE = SAMPLE_BUCKETS / SAMPLE_INDEXED  # the sample is the indexed buckets at this size


def rewrite_fulltext_rows():
    """Write SQLite's full-text rows again, as indexing an entry does (``search.fts``)."""
    if connection.vendor != "sqlite":
        return
    entries = list(SearchEntry.objects.all())
    with connection.cursor() as cursor:
        fts.delete(cursor, [entry.pk for entry in entries])
        fts.insert(cursor, entries)


@pytest.fixture
def library(db, settings):
    """30 public documents with WORD, every third in the sample; 2 of them from 2019, outside
    it; and a secret one in the sample. Bucket 0 is sampled; bucket 50 is not."""
    records = [
        {
            "title": f"Quy định {WORD} số {index}",
            "doc_type": "QĐ" if index % 2 else "HD",
            "issued_on": "2019-03-04" if index in (1, 2) else "2024-05-06",
        }
        for index in range(30)
    ]
    records.append(
        {
            "title": f"Kết luận {WORD} mật",
            "confidentiality": "Mật",
            "restricted_to": [SECRET_GROUP],
        }
    )
    pages = import_docs(*records)
    SearchEntry.objects.update(sample_bucket=50)
    sampled = [page.pk for index, page in enumerate(pages[:30]) if index % 3 == 0]
    SearchEntry.objects.filter(page_id__in=[*sampled, pages[30].pk]).update(sample_bucket=0)
    rewrite_fulltext_rows()  # SQLite's sample table follows the buckets set by hand
    # a limit well below the index's size (the demo's pages and these), and below 100
    settings.SEARCH_EXACT_COUNT_LIMIT = limit = SearchEntry.objects.count() // 4
    assert sample_share(limit) == SAMPLE_INDEXED and limit < 100
    return pages


def test_counts_are_exact_when_the_index_is_no_larger_than_the_limit(member, library, settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = SearchEntry.objects.count()
    response = search(member, WORD)
    assert (response.count, response.count_estimated, response.facets_estimated) == (
        30,
        False,
        False,
    )
    assert {item["value"]: item["count"] for item in response.facets["type"]} == {
        "QĐ": 15,
        "HD": 15,
    }


def test_counts_are_exact_when_the_sample_says_few_match(member, library):
    response = search(member, f"{WORD} 7")  # one document has both
    assert (response.count, response.count_estimated) == (1, False)


def test_many_matches_are_estimated_from_the_sample(member, library):
    response = search(member, WORD)
    # 10 of the 30 are in the sample (the secret one is not the member's): 10 x 10
    assert (response.count, response.count_estimated, response.facets_estimated) == (
        100,
        True,
        True,
    )
    sampled_types = {"QĐ": 5, "HD": 5}  # indexes 0, 3, ..., 27: five odd, five even
    assert {item["value"]: item["count"] for item in response.facets["type"]} == {
        value: count * SCALE for value, count in sampled_types.items()
    }
    assert [hit.entry.page_id for hit in response.hits] != []  # results are never sampled
    assert len(response.hits) == 20


def test_an_estimate_never_counts_what_the_user_may_not_see(member, user_for, library):
    secretary = user_for("standing_committee")
    assert search(member, WORD).count == 100
    assert search(secretary, WORD).count == 110  # the secret document is in the sample


def test_next_page_is_known_exactly_when_the_count_is_estimated(member, library):
    first, second, beyond = (search(member, WORD, page=page) for page in (1, 2, 3))
    assert (first.has_next, len(first.hits)) == (True, 20)
    assert (second.has_next, len(second.hits)) == (False, 10)  # 30 results in all
    assert (beyond.has_next, beyond.hits) == (False, [])


def test_a_narrow_filter_over_many_matches_is_counted_exactly(member, library):
    response = search(member, WORD, filters={"year": "2019"})  # none of the two is sampled
    assert (response.count, response.count_estimated, response.facets_estimated) == (
        2,
        False,
        True,
    )
    # the chosen year is listed, selected, with the results' count, though no sampled
    # document has it
    chosen = [item for item in response.facets["year"] if item["selected"]]
    assert chosen == [{"value": "2019", "label": "2019", "count": 2, "selected": True}]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), (0.4, 1), (7, 7), (99.6, 100), (100, 100), (1234, 1200), (96_312, 96_000)],
)
def test_round_estimate(value, expected):
    assert round_estimate(value) == expected


def test_search_page_says_the_figures_are_estimates(client_for, library):
    page = client_for("member").get("/tim-kiem/", {"q": WORD}).content.decode()
    assert "Khoảng 100 kết quả" in page
    assert "ước tính" in page
    assert "(≈ 50)" in page  # a facet option
    assert 'rel="next"' in page
    assert "Trang 1/" not in page  # no page total from an estimate


def test_api_and_command_report_estimates(client_for, library):
    body = client_for("member").get("/api/v1/search/", {"q": WORD}).json()
    assert (body["count"], body["estimated"], body["has_next"]) == (
        100,
        {"count": True, "facets": True},
        True,
    )
    out = io.StringIO()
    call_command("search_documents", WORD, "--as", "dangvien", "--json", stdout=out)
    assert json.loads(out.getvalue())["estimated"] == {"count": True, "facets": True}
    out = io.StringIO()
    call_command("search_documents", WORD, "--as", "dangvien", stdout=out)
    assert out.getvalue().startswith("khoảng 100 kết quả")


def test_exact_counts_are_reported_as_exact(client_for, settings, library):
    settings.SEARCH_EXACT_COUNT_LIMIT = 10_000
    body = client_for("member").get("/api/v1/search/", {"q": WORD}).json()
    assert (body["count"], body["estimated"], body["has_next"]) == (
        30,
        {"count": False, "facets": False},
        True,
    )


def test_new_entries_get_a_bucket_and_the_migration_spreads_old_ones(library):
    assert set(SearchEntry.objects.values_list("sample_bucket", flat=True)) <= {0, 50}
    migration = importlib.import_module("search.migrations.0004_sample_bucket")
    SearchEntry.objects.update(sample_bucket=0)
    with connection.cursor() as cursor:  # what the schema editor runs in the migration
        cursor.execute(migration.SPREAD[connection.vendor], [SAMPLE_BUCKETS])
    buckets = list(SearchEntry.objects.values_list("sample_bucket", flat=True))
    assert all(0 <= bucket < SAMPLE_BUCKETS for bucket in buckets)
    assert len(set(buckets)) > 10  # spread, not one value for all


def test_a_word_outside_the_sample_is_known_and_not_corrected(member, library):
    """PostgreSQL asks the sample first whether a word exists; a word found only outside
    it must still count as known, or it would be 'corrected' to its neighbour WORD."""
    (rare,) = import_docs({"title": f"Thông báo {WORD}x"})
    SearchEntry.objects.filter(page_id=rare.pk).update(sample_bucket=SAMPLE_BUCKETS - 1)
    response = search(member, f"{WORD}x")
    assert [hit.entry.page_id for hit in response.hits] == [rare.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text tables")
def test_sqlite_sample_table_holds_the_sampled_entries_and_follows_them(library):
    """``search_fts_sample`` holds the folded text of the sampled entries, whatever their
    visibility, and loses an entry's row when the entry goes (the trigger of ``0008``)."""

    def sample_rows():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {fts.SAMPLE}")
            return {row[0] for row in cursor.fetchall()}

    sampled = set(
        SearchEntry.objects.filter(sample_bucket__lt=SAMPLE_INDEXED).values_list("pk", flat=True)
    )
    secret = SearchEntry.objects.get(page_id=library[30].pk)
    assert sample_rows() == sampled and secret.pk in sampled
    secret.page.delete()
    assert sample_rows() == sampled - {secret.pk}

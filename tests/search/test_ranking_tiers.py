"""The relevance order every engine shares, read across pages.

PostgreSQL reads the order tier by tier (marked words and title, marked words, title, the
rest) with a limit per tier; these tests pin the order and show that paging through it one
result at a time crosses the tiers without skipping or repeating a document.
"""

import pytest
from django.db import connection

from search.service import autocomplete, search

from .search_helpers import import_docs

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_tiers(db):
    """One document per tier for the marked query "bàn giao Omikron"."""
    return import_docs(
        {  # marked words and every word in the title
            "title": "Biên bản bàn giao Omikron",
            "body": "Nội dung khác.",
        },
        {  # marked words in the body only
            "title": "Biên bản Omikron",
            "body": "Việc bàn giao hồ sơ.",
        },
        {  # every word in the title, folded only ("ban", not "bàn")
            "title": "Ban giao Omikron",
            "body": "Nội dung khác.",
        },
        {  # folded words in the body only
            "title": "Thông báo Omikron",
            "body": "Ban giao lưu văn nghệ.",
        },
    )


def _ids(user, query, **kwargs):
    return [hit.entry.page_id for hit in search(user, query, **kwargs).hits]


def test_the_four_tiers_come_in_order(member, four_tiers):
    expected = [page.pk for page in four_tiers]
    assert _ids(member, "bàn giao Omikron") == expected


def test_toneless_query_puts_title_matches_before_body_matches(member, four_tiers):
    found = _ids(member, "ban giao omikron")
    titles, bodies = {four_tiers[0].pk, four_tiers[2].pk}, {four_tiers[1].pk, four_tiers[3].pk}
    assert set(found[:2]) == titles
    assert set(found[2:]) == bodies


@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_paging_crosses_the_tiers_without_gaps_or_repeats(member, four_tiers, per_page):
    expected = [page.pk for page in four_tiers]
    seen = []
    for page in range(1, 5):
        seen += _ids(member, "bàn giao Omikron", per_page=per_page, page=page)
    assert seen == expected


def test_autocomplete_follows_the_same_order(member, four_tiers):
    found = [entry.page_id for entry in autocomplete(member, "bàn giao Omik")]
    assert found == [page.pk for page in four_tiers]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL planner settings")
def test_search_leaves_the_planner_settings_as_they_were(member, four_tiers):
    def settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "current_setting('jit')"
            )
            return cursor.fetchone()

    before = settings()
    search(member, "bàn giao Omikron")
    autocomplete(member, "bàn")
    assert settings() == before


@pytest.fixture
def many_tiers(db):
    """Several documents per tier for "bàn giao Omikron", titles of different lengths."""
    tiers = {
        1: [  # every word in the title, the marked words somewhere
            {"title": "Bàn giao Omikron", "body": "Nội dung khác."},
            {"title": "Biên bản bàn giao Omikron của năm nay", "body": "Nội dung khác."},
            {"title": "Ban giao Omikron lần hai", "body": "Việc bàn giao đã xong."},
        ],
        2: [{"title": "Thông báo Omikron", "body": "Việc bàn giao hồ sơ."}],
        3: [
            {"title": "Ban giao Omikron", "body": "Nội dung khác."},
            {"title": "Ban giao Omikron ba bốn năm", "body": "Nội dung khác."},
        ],
        4: [{"title": "Thông báo Omikron khác", "body": "Ban giao lưu văn nghệ."}],
    }
    return {tier: import_docs(*records) for tier, records in tiers.items()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL reads tiers in chunks")
@pytest.mark.parametrize("chunks", [((1, 1), (1, 1)), ((1, 1), (1, 2)), ((1, 2), (2, 4))])
def test_title_matches_read_in_chunks_keep_the_order(member, many_tiers, chunks, monkeypatch):
    """The marked words are checked on the first title matches only, then on more, then in
    SQL: whichever answers, the order and the pages are the same."""
    from search.engines.database import _MarkedTiers

    reference = _ids(member, "bàn giao Omikron", per_page=100)  # one chunk holds them all
    position = {page_id: index for index, page_id in enumerate(reference)}
    for tier, pages in many_tiers.items():  # the tiers, in order
        for page in pages:
            assert sum(len(many_tiers[t]) for t in many_tiers if t < tier) <= position[page.pk]
    monkeypatch.setattr(_MarkedTiers, "CHUNKS", chunks)
    for per_page in (1, 2, 3, 100):
        seen = []
        for page in range(1, len(reference) // per_page + 2):
            seen += _ids(member, "bàn giao Omikron", per_page=per_page, page=page)
        assert seen == reference

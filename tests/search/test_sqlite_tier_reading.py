"""SQLite reads each relevance tier's public rows best first and checks the first few
against the entries (``search.engines.sqlite``): whichever way a tier is read, the order
and the results are the same.

Each query is ranked four ways and the pages compared: as a small index is read (one
statement a tier, every check in SQL); as a large one is (``READ_IN_SQL_UP_TO`` set to 0);
as a large one with candidate reads too small to suffice, so that every tier falls back to
the check in SQL; and as a large one with the secret or unpublished entries checked in SQL
rather than looked up by id.
"""

import pytest
from django.db import connection

from search import service
from search.engines import sqlite
from search.facets import filtered
from search.models import SearchEntry
from search.query import parse_query

from .search_helpers import SECRET_GROUP, import_docs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's reading of tiers"),
]

QUERIES = ["bàn giao Omikron", "ban giao omikron", "Omikron", "giao", "bàn giao", "omik"]


@pytest.fixture
def library(db):
    bodies = ["Việc bàn giao hồ sơ.", "Ban giao lưu văn nghệ.", "Nội dung khác Omikron."]
    titles = ["Biên bản bàn giao Omikron", "Ban giao Omikron", "Thông báo Omikron"]
    records = [
        {
            "title": f"{titles[index % 3]} {index}",
            "body": bodies[index % 2],
            "doc_type": "QĐ" if index % 4 == 0 else "HD",
        }
        for index in range(40)
    ]
    records += [
        {
            "title": f"Kết luận bàn giao Omikron mật {index}",
            "body": "Bàn giao.",
            "confidentiality": "Mật",
            "restricted_to": [SECRET_GROUP],
        }
        for index in range(5)
    ]
    return import_docs(*records)


def ranked(user, query: str, filters: dict, *, per_page: int, page: int) -> list[int]:
    entries = filtered(service.visible_entries(user), filters)
    prefix = query == "omik"
    text = service._text_query(parse_query(query), match_all=True, prefix_last=prefix)
    engine = sqlite.SqliteEngine()
    return engine.ranked_ids(entries, text, False, per_page, (page - 1) * per_page)


@pytest.mark.parametrize("role", ["member", "standing_committee", "administrator"])
@pytest.mark.parametrize("filters", [{}, {"type": "QĐ"}])
def test_every_way_of_reading_a_tier_gives_the_same_page(
    library, user_for, monkeypatch, role, filters
):
    user = user_for(role)
    for query in QUERIES:
        for per_page, page in ((20, 1), (7, 3), (1, 12), (100, 1)):
            small = ranked(user, query, filters, per_page=per_page, page=page)
            large = {}
            for variant, changes in (
                ("large", {}),
                ("fallback", {"CANDIDATES": ((0, 1), (0, 2))}),
                ("others in SQL", {"OTHERS_BY_ID": 0}),
            ):
                with monkeypatch.context() as patched:
                    patched.setattr(sqlite, "READ_IN_SQL_UP_TO", 0)
                    for name, value in changes.items():
                        patched.setattr(sqlite, name, value)
                    large[variant] = ranked(user, query, filters, per_page=per_page, page=page)
            for variant, ids in large.items():
                assert ids == small, (variant, query, per_page, page)
            assert len(set(small)) == len(small)
    # the secret documents are ranked for their readers only
    secret = {page.pk for page in library[40:]}
    everything = ranked(user, "bàn giao Omikron", filters, per_page=100, page=1)
    entries = SearchEntry.objects.filter(pk__in=everything)
    shown = set(entries.values_list("page_id", flat=True))
    if role == "member":
        assert not shown & secret
    elif not filters:
        assert secret <= shown

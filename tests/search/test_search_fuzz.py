"""Fuzzing: whatever is typed into the search box (or sent to the API), the answer is a page
or a 400, never a server error, and ``search()`` never raises.

Queries mix FTS5 / tsquery syntax (quotes, ``*``, brackets, ``NEAR``, ``-``, ``:``,
``AND``...), document-number shapes, Vietnamese with and without marks, emoji, control
characters, very long and empty text.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.service import autocomplete, search

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PIECES = [
    '"', "'", "“", "”", "*", "(", ")", "[", "]", "{", "}", "^", ":", "-", "+", "/", "\\", "|",
    "&", "!", "<->", "<", ">", "~", "%", "_", ";", ",", ".", "NEAR", "NEAR(", "AND", "OR",
    "NOT", "near/2", "folded_title:", "{marked_text}:", "rowid", "MATCH", "'a':*", "\x00",
    "\x01", "\t", "\n", "\r", "\x1b", "\u200b", "\ufeff", "\u0301", "😀", "🇻🇳", "👨‍👩‍👧",
    "137-QĐ/TW", "137", "qđ", "QĐi", "số", "so", "quy định", "văn bản", "01/7/2025",
    "2020 - 2025", "0", "00000", "9" * 30, "-1", "quy", "chế", "đảng", "ủy", "uỷ", "khoá",
    "bàn", "ban", "Đ", "ð", "ǅ", "İ", "ß", "ﬁ", "Ⅻ", "٣", "²", "𝟙", "a" * 70, "x",
    "105-KL/TU", "HẢI-ĐĂNG-719", "nhân sự", "<script>", "&amp;", "%00", "' OR 1=1 --",
]  # fmt: skip
pieces = st.sampled_from(PIECES)
queries = st.one_of(
    st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=12).map(" ".join),
    st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=12).map("".join),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["", " ", "\x00", '"', '""', "*", "-", ":", "(", "NEAR", "AND"]),
    st.builds(lambda piece, n: (piece + " ") * n, pieces, st.integers(1, 2500)).map(
        lambda text: text[:10_000]
    ),
    st.just("quy chế " * 1250),
    st.just("a" * 10_000),
)
FILTER_VALUES = st.one_of(
    st.sampled_from(["", "QC", "HD", "QĐi", "TU", "BTCTU", "news", "2024", "in_force", "²"]),
    st.text(max_size=8),
)
PAGE_VALUES = st.one_of(
    st.sampled_from(["", "1", "2", "0", "-1", "abc", "1.5", "1000", "1001", "9" * 25, "٣"]),
    st.integers(-5, 1200).map(str),
)
extras = st.fixed_dictionaries(
    {},
    optional={
        "type": FILTER_VALUES,
        "issuer": FILTER_VALUES,
        "year": FILTER_VALUES,
        "section": FILTER_VALUES,
        "validity": FILTER_VALUES,
        "field": FILTER_VALUES,
        "page": PAGE_VALUES,
        "per_page": PAGE_VALUES,
        "sort": st.sampled_from(["relevance", "date", "xyz", ""]),
    },
)


@pytest.fixture
def member_client(client_for):
    return client_for("member")


@FUZZ
@given(query=queries, params=extras)
def test_search_page_never_fails(member_client, query, params):
    response = member_client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content


@FUZZ
@given(query=queries)
def test_autocomplete_never_fails(member_client, query):
    response = member_client.get("/tim-kiem/goi-y/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@FUZZ
@given(query=queries, params=extras)
def test_api_never_fails(member_client, query, params):
    response = member_client.get("/api/v1/search/", {"q": query, **params})
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 200:
        assert data["count"] >= len(data["results"])
        assert all(item["number"] != "105-KL/TU" for item in data["results"])
    else:
        assert data["error"]


@FUZZ
@given(
    query=queries,
    filters=st.dictionaries(
        st.sampled_from(["type", "issuer", "year", "section", "validity", "field", "other"]),
        FILTER_VALUES,
        max_size=3,
    ),
    sort=st.sampled_from(["relevance", "date", "xyz"]),
    page=st.integers(-3, 50),
    per_page=st.integers(-3, 150),
)
def test_search_service_never_raises(user_for, query, filters, sort, page, per_page):
    member = user_for("member")
    response = search(member, query, filters=filters, sort=sort, page=page, per_page=per_page)
    assert response.count >= len(response.hits)
    assert all(hit.entry.number != "105-KL/TU" for hit in response.hits)
    assert isinstance(autocomplete(member, query), list)

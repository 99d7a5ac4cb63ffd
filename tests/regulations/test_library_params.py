"""The query parameters of the library, read by the filter form it shares with the search
page and the API (``regulations.filters``).

One regression test per server error the fuzzer (``tests/security/test_query_params_fuzz.py``)
found, and the agreements the shared form now guarantees: a value refused by one channel is
refused by all of them, each in its own way (the API answers 400, the search page leaves the
filter out, the library lists nothing, as it always did for ``?year=abc``).
"""

from urllib.parse import quote

import pytest
from django.db import connection
from django.http import QueryDict

from core.params import MAX_VALUE_LENGTH
from regulations.filters import accepts, as_year
from regulations.library import LibraryForm, page_param
from search.engines import cluster_body
from search.params import SearchForm

from .library_helpers import LIBRARY_URL

pytestmark = pytest.mark.django_db

NOTHING = "Không có văn bản nào khớp với bộ lọc."
API, SEARCH_PAGE = "/api/v1/search/", "/tim-kiem/"
# Server errors of /van-ban/ before the shared form, for any member: int("²") fails; years
# 0 and 10000 are outside the dates the year lookup builds; 20 digits overflow a C long.
YEARS_THAT_FAILED = ["²", "10000", "9" * 20, "0", "0000"]


def _library(client, query: str) -> str:
    response = client.get(LIBRARY_URL, QUERY_STRING=query)
    assert response.status_code == 200, query
    return response.content.decode()


def _listing(html: str) -> str:
    """The list, its count and its page links (the filter form echoes the values)."""
    start = html.index('id="results-heading"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("year", YEARS_THAT_FAILED)
def test_a_year_that_was_a_server_error_lists_nothing_like_abc(client_for, year):
    member = client_for("member")
    html = _library(member, "year=" + quote(year))
    assert NOTHING in html and "0 văn bản" in html
    same = _listing(html).replace(f"year={quote(year)}", "year=abc")
    assert same == _listing(_library(member, "year=abc"))


def test_other_digits_are_no_year_either(client_for):
    """Full-width and Arabic-Indic digits, and five digits, were read as a year by ``int()``;
    search never took them. Now both channels refuse them."""
    member = client_for("member")
    for year in ["٣", "２０２１", "02021"]:
        assert NOTHING in _library(member, "year=" + quote(year)), year
        assert member.get(API, {"q": "quy chế", "year": year}).status_code == 400, year
    assert NOTHING not in _library(member, "year=2021")


@pytest.mark.parametrize("name", ["type", "issuer", "field", "validity", "year"])
def test_a_nul_never_reaches_the_database(client_for, name):
    """PostgreSQL refuses a NUL in a string (a server error there, none on SQLite): the form
    refuses the value, and the library lists nothing without asking the database for it."""
    sent = []

    def spy(execute, sql, params, many, context):
        rows = params if many else [params]
        sent.extend(str(value) for row in rows for value in (row or ()))
        return execute(sql, params, many, context)

    member = client_for("member")
    with connection.execute_wrapper(spy):
        html = _library(member, f"{name}=a%00b")
    assert NOTHING in html
    assert sent and not any("\x00" in value for value in sent)


def test_the_api_refuses_what_the_library_lists_nothing_for(client_for):
    member = client_for("member")
    for year in ["²", "10000", "9" * 20, "abc"]:
        response = member.get(API, {"q": "quy chế", "year": year})
        assert response.status_code == 400
        assert response.json()["errors"] == {"year": "Năm phải là số, ví dụ 2024."}
        # the search page leaves the refused year out
        assert member.get(SEARCH_PAGE, {"q": "quy chế", "year": year}).status_code == 200
    for value, message in [
        ("a\x00b", "Tham số “field” không được chứa ký tự NUL."),
        ("x" * (MAX_VALUE_LENGTH + 1), "Tham số “field” dài quá 200 ký tự."),
    ]:
        response = member.get(API, {"q": "quy chế", "field": value})
        assert response.status_code == 400
        assert response.json() == {"error": message, "errors": {"field": message}}
        assert NOTHING in _library(member, "field=" + quote(value))
    # as long as a stored value may be: searched for, not refused (nor cut at 100 characters)
    long_field = member.get(API, {"q": "quy chế", "field": "x" * MAX_VALUE_LENGTH})
    assert long_field.status_code == 200 and long_field.json()["count"] == 0


def test_the_search_cluster_reads_years_like_the_database():
    """Elasticsearch's filter took any Unicode decimal digits ("٣" as year 3), the SQL engines
    ASCII ones only: the same search could find different documents."""
    assert cluster_body.facet_filter("year", "٣") == {"match_none": {}}
    assert cluster_body.facet_filter("year", "2024") == {"term": {"year": 2024}}
    assert [as_year(value) for value in ["2024", "0", "0202", "٣", "²", "10000", ""]] == [
        2024, 0, 202, None, None, None, None,
    ]  # fmt: skip


def test_the_library_form():
    params = LibraryForm(QueryDict("type=+HD+&year=2021&sort=number&page=3&q=ignored"))
    assert params.chosen() == {"type": "HD", "year": "2021"} == params.filters()
    assert (params.value("sort"), page_param(params)) == ("number", "3")
    # an invalid sort is the default; a page that is no number is 1, out of range the last
    params = LibraryForm(QueryDict("sort=drop+table&page=1e9&year=²"))
    assert (params.value("sort"), page_param(params)) == ("-issued_on", "1")
    assert params.chosen() == {"year": "²"} and params.filters() == {}
    for page in ["0", "-1", "100000", "9" * 30]:
        assert page_param(LibraryForm(QueryDict(f"page={page}"))) == "0", page
    assert page_param(LibraryForm(QueryDict("page=99999"))) == "99999"
    assert page_param(LibraryForm(QueryDict(""))) == "1"
    assert not accepts("type", "a\x00b") and accepts("type", "HD") and accepts("year", "0")


def test_search_form_messages_follow_the_parameters_order():
    form = SearchForm(QueryDict("per_page=0&page=x&sort=z&year=²&section=%00&q=a%00"))
    assert list(form.messages()) == ["section", "year", "sort", "page", "per_page"]
    assert form.messages()["page"] == "Tham số “page” phải là một số nguyên dương."
    assert form.messages()["per_page"] == "Tham số “per_page” phải từ 1 đến 100."
    assert form.messages()["sort"] == "Cách sắp xếp “z” không hợp lệ; dùng: relevance, date."
    assert form.value("q") == "a\x00" and form.value("page") == 1  # the query is any text
